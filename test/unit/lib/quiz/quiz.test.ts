import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readBankFiles } from '../../../../src/lib/quiz/bank-files';
import { parseBanks } from '../../../../src/lib/quiz/bank-parse';
import {
  analyseItems,
  attemptDeadline,
  buildPaper,
  checkWindow,
  countedResponses,
  createRng,
  drawQuestions,
  groupSize,
  isExpired,
  nextAttempt,
  publicPaper,
  questionPool,
  seedFrom,
  settingsFromForm,
  shuffle,
  summarise,
  weakestClauses,
} from '../../../../src/lib/quiz/quiz';
import { isValidResponse, scoreAttempt, scoreQuestion } from '../../../../src/lib/quiz/scoring';
import {
  quizFormSchema,
  type Attempt,
  type QuizQuestion,
  type QuizResponse,
  type QuizSettings,
  type ScoringRule,
} from '../../../../src/lib/quiz/schema';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/quizzes');
const { banks, problems } = parseBanks(readBankFiles(fixtures));
const bank = banks[0].bank;
const q = (id: string) => bank.questions.find((x) => x.id === `fixture-${id}`)!;

it('reads the fixture bank without problems', () => {
  expect(problems).toEqual([]);
  expect(bank.questions).toHaveLength(6);
});

describe('scoreQuestion', () => {
  it.each<[string, QuizResponse | undefined, ScoringRule, number]>([
    ['001', ['b'], 'all-or-nothing', 1],
    ['001', ['a'], 'all-or-nothing', 0],
    ['001', [], 'all-or-nothing', 0],
    ['001', undefined, 'all-or-nothing', 0],
    ['001', ['b'], 'partial', 1],
    ['001', true, 'partial', 0],
    ['003', false, 'all-or-nothing', 1],
    ['003', true, 'all-or-nothing', 0],
    ['003', ['a'], 'all-or-nothing', 0],
    ['006', true, 'partial', 1],
    // multiple: right a, b, c; wrong d
    ['002', ['a', 'b', 'c'], 'all-or-nothing', 1],
    ['002', ['c', 'a', 'b'], 'all-or-nothing', 1],
    ['002', ['a', 'b'], 'all-or-nothing', 0],
    ['002', ['a', 'b', 'c', 'd'], 'all-or-nothing', 0],
    ['002', ['a', 'b', 'c'], 'partial', 1],
    ['002', ['a', 'b'], 'partial', 2 / 3],
    ['002', ['a', 'b', 'c', 'd'], 'partial', 2 / 3],
    ['002', ['a', 'd'], 'partial', 0],
    ['002', ['d'], 'partial', 0],
    ['002', [], 'partial', 0],
    // multiple: right a, b; wrong c — ticking every box earns half
    ['005', ['a', 'b', 'c'], 'partial', 0.5],
    ['005', ['a'], 'partial', 0.5],
    ['005', ['c'], 'partial', 0],
  ])('question %s, response %j, %s → %d', (id, response, rule, credit) => {
    expect(scoreQuestion(q(id), response, rule)).toBeCloseTo(credit, 10);
  });
});

