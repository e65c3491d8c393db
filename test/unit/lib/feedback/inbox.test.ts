import { describe, expect, it } from 'vitest';
import { applyAction } from '../../../../src/lib/feedback/feedback';
import { acknowledge, inboxItemsOf, inboxOf } from '../../../../src/lib/feedback/inbox';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import { sweepEvents } from '../../../../src/lib/feedback/sla';
import { bj, config, ticketAt } from './fixtures';

const staff = { id: 'u-li', role: 'staff' as const };
const staff2 = { id: 'u-wang', role: 'staff' as const };
const sup = { id: 'u-sup', role: 'supervisor' as const };
const mgr = { id: 'u-mgr', role: 'manager' as const };
const mgr2 = { id: 'u-mgr2', role: 'manager' as const };
const actor = (u: { id: string }) => ({ id: u.id, name: u.id });

/** A ticket after the overdue sweep ran at a Beijing time. */
function swept(t: Ticket, at: string): Ticket {
  const events = sweepEvents(t, config, bj(at));
  const level = Math.max(t.level, ...events.map((e) => e.level ?? 0));
  return { ...t, level, events: [...t.events, ...events] };
}

describe('who an escalation or reminder reaches', () => {
  // Received 15:00, never handed off: reminder at 15:10's sweep, one step up an hour of opening time later.
  const overdue = swept(swept(ticketAt('2026-11-22 15:00'), '2026-11-22 15:15'), '2026-11-22 16:15');

  it.each([
    ['the first step’s role gets the reminder while nobody is assigned', sup, ['reminder']],
    ['the operations manager’s role gets the escalation to 营运经理', mgr, ['escalation']],
    ['every user holding that role', mgr2, ['escalation']],
    ['staff get nothing of an unassigned ticket', staff, []],
  ])('%s', (_name, user, types) => {
    expect(overdue.level).toBe(1);
    expect(inboxItemsOf(overdue, user, config).map((i) => i.type)).toEqual(types);
  });

  it('a reminder reaches the responsible person once the ticket is assigned', () => {
    const r = applyAction(
      ticketAt('2026-11-22 15:00'),
      'assign',
      { department: 'sales', assignee: '李娜', assigneeId: staff.id },
      actor(sup),
      bj('2026-11-22 15:05'),
      config,
    );
    if (!r.ok) throw new Error(r.reason);
    // Assigned, but the 24-hour reply runs out the next day.
    const late = swept(r.ticket, '2026-11-23 15:30');
    expect(inboxItemsOf(late, staff, config).map((i) => [i.type, i.milestone])).toEqual([['reminder', 'reply']]);
    expect(inboxItemsOf(late, staff2, config)).toEqual([]);
    expect(inboxItemsOf(late, sup, config)).toEqual([]);
  });

  it('a reopen (shopper not satisfied) reaches the next step’s role', () => {
    let t = ticketAt('2026-11-22 15:00');
    for (const [action, at, by, input] of [
      ['assign', '15:05', sup, { department: 'sales', assignee: '李娜', assigneeId: staff.id }],
      ['start', '15:06', staff, {}],
      ['reply', '15:30', staff, { note: '已处理' }],
      ['followUp', '16:00', sup, { satisfaction: 1 }],
      ['reopen', '16:05', sup, { note: '顾客不满意' }],
    ] as const) {
      const r = applyAction(t, action, input, actor(by), bj(`2026-11-22 ${at}`), config);
      if (!r.ok) throw new Error(`${action}: ${r.reason}`);
      t = r.ticket;
    }
    expect(inboxItemsOf(t, mgr, config)).toEqual([
      { no: t.no, at: new Date(bj('2026-11-22 16:05')).toISOString(), type: 'escalation', level: 1, reopen: true },
    ]);
  });

  it('closed tickets leave every inbox', () => {
    expect(inboxItemsOf({ ...overdue, status: 'closed' }, mgr, config)).toEqual([]);
  });
});

describe('acknowledging', () => {
  const t = swept(swept(ticketAt('2026-11-22 15:00'), '2026-11-22 15:15'), '2026-11-22 16:15');

  it('clears the items for the one who acknowledges, not for others holding the role', () => {
    const acked = acknowledge(t, mgr, actor(mgr), bj('2026-11-22 16:20'), config)!;
    expect(acked.events.at(-1)).toMatchObject({ type: 'ack', by: { id: mgr.id } });
    expect(inboxItemsOf(acked, mgr, config)).toEqual([]);
    expect(inboxItemsOf(acked, mgr2, config)).toHaveLength(1);
    expect(acknowledge(acked, mgr, actor(mgr), bj('2026-11-22 16:21'), config)).toBeUndefined();
  });

  it('a later escalation comes back', () => {
    const acked = acknowledge(t, sup, actor(sup), bj('2026-11-22 16:20'), config)!;
    const later = swept(acked, '2026-11-22 17:20');
    expect(later.level).toBe(2);
    expect(inboxItemsOf(later, sup, config)).toEqual([]);
    expect(inboxItemsOf(later, mgr, config).map((i) => i.level)).toEqual([1, 2]);
  });

  it('lists the inbox newest first over many tickets', () => {
    const other = swept(ticketAt('2026-11-22 15:30', { no: 'FK20261122-0002' }), '2026-11-22 17:40');
    expect(inboxOf([t, other], mgr, config).map((i) => i.no)).toEqual(['FK20261122-0002', t.no]);
  });
});
