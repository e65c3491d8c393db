/**
 * The paced quiz as a pure state machine: waiting → open (countdown) → revealed → open (next
 * question) … → finished. Every change is a new session with `rev + 1`; the store swaps it in
 * only if the stored rev is still the one read (compare-and-set), so two clicks, or two nodes,
 * never advance twice. A trainer's command also carries the phase and question it was pressed on
 * (`expect`): a click made on a screen that is out of date is refused as `stale`.
 *
 * Answers are accepted while the current question is open and its countdown runs; each person
 * answers each question once. When answers stop (reveal or countdown end) is kept per question,
 * so an answer that raced a reveal never counts.
 */
import type { LiveAnswer, LiveControl, LivePhase, LivePlayer, LiveSession, LeaderboardMode } from './live-schema';
import type { Attempt, Quiz, QuizQuestion, QuizResponse } from './schema';
import { isValidResponse, scoreAttempt, scoreQuestion } from './scoring';
import { pointsFor } from './live-points';

export type LiveProblem = 'stale' | 'bad_phase' | 'finished';
export type AnswerProblem = 'not_open' | 'wrong_question' | 'locked' | 'already' | 'bad_response' | 'finished';

/** A new session, waiting for the trainer to start. */
export function newLiveSession(
  quizId: string,
  options: { seconds: number; leaderboard: LeaderboardMode },
  now: Date,
): LiveSession {
  return {
    quizId,
    rev: 0,
    phase: 'waiting',
    index: 0,
    seconds: options.seconds,
    leaderboard: options.leaderboard,
    lockedAt: [],
    updatedAt: now.toISOString(),
  };
}

const bump = (s: LiveSession, now: Date, change: Partial<LiveSession>): LiveSession => ({
  ...s,
  ...change,
  rev: s.rev + 1,
  updatedAt: now.toISOString(),
});

/** Opens question `index`: a fresh countdown. */
function open(s: LiveSession, index: number, now: Date): LiveSession {
  return bump(s, now, {
    phase: 'open',
    index,
    openedAt: now.toISOString(),
    deadline: new Date(now.getTime() + s.seconds * 1000).toISOString(),
  });
}

/** Stops answers to the current question at `at` (never later than its deadline). */
function lock(s: LiveSession, now: Date, phase: LivePhase): LiveSession {
  const at = Math.min(now.getTime(), Date.parse(s.deadline ?? now.toISOString()));
  const lockedAt = [...s.lockedAt];
  lockedAt[s.index] = new Date(at).toISOString();
  // Indexes skipped by nothing stay filled: JSON has no holes.
  for (let i = 0; i < lockedAt.length; i++) lockedAt[i] ??= lockedAt[s.index];
  return bump(s, now, { phase, lockedAt });
}

/**
 * Applies a trainer's command to the session read from the store. `questionCount` is the quiz's
 * number of questions. The caller stores the result with compare-and-set on `session.rev`.
 */
export function applyControl(
  s: LiveSession,
  command: LiveControl,
  questionCount: number,
  now: Date,
): { ok: true; session: LiveSession } | { ok: false; problem: LiveProblem } {
  if (command.action === 'leaderboard') {
    return { ok: true, session: bump(s, now, { leaderboard: command.mode }) };
  }
  if (s.phase === 'finished') return { ok: false, problem: 'finished' };
  if (command.expect.phase !== s.phase || command.expect.index !== s.index) return { ok: false, problem: 'stale' };
  switch (command.action) {
    case 'start':
      return s.phase === 'waiting' ? { ok: true, session: open(s, 0, now) } : { ok: false, problem: 'bad_phase' };
    case 'reveal':
      return s.phase === 'open' ? { ok: true, session: lock(s, now, 'revealed') } : { ok: false, problem: 'bad_phase' };
    case 'next':
      if (s.phase !== 'revealed') return { ok: false, problem: 'bad_phase' };
      return s.index + 1 < questionCount
        ? { ok: true, session: open(s, s.index + 1, now) }
        : { ok: true, session: bump(s, now, { phase: 'finished' }) };
    case 'finish':
      return { ok: true, session: s.phase === 'open' ? lock(s, now, 'finished') : bump(s, now, { phase: 'finished' }) };
  }
}

/** The countdown ended: the revealed session to store, or undefined when nothing is due. */
export function settleLive(s: LiveSession, now: Date): LiveSession | undefined {
  if (s.phase !== 'open' || !s.deadline || now.getTime() < Date.parse(s.deadline)) return undefined;
  return lock(s, now, 'revealed');
}

