/**
 * Quizzes on the running server: every operation that reads or changes a session or an attempt,
 * on the store's quizzes. All scoring, time and attempt rules are applied here (through the pure
 * functions of quiz.ts), never in a browser.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { getStore } from '../store/store.server';
import type { AttemptFilter, QuizStore } from '../store/port';
import type { SessionUser } from '../auth/roles';
import { BANKS } from './banks';
import { buildQuiz, checkWindow, finishAttempt, isExpired, newAttempt, nextAttempt, type WindowProblem } from './quiz';
import { isValidResponse } from './scoring';
import { JOIN_CODE_LENGTH, type Attempt, type Quiz, type QuizResponse, type QuizSettings } from './schema';

const quizStore = async (): Promise<QuizStore> => (await getStore()).quizzes;

/** Every quiz session, newest first. */
export async function listQuizzes(): Promise<Quiz[]> {
  return (await quizStore()).list();
}

/** A quiz session by id. */
export async function quizById(id: string): Promise<Quiz | undefined> {
  return (await quizStore()).byId(id);
}

/** Attempts of one session, in the order they started. */
export async function attemptsOf(quizId: string, only?: AttemptFilter): Promise<Attempt[]> {
  return (await quizStore()).attemptsOf(quizId, only);
}

/** Attempts of one person across sessions. */
export async function attemptsByUser(userId: string): Promise<Attempt[]> {
  return (await quizStore()).attemptsByUser(userId);
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

/**
 * An 8-digit join code: 10⁸ codes against at most a few dozen wrong tries per person and address
 * per 15 minutes (findByCode) makes guessing hopeless.
 */
const randomCode = () => String(randomInt(0, 100_000_000)).padStart(JOIN_CODE_LENGTH, '0');

/** Tries at a free join code before giving up (with a few dozen live sessions, one almost always does). */
const CODE_TRIES = 20;

export async function createQuiz(settings: QuizSettings, by: SessionUser, now = new Date()): Promise<Outcome<Quiz>> {
  const quizzes = await quizStore();
  const written = settings.trainerQuestions?.length || settings.trainerSections?.length;
  const built = buildQuiz(
    BANKS,
    settings,
    {
      id: randomUUID(),
      code: randomCode(),
      seed: randomInt(0, 2 ** 31),
      by: { id: by.id, name: by.name },
      now,
    },
    written ? await (await getStore()).questions.list() : [],
  );
  if (!built.ok) return fail(built.reason, String(built.poolSize));
  // The store refuses a code a session not ended holds: draw another.
  for (let i = 0; i < CODE_TRIES; i++) {
    const quiz = i === 0 ? built.quiz : { ...built.quiz, code: randomCode() };
    if (await quizzes.insertQuiz(quiz)) return { ok: true, value: quiz };
  }
  throw new Error('quiz: no free join code found');
}

/** created → live, or live → ended (which submits every attempt still open). */
export async function setQuizStatus(quizId: string, to: 'live' | 'ended', now = new Date()): Promise<Outcome<Quiz>> {
  const quizzes = await quizStore();
  const quiz = await quizzes.byId(quizId);
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
      (await quizzes.attemptsOf(quizId, { open: true })).map((a) =>
        quizzes.saveAttempt(finishAttempt(next, a, 'ended', now)),
      ),
    );
  }
  return { ok: true, value: next };
}

/** Submits, as timed out, the open attempts of a session whose time is over (called before reading results). */
export async function settleExpired(quizId: string, now = new Date()): Promise<void> {
  const quizzes = await quizStore();
  const quiz = await quizzes.byId(quizId);
  if (!quiz) return;
  const due = (await quizzes.attemptsOf(quizId, { open: true })).filter((a) => isExpired(a, now));
  await Promise.all(due.map((a) => quizzes.saveAttempt(finishAttempt(quiz, a, 'timeout', now))));
}

/** A session as its trainer reads it (live view, results, trainer API): found, with its expired attempts settled. */
export async function settledQuiz(
  id: string | undefined,
  now = new Date(),
): Promise<{ quiz: Quiz; attempts: Attempt[] } | undefined> {
  const quizzes = await quizStore();
  const quiz = id ? await quizzes.byId(id) : undefined;
  if (!quiz) return undefined;
  await settleExpired(quiz.id, now);
  return { quiz, attempts: await quizzes.attemptsOf(quiz.id) };
}

