import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fieldErrors } from '../../../../src/lib/api/http';
import { loadLibrary } from '../../../../src/lib/policies/library-files';
import { indexClauses } from '../../../../src/lib/policies/library';
import { returnRulesProblems } from '../../../../src/lib/returns/returns';
import { CHECK_REQUEST_LABELS, checkRequestSchema, type ReturnRules } from '../../../../src/lib/returns/schema';

const root = path.resolve(import.meta.dirname, '../../../..');
/** The committed rules, to be broken one way per case. */
const yaml = (): ReturnRules => parse(readFileSync(path.join(root, 'content/rules/returns.yaml'), 'utf8'));

describe('checkRequestSchema', () => {
  const schema = checkRequestSchema('2026-03-10');
  const ok = {
    category: 'apparel',
    purchaseDate: '2026-03-01',
    proof: 'receipt',
    condition: 'unused',
    qualityIssue: false,
  };

  it('defaults the check date to the mall’s today', () => {
    expect(schema.parse(ok).checkDate).toBe('2026-03-10');
    expect(schema.parse({ ...ok, checkDate: '2026-03-05' }).checkDate).toBe('2026-03-05');
    expect(schema.parse({ ...ok, purchaseDate: '2026-03-10' }).purchaseDate).toBe('2026-03-10');
  });

  it.each([
    ['an unknown category', { category: 'pets' }, ['category']],
    ['an impossible date', { purchaseDate: '2026-02-30' }, ['purchaseDate']],
    ['29 February of a common year', { purchaseDate: '2027-02-29', checkDate: '2027-03-05' }, ['purchaseDate']],
    ['a malformed date', { purchaseDate: '2026/03/01' }, ['purchaseDate']],
    ['a date with a time', { purchaseDate: '2026-03-01T10:00:00Z' }, ['purchaseDate']],
    ['a malformed check date', { checkDate: '10 March' }, ['checkDate']],
    // Issue 16: year 9999 gave lastDay "+010000-01", year 0 gave 1900 dates.
    ['a purchase in year 9999', { purchaseDate: '9999-12-31', checkDate: '9999-12-31' }, ['purchaseDate', 'checkDate']],
    ['a purchase in year 0', { purchaseDate: '0000-01-01' }, ['purchaseDate']],
    ['a purchase before 2000', { purchaseDate: '1999-12-31' }, ['purchaseDate']],
    ['a check date after 2100', { checkDate: '2101-01-01' }, ['checkDate']],
    ['a purchase after the check date', { purchaseDate: '2026-03-06', checkDate: '2026-03-05' }, ['purchaseDate']],
    ['a purchase in the future (after today)', { purchaseDate: '2026-03-11' }, ['purchaseDate']],
    ['an unknown proof', { proof: 'photo' }, ['proof']],
    ['an unknown condition', { condition: 'new' }, ['condition']],
    ['qualityIssue as a string', { qualityIssue: 'yes' }, ['qualityIssue']],
    ['missing fields', { category: undefined, qualityIssue: undefined }, ['category', 'qualityIssue']],
    ['unknown keys', { price: 100, lang: 'en' }, ['price', 'lang']],
    ['several at once', { category: 'x', proof: 'y', condition: 'z' }, ['category', 'proof', 'condition']],
  ])('%s → 400 naming %j', (_, over, fields) => {
    const result = schema.safeParse({ ...ok, ...over });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!, CHECK_REQUEST_LABELS);
    expect(Object.keys(errors).sort()).toEqual([...fields].sort());
    for (const message of Object.values(errors)) {
      expect(message.zh).toMatch(/\S/);
      expect(message.en).toMatch(/\S/);
    }
  });

  it.each(['2000-01-01', '2100-12-31'])('accepts %s, the edge of the range', (date) => {
    expect(schema.safeParse({ ...ok, purchaseDate: date, checkDate: '2100-12-31' }).success).toBe(true);
  });

  it('says why a purchase date is refused', () => {
    const after = fieldErrors(schema.safeParse({ ...ok, purchaseDate: '2026-03-11' }).error!, CHECK_REQUEST_LABELS);
    expect(after.purchaseDate.en).toMatch(/after the check date/);
    const impossible = fieldErrors(
      schema.safeParse({ ...ok, purchaseDate: '2026-02-30' }).error!,
      CHECK_REQUEST_LABELS,
    );
    expect(impossible.purchaseDate.en).toMatch(/real date/);
  });
});

describe('returnRulesProblems (the build’s check of returns.yaml)', () => {
  const clauseIds = new Set(indexClauses(loadLibrary(root).pages).keys());

  it('finds nothing wrong with the repository’s file', () => {
    expect(returnRulesProblems(yaml(), clauseIds)).toEqual([]);
  });

  it('fails on a clause that does not exist', () => {
    const data = yaml();
    data.window.clause = 'returns-9.9';
    expect(returnRulesProblems(data, clauseIds)).toEqual([
      'content/rules/returns.yaml: cites clause "returns-9.9", which does not exist in content/policies',
    ]);
  });

  it.each([
    ['a missing category', (d: ReturnRules) => d.categories.pop(), /category "other" is missing/],
    ['a category listed twice', (d: ReturnRules) => d.categories.push({ ...d.categories[0] }), /listed twice/],
    // The casts let a case write what the schema forbids.
    [
      'an unknown excluded category',
      (d: ReturnRules) => (d.excluded.categories as string[]).push('pets'),
      /excluded\.categories/,
    ],
    ['a window of 0 days', (d: ReturnRules) => (d.window.days = 0), /window\.days/],
    ['an unknown field', (d: ReturnRules) => Object.assign(d, { refundCash: true }), /refundCash|root/],
    ['a malformed clause id', (d: ReturnRules) => (d.quality.clause = '3.1'), /quality\.clause/],
    ['"none" as accepted proof', (d: ReturnRules) => (d.proof.accepted as string[]).push('none'), /proof\.accepted/],
  ])('fails on %s', (_, mutate, pattern) => {
    const data = yaml();
    mutate(data);
    const problems = returnRulesProblems(data, clauseIds);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(pattern);
  });
});
