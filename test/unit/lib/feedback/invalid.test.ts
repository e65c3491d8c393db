/**
 * Invalid complaints (complaints-5.3, 5.4, 6.1): staff propose, a manager confirms or rejects, the
 * shopper hears of it only once decided, and a confirmed invalid complaint with a phone keeps
 * its follow-up call.
 */
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyAction,
  invalidNeedsFollowUp,
  pendingInvalidProposal,
  publicView,
  type ActionInput,
} from '../../../../src/lib/feedback/feedback';
import type { Action, Actor, Ticket } from '../../../../src/lib/feedback/schema';
import { computeMilestones, nextDueAt, sweepEvents } from '../../../../src/lib/feedback/sla';
import { bj, config, ticketAt, toBj } from './fixtures';

const staff: Actor = { id: 'u1', name: '李娜' };
const manager: Actor = { id: 'm1', name: '周经理' };
const caller: Actor = { id: 'u2', name: '回访员' };
const label = (s: string) => ({ zh: s, en: s });

function step(t: Ticket, action: Action, at: string, by: Actor, input: ActionInput = {}): Ticket {
  const r = applyAction(t, action, { note: '说明', ...input }, by, bj(at), config);
  if (!r.ok) throw new Error(`${action}: ${r.reason}`);
  return r.ticket;
}

/** A complaint received at 10:00, assigned at 10:05 and proposed invalid at 10:30. */
function proposed(over: Partial<Ticket> = {}): Ticket {
  let t = ticketAt('2026-11-23 10:00', over);
  t = step(t, 'assign', '2026-11-23 10:05', staff, { department: 'sales', assignee: '李娜', assigneeId: 'u1' });
  return step(t, 'proposeInvalid', '2026-11-23 10:30', staff, { note: '顾客不满市政道路施工，不属于商场承诺范围' });
}
const confirm = (t: Ticket, at = '2026-11-23 11:00') =>
  step(t, 'confirmInvalid', at, manager, { role: 'manager', note: '道路施工属市政管理，已向顾客解释并提供出行建议。' });

describe('proposing an invalid complaint', () => {
  it('waits for the manager: status invalid_proposed, the reason internal, the shopper sees no change', () => {
    const t = proposed();
    expect(t.status).toBe('invalid_proposed');
    expect(t.events.at(-1)).toMatchObject({ action: 'proposeInvalid', from: 'assigned', to: 'invalid_proposed' });
    expect(t.events.at(-1)!.public).toBeUndefined();
    expect(pendingInvalidProposal(t)?.note).toContain('市政道路');
    const view = publicView(t, config, label, bj('2026-11-23 10:40'));
    expect(view.status).toBe('assigned');
    expect(view.timeline.map((e) => e.status)).toEqual(['received', 'assigned']);
    expect(JSON.stringify(view)).not.toContain('市政道路');
  });

  it('does not stop the reply clock: a proposal left undecided goes overdue and is reminded', () => {
    const t = proposed();
    const reply = computeMilestones(t, config, bj('2026-11-24 10:01')).find((m) => m.milestone === 'reply')!;
    expect([toBj(reply.dueAt), reply.metAt, reply.overdue]).toEqual(['2026-11-24 10:00', undefined, true]);
    expect(sweepEvents(t, config, bj('2026-11-24 10:01')).map((e) => e.type)).toContain('reminder');
  });

  it.each([
    ['staff', 'proposeInvalid', true],
    ['supervisor', 'proposeInvalid', true],
    ['manager', 'proposeInvalid', false],
    ['staff', 'markInvalid', false],
    ['manager', 'markInvalid', true],
    ['admin', 'markInvalid', true],
  ] as const)('a %s is offered %s: %s', (role, action, offered) => {
    expect(allowedActions(ticketAt('2026-11-23 10:00'), config, role).includes(action)).toBe(offered);
  });

  it.each([
    ['staff', false],
    ['supervisor', false],
    ['manager', true],
    ['admin', true],
  ] as const)('on a proposal, a %s is offered confirm and reject: %s', (role, offered) => {
    const actions = allowedActions(proposed(), config, role);
    expect([actions.includes('confirmInvalid'), actions.includes('rejectInvalid')]).toEqual([offered, offered]);
  });
});