/** Wrong join codes: per person and per address (staff at a desk share one), within 15 minutes. */
const JOIN_WINDOW_MS = 15 * 60_000;
const JOIN_LOCKS = {
  user: { name: 'quiz.join.user', max: 10 },
  address: { name: 'quiz.join.address', max: 30 },
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
  const { limits, quizzes } = await getStore();
  const keys = [
    [JOIN_LOCKS.user, `user:${who.userId}`],
    [JOIN_LOCKS.address, `addr:${who.address}`],
  ] as const;
  for (const lock of await Promise.all(keys.map(([l, key]) => limits.lockCheck(l.name, key, at))))
    if (!lock.ok) return fail('too_many_codes', String(Math.ceil(lock.retryAfterSec / 60)));
  const quiz = await quizzes.byCode(code);
  if (!quiz) {
    await Promise.all(keys.map(([l, key]) => limits.fail(l.name, key, l.max, JOIN_WINDOW_MS, JOIN_WINDOW_MS, at)));
    return fail('not_found');
  }
  const problem = checkWindow(quiz, now);
  return problem ? fail(problem) : { ok: true, value: quiz };
}

/** Starts in progress per session and person: a double click must not start two attempts. */
const starting = new Map<string, Promise<unknown>>();

/** Resumes the person's open attempt or starts their next one, within the window and the attempt limit. */
export async function startAttempt(quizId: string, user: SessionUser, now = new Date()): Promise<Outcome<Attempt>> {
  // The store's reads are async: one start at a time per person and session, so the second sees the first's attempt.
  const key = `${quizId}\u0000${user.id}`;
  const before = starting.get(key) ?? Promise.resolve();
  const mine = before.catch(() => {}).then(() => startAttemptNow(quizId, user, now));
  starting.set(key, mine);
  try {
    return await mine;
  } finally {
    if (starting.get(key) === mine) starting.delete(key);
  }
}

async function startAttemptNow(quizId: string, user: SessionUser, now: Date): Promise<Outcome<Attempt>> {
  const quizzes = await quizStore();
  const quiz = await quizzes.byId(quizId);
  if (!quiz) return fail('not_found');
  await settleExpired(quizId, now);
  const mine = await quizzes.attemptsOf(quizId, { userId: user.id });
  const next = nextAttempt(mine, quiz.settings.attemptsAllowed);
  if (next.kind === 'resume') return { ok: true, value: (await quizzes.attemptById(next.attemptId))! };
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
  const quizzes = await quizStore();
  const attempt = await quizzes.attemptById(attemptId);
  if (!attempt || attempt.userId !== user.id) return undefined;
  const quiz = await quizzes.byId(attempt.quizId);
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
    await (await quizStore()).saveAttempt(finishAttempt(quiz, attempt, 'timeout', now));
    return fail('time_up');
  }
  if (!attempt.order.includes(questionId)) return fail('bad_question');
  const question = quiz.questions.find((q) => q.id === questionId)!;
  if (!isValidResponse(question, value)) return fail('bad_response');
  const savedAt = now.toISOString();
  await (
    await quizStore()
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
  await (await quizStore()).saveAttempt(done);
  return { ok: true, value: done };
}

/** Any attempt with its session, for trainers reading one person's answers (settled first if its time is over). */
export async function attemptWithQuiz(attemptId: string): Promise<{ quiz: Quiz; attempt: Attempt } | undefined> {
  const quizzes = await quizStore();
  let attempt = await quizzes.attemptById(attemptId);
  if (!attempt) return undefined;
  const quiz = await quizzes.byId(attempt.quizId);
  if (!quiz) return undefined;
  if (!attempt.submittedAt && (isExpired(attempt, new Date()) || quiz.status === 'ended')) {
    await settleExpired(quiz.id);
    attempt = (await quizzes.attemptById(attemptId)) ?? attempt;
  }
  return { quiz, attempt };
}
