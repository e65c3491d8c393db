import { describe, expect, it } from 'vitest';
import {
  certification,
  clauseChanges,
  dayOf,
  needsReview,
  passesOf,
  questionsToReview,
  recertQuestions,
  trainerNeedsReview,
  sectionOfClause,
  type PageLike,
} from '../../../../src/lib/recert/recert';
import type { Attempt, Quiz, QuizQuestion } from '../../../../src/lib/quiz/schema';

/** returns-2.5 changed twice (2026-06-01, 2026-11-29), returns-1.1 once (2026-03-01); a translation repeats one. */
const PAGES: PageLike[] = [
  {
    slug: 'exclusions',
    data: {
      section: 'returns',
      title: '不退换的商品',
      history: [
        {
          version: '1.2',
          effective: '2026-11-29',
          changes: '药品只走质量途径',
          clauses: ['returns-2.5', 'returns-2.6'],
        },
        { version: '1.1', effective: '2026-06-01', changes: '新增药品', clauses: ['returns-2.5'] },
        { version: '1.0', effective: '2026-01-01', changes: '首次发布', clauses: [] },
      ],
    },
  },
  {
    slug: 'basic-rules',
    data: {
      section: 'returns',
      title: '基本规则',
      history: [{ version: '1.1', effective: '2026-03-01', changes: '期限', clauses: ['returns-1.1'] }],
    },
  },
  {
    slug: 'returns.en',
    data: {
      section: 'shopper-guide',
      title: 'Returns',
      translationOf: 'returns',
      history: [{ version: '1.1', effective: '2026-12-01', changes: 'x', clauses: ['returns-2.5'] }],
    },
  },
  {
    slug: 'reception',
    data: {
      section: 'service-norms',
      title: '接待',
      history: [{ version: '2.0', effective: '2027-01-01', changes: '将来的改动', clauses: ['service-norms-3.8'] }],
    },
  },
];
const CHANGES = clauseChanges(PAGES);

const q = (id: string, clauses: string[], reviewed?: string): QuizQuestion => ({
  id,
  type: 'truefalse',
  prompt: id,
  explanation: 'x',
  answer: true,
  clauses,
  ...(reviewed ? { reviewed } : {}),
});

describe('the change log', () => {
  it('lists each clause’s changes, newest first, from original pages only', () => {
    expect(CHANGES.get('returns-2.5')!.map((c) => c.effective)).toEqual(['2026-11-29', '2026-06-01']);
    expect(CHANGES.get('returns-2.6')![0]).toMatchObject({ section: 'returns', slug: 'exclusions', version: '1.2' });
    expect(CHANGES.has('returns-1.2')).toBe(false);
    expect(sectionOfClause('service-norms-3.8')).toBe('service-norms');
    expect(sectionOfClause('nonsense')).toBeUndefined();
  });

  it('reads days and instants as mall-local days', () => {
    expect(dayOf('2026-11-29')).toBe('2026-11-29');
    // 23:30 UTC on the 28th is already the 29th in Shanghai.
    expect(dayOf('2026-11-28T23:30:00Z')).toBe('2026-11-29');
    expect(dayOf('2026-11-28T15:59:59Z')).toBe('2026-11-28');
    expect(dayOf('not a date')).toBeUndefined();
  });
});

describe('needsReview (待复核)', () => {
  it.each([
    ['never reviewed: every change', undefined, ['2026-11-29', '2026-06-01']],
    ['reviewed the day before the latest change', '2026-11-28', ['2026-11-29']],
    ['reviewed on the day the change took effect', '2026-11-29', []],
    ['reviewed after the change', '2026-11-30', []],
    ['reviewed between the two changes', '2026-06-01', ['2026-11-29']],
    ['reviewed before both changes', '2026-05-31', ['2026-11-29', '2026-06-01']],
  ])('%s', (_, reviewed, days) => {
    expect(needsReview(q('returns-001', ['returns-2.5'], reviewed), CHANGES).map((c) => c.effective)).toEqual(days);
  });

  it('takes the library’s pages as well as the change map, and a trainer question’s dates', () => {
    const trainer = { clauses: ['returns-1.1', 'returns-9.9'], createdAt: '2026-02-28T08:00:00Z' };
    expect(needsReview(trainer, PAGES).map((c) => c.clause)).toEqual(['returns-1.1']);
    expect(needsReview({ ...trainer, updatedAt: '2026-03-01T01:00:00Z' }, PAGES)).toEqual([]);
    // Edited late in the evening of 29 Feb UTC = 1 March in the mall: current.
    expect(needsReview({ ...trainer, updatedAt: '2026-02-28T16:30:00Z' }, PAGES)).toEqual([]);
    expect(needsReview({ ...trainer, reviewedAt: '2026-02-01', updatedAt: '2026-03-05' }, PAGES)).toHaveLength(1);
  });

  it('takes a trainer question’s last save (mall day) or its own later review day', () => {
    const record = (savedAt: string, reviewed?: string) => ({
      question: { clauses: ['returns-2.5'], ...(reviewed ? { reviewed } : {}) },
      savedAt,
    });
    // Saved at 00:00 on the 29th in the mall (16:00 UTC the day before): current; a minute earlier: flagged.
    expect(trainerNeedsReview(record('2026-11-28T16:00:00Z'), CHANGES)).toHaveLength(0);
    expect(trainerNeedsReview(record('2026-11-28T15:59:00Z'), CHANGES)).toHaveLength(1);
    expect(trainerNeedsReview(record('2026-11-28T08:00:00Z'), CHANGES).map((c) => c.effective)).toEqual(['2026-11-29']);
    expect(trainerNeedsReview(record('2026-11-28T08:00:00Z', '2026-11-30'), CHANGES)).toHaveLength(0);
    expect(trainerNeedsReview(record('2026-05-01T08:00:00Z', '2026-01-01'), CHANGES)).toHaveLength(2);
  });

  it('flags a question before a future change takes effect', () => {
    expect(needsReview(q('service-norms-001', ['service-norms-3.8'], '2026-12-01'), CHANGES)).toHaveLength(1);
  });

  it('lists only the questions to review', () => {
    const list = questionsToReview(
      [q('a-001', ['returns-2.5'], '2026-11-29'), q('a-002', ['returns-1.1']), q('a-003', ['complaints-1.1'])],
      CHANGES,
    );
    expect(list.map((x) => x.question.id)).toEqual(['a-002']);
  });
});

