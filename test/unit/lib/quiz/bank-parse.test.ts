import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBanks } from '../../../../src/lib/quiz/bank-parse';

const fixture = readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/quizzes/fixture.yaml'), 'utf8');
const clauses = new Set([
  'complaints-1.1',
  'complaints-1.2',
  'complaints-1.3',
  'complaints-1.4',
  'complaints-4.1',
  'returns-1.1',
]);
const file = 'content/quizzes/fixture.yaml';

describe('parseBanks', () => {
  it('accepts the documented format', () => {
    const { banks, problems } = parseBanks([{ file, source: fixture }], clauses);
    expect(problems).toEqual([]);
    expect(banks[0].bank.questions.map((q) => q.type)).toEqual([
      'single',
      'multiple',
      'truefalse',
      'single',
      'multiple',
      'truefalse',
    ]);
  });

  it('a bank-wide review day stands for questions without one of their own', () => {
    const source = fixture
      .replace(/^section: (.*)$/m, 'section: $1\nreviewed: 2026-10-01')
      .replace('clauses: [returns-1.1]', 'clauses: [returns-1.1]\n    reviewed: 2026-11-30');
    const { banks, problems } = parseBanks([{ file, source }], clauses);
    expect(problems).toEqual([]);
    const reviewed = banks[0].bank.questions.map((q) => q.reviewed);
    expect(reviewed.filter((d) => d === '2026-11-30')).toHaveLength(1);
    expect(reviewed.filter((d) => d === '2026-10-01')).toHaveLength(reviewed.length - 1);
    const plain = parseBanks([{ file, source: fixture }], clauses).banks[0].bank.questions;
    expect(plain.every((q) => q.reviewed === undefined)).toBe(true);
  });

  it.each<[string, (s: string) => string, RegExp]>([
    [
      'a citation of a missing clause, with its line',
      (s) => s.replace('clauses: [returns-1.1]', 'clauses: [returns-9.9]'),
      /fixture\.yaml:\d+: question fixture-004 cites missing clause "returns-9\.9"/,
    ],
    [
      'a question without clauses',
      (s) => s.replace('clauses: [complaints-4.1]', 'clauses: []'),
      /questions\.2\.clauses/,
    ],
    [
      'a question without an explanation',
      (s) => s.replace('explanation: 无效投诉也要向顾客解释并安抚。', ''),
      /questions\.2\.explanation/,
    ],
    [
      'an answer that is not an option',
      (s) => s.replace('answer: [b]\n    explanation: 受理后', 'answer: [e]\n    explanation: 受理后'),
      /answer "e" is not an option id/,
    ],
    [
      'two answers to a single-choice question',
      (s) => s.replace('answer: [b]\n    explanation: 受理后', 'answer: [a, b]\n    explanation: 受理后'),
      /exactly one answer/,
    ],
    [
      'one answer to a multiple-choice question',
      (s) => s.replace('answer: [a, b, c]', 'answer: [a]'),
      /two or more answers/,
    ],
    [
      'a true/false answer given as a list',
      (s) => s.replace('answer: false', 'answer: [false]'),
      /questions\.2\.answer/,
    ],
    [
      'options on a true/false question',
      (s) => s.replace('answer: true', 'answer: true\n    options: [{ id: a, text: x }]'),
      /options/,
    ],
    [
      'an unknown type',
      (s) => s.replace('type: truefalse\n    prompt: 无效', 'type: essay\n    prompt: 无效'),
      /questions\.2\.type/,
    ],
    [
      'a question id of another bank',
      (s) => s.replace('id: fixture-006', 'id: other-006'),
      /must start with the bank id/,
    ],
    ['a duplicate question id', (s) => s.replace('id: fixture-006', 'id: fixture-005'), /"fixture-005" is used twice/],
    [
      'a bank id that is not the file name',
      (s) => s.replace('id: fixture\n', 'id: fixtures\n'),
      /must start with the bank id|must equal the file name/,
    ],
    ['an unknown field', (s) => s.replace('title: 测试题库', 'title: 测试题库\nauthor: me'), /author|Unrecognized/i],
    ['broken YAML', () => 'id: [', /not valid YAML/],
  ])('reports %s', (_name, edit, message) => {
    const { problems } = parseBanks([{ file, source: edit(fixture) }], clauses);
    expect(problems.join('\n')).toMatch(message);
  });

  it('reports a question id used in two banks', () => {
    const other = fixture.replace('id: fixture\n', 'id: other\n');
    const { problems } = parseBanks([
      { file, source: fixture },
      { file: 'content/quizzes/other.yaml', source: other },
    ]);
    // The copy's ids do not start with its bank id, and they clash with the first bank.
    expect(problems.join('\n')).toMatch(/must start with the bank id "other-"/);
    const renamed = fixture.replace(/fixture-00/g, 'fixture-00');
    const clash = parseBanks([
      { file, source: fixture },
      { file: 'content/quizzes/fixture.yml', source: renamed },
    ]);
    expect(clash.problems.join('\n')).toMatch(
      /question id "fixture-001" is also used in content\/quizzes\/fixture\.yaml/,
    );
  });
});
