/**
 * The quiz domain, pure: building a session's question set and each attempt's paper with a
 * seeded PRNG, what a browser may see of a question, the time window, item analysis and the
 * CSV export (scoring is scoring.ts). No I/O, no clock: callers pass `now`.
 */
import { parseLocalDateTime } from '../time/mall-time';
import { scoreAttempt } from './scoring';
import { trainerPool, type TrainerQuestion } from './questions';
import {
  quizSettingsSchema,
  type Attempt,
  type AttemptScore,
  type Quiz,
  type QuizBank,
  type QuizForm,
  type QuizQuestion,
  type QuizResponse,
  type QuizSettings,
} from './schema';

// ---------------------------------------------------------------- randomness

/** A 32-bit seed from a string (FNV-1a), for deriving an attempt's seed from the session's. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG; the same seed gives the same sequence everywhere. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle into a new array. */
export function shuffle<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------- building a quiz

/** Every question that the chosen banks hold or that cites a clause of a chosen section, in bank order, once each. */
export function questionPool(banks: QuizBank[], choice: Pick<QuizSettings, 'banks' | 'sections'>): QuizQuestion[] {
  const pool: QuizQuestion[] = [];
  const seen = new Set<string>();
  for (const bank of banks) {
    for (const q of bank.questions) {
      const inBank = choice.banks.includes(bank.id);
      const inSection = q.clauses.some((c) => choice.sections.some((s) => c.startsWith(`${s}-`)));
      if ((inBank || inSection) && !seen.has(q.id)) {
        seen.add(q.id);
        pool.push(q);
      }
    }
  }
  return pool;
}

/**
 * The session's question set: `count` questions drawn at random (seeded) from the pool,
 * kept in pool order (each attempt may shuffle them). Undefined when the pool is too small.
 */
export function drawQuestions(pool: QuizQuestion[], count: number, seed: number): QuizQuestion[] | undefined {
  if (count < 1 || count > pool.length) return undefined;
  const chosen = new Set(
    shuffle(
      pool.map((q) => q.id),
      createRng(seed),
    ).slice(0, count),
  );
  return pool.filter((q) => chosen.has(q.id));
}

/** The order of questions and options one attempt shows, reproducible from its seed. */
export interface Paper {
  order: string[];
  optionOrder: Record<string, string[]>;
}

/** Builds an attempt's paper: shuffled as the settings say, from the given seed. */
export function buildPaper(
  questions: QuizQuestion[],
  settings: Pick<QuizSettings, 'shuffleQuestions' | 'shuffleOptions'>,
  seed: number,
): Paper {
  const rng = createRng(seed);
  const ordered = settings.shuffleQuestions ? shuffle(questions, rng) : [...questions];
  const optionOrder: Record<string, string[]> = {};
  for (const q of ordered) {
    if (q.type === 'truefalse') continue;
    const ids = q.options.map((o) => o.id);
    optionOrder[q.id] = settings.shuffleOptions ? shuffle(ids, rng) : ids;
  }
  return { order: ordered.map((q) => q.id), optionOrder };
}

/** Seed of the n-th attempt of a user at a session: differs per person and per attempt. */
export const attemptSeed = (quiz: Pick<Quiz, 'seed'>, userId: string, number: number) =>
  seedFrom(`${quiz.seed}:${userId}:${number}`);

// ---------------------------------------------------------------- what a browser may see

/** A question as the answering screen gets it: no answer, no explanation. */
export interface PublicQuestion {
  id: string;
  type: QuizQuestion['type'];
  prompt: string;
  /** In this attempt's order; empty for true/false. */
  options: { id: string; text: string }[];
}

