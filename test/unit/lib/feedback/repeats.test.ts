import { describe, expect, it } from 'vitest';
import { repeatComplainants, repeatCounts, repeatWindowMs } from '../../../../src/lib/feedback/repeats';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import { config, ticketAt } from './fixtures';

const P = '13800138001';
const at = (local: string, no: string, over: Partial<Ticket> = {}) => ticketAt(local, { no, phone: P, ...over });

describe('repeat complainants', () => {
  const t1 = at('2026-11-01 10:00', 'FK20261101-0001', { tenant: 'uniqlo', category: 'service' });
  const t9 = at('2026-11-20 10:00', 'FK20261120-0009', { tenant: 'uniqlo', category: 'service' });
  // The review's T12: the same phone, a different tenant and category.
  const t12 = at('2026-11-29 15:00', 'FK20261129-0012', { tenant: 'starbucks', category: 'price' });
  const other = at('2026-11-29 16:00', 'FK20261129-0013', { phone: '13900139000' });
  const old = at('2026-09-01 10:00', 'FK20260901-0001');
  const noPhone = at('2026-11-29 17:00', 'FK20261129-0014', { phone: undefined });
  const all = [old, t1, t9, t12, other, noPhone];
  const window = repeatWindowMs(config.sla);

  it('reads a 30-day window from the mall configuration', () => {
    expect(config.sla.repeatComplainants.windowDays).toBe(30);
    expect(window).toBe(30 * 86_400_000);
  });

  it('flags the same phone across tenants and categories, newest first, never the ticket itself', () => {
    const map = repeatComplainants([t12], all, window);
    expect(map.get(t12.no)?.map((l) => l.no)).toEqual([t9.no, t1.no]);
  });

  it('looks both ways in time, and not past the window', () => {
    const map = repeatComplainants([t1, t9, old, other, noPhone], all, window);
    expect(map.get(t1.no)?.map((l) => l.no)).toEqual([t12.no, t9.no]);
    expect(map.get(t9.no)?.map((l) => l.no)).toEqual([t12.no, t1.no]);
    expect(map.has(old.no)).toBe(false); // 61 days before t1
    expect(map.has(other.no)).toBe(false);
    expect(map.has(noPhone.no)).toBe(false);
  });

  it.each([
    [29, true],
    [30, true],
    [31, false],
  ])('a ticket %i days earlier is within a 30-day window: %s', (days, flagged) => {
    const a = at('2026-11-30 10:00', 'FK20261130-0001');
    const b = ticketAt('2026-11-30 10:00', { no: 'FK20261031-0001', phone: P });
    b.createdAt = new Date(Date.parse(a.createdAt) - days * 86_400_000).toISOString();
    expect(repeatComplainants([a], [a, b], window).has(a.no)).toBe(flagged);
  });

  it('a shorter configured window flags less', () => {
    const map = repeatComplainants([t12], all, repeatWindowMs({ repeatComplainants: { windowDays: 10 } }));
    expect(map.get(t12.no)?.map((l) => l.no)).toEqual([t9.no]);
  });
});

describe('repeatCounts', () => {
  const window = repeatWindowMs(config.sla);
  const base = Date.parse('2026-11-01T02:00:00Z');
  // A few phones, some with many tickets, times on and around the window's edges.
  const phones = ['13800000001', '13800000002', '13800000003', undefined];
  const tickets: Ticket[] = Array.from({ length: 400 }, (_, i) => {
    const offset = ((i * 7919) % 120) * 86_400_000 + (i % 5 === 0 ? window : (i * 104_729) % 86_400_000);
    const created = new Date(base + offset).toISOString();
    return ticketAt('2026-11-01 10:00', {
      no: `FK-${String(i).padStart(4, '0')}`,
      phone: phones[i % 4],
      createdAt: created,
    });
  });

  it('equals the number of links repeatComplainants gives, with duplicates and subjects not among the candidates', () => {
    const subjects = tickets.filter((_, i) => i % 3 === 0);
    const candidates = [...tickets.filter((_, i) => i % 7 !== 1), ...tickets.slice(0, 40)];
    const links = repeatComplainants(subjects, candidates, window);
    const counts = repeatCounts(subjects, candidates, window);
    expect(links.size).toBeGreaterThan(10);
    expect(counts).toEqual(new Map([...links].map(([no, list]) => [no, list.length])));
    expect(repeatCounts(subjects, [], window).size).toBe(0);
  });
});
