import { describe, expect, it } from 'vitest';
import {
  answerDistribution,
  answerKey,
  responseCells,
  strongestDistractor,
} from '../../../../src/lib/quiz/distribution';
import type { Attempt, Quiz, QuizQuestion, QuizResponse } from '../../../../src/lib/quiz/schema';

const single: QuizQuestion = {
  id: 'b-001',
  type: 'single',
  prompt: 'S',
  options: [
    { id: 'a', text: '甲' },
    { id: 'b', text: '乙' },
    { id: 'c', text: '丙' },
  ],
  answer: ['b'],
  explanation: 'e',
  clauses: ['complaints-1'],
};
const multiple: QuizQuestion = {
  id: 'tq-aaaaaaaa',
  type: 'multiple',
  prompt: 'M',
  options: [
    { id: 'a', text: '甲' },
    { id: 'b', text: '乙' },
    { id: 'c', text: '丙' },
    { id: 'd', text: '丁' },
  ],
  answer: ['a', 'b'],
  explanation: 'e',
  clauses: ['complaints-1'],
};
const tf: QuizQuestion = {
  id: 'b-002',
  type: 'truefalse',
  prompt: 'T',
  answer: true,
  explanation: 'e',
  clauses: ['complaints-1'],
};
const quiz: Pick<Quiz, 'questions' | 'questionVersions'> = {
  questions: [single, multiple, tf],
  questionVersions: { 'tq-aaaaaaaa': 3 },
};

let n = 0;
/** A submitted attempt; answers saved at the start, so all count, unless `late`. */
function attempt(userId: string, answers: Record<string, QuizResponse>, number = 1, late: string[] = []): Attempt {
  const at = '2026-11-20T01:01:00.000Z';
  return {
    id: `a${n++}`,
    quizId: 'q',
    userId,
    userName: userId,
    username: userId,
    number,
    order: ['b-002', 'tq-aaaaaaaa', 'b-001'],
    optionOrder: {},
    answers: Object.fromEntries(
      Object.entries(answers).map(([k, value]) => [
        k,
        { value, at: late.includes(k) ? '2026-11-20T03:00:00.000Z' : at },
      ]),
    ),
    startedAt: '2026-11-20T01:00:00.000Z',
    deadline: '2026-11-20T01:10:00.000Z',
    submittedAt: '2026-11-20T01:05:00.000Z',
    submittedBy: 'user',
    score: { points: 0, max: 3, percent: 0, passed: false, items: [] },
  };
}

describe('answerDistribution', () => {
  const attempts = [
    attempt('u1', { 'b-001': ['c'], 'tq-aaaaaaaa': ['a', 'b'], 'b-002': true }),
    attempt('u2', { 'b-001': ['c'], 'tq-aaaaaaaa': ['a', 'c'], 'b-002': false }),
    attempt('u3', { 'b-001': ['b'], 'tq-aaaaaaaa': ['c', 'd'] }),
    attempt('u4', { 'b-001': ['a'], 'tq-aaaaaaaa': [] }, 1, ['b-001']),
    // A second attempt does not count: the first is the unpractised one.
    attempt('u1', { 'b-001': ['a'], 'tq-aaaaaaaa': ['d'], 'b-002': false }, 2),
  ];
  const d = answerDistribution(quiz, attempts);

  it('counts each person’s first attempt per option, with percent of those who answered', () => {
    expect(d.map((x) => x.questionId)).toEqual(['b-001', 'tq-aaaaaaaa', 'b-002']);
    expect(d[0]).toMatchObject({ n: 4, answered: 3, blank: 1 });
    expect(d[0].choices.map((c) => [c.choice, c.count, c.percent, c.right])).toEqual([
      ['a', 0, 0, false],
      ['b', 1, 33.3, true],
      ['c', 2, 66.7, false],
    ]);
  });

  it('counts every option ticked on a multiple-choice question', () => {
    expect(d[1]).toMatchObject({ n: 4, answered: 3, blank: 1 });
    expect(d[1].choices.map((c) => c.count)).toEqual([2, 1, 2, 1]);
  });

  it('spreads true/false answers over true and false', () => {
    expect(d[2].choices.map((c) => [c.choice, c.count, c.right])).toEqual([
      ['true', 1, true],
      ['false', 1, false],
    ]);
    expect(d[2].blank).toBe(2);
  });

  it('flags the wrong choice most people took, ties to the earlier option, none when nobody went wrong', () => {
    expect(d[0].topDistractor).toBe('c');
    expect(d[1].topDistractor).toBe('c');
    expect(d[2].topDistractor).toBe('false');
    const allRight = answerDistribution(quiz, [attempt('u9', { 'b-001': ['b'] })]);
    expect(allRight[0].topDistractor).toBeUndefined();
    const tie = answerDistribution(quiz, [attempt('u1', { 'b-001': ['c'] }), attempt('u2', { 'b-001': ['a'] })]);
    expect(tie[0].topDistractor).toBe('a');
  });

  it('names the strongest distractor of the quiz', () => {
    expect(strongestDistractor(d)).toEqual({ questionId: 'b-001', choice: 'c', count: 2, percent: 66.7 });
    expect(strongestDistractor(answerDistribution(quiz, []))).toBeUndefined();
  });

  it('ignores unsubmitted attempts', () => {
    const open = { ...attempt('u5', { 'b-001': ['a'] }), submittedAt: undefined, score: undefined };
    expect(answerDistribution(quiz, [open])[0]).toMatchObject({ n: 0, answered: 0 });
  });
});

describe('answerKey', () => {
  it('lists the right answers in quiz order, with the trainer question’s version', () => {
    expect(answerKey(quiz).map((k) => [k.number, k.question.id, k.right, k.version])).toEqual([
      [1, 'b-001', ['b'], undefined],
      [2, 'tq-aaaaaaaa', ['a', 'b'], 3],
      [3, 'b-002', ['true'], undefined],
    ]);
  });
});

describe('responseCells', () => {
  it('gives each question’s counted answer in its own letters or words, marked once scored', () => {
    const a = attempt('u1', { 'b-001': ['c'], 'tq-aaaaaaaa': ['b', 'a'], 'b-002': false }, 1, ['b-002']);
    a.score = {
      points: 1,
      max: 3,
      percent: 33.3,
      passed: false,
      items: [
        { questionId: 'b-001', credit: 0, correct: false },
        { questionId: 'tq-aaaaaaaa', credit: 1, correct: true },
        { questionId: 'b-002', credit: 0, correct: false },
      ],
    };
    // The true/false answer came after the deadline: it did not count, so the cell is empty.
    expect(responseCells(quiz, a, { true: '对', false: '错' })).toEqual(['✗ C', '✓ AB', '']);
    const open = { ...attempt('u2', { 'b-002': true }), score: undefined, submittedAt: undefined };
    expect(responseCells(quiz, open, { true: '对', false: '错' })).toEqual(['', '', '对']);
  });
});
