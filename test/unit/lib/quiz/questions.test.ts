import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadBanks } from '../../../../src/lib/quiz/bank-files';
import { parseBanks } from '../../../../src/lib/quiz/bank-parse';
import { loadLibrary } from '../../../../src/lib/policies/library-files';
import { indexClauses } from '../../../../src/lib/policies/library';
import {
  bankOf,
  bankYaml,
  checkDraft,
  draftFromForm,
  draftOf,
  exportSchema,
  filterQuestions,
  firstVersion,
  nextVersion,
  prefilledDraft,
  questionFilterSchema,
  sectionsOf,
  splitClauses,
  trainerPool,
  trainerQuestionSchema,
  type QuestionDraft,
  type TrainerQuestion,
} from '../../../../src/lib/quiz/questions';
import { buildQuiz } from '../../../../src/lib/quiz/quiz';
import { quizBankSchema, quizSchema, type QuizQuestion, type QuizSettings } from '../../../../src/lib/quiz/schema';

const root = path.resolve(import.meta.dirname, '../../../..');
const clauseIds = new Set(indexClauses(loadLibrary(root).pages).keys());
const exists = (id: string) => clauseIds.has(id);
const by = { id: 'u-t', name: '王培训' };

const draft = (over: Partial<QuestionDraft> = {}): QuestionDraft => ({
  type: 'single',
  prompt: '顾客投诉升级时，第一级由谁处理？',
  options: { a: '楼层主管', b: '营运经理', c: '店长' },
  answer: ['a'],
  explanation: '投诉先由楼层主管处理，处理不了再逐级上报。',
  clauses: 'complaints-4.1',
  ...over,
});

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

it('the clauses the tests cite exist in the library', () => {
  expect(exists('complaints-4.1')).toBe(true);
  expect(exists('returns-1.2')).toBe(true);
  expect(exists('complaints-99.9')).toBe(false);
});

describe('checkDraft: the banks’ rules, errors by field', () => {
  it('accepts a valid single-choice question as a bank question', () => {
    const r = checkDraft(draft(), 'tq-abcdefgh', exists);
    expect(r).toEqual({
      ok: true,
      question: {
        id: 'tq-abcdefgh',
        type: 'single',
        prompt: '顾客投诉升级时，第一级由谁处理？',
        options: [
          { id: 'a', text: '楼层主管' },
          { id: 'b', text: '营运经理' },
          { id: 'c', text: '店长' },
        ],
        answer: ['a'],
        explanation: '投诉先由楼层主管处理，处理不了再逐级上报。',
        clauses: ['complaints-4.1'],
      },
    });
  });

  it.each<[string, Partial<QuestionDraft>, string, RegExp]>([
    ['no prompt', { prompt: '' }, 'prompt', /题干/],
    ['no explanation', { explanation: '' }, 'explanation', /解析/],
    ['no clause', { clauses: ' , ' }, 'clauses', /至少引用/],
    ['a clause that does not exist', { clauses: 'complaints-4.1, complaints-99.9' }, 'clauses', /complaints-99\.9/],
    ['two options', { options: { a: '甲', b: '乙' } }, 'options', /至少要有 3/],
    ['the same option twice', { options: { a: '甲', b: '乙', c: '甲' } }, 'options', /不能重复/],
    ['single with two answers', { answer: ['a', 'b'] }, 'answer', /只能有一个/],
    ['single with none', { answer: [] }, 'answer', /只能有一个/],
    ['an answer on a blank option', { answer: ['d'] }, 'answer', /空着/],
    ['multiple with one answer', { type: 'multiple', answer: ['a'] }, 'answer', /至少要有两个/],
    ['multiple with every option', { type: 'multiple', answer: ['a', 'b', 'c'] }, 'answer', /不能所有/],
    ['true/false without an answer', { type: 'truefalse', answer: [] }, 'answer', /正确.*错误/],
    ['true/false with a letter', { type: 'truefalse', answer: ['a'] }, 'answer', /正确.*错误/],
  ])('refuses %s', (_, over, field, message) => {
    const r = checkDraft(draft(over), 'tq-abcdefgh', exists);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fields)).toContain(field);
    expect(r.fields[field as keyof typeof r.fields]).toMatch(message);
  });

  it('names every bad field at once', () => {
    const r = checkDraft(draft({ prompt: '', explanation: '', clauses: '' }), 'tq-abcdefgh', exists);
    expect(r.ok ? [] : Object.keys(r.fields).sort()).toEqual(['clauses', 'explanation', 'prompt']);
  });

  it('drops blank options and letters the rest again, answers following', () => {
    const r = checkDraft(
      draft({ type: 'multiple', options: { a: '甲', c: '丙', e: '戊', f: '己' }, answer: ['c', 'f'] }),
      'tq-abcdefgh',
      exists,
    );
    expect(r.ok && r.question.type === 'multiple' && [r.question.options, r.question.answer]).toEqual([
      [
        { id: 'a', text: '甲' },
        { id: 'b', text: '丙' },
        { id: 'c', text: '戊' },
        { id: 'd', text: '己' },
      ],
      ['b', 'd'],
    ]);
  });

  it('makes a true/false question with a boolean answer', () => {
    const r = checkDraft(draft({ type: 'truefalse', answer: ['false'] }), 'tq-abcdefgh', exists);
    expect(r.ok && r.question).toMatchObject({ type: 'truefalse', answer: false });
  });
});

