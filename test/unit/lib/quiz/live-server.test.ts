/**
 * The paced quiz on the server over a real store in a temporary DATA_DIR: joining, the trainer's
 * controls (a double click or two nodes advance once), answers (once, in time, players only), the
 * countdown's own reveal, the event hub, and the training-only pass.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { can, type SessionUser } from '../../../../src/lib/auth/roles';
import type { QuizSettings } from '../../../../src/lib/quiz/schema';
import type { LiveSnapshot } from '../../../../src/lib/quiz/live-view';

const dir = mkdtempSync(path.join(tmpdir(), 'live-server-'));
const previousDataDir = process.env.DATA_DIR;
process.env.DATA_DIR = dir;
const quizServer = await import('../../../../src/lib/quiz/quiz.server');
const live = await import('../../../../src/lib/quiz/live.server');
const passes = await import('../../../../src/lib/auth/training-pass.server');
const { getStore } = await import('../../../../src/lib/store/store.server');

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
});

const trainer: SessionUser = { id: 't1', username: 'trainer', name: '陈培训', role: 'trainer' };
const staff: SessionUser = { id: 's1', username: 'staff', name: '张客服', role: 'staff' };
const other: SessionUser = { id: 's2', username: 'staff2', name: '刘客服', role: 'staff' };
// Real time: the server's auto-reveal timers run on the real clock.
const T0 = new Date();
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function settings(over: Partial<QuizSettings> = {}): QuizSettings {
  return {
    title: '晨会',
    banks: ['complaints'],
    sections: [],
    questionCount: 2,
    shuffleQuestions: false,
    shuffleOptions: false,
    passMark: 60,
    timeLimitMinutes: 0,
    attemptsAllowed: 1,
    opensAt: at(-60).toISOString(),
    closesAt: at(3600).toISOString(),
    scoringRule: 'all-or-nothing',
    ...over,
  };
}

async function pacedQuiz(start = true) {
  const created = await quizServer.createQuiz(settings(), trainer, T0);
  if (!created.ok) throw new Error(created.problem);
  await live.createLiveSession(created.value.id, { mode: 'paced', seconds: 20, leaderboard: 'full' }, T0);
  if (start) await quizServer.setQuizStatus(created.value.id, 'live', T0);
  return created.value;
}

/** The right answer to a question (option ids, or true/false). */
const rightAnswer = (q: { answer: unknown }) => q.answer as never;

