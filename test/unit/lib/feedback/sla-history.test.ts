/**
 * Deadlines from a ticket's history in detail: which cause ran when, which reply limits stay
 * after the cause changed (at and around their due time), rounds that end, and the follow-up
 * of a confirmed invalid complaint. Tickets are built event by event so every boundary is exact.
 */
import { describe, expect, it } from 'vitest';
import type { Action, Sla, Status, Ticket, TicketEvent } from '../../../../src/lib/feedback/schema';
import {
  causeHistory,
  computeDeadline,
  computeMilestones,
  computeRounds,
  replyDueAt,
  type MilestoneState,
} from '../../../../src/lib/feedback/sla';
import { bj, config, ticketAt } from './fixtures';

const by = { id: 'u1', name: '李娜' };
const iso = (ms: number) => new Date(ms).toISOString();

const causeAt = (at: number, cause: string): TicketEvent => ({ at: iso(at), by, type: 'cause', cause });
const step = (at: number, action: Action, from: Status, to: Status): TicketEvent => ({
  at: iso(at),
  by,
  type: 'transition',
  action,
  from,
  to,
});

/** A complaint received at `received` (Beijing time) with these further events, its state as given. */
function ticket(received: string, events: TicketEvent[], over: Partial<Ticket> = {}): Ticket {
  const t = ticketAt(received);
  const last = events.at(-1)?.at ?? t.createdAt;
  return { ...t, status: 'in_progress', updatedAt: last, events: [...t.events, ...events], ...over };
}

const replyRuleIds = (t: Ticket, now: number) =>
  computeMilestones(t, config, now)
    .filter((m) => m.milestone === 'reply')
    .map((m) => m.rule.id);

/** When the tenant limit (1 h of opening time) of a cycle starting at `start` runs out. */
const tenantDue = (start: number) => {
  const rule = config.sla.rules.find((r) => r.id === 'reply-tenant')!;
  return computeDeadline(start, rule.within, rule.clock, config);
};

describe('causeHistory', () => {
  const received = bj('2026-11-23 10:00');

  it('starts as general from the moment of receipt', () => {
    expect(causeHistory(ticket('2026-11-23 10:00', []))).toEqual([{ cause: 'general', from: received }]);
  });

  it('only cause events with a cause change it (notes, reminders and an empty cause do not)', () => {
    const t = ticket('2026-11-23 10:00', [
      { at: iso(received + 60_000), by, type: 'note', note: '顾客来电' },
      { at: iso(received + 120_000), by, type: 'cause', cause: '' },
    ]);
    expect(causeHistory(t)).toEqual([{ cause: 'general', from: received }]);
  });

  it('adds each change of cause, and nothing more when the ticket ends on the last one', () => {
    const t = ticket('2026-11-23 10:00', [causeAt(received + 300_000, 'tenant')], { cause: 'tenant' });
    expect(causeHistory(t)).toEqual([
      { cause: 'general', from: received },
      { cause: 'tenant', from: received + 300_000 },
    ]);
  });

  it('a ticket stored before cause events existed takes its cause from its last change', () => {
    const t = ticket('2026-11-23 10:00', [{ at: iso(received + 600_000), by, type: 'note', note: '说明' }], {
      cause: 'equipment',
    });
    expect(causeHistory(t)).toEqual([
      { cause: 'general', from: received },
      { cause: 'equipment', from: received + 600_000 },
    ]);
  });
});

describe('reply limits kept after a change of cause', () => {
  const received = bj('2026-11-23 10:00');
  const due = tenantDue(received);

  it('the tenant limit is 11:00 for a complaint received at 10:00 (the premise of the cases below)', () => {
    expect(due).toBe(bj('2026-11-23 11:00'));
  });

  it('a cause left exactly at its due time has not passed it: only the 24-hour reply stays', () => {
    const t = ticket('2026-11-23 10:00', [causeAt(received, 'tenant'), causeAt(due, 'general')]);
    expect(replyRuleIds(t, due + 3_600_000)).toEqual(['reply']);
  });

  it('a cause left one minute after its due time keeps its missed limit', () => {
    const t = ticket('2026-11-23 10:00', [causeAt(received, 'tenant'), causeAt(due + 60_000, 'general')]);
    expect(replyRuleIds(t, due + 3_600_000)).toEqual(['reply', 'reply-tenant']);
  });

  it('a limit met in time is not kept when the cause changes later', () => {
    const t = ticket(
      '2026-11-23 10:00',
      [
        causeAt(received, 'tenant'),
        step(received + 1_800_000, 'reply', 'in_progress', 'replied'),
        causeAt(due + 3_600_000, 'general'),
      ],
      { status: 'replied' },
    );
    expect(replyRuleIds(t, due + 7_200_000)).toEqual(['reply']);
  });

  it('a reply at the very due time is in time', () => {
    const t = ticket(
      '2026-11-23 10:00',
      [causeAt(received, 'tenant'), step(due, 'reply', 'in_progress', 'replied'), causeAt(due + 3_600_000, 'general')],
      { status: 'replied' },
    );
    expect(replyRuleIds(t, due + 7_200_000)).toEqual(['reply']);
  });

  it('a reply one minute late is not: the tenant limit stays as missed', () => {
    const t = ticket(
      '2026-11-23 10:00',
      [
        causeAt(received, 'tenant'),
        step(due + 60_000, 'reply', 'in_progress', 'replied'),
        causeAt(due + 3_600_000, 'general'),
      ],
      { status: 'replied' },
    );
    expect(replyRuleIds(t, due + 7_200_000)).toEqual(['reply', 'reply-tenant']);
  });

  it('lists each limit once, however often the cause goes back and forth', () => {
    // tenant (missed) → general (its 24 h missed too) → tenant again.
    const t = ticket(
      '2026-11-23 10:00',
      [
        causeAt(received + 300_000, 'tenant'),
        causeAt(bj('2026-11-23 12:00'), 'general'),
        causeAt(bj('2026-11-24 11:00'), 'tenant'),
      ],
      { cause: 'tenant' },
    );
    expect(replyRuleIds(t, bj('2026-11-24 12:00'))).toEqual(['reply', 'reply-tenant']);
  });

  it('a kind with no reply rule gets no reply limit, whatever its causes', () => {
    const sla: Sla = {
      ...config.sla,
      rules: config.sla.rules.map((r) => (r.milestone === 'reply' ? { ...r, kinds: ['complaint' as const] } : r)),
    };
    const t = ticket(
      '2026-11-23 10:00',
      [causeAt(received + 300_000, 'tenant'), causeAt(received + 600_000, 'general')],
      {
        kind: 'praise',
      },
    );
    const milestones = computeMilestones(t, { ...config, sla }, bj('2026-11-24 12:00'));
    expect(milestones.map((m) => m.milestone)).toEqual(['handoff']);
  });
});

