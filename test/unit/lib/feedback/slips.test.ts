import { describe, expect, it } from 'vitest';
import { applyAction, type ActionInput } from '../../../../src/lib/feedback/feedback';
import type { Action, Ticket } from '../../../../src/lib/feedback/schema';
import { ticketSchema } from '../../../../src/lib/feedback/schema';
import {
  answerSlip,
  issueSlip,
  missedDeadlines,
  openSlipAddressees,
  openSlipsFor,
  slipFormValues,
  slipsOf,
  type SlipInput,
} from '../../../../src/lib/feedback/slips';
import { bj, config, ticketAt } from './fixtures';

const centre = { id: 'sup', name: '李主管' };
const handler = { id: 'u1', name: '张客服' };
const caller = { id: 'u2', name: '回访员' };
function worked(local: string, steps: [Action, string, ActionInput?][]): Ticket {
  let t = ticketAt(local);
  for (const [action, when, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'sales', assignee: '张客服', assigneeId: 'u1', note: '说明', ...input },
      action === 'followUp' ? caller : handler,
      bj(when),
      config,
    );
    if (!r.ok) throw new Error(`${action}: ${r.reason}`);
    t = r.ticket;
  }
  return t;
}
const reminder = (over: Partial<SlipInput> = {}): SlipInput => ({
  kind: 'reminder',
  addresseeId: 'u1',
  addressee: '张客服',
  department: 'sales',
  rule: 'reply',
  dueBy: bj('2026-11-24 18:00'),
  note: '答复已逾期，请今天 18:00 前回复顾客',
  ...over,
});

describe('reminder slips (催办单)', () => {
  const open = worked('2026-11-22 10:00', [['assign', '2026-11-22 10:05']]);

  it('are recorded on the ticket with who, when, why and to whom, numbered CB-1, CB-2', () => {
    const r1 = issueSlip(open, reminder(), centre, bj('2026-11-24 11:00'), config);
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    expect(r1.event).toMatchObject({
      type: 'slip',
      by: centre,
      note: '答复已逾期，请今天 18:00 前回复顾客',
      slip: { id: 'CB-1', kind: 'reminder', addresseeId: 'u1', department: 'sales', rule: 'reply' },
    });
    expect(r1.event.slip!.dueBy).toBe(new Date(bj('2026-11-24 18:00')).toISOString());
    // The stored ticket still parses.
    expect(ticketSchema.safeParse(r1.ticket).success).toBe(true);
    const r2 = issueSlip(r1.ticket, reminder(), centre, bj('2026-11-24 12:00'), config);
    expect(r2.ok && r2.event.slip!.id).toBe('CB-2');
  });

  it.each([
    ['a finished ticket', { status: 'closed' as const }, reminder(), 'slip_ticket_finished'],
    ['no reason', {}, reminder({ note: '  ' }), 'note_required'],
    ['an unknown department', {}, reminder({ department: 'nope' }), 'unknown_department'],
    ['an unknown limit', {}, reminder({ rule: 'nope' }), 'slip_unknown_rule'],
    ['a completion time already past', {}, reminder({ dueBy: bj('2026-11-24 10:00') }), 'slip_due_in_past'],
  ])('are refused for %s', (_n, over, input, reason) => {
    expect(issueSlip({ ...open, ...over }, input, centre, bj('2026-11-24 11:00'), config)).toEqual({
      ok: false,
      reason,
    });
  });

  it('stay in the addressee’s inbox until the addressee, and only they, answer once', () => {
    const issued = issueSlip(open, reminder(), centre, bj('2026-11-24 11:00'), config);
    if (!issued.ok) throw new Error(issued.reason);
    const t = issued.ticket;
    expect(openSlipsFor([t], 'u1').map((i) => [i.no, i.slip.id, i.issuedBy])).toEqual([[t.no, 'CB-1', '李主管']]);
    expect(openSlipsFor([t], 'sup')).toEqual([]);
    expect(answerSlip(t, 'CB-1', { note: '已联系' }, centre, bj('2026-11-24 12:00'))).toEqual({
      ok: false,
      reason: 'slip_not_addressee',
    });
    expect(answerSlip(t, 'CB-9', { note: '已联系' }, handler, bj('2026-11-24 12:00'))).toEqual({
      ok: false,
      reason: 'slip_not_found',
    });
    expect(answerSlip(t, 'CB-1', { note: ' ' }, handler, bj('2026-11-24 12:00'))).toEqual({
      ok: false,
      reason: 'note_required',
    });
    const answered = answerSlip(t, 'CB-1', { note: '已联系顾客，17:00 前答复' }, handler, bj('2026-11-24 12:00'));
    if (!answered.ok) throw new Error(answered.reason);
    expect(openSlipsFor([answered.ticket], 'u1')).toEqual([]);
    expect(slipsOf(answered.ticket)[0].answer).toMatchObject({ by: handler, note: '已联系顾客，17:00 前答复' });
    expect(answerSlip(answered.ticket, 'CB-1', { note: '再答' }, handler, bj('2026-11-24 12:30'))).toEqual({
      ok: false,
      reason: 'slip_answered',
    });
  });

  it('index the ticket under each addressee with an unanswered slip, once, until answered', () => {
    const step = (t: Ticket, addresseeId: string, at: string) => {
      const r = issueSlip(t, reminder({ addresseeId, addressee: addresseeId }), centre, bj(at), config);
      if (!r.ok) throw new Error(r.reason);
      return r.ticket;
    };
    expect(openSlipAddressees(open)).toEqual([]);
    const two = step(step(step(open, 'u9', '2026-11-24 11:00'), 'u1', '2026-11-24 11:10'), 'u9', '2026-11-24 11:20');
    expect(openSlipAddressees(two)).toEqual(['u1', 'u9']);
    const who = { id: 'u9', name: 'u9' };
    const first = answerSlip(two, 'CB-1', { note: '在办' }, who, bj('2026-11-24 12:00'));
    if (!first.ok) throw new Error(first.reason);
    // u9 still holds CB-3.
    expect(openSlipAddressees(first.ticket)).toEqual(['u1', 'u9']);
    const second = answerSlip(first.ticket, 'CB-3', { note: '在办' }, who, bj('2026-11-24 12:05'));
    if (!second.ok) throw new Error(second.reason);
    expect(openSlipAddressees(second.ticket)).toEqual(['u1']);
  });
});