describe('paced sessions on the server', () => {
  it('is paced only when created so; self-paced quizzes have no session', async () => {
    const self = await quizServer.createQuiz(settings(), trainer, T0);
    if (!self.ok) throw new Error();
    expect(await live.liveSessionOf(self.value.id)).toBeUndefined();
    expect(await live.controlLive(self.value.id, { action: 'start', expect: { phase: 'waiting', index: 0 } })).toEqual({
      ok: false,
      problem: 'not_paced',
    });
    expect(await live.controlLive('nope', { action: 'start', expect: { phase: 'waiting', index: 0 } })).toEqual({
      ok: false,
      problem: 'not_found',
    });
  });

  it('lets people join once the quiz is open, once each, until it is finished', async () => {
    const quiz = await pacedQuiz(false);
    expect(await live.joinLive(quiz.id, staff, at(1))).toEqual({ ok: false, problem: 'not_started' });
    await quizServer.setQuizStatus(quiz.id, 'live', at(1));
    expect((await live.joinLive(quiz.id, staff, at(2))).ok).toBe(true);
    expect((await live.joinLive(quiz.id, staff, at(3))).ok).toBe(true);
    expect(await (await getStore()).live.players(quiz.id)).toHaveLength(1);
    await live.controlLive(quiz.id, { action: 'finish', expect: { phase: 'waiting', index: 0 } }, at(4));
    expect(await live.joinLive(quiz.id, other, at(5))).toEqual({ ok: false, problem: 'ended' });
    expect(await live.joinLive('nope', other, at(5))).toEqual({ ok: false, problem: 'not_found' });
  });

  it('advances once however many clicks race', async () => {
    const quiz = await pacedQuiz();
    const click = { action: 'start' as const, expect: { phase: 'waiting' as const, index: 0 } };
    const results = await Promise.all(Array.from({ length: 5 }, () => live.controlLive(quiz.id, click, at(1))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.problem)).toEqual(['stale', 'stale', 'stale', 'stale']);
    expect(await live.liveSessionOf(quiz.id)).toMatchObject({ phase: 'open', index: 0, rev: 1 });
  });

  it('takes one answer per person and question, from players, while the countdown runs', async () => {
    const quiz = await pacedQuiz();
    const q0 = quiz.questions[0];
    await live.joinLive(quiz.id, staff, at(0));
    expect(await live.answerLive(quiz.id, staff, { index: 0, value: rightAnswer(q0) }, at(1))).toEqual({
      ok: false,
      problem: 'not_open',
    });
    await live.controlLive(quiz.id, { action: 'start', expect: { phase: 'waiting', index: 0 } }, at(2));
    expect(await live.answerLive(quiz.id, other, { index: 0, value: rightAnswer(q0) }, at(3))).toEqual({
      ok: false,
      problem: 'not_joined',
    });
    const first = await live.answerLive(quiz.id, staff, { index: 0, value: rightAnswer(q0) }, at(7));
    expect(first).toEqual({ ok: true, value: { at: at(7).toISOString() } });
    expect(await live.answerLive(quiz.id, staff, { index: 0, value: rightAnswer(q0) }, at(8))).toEqual({
      ok: false,
      problem: 'already',
    });
    const [stored] = await (await getStore()).live.answers(quiz.id);
    expect(stored).toMatchObject({ userId: 's1', index: 0, elapsedMs: 5000, correct: true, points: 875 });
    // A late joiner answers the current question.
    await live.joinLive(quiz.id, other, at(9));
    expect((await live.answerLive(quiz.id, other, { index: 0, value: rightAnswer(q0) }, at(10))).ok).toBe(true);
    expect(await live.answerLive(quiz.id, other, { index: 1, value: rightAnswer(q0) }, at(10))).toEqual({
      ok: false,
      problem: 'wrong_question',
    });
    // After the countdown: locked, even before anyone revealed.
    expect(await live.answerLive(quiz.id, other, { index: 0, value: rightAnswer(q0) }, at(23))).toEqual({
      ok: false,
      problem: 'locked',
    });
  });

  it('reveals by itself when the countdown ends, and a reveal pressed at zero finds it done', async () => {
    const quiz = await pacedQuiz();
    await live.controlLive(quiz.id, { action: 'start', expect: { phase: 'waiting', index: 0 } }, at(0));
    const snap = await live.snapshotOf(quiz.id, at(25));
    expect(snap!.session).toMatchObject({ phase: 'revealed', lockedAt: [at(20).toISOString()] });
    expect(await live.controlLive(quiz.id, { action: 'reveal', expect: { phase: 'open', index: 0 } }, at(26))).toEqual({
      ok: false,
      problem: 'stale',
    });
    // Reveal before anyone answered, then the last question, then the end.
    const next = await live.controlLive(quiz.id, { action: 'next', expect: { phase: 'revealed', index: 0 } }, at(27));
    expect(next.ok && next.value).toMatchObject({ phase: 'open', index: 1 });
    await live.controlLive(quiz.id, { action: 'reveal', expect: { phase: 'open', index: 1 } }, at(28));
    const end = await live.controlLive(quiz.id, { action: 'next', expect: { phase: 'revealed', index: 1 } }, at(29));
    expect(end.ok && end.value.phase).toBe('finished');
    // The end writes each player's attempt (results and history read it) and ends the quiz.
    const attempts = await (await getStore()).quizzes.attemptsOf(quiz.id);
    expect(attempts).toEqual([]);
    expect((await quizServer.quizById(quiz.id))?.status).toBe('ended');
    expect(await live.controlLive(quiz.id, { action: 'finish', expect: { phase: 'finished', index: 1 } })).toEqual({
      ok: false,
      problem: 'ended',
    });
  });

  it('records one scored attempt per player when the session finishes', async () => {
    const quiz = await pacedQuiz();
    await live.joinLive(quiz.id, staff, at(0));
    await live.joinLive(quiz.id, other, at(0));
    await live.controlLive(quiz.id, { action: 'start', expect: { phase: 'waiting', index: 0 } }, at(1));
    await live.answerLive(quiz.id, staff, { index: 0, value: rightAnswer(quiz.questions[0]) }, at(2));
    await live.controlLive(quiz.id, { action: 'finish', expect: { phase: 'open', index: 0 } }, at(3));
    const attempts = await (await getStore()).quizzes.attemptsOf(quiz.id);
    expect(attempts.map((a) => [a.userId, a.username, a.score?.points, a.submittedBy]).sort()).toEqual([
      ['s1', 'staff', 1, 'ended'],
      ['s2', 'staff2', 0, 'ended'],
    ]);
    expect((await quizServer.quizById(quiz.id))?.status).toBe('ended');
  });

  it('tells every watcher of a change, a burst as one snapshot', async () => {
    const quiz = await pacedQuiz();
    const seen: LiveSnapshot[] = [];
    const stop = await live.watchLive(quiz.id, (s) => seen.push(s));
    await Promise.all([live.joinLive(quiz.id, staff), live.joinLive(quiz.id, other)]);
    await new Promise((r) => setTimeout(r, 400));
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(seen.at(-1)!.players).toHaveLength(2);
    stop();
    await live.controlLive(quiz.id, { action: 'finish', expect: { phase: 'waiting', index: 0 } });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.at(-1)!.session.phase).toBe('waiting');
  });

  it('streams the current view at once, with the revision as event id', async () => {
    const quiz = await pacedQuiz();
    const abort = new AbortController();
    const stream = await live.liveEvents(quiz.id, (s) => ({ phase: s.session.phase }), abort.signal);
    const reader = stream!.getReader();
    let text = '';
    while (!text.includes('event: state')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('retry: 1000');
    expect(text).toContain('id: 0\nevent: state\ndata: {"phase":"waiting"}');
    abort.abort();
    expect(await live.liveEvents('nope', () => ({}), abort.signal)).toBeUndefined();
  });
});

