/**
 * The server's rules end to end over a real store in a temporary DATA_DIR: the window, the
 * time limit, the attempt limit and the close time are enforced here, whatever a browser does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SessionUser } from '../../../../src/lib/auth/roles';
import type { QuizSettings } from '../../../../src/lib/quiz/schema';

const dir = mkdtempSync(path.join(tmpdir(), 'quiz-server-'));
const previousDataDir = process.env.DATA_DIR;
process.env.DATA_DIR = dir;
const server = await import('../../../../src/lib/quiz/quiz.server');
const { QuizzesRepo } = await import('../../../../src/lib/store/quizzes');
const { getStore } = await import('../../../../src/lib/store/store.server');
const attemptById = async (id: string) => (await getStore()).quizzes.attemptById(id);

const trainer: SessionUser = { id: 't1', username: 'trainer', name: '陈培训', role: 'trainer' };
const staff: SessionUser = { id: 's1', username: 'staff', name: '张客服', role: 'staff' };
const other: SessionUser = { id: 's2', username: 'staff2', name: '刘客服', role: 'staff' };
const T0 = new Date('2026-05-01T01:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);

function settings(over: Partial<QuizSettings> = {}): QuizSettings {
  return {
    title: '测试',
    banks: ['complaints'],
    sections: [],
    questionCount: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    passMark: 60,
    timeLimitMinutes: 10,
    attemptsAllowed: 2,
    opensAt: at(0).toISOString(),
    closesAt: at(60).toISOString(),
    scoringRule: 'all-or-nothing',
    ...over,
  };
}

async function liveQuiz(over: Partial<QuizSettings> = {}) {
  const created = await server.createQuiz(settings(over), trainer, T0);
  if (!created.ok) throw new Error(created.problem);
  const live = await server.setQuizStatus(created.value.id, 'live', T0);
  if (!live.ok) throw new Error(live.problem);
  return live.value;
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
});

describe('quiz sessions on the server', () => {
  it('refuses to build from too few questions or an unknown bank', async () => {
    expect(await server.createQuiz(settings({ questionCount: 100 }), trainer, T0)).toMatchObject({
      ok: false,
      problem: 'pool_too_small',
    });
    expect(await server.createQuiz(settings({ banks: ['nope'] }), trainer, T0)).toMatchObject({
      ok: false,
      problem: 'unknown_bank',
    });
  });

  const who = { userId: 'u-staff', address: '10.0.0.1' };
  it('opens for joining only once started, inside its window, and frees its code when ended', async () => {
    const created = await server.createQuiz(settings({ opensAt: at(5).toISOString() }), trainer, T0);
    if (!created.ok) throw new Error();
    const code = created.value.code;
    expect(code).toMatch(/^\d{8}$/);
    expect(await server.findByCode(code, who, at(6))).toMatchObject({ ok: false, problem: 'not_started' });
    await server.setQuizStatus(created.value.id, 'live', at(1));
    expect(await server.findByCode(code, who, at(1))).toMatchObject({ ok: false, problem: 'not_open' });
    expect(await server.findByCode(code, who, at(6))).toMatchObject({ ok: true });
    expect(await server.findByCode(code, who, at(60))).toMatchObject({ ok: false, problem: 'closed' });
    expect(await server.startAttempt(created.value.id, staff, at(61))).toMatchObject({ ok: false, problem: 'closed' });
    await server.setQuizStatus(created.value.id, 'ended', at(7));
    expect(await server.findByCode(code, who, at(8))).toMatchObject({ ok: false, problem: 'not_found' });
    expect(await server.setQuizStatus(created.value.id, 'live', at(8))).toMatchObject({
      ok: false,
      problem: 'bad_status',
    });
  });

  // Issue 16: ~830 codes/s with no throttle found a live 6-digit code in minutes.
  it('locks a person after 10 wrong codes and an address after 30, the right code included', async () => {
    const created = await server.createQuiz(settings(), trainer, T0);
    if (!created.ok) throw new Error();
    await server.setQuizStatus(created.value.id, 'live', at(1));
    const code = created.value.code;
    const wrong = (n: number) => String((Number(code) + 1 + n) % 100_000_000).padStart(8, '0');
    const guesser = { userId: 'u-guess', address: '10.0.0.2' };
    for (let i = 0; i < 10; i++)
      expect(await server.findByCode(wrong(i), guesser, at(2))).toMatchObject({ ok: false, problem: 'not_found' });
    expect(await server.findByCode(code, guesser, at(2))).toMatchObject({ ok: false, problem: 'too_many_codes' });
    // Another person at another address is not affected.
    expect(await server.findByCode(code, { userId: 'u-other', address: '10.0.0.3' }, at(2))).toMatchObject({
      ok: true,
    });
    // Thirty wrong codes from one address by several people lock the address.
    for (let i = 0; i < 30; i++)
      await server.findByCode(wrong(100 + i), { userId: `u-desk-${i % 5}`, address: '10.0.0.4' }, at(2));
    expect(await server.findByCode(code, { userId: 'u-fresh', address: '10.0.0.4' }, at(2))).toMatchObject({
      ok: false,
      problem: 'too_many_codes',
    });
    // The lock lasts 15 minutes.
    expect(await server.findByCode(code, guesser, at(2 + 16))).toMatchObject({ ok: true });
  });

  it('resumes an open attempt, scores on submit, and enforces the attempt limit', async () => {
    const quiz = await liveQuiz();
    const first = await server.startAttempt(quiz.id, staff, at(1));
    if (!first.ok) throw new Error();
    expect(await server.startAttempt(quiz.id, staff, at(2))).toMatchObject({ ok: true, value: { id: first.value.id } });
    // Answer every question right (the server knows the key; the test reads it from the stored quiz).
    for (const q of quiz.questions) {
      expect(await server.saveAnswer(first.value.id, staff, q.id, q.answer, at(3))).toMatchObject({ ok: true });
    }
    expect(await server.saveAnswer(first.value.id, other, quiz.questions[0].id, true, at(3))).toMatchObject({
      ok: false,
      problem: 'not_found',
    });
    expect(await server.saveAnswer(first.value.id, staff, 'returns-001', ['a'], at(3))).toMatchObject({
      ok: false,
      problem: 'bad_question',
    });
    const done = await server.submitAttempt(first.value.id, staff, at(4));
    expect(done).toMatchObject({
      ok: true,
      value: { submittedBy: 'user', score: { points: 3, max: 3, percent: 100, passed: true } },
    });
    // Submitting again returns the same result; answering afterwards is refused.
    expect(await server.submitAttempt(first.value.id, staff, at(5))).toMatchObject({
      ok: true,
      value: { submittedAt: at(4).toISOString() },
    });
    expect(await server.saveAnswer(first.value.id, staff, quiz.questions[0].id, true, at(5))).toMatchObject({
      ok: false,
      problem: 'submitted',
    });
    const second = await server.startAttempt(quiz.id, staff, at(6));
    expect(second).toMatchObject({ ok: true, value: { number: 2 } });
    if (!second.ok) throw new Error();
    await server.submitAttempt(second.value.id, staff, at(7));
    expect(await server.startAttempt(quiz.id, staff, at(8))).toMatchObject({ ok: false, problem: 'exhausted' });
  });

  it('gives each person and attempt their own shuffled paper from the same questions', async () => {
    const quiz = await liveQuiz({ questionCount: 8 });
    const a = await server.startAttempt(quiz.id, staff, at(1));
    const b = await server.startAttempt(quiz.id, other, at(1));
    if (!a.ok || !b.ok) throw new Error();
    expect([...a.value.order].sort()).toEqual([...b.value.order].sort());
    expect(a.value.order).not.toEqual(b.value.order);
  });

  it('enforces the time limit: late answers are refused and do not count, the attempt is closed as timed out', async () => {
    const quiz = await liveQuiz({ timeLimitMinutes: 10 });
    const started = await server.startAttempt(quiz.id, staff, at(1));
    if (!started.ok) throw new Error();
    expect(started.value.deadline).toBe(at(11).toISOString());
    const [q1, q2] = quiz.questions;
    expect(await server.saveAnswer(started.value.id, staff, q1.id, q1.answer, at(10, 59))).toMatchObject({ ok: true });
    // Within the 5 s grace: still saved.
    expect(await server.saveAnswer(started.value.id, staff, q2.id, q2.answer, at(11, 4))).toMatchObject({ ok: true });
    expect(
      await server.saveAnswer(started.value.id, staff, quiz.questions[2].id, quiz.questions[2].answer, at(11, 6)),
    ).toMatchObject({ ok: false, problem: 'time_up' });
    const result = await server.submitAttempt(started.value.id, staff, at(12));
    expect(result).toMatchObject({
      ok: true,
      value: { submittedBy: 'timeout', submittedAt: at(11).toISOString(), score: { points: 2, max: 3 } },
    });
  });

  it('settles expired attempts and closes open ones when the trainer ends the session', async () => {
    const quiz = await liveQuiz({ timeLimitMinutes: 5 });
    const a = await server.startAttempt(quiz.id, staff, at(1));
    const b = await server.startAttempt(quiz.id, other, at(4));
    if (!a.ok || !b.ok) throw new Error();
    await server.settleExpired(quiz.id, at(7));
    expect(await attemptById(a.value.id)).toMatchObject({ submittedBy: 'timeout', submittedAt: at(6).toISOString() });
    expect((await attemptById(b.value.id))?.submittedAt).toBeUndefined();
    await server.setQuizStatus(quiz.id, 'ended', at(8));
    expect(await attemptById(b.value.id)).toMatchObject({
      submittedBy: 'ended',
      submittedAt: at(8).toISOString(),
      score: { points: 0 },
    });
    expect(await server.startAttempt(quiz.id, { ...staff, id: 's3' }, at(8))).toMatchObject({
      ok: false,
      problem: 'ended',
    });
  });

  it('caps the deadline at the close time', async () => {
    const quiz = await liveQuiz({ timeLimitMinutes: 30, closesAt: at(20).toISOString() });
    const a = await server.startAttempt(quiz.id, staff, at(5));
    expect(a).toMatchObject({ ok: true, value: { deadline: at(20).toISOString() } });
  });

  it('stores everything: a fresh repository reads back the same sessions and attempts', async () => {
    const quiz = await liveQuiz();
    const started = await Promise.all(
      Array.from({ length: 50 }, (_, i) => server.startAttempt(quiz.id, { ...staff, id: `p${i}` }, at(1))),
    );
    await Promise.all(
      started.map((s, i) =>
        s.ok
          ? server.saveAnswer(
              s.value.id,
              { ...staff, id: `p${i}` },
              quiz.questions[0].id,
              quiz.questions[0].answer,
              at(2),
            )
          : undefined,
      ),
    );
    await Promise.all(
      started.map((s, i) => (s.ok ? server.submitAttempt(s.value.id, { ...staff, id: `p${i}` }, at(3)) : undefined)),
    );
    const fresh = await QuizzesRepo.open(dir);
    expect(fresh.byId(quiz.id)).toEqual(quiz);
    const stored = fresh.attemptsOf(quiz.id);
    expect(stored).toHaveLength(50);
    expect(stored.every((a) => a.score?.points === 1 && Object.keys(a.answers).length === 1)).toBe(true);
  });

  it('keeps sessions in memory as they are on disk when a write fails', async () => {
    const fault = path.join(dir, '.fail');
    process.env.STORE_FAULT_FILE = fault;
    try {
      const quiz = await liveQuiz();
      const count = (await server.listQuizzes()).length;
      writeFileSync(fault, '');
      await expect(server.createQuiz(settings(), trainer, T0)).rejects.toThrow();
      expect(await server.listQuizzes()).toHaveLength(count);
      await expect(server.setQuizStatus(quiz.id, 'ended', at(1))).rejects.toThrow();
      expect((await server.quizById(quiz.id))?.status).toBe('live');
    } finally {
      rmSync(fault, { force: true });
      delete process.env.STORE_FAULT_FILE;
    }
  });
});
