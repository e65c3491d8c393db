import { describe, expect, it } from 'vitest';
import { checkLibrary, type LibraryPage, type RawPage } from '../../../../src/lib/policies/library';
import { isRecent, libraryChanges, recentlyChangedClauses } from '../../../../src/lib/policies/history';
import type { Section } from '../../../../src/lib/policies/schema';

const sections: Section[] = [{ slug: 'returns', title: '退换货', en: 'Returns', order: 1, description: 'd' }];
const raw = (history: unknown[], over: Record<string, unknown> = {}): RawPage => ({
  file: 'content/policies/returns/a.md',
  folder: 'returns',
  slug: 'a',
  data: {
    title: '标题',
    section: 'returns',
    audience: ['staff'],
    summary: '摘要',
    owner: '客服中心',
    version: '1.1',
    effective: '2026-11-20',
    order: 1,
    history,
    ...over,
  },
  body: '## 1 甲 {#returns-1}\n\n### 1.1 乙 {#returns-1.1}\n正文',
});
const v11 = { version: '1.1', effective: '2026-11-20', changes: '改了 1.1', clauses: ['returns-1.1'] };
const v10 = { version: '1.0', effective: '2026-01-01', changes: '首次发布。' };

describe('the change log in the frontmatter', () => {
  it('accepts a log that starts with the page’s version, newest first', () => {
    expect(checkLibrary([raw([v11, v10])], sections).problems).toEqual([]);
  });

  it.each([
    [
      'starts with another version',
      [v10],
      /history starts with 1\.0 \(2026-01-01\) but the page is 1\.1 \(2026-11-20\)/,
    ],
    [
      'is not newest first',
      [v11, { ...v10, effective: '2026-12-01' }],
      /history entry 1\.0 is newer than the one before it/,
    ],
    [
      'names a clause that does not exist',
      [{ ...v11, clauses: ['returns-9.9'] }, v10],
      /history 1\.1 names missing clause "returns-9\.9"/,
    ],
  ])('refuses a log that %s', (_name, history, expected) => {
    expect(checkLibrary([raw(history)], sections).problems.join('\n')).toMatch(expected);
  });
});

describe('recent changes', () => {
  const page = checkLibrary([raw([v11, v10])], sections).pages[0] as LibraryPage;

  it.each([
    ['2026-11-20', '2026-11-20', true],
    ['2026-11-20', '2026-12-20', true],
    ['2026-11-20', '2026-12-21', false],
    ['2026-11-20', '2026-11-19', false],
  ])('a version of %s is recent on %s: %s', (effective, today, recent) => {
    expect(isRecent(effective, today)).toBe(recent);
  });

  it('marks the clauses of versions from the last 30 days only', () => {
    expect([...recentlyChangedClauses(page, '2026-11-29')]).toEqual(['returns-1.1']);
    expect([...recentlyChangedClauses(page, '2027-01-15')]).toEqual([]);
  });

  it('lists the library’s changes newest first, with their page', () => {
    const changes = libraryChanges([page]);
    expect(changes.map((c) => [c.version, c.slug, c.section])).toEqual([
      ['1.1', 'a', 'returns'],
      ['1.0', 'a', 'returns'],
    ]);
  });
});