describe('scoreAttempt', () => {
  const questions = bank.questions;
  const allRight: Record<string, QuizResponse> = {
    'fixture-001': ['b'],
    'fixture-002': ['a', 'b', 'c'],
    'fixture-003': false,
    'fixture-004': ['b'],
    'fixture-005': ['a', 'b'],
    'fixture-006': true,
  };

  it.each<[string, Record<string, QuizResponse>, ScoringRule, number, number, boolean]>([
    ['all right', allRight, 'all-or-nothing', 6, 100, true],
    ['nothing answered', {}, 'all-or-nothing', 0, 0, false],
    [
      'half-right multiples, all-or-nothing',
      { ...allRight, 'fixture-002': ['a', 'b'], 'fixture-005': ['a'] },
      'all-or-nothing',
      4,
      66.7,
      true,
    ],
    [
      'half-right multiples, partial',
      { ...allRight, 'fixture-002': ['a', 'b'], 'fixture-005': ['a'] },
      'partial',
      4 + 2 / 3 + 0.5,
      86.1,
      true,
    ],
    [
      'just under the mark',
      { 'fixture-001': ['b'], 'fixture-003': false, 'fixture-006': true },
      'all-or-nothing',
      3,
      50,
      false,
    ],
  ])('%s', (_name, responses, rule, points, percent, passed) => {
    const score = scoreAttempt(questions, responses, rule, 60);
    expect(score.points).toBeCloseTo(points, 2);
    expect(score.max).toBe(6);
    expect(score.percent).toBe(percent);
    expect(score.passed).toBe(passed);
    expect(score.items.map((i) => i.questionId)).toEqual(questions.map((x) => x.id));
    // Correct means full credit, and only that.
    expect(score.items.map((i) => i.correct)).toEqual(score.items.map((i) => i.credit === 1));
  });

  it('passes exactly at the pass mark, not a hair below', () => {
    expect(
      scoreAttempt(
        questions.slice(0, 5),
        { 'fixture-001': ['b'], 'fixture-003': false, 'fixture-004': ['b'] },
        'all-or-nothing',
        60,
      ).passed,
    ).toBe(true);
    expect(
      scoreAttempt(questions.slice(0, 3), { 'fixture-001': ['b'], 'fixture-003': false }, 'all-or-nothing', 67).passed,
    ).toBe(false);
  });
});

describe('isValidResponse', () => {
  it.each<[string, QuizResponse, boolean]>([
    ['001', ['b'], true],
    ['001', [], true],
    ['001', ['a', 'b'], false],
    ['001', ['z'], false],
    ['001', true, false],
    ['002', ['a', 'c'], true],
    ['002', ['a', 'a'], false],
    ['003', true, true],
    ['003', ['a'], false],
  ])('question %s, %j → %s', (id, response, ok) => {
    expect(isValidResponse(q(id), response)).toBe(ok);
  });
});

describe('seeded shuffling', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, createRng(43))).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('is reproducible: the known permutation of seed 1', () => {
    // Pinned so a change of the PRNG or the shuffle (which would reshuffle stored attempts) is noticed.
    expect(shuffle([1, 2, 3, 4, 5, 6, 7, 8], createRng(1))).toEqual([3, 2, 7, 8, 5, 4, 1, 6]);
  });

  it.each([0, 1, 7, 123456789, 2 ** 32 - 1])(
    'seed %d shuffles into a permutation and leaves the input alone',
    (seed) => {
      const input = Array.from({ length: 20 }, (_, i) => i);
      const out = shuffle(input, createRng(seed));
      expect([...out].sort((x, y) => x - y)).toEqual(input);
      expect(input).toEqual(Array.from({ length: 20 }, (_, i) => i));
    },
  );

  it('derives different seeds for different people and attempts', () => {
    expect(seedFrom('1:u1:1')).toBe(seedFrom('1:u1:1'));
    expect(new Set([seedFrom('1:u1:1'), seedFrom('1:u1:2'), seedFrom('1:u2:1')]).size).toBe(3);
  });

  it('builds the same paper from the same seed, shuffled questions and options', () => {
    const settings = { shuffleQuestions: true, shuffleOptions: true };
    const p1 = buildPaper(bank.questions, settings, 99);
    expect(buildPaper(bank.questions, settings, 99)).toEqual(p1);
    expect([...p1.order].sort()).toEqual(bank.questions.map((x) => x.id).sort());
    expect(Object.keys(p1.optionOrder).sort()).toEqual(['fixture-001', 'fixture-002', 'fixture-004', 'fixture-005']);
    expect([...p1.optionOrder['fixture-001']].sort()).toEqual(['a', 'b', 'c', 'd']);
    const papers = Array.from({ length: 10 }, (_, s) => JSON.stringify(buildPaper(bank.questions, settings, s)));
    expect(new Set(papers).size).toBeGreaterThan(5);
  });

  it('keeps bank order when shuffling is off', () => {
    const p = buildPaper(bank.questions, { shuffleQuestions: false, shuffleOptions: false }, 5);
    expect(p.order).toEqual(bank.questions.map((x) => x.id));
    expect(p.optionOrder['fixture-002']).toEqual(['a', 'b', 'c', 'd']);
  });

  it('draws a reproducible subset of the pool, in pool order', () => {
    const pool = questionPool(
      banks.map((b) => b.bank),
      { banks: ['fixture'], sections: [] },
    );
    const d1 = drawQuestions(pool, 3, 7)!;
    expect(d1).toHaveLength(3);
    expect(drawQuestions(pool, 3, 7)).toEqual(d1);
    expect(d1.map((x) => pool.indexOf(x))).toEqual([...d1.map((x) => pool.indexOf(x))].sort((a, b) => a - b));
    expect(drawQuestions(pool, 7, 7)).toBeUndefined();
    expect(drawQuestions(pool, 0, 7)).toBeUndefined();
  });

  it('pools by section from the clauses a question cites', () => {
    const pool = questionPool([bank], { banks: [], sections: ['returns'] });
    expect(pool.map((x) => x.id)).toEqual(['fixture-004', 'fixture-005']);
    expect(questionPool([bank], { banks: ['fixture'], sections: ['returns'] })).toHaveLength(6);
  });
});

