/**
 * Assignment rules, pure: who an assignment reaches, where each of them stands, and what a person
 * still has to do (the 待完成 card on /staff).
 */
import type { Role } from '../auth/roles';
import type { Attempt, Quiz } from '../quiz/schema';
import type { Assignment } from './schema';

/** A user as assignments need one. */
export interface Assignee {
  id: string;
  name: string;
  username: string;
  role: Role;
  /** Department id (content/mall/departments.yaml), when the person has one. */
  department?: string;
  active: boolean;
}

/** Whether an assignment reaches a user (named, holding one of its roles, or in one of its departments). */
export const reaches = (
  a: Pick<Assignment, 'userIds' | 'roles'> & { departments?: readonly string[] },
  u: Pick<Assignee, 'id' | 'role' | 'department'>,
): boolean =>
  a.userIds.includes(u.id) ||
  a.roles.includes(u.role) ||
  (u.department !== undefined && (a.departments ?? []).includes(u.department));

/** The active users an assignment reaches, by name. */
export function assigneesOf<U extends Assignee>(
  a: Pick<Assignment, 'userIds' | 'roles'> & { departments?: readonly string[] },
  users: readonly U[],
): U[] {
  return users.filter((u) => u.active && reaches(a, u)).sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'));
}

/**
 * Where one person stands: passed (a submitted attempt passed), failed (submitted, none passed,
 * no attempt left), retry (submitted, none passed, attempts left), started (an attempt open), open.
 */
export type PersonStatus = 'passed' | 'failed' | 'retry' | 'started' | 'open';

export interface PersonRow {
  status: PersonStatus;
  /** Best score in percent among submitted attempts. */
  best?: number;
  /** When the passing (else the last) attempt was submitted. */
  at?: string;
}

/** A person's standing from their attempts at the assignment's quiz. */
export function personStatus(quiz: Pick<Quiz, 'settings'>, attempts: readonly Attempt[]): PersonRow {
  const submitted = attempts.filter((a) => a.submittedAt && a.score);
  const passed = submitted.find((a) => a.score!.passed);
  const best = submitted.length ? Math.max(...submitted.map((a) => a.score!.percent)) : undefined;
  if (passed) return { status: 'passed', best, at: passed.submittedAt };
  if (submitted.length) {
    const last = submitted.at(-1)!.submittedAt;
    const left = attempts.length < quiz.settings.attemptsAllowed;
    return { status: left ? 'retry' : 'failed', best, at: last };
  }
  return { status: attempts.length ? 'started' : 'open' };
}

/** Whether a person has nothing left to do: passed, or used every attempt. */
export const isDone = (s: PersonStatus): boolean => s === 'passed' || s === 'failed';

/** One line of the 待完成 card. */
export interface OpenAssignment {
  assignment: Assignment;
  quiz: Pick<Quiz, 'id' | 'code' | 'status' | 'settings'>;
  status: PersonStatus;
  /** The due day has passed (mall-local). */
  overdue: boolean;
}

/**
 * What a user still has to do, soonest due first: assignments reaching them whose quiz is not
 * ended and which they have not done. `attemptsOf(quizId)` gives the user's own attempts.
 */
export function openAssignmentsFor(
  user: Pick<Assignee, 'id' | 'role' | 'department'>,
  assignments: readonly Assignment[],
  quizzes: ReadonlyMap<string, Pick<Quiz, 'id' | 'code' | 'status' | 'settings'>>,
  attemptsOf: (quizId: string) => readonly Attempt[],
  today: string,
): OpenAssignment[] {
  const out: OpenAssignment[] = [];
  const seen = new Set<string>();
  for (const a of [...assignments].sort(
    (x, y) => x.due.localeCompare(y.due) || x.createdAt.localeCompare(y.createdAt),
  )) {
    const quiz = quizzes.get(a.quizId);
    if (!quiz || quiz.status === 'ended' || !reaches(a, user) || seen.has(a.quizId)) continue;
    const { status } = personStatus(quiz, attemptsOf(a.quizId));
    if (isDone(status)) continue;
    seen.add(a.quizId); // one quiz assigned twice is one thing to do
    out.push({ assignment: a, quiz, status, overdue: today > a.due });
  }
  return out;
}

/** The trainer's view of one assignment: each person reached and where they stand. */
export function assignmentReport(
  a: Assignment,
  quiz: Pick<Quiz, 'settings'>,
  users: readonly Assignee[],
  attempts: readonly Attempt[],
): { user: Assignee; row: PersonRow }[] {
  return assigneesOf(a, users).map((user) => ({
    user,
    row: personStatus(
      quiz,
      attempts.filter((x) => x.userId === user.id),
    ),
  }));
}

/** Counts of a report: reached, passed, not done. */
export function reportCounts(rows: readonly { row: PersonRow }[]) {
  return {
    total: rows.length,
    passed: rows.filter((r) => r.row.status === 'passed').length,
    notDone: rows.filter((r) => !isDone(r.row.status)).length,
  };
}
