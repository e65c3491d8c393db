import { describe, expect, it } from 'vitest';
import { applyAction, handlersOf } from '../../../../src/lib/feedback/feedback';
import { milestonesOf, parseQueueFilter, queryQueue, type QueueSource } from '../../../../src/lib/feedback/queue';
import type { Action, Status, Ticket } from '../../../../src/lib/feedback/schema';
import {
  assignableUsers,
  escalatedTo,
  pickerGroups,
  inView,
  roleAtLevel,
  workbenchCounts,
  type View,
} from '../../../../src/lib/feedback/workbench';
import type { Role } from '../../../../src/lib/auth/roles';
import { bj, config, ticketAt } from './fixtures';

const li = { id: 'u-li', name: '李娜', role: 'staff' as const };
const wang = { id: 'u-wang', name: '王芳', role: 'staff' as const };
const sup = { id: 'u-sup', name: '周主管', role: 'supervisor' as const };
const mgr = { id: 'u-mgr', name: '赵经理', role: 'manager' as const };

function run(t: Ticket, steps: [Action, string, { id: string; name: string }, object?][]): Ticket {
  for (const [action, at, by, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'sales', assignee: '李娜', assigneeId: li.id, note: '说明', satisfaction: 5, ...input },
      by,
      bj(at),
      config,
    );
    if (!r.ok) throw new Error(`${action}: ${r.reason}`);
    t = r.ticket;
  }
  return t;
}

describe('assignableUsers: the picker lists active people who work tickets', () => {
  it('leaves out trainers and disabled accounts, sorted by name', () => {
    const users = [
      { id: '1', username: 'zhao', name: '赵经理', role: 'manager' as const, active: true },
      { id: '2', username: 'chen', name: '陈培训', role: 'trainer' as const, active: true },
      { id: '3', username: 'old', name: '老员工', role: 'staff' as const, active: false },
      { id: '4', username: 'an', name: '安客服', role: 'staff' as const, active: true },
    ];
    expect(assignableUsers(users).map((u) => u.id)).toEqual(['4', '1']);
  });

  it('lists a department’s people first, then everyone else; one group when nobody is in it', () => {
    const people = assignableUsers([
      { id: '1', username: 'zhao', name: '赵经理', role: 'manager', active: true },
      { id: '4', username: 'an', name: '安客服', role: 'staff', active: true, department: 'sales' },
      { id: '5', username: 'bai', name: '白工', role: 'staff', active: true, department: 'engineering' },
    ]);
    expect(people.find((p) => p.id === '4')).toMatchObject({ username: 'an', department: 'sales' });
    expect(pickerGroups(people, 'sales').map((g) => [g.department, g.people.map((p) => p.id)])).toEqual([
      ['sales', ['4']],
      [undefined, ['5', '1']],
    ]);
    expect(pickerGroups(people, 'security').map((g) => g.people.length)).toEqual([3]);
    expect(pickerGroups(people, undefined)[0].department).toBeUndefined();
    const onlySales = people.filter((p) => p.department === 'sales');
    expect(pickerGroups(onlySales, 'sales')).toEqual([{ department: 'sales', people: onlySales }]);
  });
});

describe('assignment records the user id', () => {
  it('sets assigneeId on the ticket and the event; an assignment without one clears it', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [['assign', '2026-11-22 15:05', sup]]);
    expect(t).toMatchObject({ assignee: '李娜', assigneeId: li.id });
    expect(t.events.at(-1)).toMatchObject({ assignee: '李娜', assigneeId: li.id });
    const again = run(t, [['assign', '2026-11-22 15:06', sup, { assignee: '某人', assigneeId: undefined }]]);
    expect(again.assigneeId).toBeUndefined();
  });
});

