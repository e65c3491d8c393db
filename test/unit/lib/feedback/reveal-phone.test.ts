/**
 * Who may see a shopper's full phone number (complaints-6.1): supervisors and up always; the
 * person making the follow-up call (回访) for that call, when they did not handle the round;
 * nobody else. The reveal itself is audited by the service (feedback.server.ts revealPhone).
 */
import { describe, expect, it } from 'vitest';
import { applyAction, mayRevealPhone, type ActionInput } from '../../../../src/lib/feedback/feedback';
import type { Action, Actor, Ticket } from '../../../../src/lib/feedback/schema';
import type { Role } from '../../../../src/lib/auth/roles';
import { bj, config, ticketAt } from './fixtures';

const handler: Actor = { id: 'u1', name: '李娜' };
const other: Actor = { id: 'u2', name: '王回访' };

function step(t: Ticket, action: Action, at: string, by: Actor, input: ActionInput = {}): Ticket {
  const r = applyAction(t, action, { note: '说明', ...input }, by, bj(at), config);
  if (!r.ok) throw new Error(`${action}: ${r.reason}`);
  return r.ticket;
}

const received = () => ticketAt('2026-11-23 10:00', { phone: '13800138000' });
const assigned = () =>
  step(received(), 'assign', '2026-11-23 10:05', handler, { department: 'sales', assignee: '李娜', assigneeId: 'u1' });
const replied = () =>
  step(step(assigned(), 'start', '2026-11-23 10:10', handler), 'reply', '2026-11-23 11:00', handler);

describe('mayRevealPhone', () => {
  it.each<[string, () => Ticket, string, Role, 'always' | 'followUp' | undefined]>([
    ['a supervisor, on a new ticket', received, 'x', 'supervisor', 'always'],
    ['a manager, on a replied ticket', replied, 'u1', 'manager', 'always'],
    ['an admin', assigned, 'x', 'admin', 'always'],
    ['staff, on a new ticket', received, 'u2', 'staff', undefined],
    ['staff, while the ticket is handled', assigned, 'u2', 'staff', undefined],
    ['another staff member, for the follow-up call', replied, 'u2', 'staff', 'followUp'],
    ['the handler, for the follow-up call', replied, 'u1', 'staff', undefined],
    ['a trainer, for the follow-up call', replied, 'u2', 'trainer', undefined],
    ['head office, for the follow-up call', replied, 'u2', 'hq', undefined],
  ])('%s → %s', (_label, make, id, role, expected) => {
    expect(mayRevealPhone(make(), { id, role }, config)).toBe(expected);
  });

  it('ends with the follow-up: once the call is recorded, the caller no longer sees the number', () => {
    const t = step(replied(), 'followUp', '2026-11-23 15:00', other, { satisfaction: 5 });
    expect(mayRevealPhone(t, { id: 'u2', role: 'staff' }, config)).toBeUndefined();
  });
});
