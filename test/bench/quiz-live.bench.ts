/**
 * A live, paced quiz against the built server (`npm run build` first): 60 participants joined
 * over HTTP, a projector listening on the server-sent event stream, QUESTIONS questions. For
 * each question the trainer opens it and every participant answers within 5 s of the opening
 * (spread evenly over 0–4.5 s, as a room does). Measured: each answer POST's latency, and the
 * time from the last answer of a question (sent) to the projector's event showing all 60
 * answered. Budgets (issue #18): answer p95 <= 100 ms, projector update <= 1000 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LiveRepo } from '../../src/lib/store/live';
import { newLiveSession } from '../../src/lib/quiz/live';
import type { ProjectorView } from '../../src/lib/quiz/live-view';
import { startServer } from '../e2e/server';
import { percentile, report } from './report';
import { pool, seedLiveQuiz, seedUsers, signIn } from './quiz-setup';

const N = 60;
const QUESTIONS = 5;
const SPREAD_MS = 4500;
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-bench-quiz-live-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- setup through the store, before the server owns the data directory
const trainer = { username: 'trainer', name: '陈培训', role: 'trainer' as const, password: 'bench-trainer-2026' };
const people = await seedUsers(dataDir, trainer, N, 'live');
const quiz = await seedLiveQuiz(root, dataDir, '52525252', {
  title: 'bench live',
  questionCount: QUESTIONS,
  shuffleQuestions: false,
  shuffleOptions: false,
  timeLimitMinutes: 0,
  attemptsAllowed: 1,
  scoringRule: 'all-or-nothing',
});
await (
  await LiveRepo.open(dataDir)
).createSession(newLiveSession(quiz.id, { seconds: 20, leaderboard: 'full' }, new Date()));

const server = await startServer({ dataDir });
const abort = new AbortController();
try {
  const origin = server.url;
  // ---- everyone signs in and joins over HTTP (not timed)
  const trainerCookie = await signIn(origin, trainer);
  const cookies = await pool(people, 8, async (p) => {
    const cookie = await signIn(origin, p);
    const join = await fetch(`${origin}/training/live/${quiz.id}?_action=live.join`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, Cookie: cookie },
      body: new URLSearchParams({ quizId: quiz.id }),
    });
    if (join.status !== 303) throw new Error(`bench: join failed (${join.status})`);
    return cookie;
  });

  // ---- the projector's event stream
  const events: { at: number; view: ProjectorView }[] = [];
  let wake: () => void = () => {};
  /** Reads the stream, reconnecting when the server ends it (every 55 s, as browsers do). */
  const listen = async (): Promise<void> => {
    const decoder = new TextDecoder();
    while (!abort.signal.aborted) {
      const stream = await fetch(`${origin}/api/training/live/${quiz.id}/events?view=projector`, {
        headers: { Cookie: trainerCookie, Accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (stream.status !== 200 || !stream.body) throw new Error(`bench: projector stream failed (${stream.status})`);
      let buffer = '';
      for await (const chunk of stream.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) {
            events.push({ at: performance.now(), view: JSON.parse(data.slice(6)) });
            wake();
          }
        }
      }
    }
  };
  void listen().catch(() => {
    // aborted at the end
  });
  /** Resolves with the time of the first projector event matching `test`, or rejects after `ms`. */
  const waitFor = async (test: (v: ProjectorView) => boolean, ms = 10_000) => {
    const deadline = performance.now() + ms;
    for (;;) {
      const hit = events.find((e) => test(e.view));
      if (hit) return hit.at;
      if (performance.now() > deadline) throw new Error('bench: the projector did not see it');
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  await waitFor((v) => v.joined === N);

  const control = async (body: object) => {
    const res = await fetch(`${origin}/api/training/live/${quiz.id}/control`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: trainerCookie, Origin: origin },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`bench: control failed (${res.status} ${await res.text()})`);
    const { phase, index } = (await res.json()) as { phase: string; index: number };
    return { phase, index };
  };

  // ---- floor for comparison: the same room's requests that stop right after the session lookup (403)
  const floorMs: number[] = [];
  await Promise.all(
    cookies.map(async (cookie, i) => {
      await sleep(((i * 37) % N) * (SPREAD_MS / N));
      const t0 = performance.now();
      const res = await fetch(`${origin}/api/training/quizzes/${quiz.id}/progress`, { headers: { Cookie: cookie } });
      await res.arrayBuffer();
      floorMs.push(performance.now() - t0);
      if (res.status !== 403) throw new Error(`bench: expected 403 from the floor request, got ${res.status}`);
    }),
  );

  const answerMs: number[] = [];
  const updateMs: number[] = [];
  let accepted = 0;
  let state = { phase: 'waiting', index: 0 };
  for (let qi = 0; qi < QUESTIONS; qi++) {
    state = await control({ action: qi === 0 ? 'start' : 'next', expect: state });
    const q = quiz.questions[qi];
    const opened = performance.now();
    let lastSent = 0;
    await Promise.all(
      cookies.map(async (cookie, i) => {
        // Spread over the first 4.5 s, as a room answers.
        await sleep(((i * 37) % N) * (SPREAD_MS / N));
        const value = q.type === 'truefalse' ? i % 3 !== 0 : [q.options[i % q.options.length].id];
        const t0 = performance.now();
        lastSent = Math.max(lastSent, t0);
        const res = await fetch(`${origin}/api/training/live/${quiz.id}/answer`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: origin },
          body: JSON.stringify({ index: qi, value }),
        });
        answerMs.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`bench: answer failed (${res.status} ${await res.text()})`);
        accepted++;
      }),
    );
    if (performance.now() - opened > 5000) console.error(`question ${qi + 1}: the room took more than 5 s`);
    const seen = await waitFor((v) => v.index === qi && v.phase === 'open' && v.answered === N);
    updateMs.push(seen - lastSent);
    state = await control({ action: 'reveal', expect: state });
    await waitFor((v) => v.index === qi && v.phase === 'revealed' && !!v.reveal && v.reveal.total === N);
  }
  await control({ action: 'next', expect: state });
  await waitFor((v) => v.phase === 'finished' && (v.board?.length ?? 0) === Math.min(N, 10));

  report(`answers accepted (${N} people × ${QUESTIONS} questions)`, accepted, 'answers', { min: N * QUESTIONS });
  report('answer POST p50', percentile(answerMs, 50), 'ms');
  report('answer POST p95', percentile(answerMs, 95), 'ms', { max: 100 });
  report('answer POST max', Math.max(...answerMs), 'ms');
  report('floor: the same room signed in, request refused at once (403), p95', percentile(floorMs, 95), 'ms');
  report('last answer → projector update, median', percentile(updateMs, 50), 'ms');
  report('last answer → projector update, worst question', Math.max(...updateMs), 'ms', { max: 1000 });
} finally {
  abort.abort();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