describe('the form and its prefill', () => {
  it('reads the posted fields, the true/false answer from its own field', () => {
    const d = draftFromForm(
      form([
        ['type', 'truefalse'],
        ['prompt', '  题干\r\n第二行 '],
        ['answer', 'a'],
        ['answerTf', 'true'],
        ['explanation', '解析'],
        ['clauses', 'complaints-1，complaints-1.2'],
        ['option-a', '甲'],
      ]),
    );
    expect(d).toMatchObject({ type: 'truefalse', prompt: '题干\n第二行', answer: ['true'], options: { a: '甲' } });
    expect(splitClauses(d.clauses)).toEqual(['complaints-1', 'complaints-1.2']);
    expect(draftFromForm(form([['type', 'essay']])).type).toBe('single');
    expect(draftFromForm(form([['prompt', 'x'.repeat(2000)]])).prompt).toHaveLength(500);
  });

  it('prefills from a case link and copies a bank question', () => {
    const d = prefilledDraft(new URLSearchParams('stem=顾客要求退货&clauses=returns-1.2,returns-1.1&case=case-7'));
    expect(d).toMatchObject({ prompt: '顾客要求退货', clauses: 'returns-1.2, returns-1.1', caseId: 'case-7' });
    expect(prefilledDraft(new URLSearchParams(`stem=${'x'.repeat(600)}`)).prompt).toBe('');
    const bankQ: QuizQuestion = {
      id: 'complaints-002',
      type: 'single',
      prompt: 'P',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
        { id: 'c', text: 'C' },
      ],
      answer: ['c'],
      explanation: 'E',
      clauses: ['complaints-1.1'],
    };
    const copied = prefilledDraft(new URLSearchParams('from=complaints-002'), bankQ);
    expect(copied).toMatchObject({ copiedFrom: 'complaints-002', answer: ['c'], options: { a: 'A', c: 'C' } });
    // The copy checks out as the same question under its new id.
    const r = checkDraft(copied, 'tq-abcdefgh', exists);
    expect(r.ok && r.question).toEqual({ ...bankQ, id: 'tq-abcdefgh' });
  });
});

/** Stored records for the tests below: written a minute apart. */
function record(id: string, over: Partial<QuestionDraft> = {}, minute = 0): TrainerQuestion {
  const r = checkDraft(draft(over), id, exists);
  if (!r.ok) throw new Error(JSON.stringify(r.fields));
  return firstVersion(r.question, by, new Date(Date.UTC(2026, 10, 20, 1, minute)));
}

