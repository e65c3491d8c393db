import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SWEEP_SLICE, sweepOverdue } from '../../../../src/lib/feedback/feedback.server';
import { formatTicketNo } from '../../../../src/lib/feedback/feedback';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import { openJsonStore } from '../../../../src/lib/store/json-store';
import type { Store } from '../../../../src/lib/store/port';
import { bj, storeTicket, ticketAt } from './fixtures';

const openStore = (dir: string) => openJsonStore(dir, 'test-mall');

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sweep-'));
  store = await openStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sweepOverdue', () => {
  it('erases the contact details of a ticket closed longer ago than the retention', async () => {
    const closedAt = new Date(bj('2026-01-10 13:00')).toISOString();
    const t = ticketAt('2026-01-10 10:00', {
      no: 'FK20260110-0001',
      status: 'closed',
      phone: '13800138000',
      name: '张三',
      consent: true,
    });
    t.events.push({
      at: closedAt,
      by: { id: 'u', name: 'u' },
      type: 'transition',
      action: 'close',
      from: 'followed_up',
      to: 'closed',
    });
    await storeTicket(store, t);
    expect(await sweepOverdue(store, bj('2026-03-01 10:00'))).toBe(0);
    expect(await sweepOverdue(store, bj('2026-07-10 10:00'))).toBe(1);
    await store.close();
    store = await openStore(dir);
    expect(await store.tickets.get('FK20260110-0001')).toMatchObject({ status: 'closed', consent: true });
    expect((await store.tickets.get('FK20260110-0001'))!.phone).toBeUndefined();
    expect((await store.tickets.get('FK20260110-0001'))!.name).toBeUndefined();
    // The erasure is in the audit log, by the system, without the data it erased.
    const audit = await store.audit.readMonth('2026-07');
    expect(audit).toEqual([
      {
        at: new Date(bj('2026-07-10 10:00')).toISOString(),
        actor: { id: 'system' },
        action: 'ticket.eraseContact',
        target: 'FK20260110-0001',
        detail: { retentionDays: 180 },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('13800138000');
  });

  it('records a reminder once and escalates an overdue ticket, and the change is saved', async () => {
    await storeTicket(store, ticketAt('2026-11-22 10:00', { no: 'FK20261122-0001' }));
    await storeTicket(store, ticketAt('2026-11-22 10:00', { no: 'FK20261122-0002', seq: 2, status: 'closed' }));
    expect(await sweepOverdue(store, bj('2026-11-22 10:05'))).toBe(0);
    expect(await sweepOverdue(store, bj('2026-11-22 10:11'))).toBe(1);
    expect(await sweepOverdue(store, bj('2026-11-22 10:12'))).toBe(0);
    expect(await sweepOverdue(store, bj('2026-11-22 11:15'))).toBe(1);
    const t = (await store.tickets.get('FK20261122-0001'))!;
    expect(t.events.map((e) => e.type)).toEqual(['created', 'reminder', 'escalation']);
    expect(t.level).toBe(1);
    expect(t.events[1]).toMatchObject({ by: { id: 'system' }, milestone: 'handoff', rule: 'handoff' });
    await store.close();
    store = await openStore(dir);
    expect((await store.tickets.get('FK20261122-0001'))!.level).toBe(1);
    expect((await store.tickets.get('FK20261122-0002'))!.events).toHaveLength(1);
  });

  it('erases contacts page by page past one slice, and audits each erasure', async () => {
    const closedAt = new Date(bj('2026-01-10 13:00')).toISOString();
    const n = SWEEP_SLICE + 50;
    for (let seq = 1; seq <= n; seq++) {
      const t = ticketAt('2026-01-10 10:00', {
        no: formatTicketNo('2026-01-10', seq),
        seq,
        status: 'closed',
        phone: '13800138000',
        consent: true,
      });
      t.events.push({ at: closedAt, by: { id: 'u', name: 'u' }, type: 'transition', action: 'close', to: 'closed' });
      await storeTicket(store, t);
    }
    // One that closed too recently to erase, though its last change is old: looked at once, left alone.
    const late = ticketAt('2026-01-10 10:00', {
      no: formatTicketNo('2026-01-10', n + 1),
      seq: n + 1,
      status: 'closed',
      phone: '13900139000',
      consent: true,
    });
    late.events.push({
      at: new Date(bj('2026-07-01 10:00')).toISOString(),
      by: { id: 'u', name: 'u' },
      type: 'transition',
      action: 'close',
      to: 'closed',
    });
    await storeTicket(store, late);
    expect(await sweepOverdue(store, bj('2026-07-10 10:00'))).toBe(n);
    expect(await store.tickets.contactHeldBefore(new Date(bj('2026-07-10 10:00')).toISOString(), 10)).toHaveLength(1);
    expect((await store.tickets.get(late.no))!.phone).toBe('13900139000');
    expect(await store.audit.readMonth('2026-07')).toHaveLength(n);
    expect(await sweepOverdue(store, bj('2026-07-10 10:01'))).toBe(0);
  });

  it('runs one sweep at a time: a second one while the first runs does nothing', async () => {
    await storeTicket(store, ticketAt('2026-11-22 10:00', { no: 'FK20261122-0001' }));
    const [first, second] = await Promise.all([
      sweepOverdue(store, bj('2026-11-22 10:11')),
      sweepOverdue(store, bj('2026-11-22 10:11')),
    ]);
    expect([first, second].sort()).toEqual([0, 1]);
    expect((await store.tickets.get('FK20261122-0001'))!.events.map((e) => e.type)).toEqual(['created', 'reminder']);
  });

  it('skips a ticket someone changed meanwhile (the next sweep looks again)', async () => {
    const t = await storeTicket(store, ticketAt('2026-11-22 10:00', { no: 'FK20261122-0001' }));
    const racing: Store = {
      ...store,
      tickets: {
        ...store.tickets,
        // The staff change lands between the sweep's read and its write.
        openTickets: async () => {
          const list = await store.tickets.openTickets();
          await store.tickets.update({ ...t, updatedAt: new Date(bj('2026-11-22 10:10')).toISOString() }, t.updatedAt);
          return list.map((x) => ({ ...x, updatedAt: t.updatedAt }));
        },
      },
    };
    expect(await sweepOverdue(racing, bj('2026-11-22 10:11'))).toBe(0);
    expect((await store.tickets.get(t.no))!.events).toHaveLength(1);
    expect(await sweepOverdue(store, bj('2026-11-22 10:11'))).toBe(1);
  });
});

describe('sweepOverdue at scale', () => {
  it('yields to the event loop between slices of tickets', async () => {
    const many: Ticket[] = Array.from({ length: SWEEP_SLICE * 10 }, (_, i) =>
      ticketAt('2026-11-22 10:00', { no: formatTicketNo('2026-11-22', i + 1), seq: i + 1 }),
    );
    let read = false;
    const fake = {
      exclusive: async <T>(_name: string, task: () => Promise<T>) => task(),
      tickets: {
        openTickets: async () => ((read = true), many),
        contactHeldBefore: async () => [],
        update: async () => true,
      },
      audit: { append: async () => {} },
    } as unknown as Store;
    // A ticker on the macrotask queue: it only runs when the sweep lets the event loop turn.
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // Nothing is due 5 minutes after creation: the sweep reads every ticket and changes none.
    const changed = await sweepOverdue(fake, bj('2026-11-22 10:05'));
    ticking = false;
    expect(read).toBe(true);
    expect(changed).toBe(0);
    // 10 slices: the ticker ran between them (at least once per yield).
    expect(ticks).toBeGreaterThanOrEqual(9);
  });
});
