import { describe, expect, it } from 'vitest';
import { checkLibrary, indexClauses, splitFrontmatter, type RawPage } from '../../../../src/lib/policies/library';
import type { Section } from '../../../../src/lib/policies/schema';
import { parse } from 'yaml';

const sections: Section[] = [
  { slug: 'returns', title: '退换货', en: 'Returns', order: 1, description: 'd' },
  { slug: 'complaints', title: '投诉处理', en: 'Complaints', order: 2, description: 'd' },
];
const fm = (over: Record<string, unknown> = {}) => ({
  title: '标题',
  section: 'returns',
  audience: ['staff'],
  summary: '摘要',
  owner: '客服中心',
  version: '1.0',
  effective: '2026-01-01',
  order: 1,
  ...over,
});
const page = (slug: string, data: unknown, body: string, folder = 'returns'): RawPage => ({
  file: `content/policies/${folder}/${slug}.md`,
  folder,
  slug,
  data,
  body,
});

describe('checkLibrary', () => {
  it('accepts a consistent library and indexes its clauses', () => {
    const { pages, problems } = checkLibrary(
      [
        page('a', fm(), '## 1 甲 {#returns-1}\n见[乙](clause:complaints-1.1)'),
        page('b', fm({ section: 'complaints' }), '### 1.1 乙 {#complaints-1.1}\n正文', 'complaints'),
        page('a.en', fm({ lang: 'en', translationOf: 'a' }), '## 1 A {#returns-1}\nText'),
      ],
      sections,
    );
    expect(problems).toEqual([]);
    const index = indexClauses(pages);
    expect([...index.keys()]).toEqual(['returns-1', 'complaints-1.1']);
    expect(index.get('complaints-1.1')).toMatchObject({ section: 'complaints', slug: 'b', pageTitle: '标题' });
  });

  it.each([
    ['a missing required field', [page('a', { ...fm(), title: undefined }, '')], 'frontmatter field "title"'],
    ['an unknown audience', [page('a', fm({ audience: ['visitor'] }), '')], 'frontmatter field "audience.0"'],
    ['a bad effective date', [page('a', fm({ effective: '2026/1/1' }), '')], 'frontmatter field "effective"'],
    ['an unknown field', [page('a', fm({ author: 'x' }), '')], 'frontmatter field "(root)"'],
    [
      'a section that is not its folder',
      [page('a', fm({ section: 'complaints' }), '')],
      'does not match its folder "returns"',
    ],
    ['a heading without id', [page('a', fm(), '## 1 甲\n正文')], 'clause heading "1 甲" has no id'],
    [
      'an id with the wrong section',
      [page('a', fm(), '## 1 甲 {#complaints-1}')],
      'must start with its section "returns-"',
    ],
    [
      'an id not starting with the order',
      [page('a', fm({ order: 2 }), '## 1 甲 {#returns-1}')],
      'must start with the page order 2',
    ],
    ['a malformed id', [page('a', fm(), '## 1 甲 {#Returns_1}')], 'is not <section>-<numbers>'],
    [
      'a duplicate clause id',
      [page('a', fm(), '## 1 甲 {#returns-1}'), page('b', fm({ order: 1 }), '## 1 乙 {#returns-1}')],
      'duplicate clause id "returns-1" (first in content/policies/returns/a.md)',
    ],
    ['a duplicate order', [page('a', fm(), ''), page('b', fm(), '')], 'order 1 is also used by'],
    [
      'a cross-reference to a missing clause',
      [page('a', fm(), '## 1 甲 {#returns-1}\n见[x](clause:returns-9)')],
      'cross-reference to missing clause "returns-9"',
    ],
    [
      'a translation whose ids differ',
      [
        page('a', fm(), '## 1 甲 {#returns-1}'),
        page('a.en', fm({ lang: 'en', translationOf: 'a' }), '## 1 A {#returns-1}\n### 1.1 B {#returns-1.1}'),
      ],
      'clause ids differ from its original',
    ],
    [
      'a translation of a missing page',
      [page('x.en', fm({ lang: 'en', translationOf: 'x' }), '')],
      'translationOf "x" is not a page',
    ],
  ])('reports %s', (_name, raw, message) => {
    const { problems } = checkLibrary(raw, sections);
    expect(problems.join('\n')).toContain(message);
  });

  it('names the file and line of a clause problem', () => {
    const { problems } = checkLibrary([page('a', fm(), '导言\n\n## 1 甲')], sections);
    expect(problems).toEqual([
      'content/policies/returns/a.md:3: clause heading "1 甲" has no id (end it with {#returns-…})',
    ]);
  });
});

describe('splitFrontmatter', () => {
  it('separates YAML frontmatter from the body', () => {
    expect(splitFrontmatter('---\ntitle: 甲\n---\n正文', parse)).toEqual({ data: { title: '甲' }, body: '正文' });
  });
  it('treats a file without frontmatter as all body', () => {
    expect(splitFrontmatter('正文', parse)).toEqual({ data: {}, body: '正文' });
  });
});