/** The questions of an attempt, stripped of everything that would give the answer away. */
export function publicPaper(questions: QuizQuestion[], paper: Paper): PublicQuestion[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return paper.order.map((id) => {
    const q = byId.get(id);
    if (!q) throw new Error(`quiz: paper refers to unknown question ${id}`);
    const options =
      q.type === 'truefalse'
        ? []
        : (paper.optionOrder[id] ?? q.options.map((o) => o.id)).map((oid) => {
            const o = q.options.find((x) => x.id === oid);
            if (!o) throw new Error(`quiz: paper refers to unknown option ${id}/${oid}`);
            return { id: o.id, text: o.text };
          });
    return { id: q.id, type: q.type, prompt: q.prompt, options };
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------- time window

/** Why an action on a quiz is refused right now, or undefined when it is allowed. */
export type WindowProblem = 'not_started' | 'not_open' | 'closed' | 'ended';

/** Whether a session accepts joining, answering and submitting at `now`. */
export function checkWindow(quiz: Pick<Quiz, 'status' | 'settings'>, now: Date): WindowProblem | undefined {
  if (quiz.status === 'ended') return 'ended';
  if (quiz.status !== 'live') return 'not_started';
  if (now.getTime() < Date.parse(quiz.settings.opensAt)) return 'not_open';
  if (now.getTime() >= Date.parse(quiz.settings.closesAt)) return 'closed';
  return undefined;
}

/** An attempt's deadline: start + time limit (if any), never after the close time. */
export function attemptDeadline(startedAt: Date, settings: Pick<QuizSettings, 'timeLimitMinutes' | 'closesAt'>): Date {
  const close = Date.parse(settings.closesAt);
  const limit = settings.timeLimitMinutes > 0 ? startedAt.getTime() + settings.timeLimitMinutes * 60_000 : Infinity;
  return new Date(Math.min(close, limit));
}

/**
 * Grace after the deadline for an answer or submission already on its way (network latency);
 * the client's timer submits at the deadline.
 */
export const GRACE_MS = 5_000;

/** Whether an attempt's time is over at `now` (grace included). */
export const isExpired = (attempt: Pick<Attempt, 'deadline'>, now: Date, graceMs = GRACE_MS) =>
  now.getTime() > Date.parse(attempt.deadline) + graceMs;

/** Responses that count: those saved no later than the deadline plus grace. */
export function countedResponses(
  attempt: Pick<Attempt, 'answers' | 'deadline'>,
  graceMs = GRACE_MS,
): Record<string, QuizResponse> {
  const limit = Date.parse(attempt.deadline) + graceMs;
  const out: Record<string, QuizResponse> = {};
  for (const [id, a] of Object.entries(attempt.answers)) if (Date.parse(a.at) <= limit) out[id] = a.value;
  return out;
}

/** What a person may do when they open a session: resume, start attempt n, or nothing more. */
export function nextAttempt(
  mine: Pick<Attempt, 'submittedAt' | 'number' | 'id'>[],
  attemptsAllowed: number,
): { kind: 'resume'; attemptId: string } | { kind: 'new'; number: number } | { kind: 'exhausted' } {
  const open = mine.find((a) => !a.submittedAt);
  if (open) return { kind: 'resume', attemptId: open.id };
  const used = mine.length;
  return used < attemptsAllowed ? { kind: 'new', number: used + 1 } : { kind: 'exhausted' };
}

// ---------------------------------------------------------------- results and item analysis

/** Seconds from start to submission. */
export const secondsTaken = (a: Pick<Attempt, 'startedAt' | 'submittedAt'>) =>
  a.submittedAt ? Math.max(0, Math.round((Date.parse(a.submittedAt) - Date.parse(a.startedAt)) / 1000)) : undefined;

type Scored = Attempt & { score: AttemptScore; submittedAt: string };
const isScored = (a: Attempt): a is Scored => !!a.score && !!a.submittedAt;

/** Each person's first submitted attempt: the unpractised one, which the item analysis uses. */
export function firstAttempts(attempts: Attempt[]): Scored[] {
  const first = new Map<string, Scored>();
  for (const a of attempts.filter(isScored).sort((x, y) => x.number - y.number))
    if (!first.has(a.userId)) first.set(a.userId, a);
  return [...first.values()];
}

export interface SessionSummary {
  /** People with at least one attempt. */
  participants: number;
  /** People with at least one submitted attempt. */
  submitted: number;
  /** People whose best submitted attempt passed. */
  passed: number;
  /** passed ÷ submitted × 100 (one decimal); undefined with no submission. */
  passRate?: number;
  /** Mean percent of first attempts. */
  meanPercent?: number;
  /** Median seconds taken by first attempts. */
  medianSeconds?: number;
}

export function summarise(attempts: Attempt[]): SessionSummary {
  const people = new Set(attempts.map((a) => a.userId));
  const scored = attempts.filter(isScored);
  const best = new Map<string, boolean>();
  for (const a of scored) best.set(a.userId, best.get(a.userId) || a.score.passed);
  const firsts = firstAttempts(attempts);
  const passed = [...best.values()].filter(Boolean).length;
  const times = firsts.map((a) => secondsTaken(a)!).sort((x, y) => x - y);
  const mid = times.length / 2;
  return {
    participants: people.size,
    submitted: best.size,
    passed,
    passRate: best.size ? round1((passed / best.size) * 100) : undefined,
    meanPercent: firsts.length ? round1(firsts.reduce((s, a) => s + a.score.percent, 0) / firsts.length) : undefined,
    medianSeconds: times.length
      ? times.length % 2
        ? times[Math.floor(mid)]
        : (times[mid - 1] + times[mid]) / 2
      : undefined,
  };
}

export interface ItemStats {
  questionId: string;
  /** How many first attempts answered it (were scored on it). */
  n: number;
  /** Facility index: % of them with full credit (one decimal). */
  facility: number;
  /**
   * Discrimination index: share with full credit in the top 27 % by total score minus the
   * share in the bottom 27 % (−1…1, two decimals). Undefined with fewer than 2 attempts.
   */
  discrimination?: number;
}

/** Size of the upper and lower groups: 27 % of n, at least 1, rounded. */
export const groupSize = (n: number) => Math.max(1, Math.round(n * 0.27));

/**
 * Item analysis over each person's first submitted attempt. Ranking by total points, ties
 * broken by user id so the result is reproducible.
 */
export function analyseItems(questions: Pick<QuizQuestion, 'id'>[], attempts: Attempt[]): ItemStats[] {
  const firsts = firstAttempts(attempts).sort(
    (a, b) => b.score.points - a.score.points || a.userId.localeCompare(b.userId),
  );
  const k = groupSize(firsts.length);
  const upper = firsts.slice(0, k);
  const lower = firsts.slice(-k);
  const correct = (a: Scored, id: string) => a.score.items.find((i) => i.questionId === id)?.correct ?? false;
  const share = (group: Scored[], id: string) => group.filter((a) => correct(a, id)).length / group.length;
  return questions.map((q) => {
    const n = firsts.length;
    const right = firsts.filter((a) => correct(a, q.id)).length;
    return {
      questionId: q.id,
      n,
      facility: n ? round1((right / n) * 100) : 0,
      discrimination: n >= 2 ? Math.round((share(upper, q.id) - share(lower, q.id)) * 100) / 100 : undefined,
    };
  });
}

export interface ClauseStats {
  clauseId: string;
  /** Mean facility of the questions citing the clause. */
  facility: number;
  questionIds: string[];
}

/** Clauses by mean facility of the questions that cite them, weakest first. */
export function weakestClauses(
  questions: Pick<QuizQuestion, 'id' | 'clauses'>[],
  items: ItemStats[],
  limit = 5,
): ClauseStats[] {
  const facility = new Map(items.filter((i) => i.n > 0).map((i) => [i.questionId, i.facility]));
  const byClause = new Map<string, string[]>();
  for (const q of questions) {
    if (!facility.has(q.id)) continue;
    for (const c of q.clauses) byClause.set(c, [...(byClause.get(c) ?? []), q.id]);
  }
  return [...byClause.entries()]
    .map(([clauseId, ids]) => ({
      clauseId,
      questionIds: ids,
      facility: round1(ids.reduce((s, id) => s + facility.get(id)!, 0) / ids.length),
    }))
    .sort((a, b) => a.facility - b.facility || a.clauseId.localeCompare(b.clauseId))
    .slice(0, limit);
}

// ---------------------------------------------------------------- banks

/** Banks with question ids unique across all of them; returns the problems found. */
export function checkBankIds(banks: { file: string; bank: QuizBank }[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const { file, bank } of banks) {
    for (const q of bank.questions) {
      const first = owner.get(q.id);
      if (first && first !== file) problems.push(`${file}: question id "${q.id}" is also used in ${first}`);
      else owner.set(q.id, file);
    }
  }
  return problems;
}

/** Questions that cite each clause (for the policy pages), in bank order. */
export function questionsByClause(banks: QuizBank[]): Map<string, QuizQuestion[]> {
  const out = new Map<string, QuizQuestion[]>();
  for (const bank of banks) {
    for (const q of bank.questions) {
      for (const c of q.clauses) {
        const list = out.get(c);
        if (list) list.push(q);
        else out.set(c, [q]);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- sessions and attempts

/**
 * A new quiz session from the banks (and the trainer-written questions the settings pick, each
 * copied at its current version), or why not: the chosen banks hold too few questions.
 */
export function buildQuiz(
  banks: QuizBank[],
  settings: QuizSettings,
  meta: { id: string; code: string; seed: number; by: { id: string; name: string }; now: Date },
  trainer: TrainerQuestion[] = [],
): { ok: true; quiz: Quiz } | { ok: false; reason: 'unknown_bank' | 'pool_too_small'; poolSize: number } {
  if (settings.banks.some((b) => !banks.some((x) => x.id === b)))
    return { ok: false, reason: 'unknown_bank', poolSize: 0 };
  const written = trainerPool(trainer, settings);
  const pool = [...questionPool(banks, settings), ...written.map((r) => r.question)];
  const questions = drawQuestions(pool, settings.questionCount, meta.seed);
  if (!questions) return { ok: false, reason: 'pool_too_small', poolSize: pool.length };
  const versions = Object.fromEntries(
    written.filter((r) => questions.some((q) => q.id === r.id)).map((r) => [r.id, r.version]),
  );
  return {
    ok: true,
    quiz: {
      id: meta.id,
      code: meta.code,
      settings,
      questions,
      ...(Object.keys(versions).length ? { questionVersions: versions } : {}),
      seed: meta.seed,
      status: 'created',
      createdBy: meta.by,
      createdAt: meta.now.toISOString(),
    },
  };
}

/** A new attempt (its paper shuffled from a seed derived from the session, the person and the attempt number). */
export function newAttempt(
  quiz: Quiz,
  user: { id: string; name: string; username: string },
  number: number,
  id: string,
  now: Date,
): Attempt {
  const paper = buildPaper(quiz.questions, quiz.settings, attemptSeed(quiz, user.id, number));
  return {
    id,
    quizId: quiz.id,
    userId: user.id,
    userName: user.name,
    username: user.username,
    number,
    order: paper.order,
    optionOrder: paper.optionOrder,
    answers: {},
    startedAt: now.toISOString(),
    deadline: attemptDeadline(now, quiz.settings).toISOString(),
  };
}

/**
 * Marks an attempt submitted and scores it from the responses that count. A late or forced
 * submission is stamped no later than the deadline, so the time taken never exceeds the limit.
 */
export function finishAttempt(quiz: Quiz, attempt: Attempt, by: 'user' | 'timeout' | 'ended', now: Date): Attempt {
  const at = Math.min(now.getTime(), Date.parse(attempt.deadline));
  return {
    ...attempt,
    submittedAt: new Date(at).toISOString(),
    submittedBy: by,
    score: scoreAttempt(quiz.questions, countedResponses(attempt), quiz.settings.scoringRule, quiz.settings.passMark),
  };
}

/** One question of a submitted attempt as the person sees it afterwards. */
export interface ReviewItem {
  question: QuizQuestion;
  /** Options in the order the attempt showed them (empty for true/false). */
  options: { id: string; text: string; right: boolean; chosen: boolean }[];
  response?: QuizResponse;
  credit: number;
  correct: boolean;
}

/** The review of a submitted attempt, in paper order. Undefined before submission: keys stay on the server. */
export function reviewAttempt(quiz: Quiz, attempt: Attempt): ReviewItem[] | undefined {
  if (!attempt.submittedAt || !attempt.score) return undefined;
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const counted = countedResponses(attempt);
  return attempt.order.map((id) => {
    const q = byId.get(id)!;
    const response = counted[id];
    const item = attempt.score!.items.find((i) => i.questionId === id);
    const chosen = new Set(Array.isArray(response) ? response : []);
    const options =
      q.type === 'truefalse'
        ? []
        : (attempt.optionOrder[id] ?? q.options.map((o) => o.id)).map((oid) => {
            const o = q.options.find((x) => x.id === oid)!;
            return { id: o.id, text: o.text, right: q.answer.includes(o.id), chosen: chosen.has(o.id) };
          });
    return { question: q, options, response, credit: item?.credit ?? 0, correct: item?.correct ?? false };
  });
}

/** How far a person has got, for the trainer's live view. */
export interface Progress {
  attemptId: string;
  userId: string;
  name: string;
  number: number;
  answered: number;
  total: number;
  status: 'answering' | 'submitted';
  percent?: number;
  passed?: boolean;
}

export function progressOf(attempts: Attempt[]): Progress[] {
  return attempts
    .map((a) => ({
      attemptId: a.id,
      userId: a.userId,
      name: a.userName,
      number: a.number,
      answered: Object.keys(a.answers).length,
      total: a.order.length,
      status: a.submittedAt ? ('submitted' as const) : ('answering' as const),
      percent: a.score?.percent,
      passed: a.score?.passed,
    }))
    .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN') || x.number - y.number);
}

/** Settings from the trainer's form: local times read in the mall's zone, then every rule checked. */
export function settingsFromForm(form: QuizForm, timeZone: string) {
  // A wall time that does not exist stays undefined, so the schema names the field.
  const iso = (local: string) => {
    const ms = parseLocalDateTime(local, timeZone);
    return ms === undefined ? undefined : new Date(ms).toISOString();
  };
  return quizSettingsSchema.safeParse({ ...form, opensAt: iso(form.opensAt), closesAt: iso(form.closesAt) });
}
