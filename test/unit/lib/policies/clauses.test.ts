import { describe, expect, it } from 'vitest';
import { findClauseRefs, parsePolicy, toPlainText } from '../../../../src/lib/policies/clauses';

describe('parsePolicy', () => {
  const body = [
    '本页导言。',
    '',
    '## 1 总则 {#returns-1}',
    '总则正文。',
    '',
    '### 1.1 十五天 {#returns-1.1}',
    '自售出之日起 **15 天**内。',
    '```',
    '## 代码里的标题不是条款',
    '```',
    '#### 1.1.1 细则 {#returns-1.1.1}',
    '- 一',
    '- 二',
  ].join('\n');

  it('splits the intro and clauses with ids, levels, numbers and titles', () => {
    const parsed = parsePolicy(body);
    expect(parsed.intro).toBe('本页导言。');
    expect(parsed.clauses.map((c) => [c.id, c.level, c.number, c.title])).toEqual([
      ['returns-1', 2, '1', '总则'],
      ['returns-1.1', 3, '1.1', '十五天'],
      ['returns-1.1.1', 4, '1.1.1', '细则'],
    ]);
    expect(parsed.clauses[1].markdown).toContain('**15 天**');
    expect(parsed.clauses[1].line).toBe(6);
    expect(parsed.headingsWithoutId).toEqual([]);
  });

  it('reports clause headings without an id, and ignores headings in code fences', () => {
    const parsed = parsePolicy('## 没有编号\n正文\n```\n## 不算\n```');
    expect(parsed.headingsWithoutId).toEqual([{ text: '没有编号', line: 1 }]);
    expect(parsed.clauses).toEqual([]);
  });

  it('handles an empty body and Windows line endings', () => {
    expect(parsePolicy('')).toEqual({ intro: '', clauses: [], headingsWithoutId: [] });
    expect(parsePolicy('## 2 甲 {#roles-2}\r\n正文\r\n').clauses[0].markdown).toBe('正文');
  });
});

describe('findClauseRefs', () => {
  it('finds clause: links only', () => {
    expect(
      findClauseRefs('见[第 1.1 条](clause:returns-1.1)和[外部](https://example.com)及[甲](clause:complaints-3.2)'),
    ).toEqual(['returns-1.1', 'complaints-3.2']);
    expect(findClauseRefs('')).toEqual([]);
  });
});

describe('toPlainText', () => {
  it.each([
    ['**粗体**和*斜体*', '粗体和斜体'],
    ['- 第一项\n- 第二项', '第一项 第二项'],
    ['[链接文字](clause:returns-1.1)', '链接文字'],
    ['| 甲 | 乙 |\n|---|---|\n| 1 | 2 |', '甲乙12'],
    ['A &amp; B', 'A & B'],
  ])('%s → %s', (md, text) => {
    expect(toPlainText(md).replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });
});

describe('toPlainText and the local-rule marker', () => {
  it('keeps the marker’s words without the braces (search and excerpts)', () => {
    expect(toPlainText('{本商场规定} 工牌佩戴在左胸前。')).toBe('本商场规定 工牌佩戴在左胸前。');
  });
});
