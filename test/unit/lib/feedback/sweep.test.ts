import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sweepOverdue } from '../../../../src/lib/feedback/feedback.server';
import { openStore, type Store } from '../../../../src/lib/store/store.server';
import { bj, ticketAt } from './fixtures';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sweep-'));
  store = await openStore(dir);
});
afterEach(() => {
  store.close();
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
    await store.tickets.insert(t);
    expect(await sweepOverdue(store, bj('2026-03-01 10:00'))).toBe(0);
    expect(await sweepOverdue(store, bj('2026-07-10 10:00'))).toBe(1);
    store.close();
    store = await openStore(dir);
    expect(store.tickets.get('FK20260110-0001')).toMatchObject({ status: 'closed', consent: true });
    expect(store.tickets.get('FK20260110-0001')!.phone).toBeUndefined();
    expect(store.tickets.get('FK20260110-0001')!.name).toBeUndefined();
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
    await store.tickets.insert(ticketAt('2026-11-22 10:00', { no: 'FK20261122-0001' }));
    await store.tickets.insert(ticketAt('2026-11-22 10:00', { no: 'FK20261122-0002', seq: 2, status: 'closed' }));
    expect(await sweepOverdue(store, bj('2026-11-22 10:05'))).toBe(0);
    expect(await sweepOverdue(store, bj('2026-11-22 10:11'))).toBe(1);
    expect(await sweepOverdue(store, bj('2026-11-22 10:12'))).toBe(0);
    expect(await sweepOverdue(store, bj('2026-11-22 11:15'))).toBe(1);
    const t = store.tickets.get('FK20261122-0001')!;
    expect(t.events.map((e) => e.type)).toEqual(['created', 'reminder', 'escalation']);
    expect(t.level).toBe(1);
    expect(t.events[1]).toMatchObject({ by: { id: 'system' }, milestone: 'handoff', rule: 'handoff' });
    store.close();
    store = await openStore(dir);
    expect(store.tickets.get('FK20261122-0001')!.level).toBe(1);
    expect(store.tickets.get('FK20261122-0002')!.events).toHaveLength(1);
  });
});