const quiz = (id: string, clauses: string[][]): Pick<Quiz, 'id' | 'questions'> => ({
  id,
  questions: clauses.map((c, i) => q(`x-00${i}`, c)),
});
const attempt = (quizId: string, userId: string, submittedAt: string | undefined, passed: boolean) =>
  ({
    quizId,
    userId,
    submittedAt,
    score: submittedAt ? { points: 1, max: 1, percent: passed ? 100 : 0, passed, items: [] } : undefined,
  }) as Pick<Attempt, 'quizId' | 'userId' | 'submittedAt' | 'score'>;

describe('certification (需重新认证)', () => {
  const quizzes = [quiz('qr', [['returns-1.1'], ['returns-2.5']]), quiz('qs', [['service-norms-3.8']])];
  const passes = passesOf(quizzes, [
    attempt('qr', 'before', '2026-11-28T08:00:00Z', true), // passed the day before the change
    attempt('qr', 'sameDay', '2026-11-29T01:00:00Z', true), // passed on the effective day (09:00 local)
    attempt('qr', 'after', '2026-05-01T01:00:00Z', true), // passed before, then again after the change
    attempt('qr', 'after', '2026-11-30T01:00:00Z', true),
    attempt('qr', 'failedAfter', '2026-05-01T01:00:00Z', true), // passed before, failed after
    attempt('qr', 'failedAfter', '2026-11-30T01:00:00Z', false),
    attempt('qr', 'open', undefined, false),
    attempt('qs', 'before', '2026-11-28T08:00:00Z', true),
  ]);

  it('turns passing attempts into passes with the sections their quiz covers', () => {
    expect(passes).toHaveLength(6);
    expect([...passes[0].sections]).toEqual(['returns']);
  });

  const users = ['before', 'sameDay', 'after', 'failedAfter', 'open', 'never'];

  it('marks who passed before a change, and counts a pass on the effective day as current', () => {
    const [returns] = certification(['returns'], users, passes, CHANGES, '2026-11-30');
    const status = Object.fromEntries(returns.people.map((p) => [p.userId, p.status]));
    expect(status).toEqual({
      before: 'recertify',
      sameDay: 'current',
      after: 'current',
      failedAfter: 'recertify',
      open: 'none',
      never: 'none',
    });
    expect(returns.lastChange).toBe('2026-11-29');
    expect(returns.people.find((p) => p.userId === 'before')!.missed).toEqual(['returns-2.5', 'returns-2.6']);
    // failedAfter's last pass was 2026-05-01: 2.5 changed twice since, 1.1 never since.
    expect(returns.people.find((p) => p.userId === 'failedAfter')!.missed).toEqual(['returns-2.5', 'returns-2.6']);
    expect(returns).toMatchObject({ current: 2, recertify: 2, share: 2 / 6 });
  });

  it('ignores changes not in effect yet, and a clause changed twice counts from the change after the pass', () => {
    // On 2026-11-28 only the June and March changes are in effect.
    const [returns] = certification(['returns'], users, passes, CHANGES, '2026-11-28');
    expect(returns.people.find((p) => p.userId === 'before')!.status).toBe('current');
    expect(returns.people.find((p) => p.userId === 'failedAfter')!.missed).toEqual(['returns-2.5']);
    expect(returns.lastChange).toBe('2026-06-01');
    const [service] = certification(['service-norms'], users, passes, CHANGES, '2026-12-31');
    expect(service.people.find((p) => p.userId === 'before')!.status).toBe('current');
  });

  it('reports nobody as a zero share, not NaN', () => {
    expect(certification(['records'], [], passes, CHANGES, '2026-11-30')[0]).toMatchObject({ share: 0, current: 0 });
  });

  it('builds the re-certification quiz from current questions citing the missed clauses', () => {
    const [returns] = certification(['returns'], users, passes, CHANGES, '2026-11-30');
    const pool = [
      q('r-001', ['returns-2.5'], '2026-11-29'),
      q('r-002', ['returns-2.6']), // still 待复核: left out
      q('r-003', ['returns-1.1']), // not missed by anyone
      q('r-004', ['returns-2.6', 'returns-1.1'], '2026-12-01'),
    ];
    expect(recertQuestions(returns, pool, CHANGES).map((x) => x.id)).toEqual(['r-001', 'r-004']);
  });
});
