/**
 * Assignments on the running server: a trainer gives a quiz to people and roles with a due day;
 * staff read what they still have to do; the trainer reads who has done it.
 */
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '../auth/roles';
import { MALL } from '../mall/mall';
import type { Attempt, Quiz } from '../quiz/schema';
import { getStore } from '../store/store.server';
import { localDay } from '../time/mall-time';
import {
  assignmentReport,
  reaches,
  openAssignmentsFor,
  reportCounts,
  type Assignee,
  type OpenAssignment,
  type PersonRow,
} from './assignments';
import type { Assignment, AssignmentForm } from './schema';

export type AssignOutcome =
  | { ok: true; value: Assignment }
  | { ok: false; problem: 'not_found' | 'ended' }
  | { ok: false; problem: 'unknown_users'; ids: string[] };

/** Records an assignment (of a quiz not ended, to users who exist). */
export async function createAssignment(
  form: AssignmentForm,
  by: SessionUser,
  extra: Pick<Assignment, 'reason'> & Partial<Pick<Assignment, 'section'>> = { reason: 'manual' },
  now = new Date(),
): Promise<AssignOutcome> {
  const store = await getStore();
  const quiz = await store.quizzes.byId(form.quizId);
  if (!quiz) return { ok: false, problem: 'not_found' };
  if (quiz.status === 'ended') return { ok: false, problem: 'ended' };
  const users = await store.users.list();
  const unknown = form.userIds.filter((id) => !users.some((u) => u.id === id));
  if (unknown.length) return { ok: false, problem: 'unknown_users', ids: unknown };
  const assignment: Assignment = {
    id: randomUUID(),
    quizId: quiz.id,
    title: form.title || quiz.settings.title,
    userIds: form.userIds,
    roles: form.roles,
    ...(form.departments.length ? { departments: form.departments } : {}),
    due: form.due,
    ...extra,
    createdBy: { id: by.id, name: by.name },
    createdAt: now.toISOString(),
  };
  await store.assignments.insert(assignment);
  await store.audit.append({
    at: now.toISOString(),
    actor: { id: by.id, username: by.username },
    action: 'assignment.create',
    target: assignment.id,
    detail: {
      quiz: quiz.id,
      people: form.userIds.length,
      roles: form.roles.join(','),
      departments: form.departments.join(','),
    },
  });
  return { ok: true, value: assignment };
}

/** What a user still has to do (the 待完成 card). */
export async function openAssignmentsOf(user: SessionUser, now = Date.now()): Promise<OpenAssignment[]> {
  const store = await getStore();
  const department = (await store.users.byId(user.id))?.department;
  const me = { id: user.id, role: user.role, ...(department ? { department } : {}) };
  const assignments = (await store.assignments.list()).filter((a) => reaches(a, me));
  if (!assignments.length) return [];
  const quizIds = [...new Set(assignments.map((a) => a.quizId))];
  const quizzes = new Map(
    (await Promise.all(quizIds.map((id) => store.quizzes.byId(id))))
      .filter((q): q is Quiz => !!q)
      .map((q) => [q.id, q]),
  );
  const mine = await store.quizzes.attemptsByUser(user.id);
  return openAssignmentsFor(
    me,
    assignments,
    quizzes,
    (quizId) => mine.filter((a) => a.quizId === quizId),
    localDay(now, MALL.timeZone),
  );
}

/** Accounts as assignments see them. */
export async function assignableUsers(): Promise<Assignee[]> {
  return (await (await getStore()).users.list()).map((u) => ({
    id: u.id,
    name: u.name,
    username: u.username,
    role: u.role,
    ...(u.department ? { department: u.department } : {}),
    active: u.active,
  }));
}

export interface AssignmentView {
  assignment: Assignment;
  quiz: Quiz;
  rows: { user: Assignee; row: PersonRow }[];
  counts: ReturnType<typeof reportCounts>;
}

/** One assignment with each person reached and where they stand. */
export async function assignmentView(id: string): Promise<AssignmentView | undefined> {
  const store = await getStore();
  const assignment = await store.assignments.byId(id);
  if (!assignment) return undefined;
  const quiz = await store.quizzes.byId(assignment.quizId);
  if (!quiz) return undefined;
  const attempts: Attempt[] = await store.quizzes.attemptsOf(quiz.id);
  const rows = assignmentReport(assignment, quiz, await assignableUsers(), attempts);
  return { assignment, quiz, rows, counts: reportCounts(rows) };
}

/** Every assignment with its counts, newest first. */
export async function assignmentList(): Promise<AssignmentView[]> {
  const store = await getStore();
  const list = await store.assignments.list();
  return (await Promise.all(list.map((a) => assignmentView(a.id)))).filter((v): v is AssignmentView => !!v);
}
