/** The paced quiz's state machine, answers, distribution and views: every transition and edge. */
import { describe, expect, it } from 'vitest';
import {
  answerProblem,
  applyControl,
  attemptOfLive,
  countedAnswers,
  distributionOf,
  isAnswering,
  newLiveSession,
  scoreLiveAnswer,
  settleLive,
} from '../../../../src/lib/quiz/live';
import type { LiveAnswer, LiveControl, LivePhase, LiveSession } from '../../../../src/lib/quiz/live-schema';
import { playerView, projectorView, type LiveSnapshot } from '../../../../src/lib/quiz/live-view';
import type { Quiz, QuizQuestion } from '../../../../src/lib/quiz/schema';

const T0 = new Date('2026-05-01T01:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

const single: QuizQuestion = {
  id: 'complaints-001',
  type: 'single',
  prompt: '意见箱由谁开箱？',
  explanation: '店长助理每天开箱一次。',
  clauses: ['complaints-1.5'],
  options: [
    { id: 'a', text: '主管' },
    { id: 'b', text: '保安' },
    { id: 'c', text: '店长助理' },
  ],
  answer: ['c'],
};
const multiple: QuizQuestion = {
  id: 'complaints-002',
  type: 'multiple',
  prompt: '哪些属于投诉渠道？',
  explanation: '来电和来信都是。',
  clauses: ['complaints-1.1', 'complaints-1.5'],
  options: [
    { id: 'a', text: '来电' },
    { id: 'b', text: '来信' },
    { id: 'c', text: '猜测' },
  ],
  answer: ['a', 'b'],
};
const tf: QuizQuestion = {
  id: 'complaints-003',
  type: 'truefalse',
  prompt: '回访须在 3 小时内。',
  explanation: '是的。',
  clauses: ['complaints-6.1'],
  answer: true,
};
const QUESTIONS = [single, multiple, tf];

const waiting = () => newLiveSession('q1', { seconds: 20, leaderboard: 'full' }, T0);
const expect_ = (s: LiveSession) => ({ phase: s.phase, index: s.index });

function step(s: LiveSession, action: 'start' | 'reveal' | 'next' | 'finish', now: Date): LiveSession {
  const r = applyControl(s, { action, expect: expect_(s) }, QUESTIONS.length, now);
  if (!r.ok) throw new Error(r.problem);
  return r.session;
}

describe('newLiveSession', () => {
  it('waits at question 0, revision 0, nothing locked', () => {
    expect(waiting()).toEqual({
      quizId: 'q1',
      rev: 0,
      phase: 'waiting',
      index: 0,
      seconds: 20,
      leaderboard: 'full',
      lockedAt: [],
      updatedAt: T0.toISOString(),
    });
  });
});

describe('applyControl', () => {
  it('start: waiting → open question 0 with a countdown', () => {
    const s = step(waiting(), 'start', at(5));
    expect(s).toMatchObject({ phase: 'open', index: 0, rev: 1, openedAt: at(5).toISOString() });
    expect(s.deadline).toBe(at(25).toISOString());
    expect(s.updatedAt).toBe(at(5).toISOString());
  });

  it('reveal: open → revealed, answers locked at the click', () => {
    const s = step(step(waiting(), 'start', at(0)), 'reveal', at(7));
    expect(s).toMatchObject({ phase: 'revealed', index: 0, rev: 2 });
    expect(s.lockedAt).toEqual([at(7).toISOString()]);
  });

  it('reveal after the countdown locks at the deadline, not later', () => {
    const s = step(step(waiting(), 'start', at(0)), 'reveal', at(40));
    expect(s.lockedAt).toEqual([at(20).toISOString()]);
  });

  it('next: revealed → the next question open, with a fresh countdown', () => {
    let s = step(step(waiting(), 'start', at(0)), 'reveal', at(10));
    s = step(s, 'next', at(15));
    expect(s).toMatchObject({ phase: 'open', index: 1, rev: 3, openedAt: at(15).toISOString() });
    expect(s.deadline).toBe(at(35).toISOString());
    expect(s.lockedAt).toEqual([at(10).toISOString()]);
  });

  it('next on the last question finishes', () => {
    let s = waiting();
    s = step(s, 'start', at(0));
    for (let i = 0; i < 2; i++) s = step(step(s, 'reveal', at(10 + i * 30)), 'next', at(20 + i * 30));
    expect(s.index).toBe(2);
    s = step(step(s, 'reveal', at(70)), 'next', at(80));
    expect(s).toMatchObject({ phase: 'finished', index: 2 });
    expect(s.lockedAt).toHaveLength(3);
  });

  it('finish from any phase; while open it locks the question', () => {
    expect(step(waiting(), 'finish', at(1)).phase).toBe('finished');
    const open = step(waiting(), 'start', at(0));
    const done = step(open, 'finish', at(4));
    expect(done).toMatchObject({ phase: 'finished', rev: 2 });
    expect(done.lockedAt).toEqual([at(4).toISOString()]);
    const revealed = step(open, 'reveal', at(5));
    expect(step(revealed, 'finish', at(6)).lockedAt).toEqual([at(5).toISOString()]);
  });

  it.each<[LivePhase, LiveControl['action']]>([
    ['waiting', 'reveal'],
    ['waiting', 'next'],
    ['open', 'start'],
    ['open', 'next'],
    ['revealed', 'start'],
    ['revealed', 'reveal'],
  ])('refuses %s + %s as bad_phase', (phase, action) => {
    let s = waiting();
    if (phase !== 'waiting') s = step(s, 'start', at(0));
    if (phase === 'revealed') s = step(s, 'reveal', at(1));
    const r = applyControl(s, { action, expect: expect_(s) } as LiveControl, 3, at(2));
    expect(r).toEqual({ ok: false, problem: 'bad_phase' });
  });

  it('refuses a click made on an out-of-date screen (a double click moves on once)', () => {
    const revealed = step(step(waiting(), 'start', at(0)), 'reveal', at(5));
    const click = { action: 'next' as const, expect: expect_(revealed) };
    const first = applyControl(revealed, click, 3, at(6));
    expect(first.ok).toBe(true);
    const second = applyControl((first as { session: LiveSession }).session, click, 3, at(6));
    expect(second).toEqual({ ok: false, problem: 'stale' });
    expect(applyControl(revealed, { action: 'next', expect: { phase: 'revealed', index: 1 } }, 3, at(6))).toEqual({
      ok: false,
      problem: 'stale',
    });
  });

  it('refuses everything but the leaderboard once finished', () => {
    const done = step(waiting(), 'finish', at(1));
    expect(applyControl(done, { action: 'start', expect: expect_(done) }, 3, at(2))).toEqual({
      ok: false,
      problem: 'finished',
    });
    const r = applyControl(done, { action: 'leaderboard', mode: 'initials' }, 3, at(2));
    expect(r.ok && r.session).toMatchObject({ leaderboard: 'initials', phase: 'finished', rev: 2 });
  });
});

describe('settleLive and isAnswering', () => {
  const open = step(waiting(), 'start', at(0));
  it('does nothing before the deadline or when not open', () => {
    expect(settleLive(open, at(19.999))).toBeUndefined();
    expect(settleLive(waiting(), at(100))).toBeUndefined();
    expect(settleLive(step(open, 'reveal', at(3)), at(100))).toBeUndefined();
    expect(isAnswering(open, at(19.999))).toBe(true);
    expect(isAnswering(waiting(), at(1))).toBe(false);
  });
  it('reveals at the deadline, locked at the deadline', () => {
    const s = settleLive(open, at(45))!;
    expect(s).toMatchObject({ phase: 'revealed', rev: 2, lockedAt: [at(20).toISOString()] });
    expect(isAnswering(open, at(20))).toBe(false);
  });
});

describe('answerProblem', () => {
  const open = step(waiting(), 'start', at(0));
  it.each([
    ['an answer in time', open, 0, ['c'], false, 5, undefined],
    ['before the start', waiting(), 0, ['c'], false, 5, 'not_open'],
    ['to another question', open, 1, ['a', 'b'], false, 5, 'wrong_question'],
    ['after the countdown', open, 0, ['c'], false, 20, 'locked'],
    ['after the reveal', step(open, 'reveal', at(3)), 0, ['c'], false, 4, 'locked'],
    ['twice', open, 0, ['c'], true, 5, 'already'],
    ['an unknown option', open, 0, ['z'], false, 5, 'bad_response'],
    ['two options to a single choice', open, 0, ['a', 'c'], false, 5, 'bad_response'],
    ['no option', open, 0, [], false, 5, 'bad_response'],
    ['true/false to a choice', open, 0, true, false, 5, 'bad_response'],
    ['after the end', step(open, 'finish', at(2)), 0, ['c'], false, 5, 'finished'],
  ] as const)('%s', (_name, s, index, value, already, seconds, problem) => {
    expect(answerProblem(s, QUESTIONS[index], index, value as never, already, at(seconds))).toBe(problem);
  });
  it('refuses an index past the last question', () => {
    expect(answerProblem(open, undefined, 0, ['c'], false, at(1))).toBe('wrong_question');
  });
});

describe('scoreLiveAnswer and countedAnswers', () => {
  const open = step(waiting(), 'start', at(0));
  const who = { quizId: 'q1', userId: 'u1' };
  it('scores right and fast, wrong as 0, multiple choice only when exact', () => {
    expect(scoreLiveAnswer(open, single, who, ['c'], at(5))).toEqual({
      quizId: 'q1',
      userId: 'u1',
      index: 0,
      value: ['c'],
      at: at(5).toISOString(),
      elapsedMs: 5000,
      correct: true,
      points: 875,
    });
    expect(scoreLiveAnswer(open, single, who, ['a'], at(1))).toMatchObject({ correct: false, points: 0 });
    expect(scoreLiveAnswer(open, multiple, who, ['a'], at(1))).toMatchObject({ correct: false, points: 0 });
    expect(scoreLiveAnswer(open, multiple, who, ['b', 'a'], at(0))).toMatchObject({ correct: true, points: 1000 });
    expect(scoreLiveAnswer(open, tf, who, true, at(20))).toMatchObject({ correct: true, points: 500 });
  });

  it('counts answers of the open question, and of past ones only up to their lock (a raced answer does not count)', () => {
    const a = (userId: string, index: number, s: number): LiveAnswer => ({
      quizId: 'q1',
      userId,
      index,
      value: ['c'],
      at: at(s).toISOString(),
      elapsedMs: 0,
      correct: true,
      points: 1000,
    });
    const revealed = step(open, 'reveal', at(10));
    const answers = [a('u1', 0, 3), a('u2', 0, 10), a('u3', 0, 10.5)];
    expect(countedAnswers(open, answers).map((x) => x.userId)).toEqual(['u1', 'u2', 'u3']);
    expect(countedAnswers(revealed, answers).map((x) => x.userId)).toEqual(['u1', 'u2']);
    // An answer to a question that never opened counts nowhere.
    expect(countedAnswers(revealed, [a('u1', 1, 11)])).toEqual([]);
  });
});

describe('distributionOf', () => {
  it('counts per option, marks the right ones, totals the answers', () => {
    expect(distributionOf(single, [{ value: ['c'] }, { value: ['a'] }, { value: ['c'] }])).toEqual({
      options: [
        { id: 'a', count: 1, correct: false },
        { id: 'b', count: 0, correct: false },
        { id: 'c', count: 2, correct: true },
      ],
      total: 3,
    });
  });
  it('counts each ticked option of a multiple choice', () => {
    const d = distributionOf(multiple, [{ value: ['a', 'b'] }, { value: ['a', 'c'] }]);
    expect(d.options.map((o) => [o.id, o.count, o.correct])).toEqual([
      ['a', 2, true],
      ['b', 1, true],
      ['c', 1, false],
    ]);
    expect(d.total).toBe(2);
  });
  it('shows true and false for a true/false question, and nothing before anyone answered', () => {
    expect(distributionOf(tf, [{ value: false }, { value: true }, { value: true }]).options).toEqual([
      { id: 'true', count: 2, correct: true },
      { id: 'false', count: 1, correct: false },
    ]);
    expect(distributionOf(tf, []).options.map((o) => o.count)).toEqual([0, 0]);
    expect(distributionOf(single, []).total).toBe(0);
  });
});

describe('views', () => {
  const quiz = { id: 'q1', code: '12345678', settings: { title: '晨会' }, questions: QUESTIONS } as unknown as Quiz;
  const players = [
    { quizId: 'q1', userId: 'u1', name: '张三', username: 'zhang', joinedAt: at(0).toISOString() },
    { quizId: 'q1', userId: 'u2', name: '李四', username: 'li', joinedAt: at(0).toISOString() },
  ];
  const link = (id: string) => ({ id, href: `/policies/complaints/x#${id}`, number: id, title: `条款 ${id}` });
  const yn = { yes: '对', no: '错' };
  const open = step(waiting(), 'start', at(0));
  const answers = [scoreLiveAnswer(open, single, { quizId: 'q1', userId: 'u1' }, ['c'], at(2))];
  const snap = (session: LiveSession, extra: Partial<LiveSnapshot> = {}): LiveSnapshot => ({
    quiz,
    session,
    players,
    answers,
    ...extra,
  });

  it('shows no question while waiting', () => {
    const v = projectorView(snap(waiting(), { answers: [] }), at(0), link, yn);
    expect(v).toMatchObject({ kind: 'projector', phase: 'waiting', joined: 2, answered: 0, count: 3 });
    expect(v.question).toBeUndefined();
    expect(v.board).toBeUndefined();
  });

  it('never puts the answer key or the explanation into a view before the reveal', () => {
    const pv = projectorView(snap(open), at(3), link, yn);
    const mine = playerView(snap(open), 'u1', at(3), yn);
    for (const v of [pv, mine]) {
      const text = JSON.stringify(v);
      expect(text).not.toContain(single.explanation);
      expect(text).not.toContain('"answer"');
      expect(text).not.toContain('"correct"');
    }
    expect(pv).toMatchObject({ answered: 1, answering: true, deadline: at(20).toISOString() });
    expect(pv.question!.options.map((o) => o.letter)).toEqual(['A', 'B', 'C']);
    expect(mine.mine).toEqual(['c']);
    expect(playerView(snap(open), 'u2', at(3), yn).mine).toBeUndefined();
  });

  it('after the reveal: the distribution, the clause links, the explanation and the leaderboard', () => {
    const revealed = step(open, 'reveal', at(5));
    const v = projectorView(snap(revealed), at(6), link, yn);
    expect(v.reveal!.options.map((o) => [o.letter, o.count, o.correct])).toEqual([
      ['A', 0, false],
      ['B', 0, false],
      ['C', 1, true],
    ]);
    expect(v.reveal!.clauses).toEqual([
      { id: 'complaints-1.5', href: '/policies/complaints/x#complaints-1.5', title: '条款 complaints-1.5' },
    ]);
    expect(v.reveal!.explanation).toBe(single.explanation);
    expect(v.board).toEqual([
      { rank: 1, name: '张三', points: 950 },
      { rank: 2, name: '李四', points: 0 },
    ]);
    const me = playerView(snap(revealed), 'u1', at(6), yn);
    expect(me.reveal).toEqual({ correct: true, points: 950, answer: ['c'], explanation: single.explanation });
    expect(me).toMatchObject({ total: 950, rank: 1, players: 2 });
    const other = playerView(snap(revealed), 'u2', at(6), yn);
    expect(other.reveal).toMatchObject({ correct: null, points: 0 });
    expect(other.rank).toBe(2);
  });

  it('initials only, or no leaderboard and no ranks at all', () => {
    const revealed = step(open, 'reveal', at(5));
    const initials = { ...revealed, leaderboard: 'initials' as const };
    expect(projectorView(snap(initials), at(6), link, yn).board!.map((b) => b.name)).toEqual(['张*', '李*']);
    const off = { ...revealed, leaderboard: 'off' as const };
    expect(projectorView(snap(off), at(6), link, yn).board).toBeUndefined();
    expect(playerView(snap(off), 'u1', at(6), yn).rank).toBeUndefined();
  });

  it('a true/false question shows 对 and 错 as options A and B; a late joiner sees the current question', () => {
    let s = step(open, 'reveal', at(5));
    s = step(s, 'next', at(6));
    s = step(step(s, 'reveal', at(8)), 'next', at(9));
    const late = playerView(
      snap(s, { players: [...players, { ...players[0], userId: 'u9', name: '迟到' }] }),
      'u9',
      at(10),
      yn,
    );
    expect(late).toMatchObject({ joined: true, index: 2, phase: 'open', total: 0 });
    expect(late.question!.options).toEqual([
      { id: 'true', letter: 'A', text: '对' },
      { id: 'false', letter: 'B', text: '错' },
    ]);
    expect(playerView(snap(s), 'nobody', at(10), yn).joined).toBe(false);
  });
});

describe('attemptOfLive', () => {
  it("turns a player's counted answers into a submitted, scored attempt in the quiz's order", () => {
    const quiz = {
      id: 'q1',
      settings: { scoringRule: 'all-or-nothing', passMark: 60 },
      questions: QUESTIONS,
    } as unknown as Quiz;
    let s = step(waiting(), 'start', at(0));
    const who = { quizId: 'q1', userId: 'u1' };
    const answers = [scoreLiveAnswer(s, single, who, ['c'], at(2))];
    s = step(step(s, 'reveal', at(3)), 'next', at(4));
    answers.push(scoreLiveAnswer(s, multiple, who, ['a'], at(5)));
    s = step(step(s, 'reveal', at(6)), 'next', at(7));
    answers.push({ ...scoreLiveAnswer(s, tf, who, true, at(8)), userId: 'u2' });
    s = step(step(s, 'reveal', at(9)), 'next', at(10));
    const player = { quizId: 'q1', userId: 'u1', name: '张三', username: 'zhang', joinedAt: at(-5).toISOString() };
    const a = attemptOfLive(quiz, s, player, answers, 'att-1', at(11));
    expect(a).toMatchObject({
      id: 'att-1',
      quizId: 'q1',
      userId: 'u1',
      userName: '张三',
      username: 'zhang',
      number: 1,
      order: ['complaints-001', 'complaints-002', 'complaints-003'],
      optionOrder: { 'complaints-001': ['a', 'b', 'c'], 'complaints-002': ['a', 'b', 'c'] },
      startedAt: at(-5).toISOString(),
      submittedAt: at(11).toISOString(),
      submittedBy: 'ended',
    });
    expect(Object.keys(a.answers)).toEqual(['complaints-001', 'complaints-002']);
    expect(a.answers['complaints-001']).toEqual({ value: ['c'], at: at(2).toISOString() });
    expect(a.score).toMatchObject({ points: 1, max: 3, percent: 33.3, passed: false });
  });
});
