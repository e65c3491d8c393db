import { describe, expect, it } from 'vitest';
import { repeatComplainants, repeatWindowMs } from '../../../../src/lib/feedback/repeats';
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
