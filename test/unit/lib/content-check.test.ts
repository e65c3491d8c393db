/**
 * The build's content check fails when a page and its data file disagree. Each case copies
 * content/ to a temporary project, introduces one contradiction and expects the problem it causes.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkContent } from '../../../src/lib/content-check';
import { firstColumn, limitPhrases } from '../../../src/lib/content-consistency';

const root = path.resolve(import.meta.dirname, '../../..');
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A copy of the project's content with one file edited. */
function withEdit(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-check-'));
  dirs.push(dir);
  cpSync(path.join(root, 'content'), path.join(dir, 'content'), { recursive: true });
  const target = path.join(dir, file);
  const before = readFileSync(target, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(target, after);
  return dir;
}

describe('the content as committed', () => {
  it('passes (pages and data files agree)', { timeout: 30_000 }, () => {
    expect(checkContent(root)).toEqual([]);
  });
});

describe.each([
  [
    'a category only in feedback-categories.yaml',
    'content/mall/feedback-categories.yaml',
    (s: string) => s + '- id: parking\n  zh: 停车\n  en: Parking\n  department: service-centre\n',
    /feedback-categories\.yaml: category "停车" is not in the table of clause complaints-2\.3/,
  ],
  [
    'a category only in the table of complaints-2.3',
    'content/policies/complaints/recording-classification.md',
    (s: string) => s.replace('| 清洁卫生 |', '| 停车服务 | 车位不足、收费不清 |\n| 清洁卫生 |'),
    /clause complaints-2\.3: category "停车服务" is not in content\/mall\/feedback-categories\.yaml/,
  ],
  [
    'categories in a different order',
    'content/mall/feedback-categories.yaml',
    (s: string) =>
      s
        .replace(/- id: quality\n(?: {2}.*\n)+/, '')
        .replace(/(- id: other\n)/, '- id: quality\n  zh: 商品质量\n  en: Product quality\n  department: sales\n$1'),
    /different order from clause complaints-2\.3/,
  ],
  [
    'a time limit changed in sla.yaml only',
    'content/mall/sla.yaml',
    (s: string) => s.replace('within: 10m', 'within: 15m'),
    /sla\.yaml: rule "handoff" is 15m, but clause complaints-3\.1 does not say "15 分钟"/,
  ],
  [
    'a time limit changed on the page only',
    'content/policies/complaints/time-limits.md',
    (s: string) => {
      // Every "1 小时" of clause 3.3 (heading and body) becomes "2 小时".
      const [start, end] = [s.indexOf('### 3.3 '), s.indexOf('### 3.4 ')];
      return s.slice(0, start) + s.slice(start, end).replaceAll('1 小时', '2 小时') + s.slice(end);
    },
    /sla\.yaml: rule "reply-tenant" is 1h, but clause complaints-3\.3 does not say "1 小时"/,
  ],
  [
    'the escalation interval changed in escalation.yaml only',
    'content/mall/escalation.yaml',
    (s: string) => s.replace('every: 1h', 'every: 4h'),
    /escalation\.yaml: "every" is 4h, but clause complaints-4\.6 does not say "4 小时"/,
  ],
  [
    'an exclusion dropped from the shopper guide',
    'content/policies/shopper-guide/returns.md',
    (s: string) => s.replace('- 药品：按国家药品经营的规定，除质量问题外售出后不退换。\n', ''),
    /"药品" is excluded, but the shopper guide \(shopper-guide-2\.2\) does not say so/,
  ],
  [
    'an exclusion dropped from returns.yaml while the pages still exclude it',
    'content/rules/returns.yaml',
    (s: string) => s.replace(', medicine, food-opened]', ', food-opened]').replace('    medicine: returns-2.5\n', ''),
    /clause shopper-guide-2\.2: tells shoppers "药品" is excluded[\s\S]*clause returns-2\.5: "药品：只受理质量问题" excludes "药品"/,
  ],
  [
    'an excluded row added to the exclusions table only',
    'content/policies/returns/exclusions.md',
    (s: string) => s.replace('| 内衣                     |', '| 玩具 | 易损 |\n| 内衣                     |'),
    /clause returns-2\.1: "玩具" is listed as excluded, but content\/rules\/returns\.yaml does not exclude it/,
  ],
  [
    'an exclusion citing a clause that does not name it',
    'content/rules/returns.yaml',
    (s: string) => s.replace('medicine: returns-2.5', 'medicine: returns-2.6'),
    /"药品" is excluded citing clause returns-2\.6, which does not name it/,
  ],
])('the build fails on %s', (_name, file, edit, expected) => {
  // Each case copies content/ and runs the whole check: generous on a loaded machine.
  it('reports the disagreement', { timeout: 30_000 }, () => {
    const problems = checkContent(withEdit(file, edit));
    expect(problems.join('\n')).toMatch(expected);
  });
});

describe('helpers', () => {
  it.each([
    ['10m', ['10 分钟', '10分钟']],
    ['24h', ['24 小时', '24小时']],
    ['3d', ['3 日', '3日', '3 天', '3天']],
    ['soon', []],
  ])('limitPhrases(%s)', (within, phrases) => {
    expect(limitPhrases(within)).toEqual(phrases);
  });

  it('firstColumn reads the body rows of the first table, without markup', () => {
    expect(firstColumn('前言\n\n| 类别 | 说明 |\n| --- | --- |\n| **甲** | x |\n| 乙 | y |\n')).toEqual(['甲', '乙']);
    expect(firstColumn('没有表格')).toEqual([]);
  });
});