describe('publicPaper', () => {
  it('never carries an answer or an explanation, and follows the paper order', () => {
    const paper = buildPaper(bank.questions, { shuffleQuestions: true, shuffleOptions: true }, 3);
    const pub = publicPaper(bank.questions, paper);
    expect(pub.map((x) => x.id)).toEqual(paper.order);
    const text = JSON.stringify(pub);
    expect(text).not.toContain('answer');
    expect(text).not.toContain('explanation');
    expect(text).not.toContain('clauses');
    expect(text).not.toContain('受理后 10 分钟内转交');
    const first = pub.find((x) => x.id === 'fixture-001')!;
    expect(first.options.map((o) => o.id)).toEqual(paper.optionOrder['fixture-001']);
  });
});

describe('settingsFromForm: the trainer’s local times, read in the mall’s zone', () => {
  const form = {
    title: '退换货规则',
    banks: ['returns'],
    sections: [],
    questionCount: 5,
    shuffleQuestions: true,
    shuffleOptions: false,
    passMark: 60,
    timeLimitMinutes: 10,
    attemptsAllowed: 1,
    scoringRule: 'all-or-nothing' as const,
  };
  it.each([
    ['Asia/Shanghai', '2026-05-01T09:00', '2026-05-01T11:00', '2026-05-01T01:00:00.000Z', '2026-05-01T03:00:00.000Z'],
    ['Asia/Shanghai', '2026-12-31T23:30', '2027-01-01T00:30', '2026-12-31T15:30:00.000Z', '2026-12-31T16:30:00.000Z'],
    ['Europe/Berlin', '2026-03-29T01:30', '2026-03-29T03:30', '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
    [
      'Europe/Berlin',
      '2026-07-01T09:00:30',
      '2026-07-01T10:00',
      '2026-07-01T07:00:30.000Z',
      '2026-07-01T08:00:00.000Z',
    ],
  ])('%s: %s – %s', (zone, opensAt, closesAt, opensIso, closesIso) => {
    const parsed = settingsFromForm({ ...form, opensAt, closesAt }, zone);
    expect(parsed.success && [parsed.data.opensAt, parsed.data.closesAt]).toEqual([opensIso, closesIso]);
  });

  it.each([
    ['2026-02-30T09:00', '2026-03-01T09:00', 'opensAt'],
    ['2026-05-01T09:00', '2026-05-01T25:00', 'closesAt'],
    ['2026-05-01T11:00', '2026-05-01T09:00', 'closesAt'], // closes before it opens
    ['2026-03-29T02:30', '2026-03-29T03:00', 'closesAt'], // 02:30 does not exist in Berlin: it is 03:30
  ])('refuses %s – %s, naming %s', (opensAt, closesAt, field) => {
    const parsed = settingsFromForm({ ...form, opensAt, closesAt }, 'Europe/Berlin');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});

describe('quizFormSchema: the new-quiz form', () => {
  it.each([null, '', '   '])('names a missing title (%j) in Chinese', (title) => {
    const parsed = quizFormSchema.safeParse({ title, banks: [], sections: [] });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => i.path[0] === 'title');
    expect(issue?.message).toBe('请填写测验名称');
  });
});

describe('time limits and the window', () => {
  const settings = {
    timeLimitMinutes: 10,
    closesAt: '2026-05-01T10:00:00+08:00',
    opensAt: '2026-05-01T09:00:00+08:00',
  };
  it.each<[string, string, number, string]>([
    ['limit inside the window', '2026-05-01T09:05:00+08:00', 10, '2026-05-01T01:15:00.000Z'],
    ['capped by the close time', '2026-05-01T09:55:00+08:00', 10, '2026-05-01T02:00:00.000Z'],
    ['no limit: the close time', '2026-05-01T09:05:00+08:00', 0, '2026-05-01T02:00:00.000Z'],
  ])('deadline: %s', (_n, start, minutes, deadline) => {
    expect(attemptDeadline(new Date(start), { ...settings, timeLimitMinutes: minutes }).toISOString()).toBe(deadline);
  });

  const live = { status: 'live' as const, settings: settings as QuizSettings };
  it.each<[string, Parameters<typeof checkWindow>[0], string, string | undefined]>([
    ['open', live, '2026-05-01T09:30:00+08:00', undefined],
    ['at the opening second', live, '2026-05-01T09:00:00+08:00', undefined],
    ['before opening', live, '2026-05-01T08:59:59+08:00', 'not_open'],
    ['at the close time', live, '2026-05-01T10:00:00+08:00', 'closed'],
    ['not started by the trainer', { ...live, status: 'created' }, '2026-05-01T09:30:00+08:00', 'not_started'],
    ['ended by the trainer', { ...live, status: 'ended' }, '2026-05-01T09:30:00+08:00', 'ended'],
  ])('window: %s', (_n, quiz, now, problem) => {
    expect(checkWindow(quiz, new Date(now))).toBe(problem);
  });

  it.each<[string, boolean]>([
    ['2026-05-01T01:15:00.000Z', false],
    ['2026-05-01T01:15:05.000Z', false],
    ['2026-05-01T01:15:05.001Z', true],
  ])('expiry with 5 s grace at %s → %s', (now, expired) => {
    expect(isExpired({ deadline: '2026-05-01T01:15:00.000Z' }, new Date(now))).toBe(expired);
  });

  it('counts only answers saved by the deadline plus grace', () => {
    const answers = {
      a: { value: true, at: '2026-05-01T01:14:00.000Z' },
      b: { value: ['a'], at: '2026-05-01T01:15:04.000Z' },
      c: { value: false, at: '2026-05-01T01:16:00.000Z' },
    };
    expect(countedResponses({ answers, deadline: '2026-05-01T01:15:00.000Z' })).toEqual({ a: true, b: ['a'] });
  });

  it.each<[string, Parameters<typeof nextAttempt>[0], number, ReturnType<typeof nextAttempt>]>([
    ['first time', [], 1, { kind: 'new', number: 1 }],
    ['an open attempt is resumed', [{ id: 'x', number: 1 }], 1, { kind: 'resume', attemptId: 'x' }],
    ['used up', [{ id: 'x', number: 1, submittedAt: 't' }], 1, { kind: 'exhausted' }],
    ['second of two', [{ id: 'x', number: 1, submittedAt: 't' }], 2, { kind: 'new', number: 2 }],
  ])('attempts: %s', (_n, mine, allowed, expected) => {
    expect(nextAttempt(mine, allowed)).toEqual(expected);
  });
});

describe('item analysis (hand-computed example)', () => {
  // Ten people, three questions. 1 = full credit. Totals: u01 3, u02 3, u03 2, u04 2, u05 2,
  // u06 1, u07 1, u08 1, u09 1, u10 0. Groups of round(10 × 0.27) = 3:
  // upper u01 u02 u03, lower u08 u09 u10 (ties broken by user id).
  //   q1: right 7/10 → facility 70;  upper 3/3, lower 1/3 → D = 0.67
  //   q2: right 5/10 → facility 50;  upper 3/3, lower 0/3 → D = 1
  //   q3: right 4/10 → facility 40;  upper 2/3, lower 1/3 → D = 0.33
  const matrix: Record<string, [number, number, number]> = {
    u01: [1, 1, 1],
    u02: [1, 1, 1],
    u03: [1, 1, 0],
    u04: [1, 0, 1],
    u05: [1, 1, 0],
    u06: [1, 0, 0],
    u07: [0, 1, 0],
    u08: [1, 0, 0],
    u09: [0, 0, 1],
    u10: [0, 0, 0],
  };
  const questions = [
    { id: 'q1', clauses: ['complaints-1.1'] },
    { id: 'q2', clauses: ['complaints-1.1', 'complaints-1.2'] },
    { id: 'q3', clauses: ['returns-1.1'] },
  ] as Pick<QuizQuestion, 'id' | 'clauses'>[];
  const attempt = (userId: string, row: number[], number = 1, minutes = Number(userId.slice(1))): Attempt => {
    const points = row.reduce((s, x) => s + x, 0);
    const percent = Math.round((points / 3) * 1000) / 10;
    return {
      id: `${userId}-${number}`,
      quizId: 'z',
      userId,
      userName: userId,
      username: userId,
      number,
      order: ['q1', 'q2', 'q3'],
      optionOrder: {},
      answers: {},
      startedAt: '2026-05-01T01:00:00.000Z',
      deadline: '2026-05-01T02:00:00.000Z',
      submittedAt: new Date(Date.parse('2026-05-01T01:00:00.000Z') + minutes * 60_000).toISOString(),
      submittedBy: 'user',
      score: {
        points,
        max: 3,
        percent,
        passed: percent >= 60,
        items: row.map((x, i) => ({ questionId: `q${i + 1}`, credit: x, correct: x === 1 })),
      },
    };
  };
  const attempts = Object.entries(matrix).map(([u, row]) => attempt(u, row));
  // u10 tries again and passes: counts for the pass rate, not for the item analysis.
  attempts.push(attempt('u10', [1, 1, 1], 2, 30));
  // Someone who joined but never submitted.
  attempts.push({ ...attempt('u11', [0, 0, 0]), submittedAt: undefined, submittedBy: undefined, score: undefined });

  it('uses groups of 27 %', () => {
    expect([1, 2, 4, 10, 100].map(groupSize)).toEqual([1, 1, 1, 3, 27]);
  });

  it('computes facility and discrimination', () => {
    expect(analyseItems(questions, attempts)).toEqual([
      { questionId: 'q1', n: 10, facility: 70, discrimination: 0.67 },
      { questionId: 'q2', n: 10, facility: 50, discrimination: 1 },
      { questionId: 'q3', n: 10, facility: 40, discrimination: 0.33 },
    ]);
  });

  it('ranks the weakest clauses by the mean facility of the questions citing them', () => {
    const items = analyseItems(questions, attempts);
    expect(weakestClauses(questions, items)).toEqual([
      { clauseId: 'returns-1.1', facility: 40, questionIds: ['q3'] },
      { clauseId: 'complaints-1.2', facility: 50, questionIds: ['q2'] },
      { clauseId: 'complaints-1.1', facility: 60, questionIds: ['q1', 'q2'] },
    ]);
    expect(weakestClauses(questions, items, 1)).toHaveLength(1);
  });

  it('summarises the session: best attempt for the pass rate, first attempts for the mean and the time', () => {
    // Passing (≥ 60 %): u01–u05 first time, u10 the second time → 6 of 10.
    // Mean of first attempts: (100 + 100 + 66.7 × 3 + 33.3 × 4 + 0) / 10 = 53.3.
    // Minutes taken u01…u10 = 1…10 → median (5 + 6) / 2 min = 330 s.
    expect(summarise(attempts)).toEqual({
      participants: 11,
      submitted: 10,
      passed: 6,
      passRate: 60,
      meanPercent: 53.3,
      medianSeconds: 330,
    });
  });

  it('has no discrimination with a single attempt, and nothing with none', () => {
    expect(analyseItems(questions, [attempts[0]])[0]).toEqual({
      questionId: 'q1',
      n: 1,
      facility: 100,
      discrimination: undefined,
    });
    expect(analyseItems(questions, [])[0]).toEqual({ questionId: 'q1', n: 0, facility: 0, discrimination: undefined });
    expect(summarise([])).toEqual({
      participants: 0,
      submitted: 0,
      passed: 0,
      passRate: undefined,
      meanPercent: undefined,
      medianSeconds: undefined,
    });
  });
});
