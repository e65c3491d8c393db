/**
 * The paced quiz on the running server: creating a session, the trainer's controls, joining,
 * answering, and the per-node hub that turns the store's notifications (`live:<quiz id>`; with
 * PostgreSQL, LISTEN/NOTIFY, so every node hears every other) into fresh snapshots for the
 * server-sent event streams. The rules are the pure functions of live.ts.
 */
import { getStore } from '../store/store.server';
import type { SessionUser } from '../auth/roles';
import { randomUUID } from 'node:crypto';
import {
  answerProblem,
  applyControl,
  attemptOfLive,
  newLiveSession,
  scoreLiveAnswer,
  settleLive,
  type AnswerProblem,
} from './live';
import type { LiveControl, LiveForm, LiveSession } from './live-schema';
import type { LiveSnapshot } from './live-view';
import { checkWindow } from './quiz';
import { setQuizStatus } from './quiz.server';
import type { Quiz, QuizResponse } from './schema';

const channelOf = (quizId: string) => `live:${quizId}`;

export type LiveServerProblem =
  AnswerProblem | 'not_found' | 'not_paced' | 'stale' | 'bad_phase' | 'not_joined' | 'not_started' | 'closed' | 'ended';

export type LiveOutcome<T> = { ok: true; value: T } | { ok: false; problem: LiveServerProblem };
const fail = (problem: LiveServerProblem) => ({ ok: false as const, problem });

/** Makes a quiz paced (called right after the quiz is created). */
export async function createLiveSession(quizId: string, form: LiveForm, now = new Date()): Promise<LiveSession> {
  const session = newLiveSession(quizId, { seconds: form.seconds, leaderboard: form.leaderboard }, now);
  await (await getStore()).live.createSession(session);
  return session;
}

/** The paced session of a quiz, if the quiz is paced. */
export async function liveSessionOf(quizId: string): Promise<LiveSession | undefined> {
  return (await getStore()).live.session(quizId);
}

/** Tells every node's streams of this quiz that something changed. */
async function announce(quizId: string, rev: number): Promise<void> {
  await (await getStore()).notifier.publish(channelOf(quizId), { rev }).catch(() => {});
}

/** Auto-reveal timers of this node, by quiz: the countdown's end reveals even if nobody presses. */
const timers = new Map<string, ReturnType<typeof setTimeout>>();

function scheduleSettle(s: LiveSession): void {
  clearTimeout(timers.get(s.quizId));
  timers.delete(s.quizId);
  if (s.phase !== 'open' || !s.deadline) return;
  const wait = Math.max(0, Date.parse(s.deadline) - Date.now()) + 20;
  const timer = setTimeout(() => {
    timers.delete(s.quizId);
    void settleNow(s.quizId).catch(() => {});
  }, wait);
  timer.unref?.();
  timers.set(s.quizId, timer);
}

/**
 * Reveals the current question once its countdown has ended (compare-and-set: of several nodes
 * and timers, one stores it). Returns the session as it is now.
 */
export async function settleNow(quizId: string, now = new Date()): Promise<LiveSession | undefined> {
  const live = (await getStore()).live;
  const s = await live.session(quizId);
  if (!s) return undefined;
  const next = settleLive(s, now);
  if (!next) return s;
  if (await live.saveSession(next, s.rev)) {
    await announce(quizId, next.rev);
    return next;
  }
  return live.session(quizId);
}

/** A trainer's control, applied once (a stale or concurrent click is refused as `stale`). */
export async function controlLive(
  quizId: string,
  command: LiveControl,
  now = new Date(),
): Promise<LiveOutcome<LiveSession>> {
  const store = await getStore();
  const quiz = await store.quizzes.byId(quizId);
  if (!quiz) return fail('not_found');
  const read = await store.live.session(quizId);
  if (!read) return fail('not_paced');
  // A countdown that ended is a reveal first: a "reveal" pressed at 0 s then finds it revealed.
  const s = settleLive(read, now) ?? read;
  if (s !== read && !(await store.live.saveSession(s, read.rev))) return fail('stale');
  const result = applyControl(s, command, quiz.questions.length, now);
  if (!result.ok) {
    if (s !== read) await announce(quizId, s.rev);
    return fail(result.problem === 'finished' ? 'ended' : result.problem);
  }
  if (!(await store.live.saveSession(result.session, s.rev))) return fail('stale');
  scheduleSettle(result.session);
  if (result.session.phase === 'finished') await recordResults(quiz, result.session, now);
  await announce(quizId, result.session.rev);
  return { ok: true, value: result.session };
}