describe('confirming', () => {
  it('without a phone: invalid and final, the explanation public, the reply met at the decision', () => {
    const t = confirm(proposed());
    expect(t.status).toBe('invalid');
    expect(t.events.at(-1)).toMatchObject({ action: 'confirmInvalid', public: true, by: manager });
    const ms = computeMilestones(t, config, bj('2026-11-25 10:00'));
    expect(ms.map((m) => [m.milestone, m.metAt && toBj(m.metAt)])).toEqual([
      ['handoff', '2026-11-23 10:05'],
      ['reply', '2026-11-23 11:00'],
    ]);
    expect(nextDueAt(ms, t.status)).toBeUndefined();
    const view = publicView(t, config, label, bj('2026-11-23 11:05'));
    expect(view.status).toBe('invalid');
    expect(view.timeline.at(-1)).toEqual({
      at: t.events.at(-1)!.at,
      status: 'invalid',
      note: '道路施工属市政管理，已向顾客解释并提供出行建议。',
    });
  });

  it('with a phone: awaiting the follow-up call, due 3 opening hours after the decision (E7)', () => {
    const t = confirm(proposed({ phone: '13800138000', consent: true }), '2026-11-23 20:00');
    expect(t.status).toBe('invalid_follow_up');
    const ms = computeMilestones(t, config, bj('2026-11-24 12:01'));
    const follow = ms.find((m) => m.milestone === 'followUp')!;
    // 20:00 + 3 opening hours: 2 h to the 22:00 close, 1 h from the 10:00 opening.
    expect([toBj(follow.startAt), toBj(follow.dueAt), follow.overdue]).toEqual([
      '2026-11-23 20:00',
      '2026-11-24 11:00',
      true,
    ]);
    expect(nextDueAt(ms, t.status)).toBe(follow.dueAt);
    expect(sweepEvents(t, config, bj('2026-11-24 12:01'))).toContainEqual(
      expect.objectContaining({ type: 'reminder', milestone: 'followUp' }),
    );
    // The shopper is told it is invalid; the pending call is the centre's business.
    expect(publicView(t, config, label, bj('2026-11-23 20:05')).status).toBe('invalid');
  });

  it('the follow-up call, by someone other than the proposer or the manager, ends it as invalid', () => {
    const t = confirm(proposed({ phone: '13800138000', consent: true }));
    for (const by of [staff, manager]) {
      expect(applyAction(t, 'followUp', { satisfaction: 4 }, by, bj('2026-11-23 12:00'), config)).toEqual({
        ok: false,
        reason: 'follow_up_by_handler',
      });
    }
    const done = step(t, 'followUp', '2026-11-23 12:00', caller, { satisfaction: 3, note: '' });
    expect([done.status, done.satisfaction]).toEqual(['invalid', 3]);
    const follow = computeMilestones(done, config, bj('2026-11-24 12:00')).find((m) => m.milestone === 'followUp')!;
    expect([toBj(follow.metAt!), follow.overdue]).toEqual(['2026-11-23 12:00', false]);
    expect(publicView(done, config, label, bj('2026-11-23 12:05')).timeline.map((e) => e.status)).toEqual([
      'received',
      'assigned',
      'invalid',
      'followed_up',
    ]);
  });

  it('a request or suggestion confirmed invalid is called back too; one without a phone is not', () => {
    expect(invalidNeedsFollowUp({ kind: 'request', phone: '13800138000' }, config.sla)).toBe(true);
    expect(invalidNeedsFollowUp({ kind: 'suggestion', phone: '13800138000' }, config.sla)).toBe(true);
    expect(invalidNeedsFollowUp({ kind: 'complaint', phone: undefined }, config.sla)).toBe(false);
    expect(invalidNeedsFollowUp({ kind: 'praise', phone: '13800138000' }, config.sla)).toBe(false);
  });

  it('a manager deciding at once (markInvalid) follows the same rules', () => {
    const t = step(
      ticketAt('2026-11-23 10:00', { phone: '13800138000', consent: true }),
      'markInvalid',
      '2026-11-23 10:20',
      manager,
      {
        role: 'manager',
      },
    );
    expect(t.status).toBe('invalid_follow_up');
    expect(t.events.at(-1)!.public).toBe(true);
  });

  it('an unhappy shopper can still be reopened from the follow-up stage', () => {
    const t = confirm(proposed({ phone: '13800138000', consent: true }));
    const r = step(t, 'reopen', '2026-11-23 12:00', staff, { note: '顾客坚持要求商场协调' });
    expect([r.status, r.level]).toEqual(['assigned', 1]);
  });
});

describe('rejecting', () => {
  it('returns the ticket where it was, keeps the reply clock from receipt, and tells the shopper nothing', () => {
    const t = step(proposed(), 'rejectInvalid', '2026-11-23 11:00', manager, {
      role: 'manager',
      note: '属商场承诺的服务范围，按有效投诉处理',
    });
    expect(t.status).toBe('assigned');
    expect(t.events.at(-1)).toMatchObject({ action: 'rejectInvalid', from: 'invalid_proposed', to: 'assigned' });
    const reply = computeMilestones(t, config, bj('2026-11-23 12:00')).find((m) => m.milestone === 'reply')!;
    expect([toBj(reply.dueAt), reply.metAt]).toEqual(['2026-11-24 10:00', undefined]);
    const view = publicView(t, config, label, bj('2026-11-23 12:00'));
    expect(view.timeline.map((e) => e.status)).toEqual(['received', 'assigned']);
    expect(pendingInvalidProposal(t)).toBeUndefined();
  });

  it('a proposal from in_progress goes back to in_progress', () => {
    let t = ticketAt('2026-11-23 10:00');
    t = step(t, 'assign', '2026-11-23 10:05', staff, { department: 'sales', assignee: '李娜' });
    t = step(t, 'start', '2026-11-23 10:06', staff);
    t = step(t, 'proposeInvalid', '2026-11-23 10:30', staff);
    t = step(t, 'rejectInvalid', '2026-11-23 10:40', manager, { role: 'admin' });
    expect(t.status).toBe('in_progress');
  });
});