describe('inquiry slips (洽办单)', () => {
  // Handed off 50 minutes late (10-minute limit), then answered and closed the same day.
  const lateClosed = worked('2026-11-22 10:00', [
    ['assign', '2026-11-22 11:00'],
    ['start', '2026-11-22 11:01'],
    ['reply', '2026-11-22 12:00'],
    ['followUp', '2026-11-22 13:00', { satisfaction: 4 }],
    ['close', '2026-11-22 13:05'],
  ]);
  const onTimeClosed = worked('2026-11-22 10:00', [
    ['assign', '2026-11-22 10:05'],
    ['start', '2026-11-22 10:06'],
    ['reply', '2026-11-22 12:00'],
    ['followUp', '2026-11-22 13:00', { satisfaction: 4 }],
    ['close', '2026-11-22 13:05'],
  ]);
  const inquiry = (over: Partial<SlipInput> = {}): SlipInput => ({
    kind: 'inquiry',
    addresseeId: 'u1',
    addressee: '张客服',
    department: 'sales',
    rule: 'handoff',
    note: '转交超时 50 分钟，请说明原因',
    ...over,
  });

  it('find the deadlines a finished case missed', () => {
    expect(missedDeadlines(lateClosed, config, bj('2026-12-01 10:00')).map((m) => m.rule.id)).toEqual(['handoff']);
    expect(missedDeadlines(onTimeClosed, config, bj('2026-12-01 10:00'))).toEqual([]);
  });

  it('are issued for a case closed late and answered with the cause and the measures', () => {
    const r = issueSlip(lateClosed, inquiry(), centre, bj('2026-12-05 10:00'), config);
    if (!r.ok) throw new Error(r.reason);
    expect(r.event.slip).toMatchObject({ id: 'QB-1', kind: 'inquiry', rule: 'handoff' });
    expect(r.event.slip!.dueBy).toBeUndefined();
    const a = answerSlip(
      r.ticket,
      'QB-1',
      { note: '午间交接无人值守', measures: '午间安排专人值守' },
      handler,
      bj('2026-12-06 10:00'),
    );
    if (!a.ok) throw new Error(a.reason);
    expect(slipsOf(a.ticket)[0].answer).toMatchObject({ note: '午间交接无人值守', measures: '午间安排专人值守' });
  });

  it.each([
    ['a case closed on time', onTimeClosed, inquiry({ rule: undefined }), 'slip_not_late'],
    ['a limit the case met', lateClosed, inquiry({ rule: 'reply' }), 'slip_not_late'],
    ['a ticket still open', { ...lateClosed, status: 'in_progress' as const }, inquiry(), 'slip_ticket_not_finished'],
  ])('are refused for %s', (_n, ticket, input, reason) => {
    expect(issueSlip(ticket, input, centre, bj('2026-12-05 10:00'), config)).toEqual({ ok: false, reason });
  });
});

describe('the printed slip', () => {
  const names = {
    department: (id: string | undefined) => id ?? '',
    rule: (id: string | undefined) => id ?? '',
    time: (ms: number) => new Date(ms).toISOString(),
    duration: (ms: number) => `${Math.round(ms / 60_000)} 分钟`,
  };
  it('fills the reminder form’s fields from the record, the answer in the reply line', () => {
    const open = worked('2026-11-22 10:00', [['assign', '2026-11-22 10:05']]);
    const issued = issueSlip(open, reminder(), centre, bj('2026-11-23 10:30'), config);
    if (!issued.ok) throw new Error(issued.reason);
    const answered = answerSlip(issued.ticket, 'CB-1', { note: '已答复' }, handler, bj('2026-11-23 11:00'));
    if (!answered.ok) throw new Error(answered.reason);
    const v = slipFormValues(slipsOf(answered.ticket)[0], answered.ticket, config, bj('2026-11-23 12:00'), names);
    expect(v).toMatchObject({
      投诉单号: open.no,
      责任部门: 'sales',
      责任人: '张客服',
      逾期的时限: 'reply',
      // The 24 h reply was due 2026-11-23 10:00: 30 minutes late when the slip was issued.
      已超时: '30 分钟；事由：答复已逾期，请今天 18:00 前回复顾客',
      处理进度回复: '已答复',
    });
    expect(v['责任部门签收']).toContain('张客服');
  });
});