describe('the follow-up call is made by someone other than the handler (complaints-6.1)', () => {
  const replied = run(ticketAt('2026-11-22 15:00'), [
    ['assign', '2026-11-22 15:05', sup],
    ['start', '2026-11-22 15:06', li],
    ['reply', '2026-11-22 16:00', wang],
  ]);

  it.each([
    ['the assignee', li, 'follow_up_by_handler'],
    ['the person who replied', wang, 'follow_up_by_handler'],
    ['anyone else', sup, undefined],
  ])('%s', (_name, by, reason) => {
    const r = applyAction(replied, 'followUp', { satisfaction: 4 }, by, bj('2026-11-22 17:00'), config);
    expect(r.ok ? undefined : r.reason).toBe(reason);
  });

  it('after a reopen, the new round’s handlers count (the earlier replier may call)', () => {
    const reopened = run(replied, [
      ['followUp', '2026-11-22 17:00', sup, { satisfaction: 1 }],
      ['reopen', '2026-11-22 17:10', sup],
      ['assign', '2026-11-22 17:11', sup, { assignee: '赵经理', assigneeId: mgr.id }],
      ['start', '2026-11-22 17:12', mgr],
      ['reply', '2026-11-22 18:00', mgr],
    ]);
    expect([...handlersOf(reopened)].sort()).toEqual([mgr.id]);
    expect(applyAction(reopened, 'followUp', { satisfaction: 5 }, wang, bj('2026-11-22 19:00'), config).ok).toBe(true);
  });
});

describe('escalation steps reach roles', () => {
  it.each([
    [0, 'supervisor'],
    [1, 'manager'],
    [2, 'manager'],
    [9, 'manager'],
  ])('level %i → %s', (level, role) => {
    expect(roleAtLevel(level, config)).toBe(role);
  });

  it('an escalated open ticket reaches the role of its step, and admins', () => {
    const t = ticketAt('2026-11-22 15:00', { level: 1 });
    expect(escalatedTo(t, mgr, config)).toBe(true);
    expect(escalatedTo(t, sup, config)).toBe(false);
    expect(escalatedTo(t, { role: 'admin' }, config)).toBe(true);
    expect(escalatedTo({ ...t, level: 0 }, mgr, config)).toBe(false);
    expect(escalatedTo({ ...t, status: 'closed' }, mgr, config)).toBe(false);
  });
});

const now = bj('2026-11-22 15:30');
const tickets: Ticket[] = [
  ticketAt('2026-11-22 15:00', { no: 'FK20261122-0001' }), // unassigned, hand-off overdue since 15:10
  run(ticketAt('2026-11-22 15:00', { no: 'FK20261122-0002' }), [['assign', '2026-11-22 15:05', sup]]), // mine (li)
  ticketAt('2026-11-22 15:25', { no: 'FK20261122-0003', level: 1, assignee: '旧名字' }), // escalated, free-text assignee
  ticketAt('2026-11-22 09:00', { no: 'FK20261122-0004', status: 'closed' }),
];
const source: QueueSource = {
  values: () => tickets,
  openTickets: () => tickets.filter((t) => t.status !== 'closed'),
  statusCounts: () => {
    const c: Partial<Record<Status, number>> = {};
    for (const t of tickets) c[t.status] = (c[t.status] ?? 0) + 1;
    return c;
  },
};

describe('views of the queue', () => {
  it.each<[View, { id: string; name: string; role: Role }, string[]]>([
    ['mine', li, ['FK20261122-0002']],
    ['mine', wang, []],
    ['unassigned', li, ['FK20261122-0001']],
    ['escalated', mgr, ['FK20261122-0003']],
    ['escalated', sup, []],
    ['overdue', li, ['FK20261122-0001']],
  ])('%s for %s', (view, user, expected) => {
    const nos = (q: string) =>
      queryQueue(source, parseQueueFilter(new URLSearchParams(q)), config, now, user).rows.map((r) => r.ticket.no);
    expect(nos(`view=${view}`)).toEqual(expected);
    // The same view with another filter takes the full scan: same answer.
    expect(nos(`view=${view}&kind=complaint`)).toEqual(expected);
    expect(inView(tickets[3], view, user, config, () => true)).toBe(false);
  });

  it('shows nothing for a view without a viewer', () => {
    expect(queryQueue(source, parseQueueFilter(new URLSearchParams('view=mine')), config, now).rows).toEqual([]);
  });

  it('counts per status and per view for the home page', () => {
    const c = workbenchCounts(source.statusCounts(), source.openTickets(), li, config, (t) =>
      milestonesOf(t, config, now),
    );
    expect(c.byStatus).toMatchObject({ received: 2, assigned: 1, closed: 1, replied: 0 });
    expect(c.views).toEqual({ mine: 1, unassigned: 1, escalated: 0, overdue: 1 });
  });
});
