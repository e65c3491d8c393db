import { describe, expect, it } from 'vitest';
import {
  assigneesOf,
  assignmentReport,
  isDone,
  openAssignmentsFor,
  personStatus,
  reaches,
  reportCounts,
  type Assignee,
} from '../../../../src/lib/assignments/assignments';
import { assignmentFormSchema, type Assignment } from '../../../../src/lib/assignments/schema';
import type { Attempt, Quiz } from '../../../../src/lib/quiz/schema';

const users: Assignee[] = [
  { id: 'u1', name: '张客服', username: 'staff', role: 'staff', active: true },
  { id: 'u2', name: '刘客服', username: 'staff2', role: 'staff', active: true },
  { id: 'u3', name: '李主管', username: 'sup', role: 'supervisor', active: true },
  { id: 'u4', name: '旧员工', username: 'old', role: 'staff', active: false },
];
const assignment = (over: Partial<Assignment> = {}): Assignment => ({
  id: 'a1',
  quizId: 'q1',
  title: '退换货',
  userIds: ['u3'],
  roles: ['staff'],
  due: '2026-12-01',
  reason: 'manual',
  createdBy: { id: 't', name: '陈培训' },
  createdAt: '2026-11-20T00:00:00Z',
  ...over,
});
const quiz = (attemptsAllowed = 2, status: Quiz['status'] = 'live') =>
  ({ id: 'q1', code: '12345678', status, settings: { attemptsAllowed } }) as unknown as Quiz;
const att = (userId: string, passed?: boolean, percent = passed ? 90 : 40) =>
  ({
    quizId: 'q1',
    userId,
    submittedAt: passed === undefined ? undefined : '2026-11-21T00:00:00Z',
    score: passed === undefined ? undefined : { points: 1, max: 1, percent, passed, items: [] },
  }) as Attempt;

describe('who an assignment reaches', () => {
  it('reaches named people and everyone holding a role, active ones only', () => {
    expect(reaches(assignment(), users[0])).toBe(true);
    expect(reaches(assignment({ roles: [] }), users[0])).toBe(false);
    const names = assigneesOf(assignment(), users).map((u) => u.name);
    expect([...names].sort()).toEqual(['刘客服', '张客服', '李主管'].sort());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    expect(assigneesOf(assignment(), users).some((u) => u.id === 'u4')).toBe(false);
  });
});

describe('assignments to a department', () => {
  const staff = [
    { ...users[0], department: 'service-centre' },
    { ...users[1], department: 'engineering' },
    users[2],
    { ...users[3], department: 'service-centre' },
  ];
  it('reach everyone in the department, now or later, and nobody without one', () => {
    const a = assignment({ userIds: [], roles: [], departments: ['service-centre'] });
    expect(staff.map((u) => reaches(a, u))).toEqual([true, false, false, true]);
    expect(assigneesOf(a, staff).map((u) => u.id)).toEqual(['u1']);
    expect(reaches(a, { ...users[1], department: 'service-centre' })).toBe(true);
  });
  it('add to named people and roles; an assignment stored without departments still works', () => {
    const a = assignment({ userIds: ['u3'], roles: [], departments: ['engineering'] });
    expect(
      assigneesOf(a, staff)
        .map((u) => u.id)
        .sort(),
    ).toEqual(['u2', 'u3']);
    expect(assigneesOf(assignment({ userIds: [], roles: ['supervisor'] }), staff).map((u) => u.id)).toEqual(['u3']);
  });
});