describe('the training-only pass', () => {
  it('stands for its user until the account changes, and allows nothing but taking quizzes', async () => {
    const store = await getStore();
    const user = await store.users.add({
      username: 'phone1',
      name: '手机',
      role: 'supervisor',
      password: 'phone-pass-2026',
    });
    const token = await passes.issueTrainingPass(user!.id);
    expect(token).toMatch(/^sdt_/);
    expect((await passes.userOfTrainingPass(token!))?.id).toBe(user!.id);
    expect(await passes.userOfTrainingPass('sdt_' + 'x'.repeat(43))).toBeUndefined();
    expect(await passes.userOfTrainingPass('nonsense')).toBeUndefined();
    // 31 days on: expired.
    expect(await passes.userOfTrainingPass(token!, new Date(Date.now() + 31 * 86_400_000))).toBeUndefined();

    const again = await passes.issueTrainingPass(user!.id);
    const scoped: SessionUser = {
      id: user!.id,
      username: 'phone1',
      name: '手机',
      role: 'supervisor',
      scope: 'training',
    };
    expect(can(scoped, 'training.take')).toBe(true);
    expect(can(scoped, 'tickets.view')).toBe(false);
    expect(can(scoped, 'tickets.revealPhone')).toBe(false);
    expect(can({ ...scoped, role: 'admin' }, 'users.manage')).toBe(false);
    expect(can({ ...scoped, role: 'trainer' }, 'training.manage')).toBe(false);
    expect(can({ ...scoped, scope: undefined }, 'tickets.view')).toBe(true);

    // A password change ends the pass, as it ends sessions.
    await store.users.update(user!.id, { password: 'new-phone-pass-2026' });
    expect(await passes.userOfTrainingPass(again!)).toBeUndefined();
    expect(await passes.issueTrainingPass('nobody')).toBeUndefined();
  });
});
