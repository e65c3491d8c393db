import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clauseLink, clauseUrl, kioskClauseUrl } from '../../../../src/lib/policies/clause-link';
import type { Clause } from '../../../../src/lib/policies/clauses';
import { indexClauses, type ClauseRef } from '../../../../src/lib/policies/library';
import { loadLibrary } from '../../../../src/lib/policies/library-files';

const clause = (id: string, number: string, title: string): Clause => ({
  id,
  level: 2,
  number,
  title,
  markdown: '',
  line: 1,
});
const ref = (section: string, slug: string, pageTitle: string, c: Clause): ClauseRef => ({
  id: c.id,
  section,
  slug,
  pageTitle,
  clause: c,
});
const clauses = new Map(
  [
    ref('returns', 'basic-rules', '退换货基本规则', clause('returns-1.2', '1.2', '退货期限')),
    ref('complaints', 'time-limits', '处理时限', clause('complaints-3.1', '3.1', '转办时限')),
    ref('shopper-guide', 'returns', '退换货须知', clause('shopper-guide-2.1', '2.1', '怎样退货')),
  ].map((r) => [r.id, r]),
);

describe('clauseLink', () => {
  it.each([
    [
      'returns-1.2',
      {
        href: '/policies/returns/basic-rules#returns-1.2',
        number: '1.2',
        pageTitle: '退换货基本规则',
        title: '退换货基本规则 · 1.2 退货期限',
      },
    ],
    [
      'complaints-3.1',
      {
        href: '/policies/complaints/time-limits#complaints-3.1',
        number: '3.1',
        pageTitle: '处理时限',
        title: '处理时限 · 3.1 转办时限',
      },
    ],
    [
      'shopper-guide-2.1',
      {
        href: '/policies/shopper-guide/returns#shopper-guide-2.1',
        number: '2.1',
        pageTitle: '退换货须知',
        title: '退换货须知 · 2.1 怎样退货',
      },
    ],
    ['returns-9.9', { href: undefined, number: 'returns-9.9', title: 'returns-9.9' }], // not in the library
    ['', { href: undefined, number: '', title: '' }],
  ])('%s', (id, expected) => {
    expect(clauseLink(clauses, id)).toEqual({ id, ...expected });
  });

  it('links every clause of the real library to its own page and anchor', () => {
    const library = loadLibrary(path.resolve(import.meta.dirname, '../../../..'));
    expect(library.problems).toEqual([]);
    const index = indexClauses(library.pages);
    expect(index.size).toBeGreaterThan(50);
    for (const [id, r] of index) {
      const link = clauseLink(index, id);
      expect(link.href).toBe(`/policies/${r.section}/${r.slug}#${id}`);
      expect(link.title).toContain(r.clause.title);
      expect(link.number).toMatch(/^\d+(\.\d+)*$/);
    }
  });
});

describe('clause URLs', () => {
  it.each([
    [
      { section: 'returns', slug: 'basic-rules', id: 'returns-1.2' },
      '/policies/returns/basic-rules#returns-1.2',
      undefined,
    ],
    [
      { section: 'shopper-guide', slug: 'returns', id: 'shopper-guide-2.1' },
      '/policies/shopper-guide/returns#shopper-guide-2.1',
      '/kiosk/guide/returns#shopper-guide-2.1',
    ],
    [
      { section: 'shopper-guide', slug: 'feedback.en', id: 'shopper-guide-3.1' },
      '/policies/shopper-guide/feedback.en#shopper-guide-3.1',
      '/kiosk/guide/feedback.en#shopper-guide-3.1',
    ],
    [
      { section: 'complaints', slug: 'time-limits', id: 'complaints-3.1' },
      '/policies/complaints/time-limits#complaints-3.1',
      undefined,
    ],
  ])('%j', (r, staff, kiosk) => {
    expect(clauseUrl(r)).toBe(staff);
    expect(kioskClauseUrl(r)).toBe(kiosk);
  });
});