describe('versions', () => {
  it('starts at 1, and each save or retirement is the next version with who and when', () => {
    const v1 = record('tq-aaaaaaaa');
    expect(trainerQuestionSchema.parse(v1)).toEqual(v1);
    expect(v1).toMatchObject({ version: 1, status: 'active', createdBy: by, savedBy: by });
    const other = { id: 'u-2', name: '李主管' };
    const v2 = nextVersion(
      v1,
      { question: { ...v1.question, prompt: '新题干' } },
      other,
      new Date('2026-11-21T00:00:00Z'),
    );
    expect(v2).toMatchObject({
      id: v1.id,
      version: 2,
      createdBy: by,
      savedBy: other,
      savedAt: '2026-11-21T00:00:00.000Z',
    });
    expect(v2.question.prompt).toBe('新题干');
    expect(v1.question.prompt).not.toBe('新题干');
    const v3 = nextVersion(v2, { status: 'retired' }, by, new Date());
    expect([v3.version, v3.status, v3.question]).toEqual([3, 'retired', v2.question]);
    expect(() => nextVersion(v1, { question: { ...v1.question, id: 'tq-bbbbbbbb' } }, by, new Date())).toThrow();
  });

  it('refuses a record whose question id is not its own', () => {
    const v1 = record('tq-aaaaaaaa');
    expect(trainerQuestionSchema.safeParse({ ...v1, question: { ...v1.question, id: 'tq-bbbbbbbb' } }).success).toBe(
      false,
    );
  });
});

describe('lists and pools', () => {
  const rs = [
    record('tq-aaaaaaa1', {}, 1),
    record('tq-aaaaaaa2', { clauses: 'returns-1.2', prompt: '退货期限是多少天？' }, 2),
    nextVersion(
      record('tq-aaaaaaa3', { type: 'truefalse', answer: ['true'] }, 3),
      { status: 'retired' },
      by,
      new Date('2026-11-22T00:00:00Z'),
    ),
  ];

  it('filters by status, section, type and words', () => {
    const ids = (f: Record<string, string>, review?: (r: TrainerQuestion) => boolean) =>
      filterQuestions(rs, questionFilterSchema.parse(f), review).map((r) => r.id);
    expect(ids({})).toEqual(['tq-aaaaaaa2', 'tq-aaaaaaa1']);
    expect(ids({ status: 'retired' })).toEqual(['tq-aaaaaaa3']);
    expect(ids({ status: 'all' })).toHaveLength(3);
    expect(ids({ section: 'returns' })).toEqual(['tq-aaaaaaa2']);
    expect(ids({ type: 'truefalse', status: 'all' })).toEqual(['tq-aaaaaaa3']);
    expect(ids({ q: '退货 天' })).toEqual(['tq-aaaaaaa2']);
    expect(ids({ q: '第一级' })).toEqual(['tq-aaaaaaa1']);
    expect(ids({ status: 'review' }, (r) => r.id === 'tq-aaaaaaa1')).toEqual(['tq-aaaaaaa1']);
    // A bad filter value falls back instead of failing the page.
    expect(questionFilterSchema.parse({ status: 'x', section: 'nope', type: 'essay' })).toEqual({ status: 'active' });
  });

  it('offers active questions only, by hand or by section, to a quiz', () => {
    expect(trainerPool(rs, { trainerSections: ['complaints'] }).map((r) => r.id)).toEqual(['tq-aaaaaaa1']);
    expect(trainerPool(rs, { trainerQuestions: ['tq-aaaaaaa2', 'tq-aaaaaaa3'] }).map((r) => r.id)).toEqual([
      'tq-aaaaaaa2',
    ]);
    expect(sectionsOf({ clauses: ['complaints-4.1', 'complaints-1', 'shopper-guide-1.2'] })).toEqual([
      'complaints',
      'shopper-guide',
    ]);
  });

  it('copies the version a quiz uses into it, and a later version leaves the quiz alone', () => {
    const settings: QuizSettings = {
      title: '晨会',
      banks: [],
      sections: [],
      trainerQuestions: ['tq-aaaaaaa1', 'tq-aaaaaaa2'],
      questionCount: 2,
      shuffleQuestions: false,
      shuffleOptions: false,
      passMark: 80,
      timeLimitMinutes: 0,
      attemptsAllowed: 1,
      opensAt: '2026-11-20T01:00:00.000Z',
      closesAt: '2026-11-20T03:00:00.000Z',
      scoringRule: 'all-or-nothing',
    };
    const edited = nextVersion(rs[0], { question: { ...rs[0].question, prompt: '改' } }, by, new Date());
    const meta = { id: 'q1', code: '12345678', seed: 7, by, now: new Date('2026-11-20T01:00:00Z') };
    const built = buildQuiz([], settings, meta, [edited, rs[1]]);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(quizSchema.parse(built.quiz)).toEqual(built.quiz);
    expect(built.quiz.questionVersions).toEqual({ 'tq-aaaaaaa1': 2, 'tq-aaaaaaa2': 1 });
    expect(built.quiz.questions.find((q) => q.id === 'tq-aaaaaaa1')?.prompt).toBe('改');
    expect(buildQuiz([], { ...settings, questionCount: 3 }, meta, rs)).toMatchObject({ ok: false, poolSize: 2 });
  });
});