/**
 * The finished session as one submitted attempt per player (results, history, item analysis and
 * CSV then read it like a self-paced one), and the quiz ended (its join code freed). Runs once:
 * only the node whose compare-and-set finished the session gets here.
 */
async function recordResults(quiz: Quiz, s: LiveSession, now: Date): Promise<void> {
  const store = await getStore();
  const [players, answers, existing] = await Promise.all([
    store.live.players(quiz.id),
    store.live.answers(quiz.id),
    store.quizzes.attemptsOf(quiz.id),
  ]);
  const done = new Set(existing.map((a) => a.userId));
  for (const p of players)
    if (!done.has(p.userId)) await store.quizzes.insertAttempt(attemptOfLive(quiz, s, p, answers, randomUUID(), now));
  if (quiz.status !== 'ended') await setQuizStatus(quiz.id, 'ended', now);
}

/** A paced quiz by id, with its session, when it can be joined now. */
async function joinable(quizId: string, now: Date) {
  const store = await getStore();
  const quiz = await store.quizzes.byId(quizId);
  if (!quiz) return fail('not_found');
  const session = await store.live.session(quizId);
  if (!session) return fail('not_paced');
  const window = checkWindow(quiz, now);
  if (window === 'not_started' || window === 'not_open') return fail('not_started');
  if (window === 'closed') return fail('closed');
  if (window === 'ended' || session.phase === 'finished') return fail('ended');
  return { ok: true as const, quiz, session };
}

/** Joins a person (again: no change); a late joiner enters at the current question. */
export async function joinLive(quizId: string, user: SessionUser, now = new Date()): Promise<LiveOutcome<Quiz>> {
  const found = await joinable(quizId, now);
  if (!found.ok) return found;
  const store = await getStore();
  const before = (await store.live.players(quizId)).some((p) => p.userId === user.id);
  if (!before) {
    await store.live.join({
      quizId,
      userId: user.id,
      name: user.name,
      username: user.username,
      joinedAt: now.toISOString(),
    });
    await announce(quizId, found.session.rev);
  }
  return { ok: true, value: found.quiz };
}

/**
 * A quiz's questions, kept per node: they are copied into the quiz when it is created and never
 * change, so a room's answers do not each read (and copy) the whole quiz.
 */
const questionCache = new Map<string, Quiz['questions']>();
const QUESTION_CACHE_MAX = 50;

async function questionsOf(quizId: string): Promise<Quiz['questions'] | undefined> {
  const cached = questionCache.get(quizId);
  if (cached) return cached;
  const quiz = await (await getStore()).quizzes.byId(quizId);
  if (!quiz) return undefined;
  if (questionCache.size >= QUESTION_CACHE_MAX) questionCache.delete(questionCache.keys().next().value!);
  questionCache.set(quizId, quiz.questions);
  return quiz.questions;
}

/** Who joined, per quiz, as this node last read it (a join is never undone; a miss reads again). */
const joinedCache = new Map<string, Set<string>>();

async function hasJoined(quizId: string, userId: string): Promise<boolean> {
  if (joinedCache.get(quizId)?.has(userId)) return true;
  const players = await (await getStore()).live.players(quizId);
  if (joinedCache.size >= QUESTION_CACHE_MAX && !joinedCache.has(quizId))
    joinedCache.delete(joinedCache.keys().next().value!);
  joinedCache.set(quizId, new Set(players.map((p) => p.userId)));
  return joinedCache.get(quizId)!.has(userId);
}

/** Stores a person's answer to the current question (once; only while its countdown runs). */
export async function answerLive(
  quizId: string,
  user: SessionUser,
  input: { index: number; value: QuizResponse },
  now = new Date(),
): Promise<LiveOutcome<{ at: string }>> {
  const store = await getStore();
  const [questions, session] = await Promise.all([questionsOf(quizId), store.live.session(quizId)]);
  if (!questions) return fail('not_found');
  if (!session) return fail('not_paced');
  if (!(await hasJoined(quizId, user.id))) return fail('not_joined');
  const quiz = { questions };
  const question = quiz.questions[input.index];
  const problem = answerProblem(session, question, input.index, input.value, false, now);
  if (problem) return fail(problem);
  const answer = scoreLiveAnswer(session, question, { quizId, userId: user.id }, input.value, now);
  if (!(await store.live.answer(answer))) return fail('already');
  await announce(quizId, session.rev);
  return { ok: true, value: { at: answer.at } };
}

