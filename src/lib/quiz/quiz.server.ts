/**
 * Quizzes on the running server: the repository of this process's data directory and every
 * operation that changes a session or an attempt. All scoring, time and attempt rules are
 * applied here (through the pure functions of quiz.ts), never in a browser.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { FailureLock } from '../limits/rate-limit';
import { acquireDataDirLock, resolveDataDir } from '../store/data-dir';
import { QuizzesRepo } from '../store/quizzes';
import type { SessionUser } from '../auth/roles';
import { BANKS } from './banks';
import { buildQuiz, checkWindow, finishAttempt, isExpired, newAttempt, nextAttempt, type WindowProblem } from './quiz';
import { isValidResponse } from './scoring';
import type { Attempt, Quiz, QuizResponse, QuizSettings } from './schema';

let repo: Promise<QuizzesRepo> | undefined;

/** The quiz store of this server's data directory (opened once). */
export function getQuizzes(): Promise<QuizzesRepo> {
  repo ??= (async () => {
    const dir = resolveDataDir();
    acquireDataDirLock(dir);
    return QuizzesRepo.open(dir);
  })();
  return repo;
}

/** What went wrong, for the API and actions to translate into a status and a message. */
export type QuizProblem =
  | WindowProblem
  | 'not_found'
  | 'exhausted'
  | 'submitted'
  | 'time_up'
  | 'bad_question'
  | 'bad_response'
  | 'bad_status'
  | 'pool_too_small'
  | 'unknown_bank'
  | 'too_many_codes';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: QuizProblem; detail?: string };
const fail = (problem: QuizProblem, detail?: string) => ({ ok: false as const, problem, detail });

export async function createQuiz(settings: QuizSettings, by: SessionUser, now = new Date()): Promise<Outcome<Quiz>> {
  const quizzes = await getQuizzes();
  const built = buildQuiz(BANKS, settings, {
    id: randomUUID(),
    code: quizzes.freshCode(),
    seed: randomInt(0, 2 ** 31),
    by: { id: by.id, name: by.name },
    now,
  });
  if (!built.ok) return fail(built.reason, String(built.poolSize));
  await quizzes.insertQuiz(built.quiz);
  return { ok: true, value: built.quiz };
}

/** created → live, or live → ended (which submits every attempt still open). */
export async function setQuizStatus(quizId: string, to: 'live' | 'ended', now = new Date()): Promise<Outcome<Quiz>> {
  const quizzes = await getQuizzes();
  const quiz = quizzes.byId(quizId);
  if (!quiz) return fail('not_found');
  if (to === 'live' && quiz.status !== 'created') return fail('bad_status');
  if (to === 'ended' && quiz.status === 'ended') return fail('bad_status');
  const next: Quiz = {
    ...quiz,
    status: to,
    ...(to === 'live' ? { startedAt: now.toISOString() } : { endedAt: now.toISOString() }),
  };
  await quizzes.saveQuiz(next);
  if (to === 'ended') {
    await Promise.all(
      quizzes
        .attemptsOf(quizId)
        .filter((a) => !a.submittedAt)
        .map((a) => quizzes.saveAttempt(finishAttempt(next, a, 'ended', now))),
    );
  }
  return { ok: true, value: next };
}

/** Submits, as timed out, the open attempts of a session whose time is over (called before reading results). */
export async function settleExpired(quizId: string, now = new Date()): Promise<void> {
  const quizzes = await getQuizzes();
  const quiz = quizzes.byId(quizId);
  if (!quiz) return;
  const due = quizzes.attemptsOf(quizId).filter((a) => !a.submittedAt && isExpired(a, now));
  await Promise.all(due.map((a) => quizzes.saveAttempt(finishAttempt(quiz, a, 'timeout', now))));
}

/** A session as its trainer reads it (live view, results, trainer API): found, with its expired attempts settled. */
export async function settledQuiz(id: string | undefined, now = new Date()) {
  const quizzes = await getQuizzes();
  const quiz = id ? quizzes.byId(id) : undefined;
  if (!quiz) return undefined;
  await settleExpired(quiz.id, now);
  return { quiz, quizzes };
}

/** Wrong join codes: per person and per address (staff at a desk share one), within 15 minutes. */
const JOIN_WINDOW_MS = 15 * 60_000;
const joinLocks = {
  user: new FailureLock(10, JOIN_WINDOW_MS, JOIN_WINDOW_MS),
  address: new FailureLock(30, JOIN_WINDOW_MS, JOIN_WINDOW_MS),
};