describe('where a person stands', () => {
  it.each([
    ['open', [], 'open'],
    ['started', [att('u1')], 'started'],
    ['failed once, one attempt left', [att('u1', false)], 'retry'],
    ['failed twice, none left', [att('u1', false), att('u1', false)], 'failed'],
    ['failed then passed', [att('u1', false), att('u1', true)], 'passed'],
  ] as const)('%s', (_, attempts, status) => {
    expect(personStatus(quiz(2), attempts).status).toBe(status);
  });

  it('keeps the best score', () => {
    expect(personStatus(quiz(3), [att('u1', false, 60), att('u1', false, 70)]).best).toBe(70);
  });

  it('is done when passed or out of attempts', () => {
    expect(['passed', 'failed', 'retry', 'started', 'open'].map((s) => isDone(s as never))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('待完成', () => {
  const quizzes = new Map([['q1', quiz(2)]]);
  it('lists what a person still has to do, and drops it once passed', () => {
    const todo = openAssignmentsFor(users[0], [assignment()], quizzes, () => [], '2026-11-30');
    expect(todo.map((x) => [x.assignment.id, x.status, x.overdue])).toEqual([['a1', 'open', false]]);
    expect(openAssignmentsFor(users[0], [assignment()], quizzes, () => [att('u1', true)], '2026-11-30')).toEqual([]);
    expect(
      openAssignmentsFor(users[0], [assignment()], quizzes, () => [att('u1', false)], '2026-11-30')[0].status,
    ).toBe('retry');
  });

  it('lists an assignment to the person’s department, not to someone of another one', () => {
    const toEngineering = assignment({ userIds: [], roles: [], departments: ['engineering'] });
    const engineer = { ...users[2], department: 'engineering' };
    expect(openAssignmentsFor(engineer, [toEngineering], quizzes, () => [], '2026-11-30')).toHaveLength(1);
    expect(
      openAssignmentsFor({ ...engineer, department: 'cleaning' }, [toEngineering], quizzes, () => [], '2026-11-30'),
    ).toEqual([]);
    expect(openAssignmentsFor(users[2], [toEngineering], quizzes, () => [], '2026-11-30')).toEqual([]);
  });

  it('marks overdue the day after the due day, not on it', () => {
    expect(openAssignmentsFor(users[0], [assignment()], quizzes, () => [], '2026-12-01')[0].overdue).toBe(false);
    expect(openAssignmentsFor(users[0], [assignment()], quizzes, () => [], '2026-12-02')[0].overdue).toBe(true);
  });

  it('leaves out ended quizzes, people not reached, and a quiz assigned twice', () => {
    expect(
      openAssignmentsFor(users[0], [assignment()], new Map([['q1', quiz(2, 'ended')]]), () => [], '2026-11-30'),
    ).toEqual([]);
    expect(openAssignmentsFor(users[2], [assignment({ userIds: [] })], quizzes, () => [], '2026-11-30')).toEqual([]);
    const twice = [assignment({ id: 'late', due: '2026-12-09' }), assignment({ id: 'soon', due: '2026-12-02' })];
    expect(openAssignmentsFor(users[0], twice, quizzes, () => [], '2026-11-30').map((x) => x.assignment.id)).toEqual([
      'soon',
    ]);
  });
});

describe('the trainer’s report', () => {
  it('shows who passed and who has not done it', () => {
    const rows = assignmentReport(assignment(), quiz(1), users, [att('u1', true), att('u2', false)]);
    expect(Object.fromEntries(rows.map((r) => [r.user.id, r.row.status]))).toEqual({
      u1: 'passed',
      u2: 'failed',
      u3: 'open',
    });
    expect(reportCounts(rows)).toEqual({ total: 3, passed: 1, notDone: 1 });
  });
});

describe('the assign form refuses bad fields by name', () => {
  const good = { quizId: 'q1', userIds: ['u1'], roles: [], due: '2026-12-01' };
  it.each([
    ['quizId', { quizId: '' }],
    ['due', { due: '12/01/2026' }],
    ['due', { due: '1999-12-01' }],
    ['due', { due: null }],
    ['quizId', { quizId: null }],
    ['roles', { roles: ['king'] }],
    ['userIds', { userIds: [], roles: [] }],
    ['userIds', { userIds: [], roles: [], departments: [] }],
    ['departments', { departments: [''] }],
    ['userIds', { userIds: Array.from({ length: 501 }, (_, i) => `u${i}`) }],
  ])('%s', (field, over) => {
    const r = assignmentFormSchema.safeParse({ ...good, ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0])).toContain(field);
    // The trainer reads Chinese, never a validator's English default.
    for (const issue of r.error!.issues) expect(issue.message).not.toMatch(/[A-Za-z]/);
  });

  it('takes a department alone', () => {
    expect(assignmentFormSchema.parse({ ...good, userIds: [], departments: ['cleaning', 'cleaning'] })).toMatchObject({
      userIds: [],
      departments: ['cleaning'],
    });
  });

  it('takes roles alone, and removes repeated ids', () => {
    expect(assignmentFormSchema.parse({ ...good, userIds: ['u1', ' u1 '], roles: ['staff'] })).toMatchObject({
      userIds: ['u1'],
      roles: ['staff'],
    });
  });
});