/** One consistent read of a paced session (settling an ended countdown first). */
export async function snapshotOf(quizId: string, now = new Date()): Promise<LiveSnapshot | undefined> {
  const store = await getStore();
  const quiz = await store.quizzes.byId(quizId);
  if (!quiz) return undefined;
  const session = await settleNow(quizId, now);
  if (!session) return undefined;
  if (session.phase === 'open') scheduleSettle(session);
  const [players, answers] = await Promise.all([store.live.players(quizId), store.live.answers(quizId)]);
  return { quiz, session, players, answers };
}

// ---------------------------------------------------------------- the event hub

type Listener = (snap: LiveSnapshot) => void;
interface Hub {
  listeners: Set<Listener>;
  unsubscribe: () => void;
  pending?: ReturnType<typeof setTimeout>;
  loading?: Promise<void>;
  again?: boolean;
}

/** How long a burst of answers gathers before the streams get one new snapshot. */
const COALESCE_MS = 120;
const hubs = new Map<string, Hub>();

/**
 * Calls `listener` with a fresh snapshot whenever the session changes on any node (a burst is
 * one call). One store read per change per node, however many phones are connected.
 */
export async function watchLive(quizId: string, listener: Listener): Promise<() => void> {
  let hub = hubs.get(quizId);
  if (!hub) {
    const store = await getStore();
    hub = hubs.get(quizId);
    if (!hub) {
      const created: Hub = { listeners: new Set(), unsubscribe: () => {} };
      const reload = async () => {
        const snap = await snapshotOf(quizId).catch(() => undefined);
        if (snap) for (const l of created.listeners) l(snap);
      };
      const run = () => {
        created.pending = undefined;
        if (created.loading) {
          created.again = true;
          return;
        }
        created.loading = reload().finally(() => {
          created.loading = undefined;
          if (created.again) {
            created.again = false;
            created.pending ??= setTimeout(run, COALESCE_MS);
          }
        });
      };
      created.unsubscribe = store.notifier.subscribe(channelOf(quizId), () => {
        created.pending ??= setTimeout(run, COALESCE_MS);
      });
      hubs.set(quizId, created);
      hub = created;
    }
  }
  const h = hub;
  h.listeners.add(listener);
  return () => {
    h.listeners.delete(listener);
    if (h.listeners.size === 0 && hubs.get(quizId) === h) {
      hubs.delete(quizId);
      h.unsubscribe();
      clearTimeout(h.pending);
    }
  };
}

/**
 * A `text/event-stream` of views: the current one at once (so a reconnect or a late joiner
 * resumes where the room is), then one per change, `id:` the session revision; a keep-alive
 * comment every 15 s; an end after `maxMs` (the browser reconnects at once).
 */
export async function liveEvents(
  quizId: string,
  render: (snap: LiveSnapshot) => unknown,
  signal: AbortSignal,
  maxMs = 55_000,
): Promise<ReadableStream<Uint8Array> | undefined> {
  const first = await snapshotOf(quizId);
  if (!first) return undefined;
  const encoder = new TextEncoder();
  let finish = () => {};
  let last = '';
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let finished = false;
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const push = (snap: LiveSnapshot) => {
        const data = JSON.stringify(render(snap));
        // serverNow changes every time: compare without it.
        const key = data.replace(/"serverNow":"[^"]*"/, '');
        if (key === last) return;
        last = key;
        send(`id: ${snap.session.rev}\nevent: state\ndata: ${data}\n\n`);
      };
      send('retry: 1000\n');
      push(first);
      const stop = await watchLive(quizId, push);
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
      const end = setTimeout(() => finish(), maxMs);
      finish = () => {
        if (finished) return;
        finished = true;
        stop();
        clearInterval(keepAlive);
        clearTimeout(end);
        signal.removeEventListener('abort', finish);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      if (signal.aborted) finish();
      else signal.addEventListener('abort', finish);
    },
    cancel() {
      finish();
    },
  });
}