describe('rounds end at the reopen', () => {
  const received = bj('2026-11-23 10:00');
  const at = (hhmm: string) => bj(`2026-11-23 ${hhmm}`);
  const firstRound = [
    step(at('10:05'), 'assign', 'received', 'assigned'),
    step(at('10:30'), 'reply', 'assigned', 'replied'),
    step(at('11:00'), 'close', 'replied', 'closed'),
    step(at('12:00'), 'reopen', 'closed', 'in_progress'),
  ];

  it('a new round is not answered by the reply of the round before', () => {
    const t = ticket('2026-11-23 10:00', firstRound);
    const [first, second] = computeRounds(t, config, at('12:30'));
    expect(first.find((m) => m.milestone === 'reply')?.metAt).toBe(at('10:30'));
    expect(second.find((m) => m.milestone === 'reply')?.metAt).toBeUndefined();
    expect(computeMilestones(t, config, at('12:30')).find((m) => m.milestone === 'reply')?.metAt).toBeUndefined();
    expect(second.find((m) => m.milestone === 'reply')?.startAt).toBe(at('12:00'));
    expect(first[0].startAt).toBe(received);
  });

  it('an earlier round keeps its unmet follow-up, and is not overdue once a later round runs', () => {
    const t = ticket(
      '2026-11-23 10:00',
      [
        ...firstRound,
        step(at('12:30'), 'reply', 'in_progress', 'replied'),
        { ...step(at('13:00'), 'followUp', 'replied', 'followed_up'), satisfaction: 4 },
      ],
      { status: 'followed_up' },
    );
    const [first, second] = computeRounds(t, config, at('15:00'));
    const firstFollowUp = first.find((m) => m.milestone === 'followUp')!;
    expect(firstFollowUp.metAt).toBeUndefined();
    expect(firstFollowUp.dueAt).toBeLessThan(at('15:00'));
    expect(firstFollowUp.overdue).toBe(false);
    expect(second.find((m) => m.milestone === 'followUp')?.metAt).toBe(at('13:00'));
  });
});

describe('a confirmed invalid complaint is called back', () => {
  it('its follow-up runs from the decision (complaints-5.4, 6.1)', () => {
    const decided = bj('2026-11-23 11:00');
    const t = ticket(
      '2026-11-23 10:00',
      [
        step(bj('2026-11-23 10:20'), 'proposeInvalid', 'in_progress', 'invalid_proposed'),
        step(decided, 'confirmInvalid', 'invalid_proposed', 'invalid_follow_up'),
      ],
      { status: 'invalid_follow_up' },
    );
    const followUp = computeMilestones(t, config, bj('2026-11-23 15:00')).find((m) => m.milestone === 'followUp');
    expect(followUp?.startAt).toBe(decided);
    expect(followUp?.overdue).toBe(true);
  });
});

describe('replyDueAt', () => {
  const state = (id: string, cause: string | undefined, dueAt: number): MilestoneState => ({
    milestone: 'reply',
    rule: {
      id,
      milestone: 'reply',
      ...(cause ? { cause } : {}),
      label: { zh: id, en: id },
      within: '1h',
      clock: 'continuous',
      clause: 'complaints-3.2',
    },
    startAt: 0,
    dueAt,
    overdue: false,
    cycle: 0,
  });

  it('is the general reply, a rule without a cause being general, wherever it is listed', () => {
    expect(replyDueAt([state('reply-tenant', 'tenant', 1), state('reply', undefined, 2)])).toBe(2);
    expect(replyDueAt([state('reply-tenant', 'tenant', 1), state('reply', 'general', 3)])).toBe(3);
  });

  it('falls back to the first reply limit, and is undefined without one', () => {
    expect(replyDueAt([state('reply-tenant', 'tenant', 5)])).toBe(5);
    expect(replyDueAt([])).toBeUndefined();
  });
});