/**
 * The session a join code opens, if it can be joined now. Wrong codes count against the person
 * and the address asking; past the limit every code is refused for a while (`too_many_codes`,
 * with the wait in seconds as `detail`), the right one included, so guessing gains nothing.
 */
export async function findByCode(
  code: string,
  who: { userId: string; address: string },
  now = new Date(),
): Promise<Outcome<Quiz>> {
  const at = now.getTime();
  const [userKey, addressKey] = [`user:${who.userId}`, `addr:${who.address}`];
  for (const lock of [joinLocks.user.check(userKey, at), joinLocks.address.check(addressKey, at)])
    if (!lock.ok) return fail('too_many_codes', String(Math.ceil(lock.retryAfterSec / 60)));
  const quiz = (await getQuizzes()).byCode(code);
  if (!quiz) {
    joinLocks.user.fail(userKey, at);
    joinLocks.address.fail(addressKey, at);
    return fail('not_found');
  }
  const problem = checkWindow(quiz, now);
  return problem ? fail(problem) : { ok: true, value: quiz };
}

/** Resumes the person's open attempt or starts their next one, within the window and the attempt limit. */
export async function startAttempt(quizId: string, user: SessionUser, now = new Date()): Promise<Outcome<Attempt>> {
  const quizzes = await getQuizzes();
  const quiz = quizzes.byId(quizId);
  if (!quiz) return fail('not_found');
  await settleExpired(quizId, now);
  const mine = quizzes.attemptsOf(quizId).filter((a) => a.userId === user.id);
  const next = nextAttempt(mine, quiz.settings.attemptsAllowed);
  if (next.kind === 'resume') return { ok: true, value: quizzes.attemptById(next.attemptId)! };
  const problem = checkWindow(quiz, now);
  if (problem) return fail(problem);
  if (next.kind === 'exhausted') return fail('exhausted');
  const attempt = newAttempt(quiz, user, next.number, randomUUID(), now);
  await quizzes.insertAttempt(attempt);
  return { ok: true, value: attempt };
}

/** An attempt with its session, if it belongs to `user` (someone else's attempt looks like none). */
export async function ownAttempt(
  attemptId: string,
  user: SessionUser,
): Promise<{ quiz: Quiz; attempt: Attempt } | undefined> {
  const quizzes = await getQuizzes();
  const attempt = quizzes.attemptById(attemptId);
  if (!attempt || attempt.userId !== user.id) return undefined;
  const quiz = quizzes.byId(attempt.quizId);
  return quiz ? { quiz, attempt } : undefined;
}

/** Saves one response (replacing an earlier one to the same question). */
export async function saveAnswer(
  attemptId: string,
  user: SessionUser,
  questionId: string,
  value: QuizResponse,
  now = new Date(),
): Promise<Outcome<{ savedAt: string; answered: number }>> {
  const found = await ownAttempt(attemptId, user);
  if (!found) return fail('not_found');
  const { quiz, attempt } = found;
  if (attempt.submittedAt) return fail('submitted');
  const window = checkWindow(quiz, now);
  if (window === 'ended') return fail('ended');
  if (isExpired(attempt, now)) {
    await (await getQuizzes()).saveAttempt(finishAttempt(quiz, attempt, 'timeout', now));
    return fail('time_up');
  }
  if (!attempt.order.includes(questionId)) return fail('bad_question');
  const question = quiz.questions.find((q) => q.id === questionId)!;
  if (!isValidResponse(question, value)) return fail('bad_response');
  const savedAt = now.toISOString();
  await (
    await getQuizzes()
  ).saveAttempt({ ...attempt, answers: { ...attempt.answers, [questionId]: { value, at: savedAt } } });
  return { ok: true, value: { savedAt, answered: Object.keys(attempt.answers).length } };
}

/**
 * Submits an attempt and scores it. Submitting twice returns the first result. After the
 * deadline (or once the session is closed) only the answers saved in time count.
 */
export async function submitAttempt(attemptId: string, user: SessionUser, now = new Date()): Promise<Outcome<Attempt>> {
  const found = await ownAttempt(attemptId, user);
  if (!found) return fail('not_found');
  const { quiz, attempt } = found;
  if (attempt.submittedAt) return { ok: true, value: attempt };
  const late = isExpired(attempt, now) || checkWindow(quiz, now) !== undefined;
  const done = finishAttempt(quiz, attempt, late ? 'timeout' : 'user', now);
  await (await getQuizzes()).saveAttempt(done);
  return { ok: true, value: done };
}