describe('export to a bank file', () => {
  const rs = [
    record('tq-aaaaaaa1', {}, 1),
    record('tq-aaaaaaa2', { type: 'multiple', options: { a: '甲', b: '乙', c: '丙', d: '丁' }, answer: ['a', 'c'] }, 2),
    record('tq-aaaaaaa3', { type: 'truefalse', answer: ['false'], clauses: 'returns-1.2' }, 3),
    nextVersion(record('tq-aaaaaaa4', {}, 4), { status: 'retired' }, by, new Date()),
  ];

  it('writes YAML that parses as a bank and passes the build’s checks against the library', () => {
    const bank = bankOf(rs, exportSchema.parse({ bank: 'trainer-2026' }))!;
    const yaml = bankYaml(bank);
    const { banks, problems } = parseBanks([{ file: 'content/quizzes/trainer-2026.yaml', source: yaml }], clauseIds);
    expect(problems).toEqual([]);
    const back = banks[0].bank;
    expect(quizBankSchema.parse(back)).toEqual(back);
    expect(back).toMatchObject({ id: 'trainer-2026', title: '培训师自编题', section: 'complaints' });
    expect(back.questions.map((q) => q.id)).toEqual(['trainer-2026-001', 'trainer-2026-002', 'trainer-2026-003']);
    expect(back.questions.map((q) => ({ ...q, id: '' }))).toEqual(
      rs.slice(0, 3).map((r) => ({ ...r.question, id: '' })),
    );
    // Beside the shipped banks, its ids clash with none of theirs.
    const shipped = loadBanks(root, clauseIds);
    expect(
      parseBanks(
        [
          ...shipped.banks.map((b) => ({ file: b.file, source: bankYaml(b.bank) })),
          { file: 'content/quizzes/trainer-2026.yaml', source: yaml },
        ],
        clauseIds,
      ).problems,
    ).toEqual([]);
  });

  it('exports one section, and nothing when no question is active there', () => {
    expect(bankOf(rs, { bank: 'x', title: 'X', section: 'returns' })?.questions).toHaveLength(1);
    expect(bankOf(rs, { bank: 'x', title: 'X', section: 'roles' })).toBeUndefined();
    expect(exportSchema.safeParse({ bank: 'Not A Bank' }).success).toBe(false);
  });

  it('round-trips a draft through the editor unchanged', () => {
    const q = rs[1].question;
    const again = checkDraft(draftOf(q), q.id, exists);
    expect(again.ok && again.question).toEqual(q);
  });
});
