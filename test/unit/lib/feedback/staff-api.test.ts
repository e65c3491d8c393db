import { describe, expect, it } from 'vitest';
import { applyAction } from '../../../../src/lib/feedback/feedback';
import { apiActionSchema, apiListQuerySchema, staffView } from '../../../../src/lib/feedback/staff-api';
import type { Action, Ticket } from '../../../../src/lib/feedback/schema';
import { bj, config, ticketAt } from './fixtures';

const a = { id: 'u1', name: '李娜' };
const b = { id: 'u2', name: '王芳' };

function run(t: Ticket, steps: [Action, string, typeof a, object?][]): Ticket {
  for (const [action, at, by, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'sales', assignee: '李娜', assigneeId: a.id, note: '说明', ...input },
      by,
      bj(at),
      config,
    );
    if (!r.ok) throw new Error(`${action}: ${r.reason}`);
    t = r.ticket;
  }
  return t;
}

describe('staffView', () => {
  const t = run(ticketAt('2026-11-22 15:00', { name: '张三丰', phone: '13800138000', consent: true }), [
    ['assign', '2026-11-22 15:05', a],
    ['start', '2026-11-22 15:06', a],
    ['reply', '2026-11-22 16:00', a],
    ['followUp', '2026-11-22 17:00', b, { satisfaction: 2 }],
    ['reopen', '2026-11-22 17:10', b],
  ]);
  const v = staffView(t, config, bj('2026-11-22 17:30'));

  it('masks personal data and leaves out the verification code', () => {
    expect(v).toMatchObject({ ticketNo: t.no, channel: 'kiosk', phone: '138****8000', name: '张**', level: 1 });
    expect(JSON.stringify(v)).not.toContain('13800138000');
    expect(v).not.toHaveProperty('verifyCode');
  });

  it('keeps every round’s reply and follow-up, and shows the current round’s deadlines', () => {
    expect(v.rounds.map((r) => [r.round, r.reply?.by, r.followUp?.satisfaction])).toEqual([
      [1, '李娜', 2],
      [2, undefined, undefined],
    ]);
    expect(v.deadlines.map((d) => [d.milestone, d.rule, d.overdue])).toEqual([['reply', 'reply', false]]);
    expect(v.rounds[0].deadlines.map((d) => [d.rule, d.doneAt !== undefined])).toEqual([
      ['handoff', true],
      ['reply', true],
      ['follow-up', true],
    ]);
  });
});

describe('API input', () => {
  it.each<[unknown, boolean]>([
    [{ action: 'start' }, true],
    [{ action: 'assign', department: 'sales', assigneeId: 'u1' }, true],
    [{ action: 'assign', department: 'sales', assignee: '老周' }, false],
    [{ action: 'reply', note: '  ' }, false],
    [{ action: 'followUp', satisfaction: 6 }, false],
    [{ action: 'setUrgency', urgency: 'urgent' }, true],
    [{ action: 'start', extra: 1 }, false],
    [{ action: 'proposeInvalid' }, false],
  ])('action body %j valid: %s', (body, ok) => {
    expect(apiActionSchema.safeParse(body).success).toBe(ok);
  });

  it.each<[Record<string, string>, boolean]>([
    [{}, true],
    [{ status: 'open', channel: 'phone', assignee: 'me', cursor: '2' }, true],
    [{ assignee: 'me', escalated: '1' }, false],
    [{ cursor: '0' }, false],
    [{ page: '2' }, false],
  ])('list query %j valid: %s', (q, ok) => {
    expect(apiListQuerySchema.safeParse(q).success).toBe(ok);
  });
});
