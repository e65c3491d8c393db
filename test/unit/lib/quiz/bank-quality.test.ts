import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBanks } from '../../../../src/lib/quiz/bank-files';
import { LONGEST_RIGHT_TARGET, longestRightQuestions, longestRightShare } from '../../../../src/lib/quiz/bank-quality';
import type { QuizQuestion } from '../../../../src/lib/quiz/schema';

const root = path.resolve(import.meta.dirname, '../../../..');
const single = (id: string, texts: string[], answer = 'a'): QuizQuestion =>
  ({
    id,
    type: 'single',
    prompt: '题',
    explanation: '解',
    clauses: ['returns-1.1'],
    options: texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text })),
    answer: [answer],
  }) as QuizQuestion;

describe('longestRightQuestions', () => {
  it.each([
    ['the right option is uniquely longest', ['十五天之内', '七天', '三天'], 'a', true],
    ['another option is as long', ['十五天', '三十天', '七天'], 'a', false],
    ['another option is longer', ['七天', '十五天内', '三天'], 'a', false],
    ['spaces do not count', ['1 天', '22天', '3天'], 'a', false],
  ])('%s', (_name, texts, answer, flagged) => {
    expect(longestRightQuestions([single('x-001', texts, answer)])).toEqual(flagged ? ['x-001'] : []);
  });

  it('ignores true/false and multiple-choice questions', () => {
    const tf = {
      id: 'x-002',
      type: 'truefalse',
      prompt: '题',
      explanation: '解',
      clauses: ['returns-1.1'],
      answer: true,
    };
    expect(longestRightShare([tf as QuizQuestion])).toEqual({ share: 0, count: 0, singles: 0 });
  });
});

describe('the banks in content/quizzes', () => {
  it(`keep the uniquely-longest right option at or below ${LONGEST_RIGHT_TARGET * 100} % of single-choice questions`, () => {
    const { banks } = loadBanks(root);
    const questions = banks.flatMap((b) => b.bank.questions);
    const { share, count, singles } = longestRightShare(questions);
    console.log(
      `longest option is right in ${count} of ${singles} single-choice questions (${(share * 100).toFixed(1)} %)`,
    );
    expect(share).toBeLessThanOrEqual(LONGEST_RIGHT_TARGET);
  });
});