/** Whether the current question takes answers now (open and its countdown running). */
export function isAnswering(s: LiveSession, now: Date): boolean {
  return s.phase === 'open' && !!s.deadline && now.getTime() < Date.parse(s.deadline);
}

/**
 * Why an answer to question `index` is refused now, or undefined when it is taken.
 * `already`: this person has answered this question.
 */
export function answerProblem(
  s: LiveSession,
  question: QuizQuestion | undefined,
  index: number,
  value: QuizResponse,
  already: boolean,
  now: Date,
): AnswerProblem | undefined {
  if (s.phase === 'finished') return 'finished';
  if (index !== s.index || !question) return 'wrong_question';
  if (s.phase === 'waiting') return 'not_open';
  if (!isAnswering(s, now)) return 'locked';
  if (already) return 'already';
  if (!isValidResponse(question, value) || (Array.isArray(value) && value.length === 0)) return 'bad_response';
  return undefined;
}

/** The stored answer: whether it is right (whole credit only) and the points it earns. */
export function scoreLiveAnswer(
  s: LiveSession,
  question: QuizQuestion,
  who: { quizId: string; userId: string },
  value: QuizResponse,
  now: Date,
): LiveAnswer {
  const elapsedMs = Math.max(0, now.getTime() - Date.parse(s.openedAt ?? now.toISOString()));
  const correct = scoreQuestion(question, value, 'all-or-nothing') === 1;
  return {
    quizId: who.quizId,
    userId: who.userId,
    index: s.index,
    value,
    at: now.toISOString(),
    elapsedMs,
    correct,
    points: pointsFor(correct, elapsedMs, s.seconds * 1000),
  };
}

/** The answers that count: those received before their question's answers stopped. */
export function countedAnswers(s: LiveSession, answers: readonly LiveAnswer[]): LiveAnswer[] {
  return answers.filter((a) => {
    const locked = s.lockedAt[a.index];
    return locked === undefined ? a.index === s.index && s.phase === 'open' : a.at <= locked;
  });
}

/** Per option (or true/false), how many chose it; `total` counts the answers. */
export function distributionOf(
  question: QuizQuestion,
  answers: readonly Pick<LiveAnswer, 'value'>[],
): { options: { id: string; count: number; correct: boolean }[]; total: number } {
  const choices =
    question.type === 'truefalse'
      ? [
          { id: 'true', correct: question.answer === true },
          { id: 'false', correct: question.answer === false },
        ]
      : question.options.map((o) => ({ id: o.id, correct: question.answer.includes(o.id) }));
  const counts = new Map(choices.map((c) => [c.id, 0]));
  for (const a of answers) {
    const picked = Array.isArray(a.value) ? a.value : [String(a.value)];
    for (const id of picked) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  }
  return { options: choices.map((c) => ({ ...c, count: counts.get(c.id)! })), total: answers.length };
}

/**
 * A player's paced session as a submitted attempt (written when the session finishes), so the
 * results page, each person's history, the item analysis and the CSV treat it like any other:
 * the questions in the quiz's order, the answers that counted, scored by the quiz's rules.
 */
export function attemptOfLive(
  quiz: Quiz,
  s: LiveSession,
  player: LivePlayer,
  answers: readonly LiveAnswer[],
  id: string,
  now: Date,
): Attempt {
  const mine = countedAnswers(s, answers).filter((a) => a.userId === player.userId);
  const responses: Attempt['answers'] = {};
  for (const a of mine) {
    const q = quiz.questions[a.index];
    if (q) responses[q.id] = { value: a.value, at: a.at };
  }
  const optionOrder: Attempt['optionOrder'] = {};
  for (const q of quiz.questions) if (q.type !== 'truefalse') optionOrder[q.id] = q.options.map((o) => o.id);
  const at = now.toISOString();
  return {
    id,
    quizId: quiz.id,
    userId: player.userId,
    userName: player.name,
    username: player.username,
    number: 1,
    order: quiz.questions.map((q) => q.id),
    optionOrder,
    answers: responses,
    startedAt: player.joinedAt,
    deadline: at,
    submittedAt: at,
    submittedBy: 'ended',
    score: scoreAttempt(
      quiz.questions,
      Object.fromEntries(Object.entries(responses).map(([qid, r]) => [qid, r.value])),
      quiz.settings.scoringRule,
      quiz.settings.passMark,
    ),
  };
}
