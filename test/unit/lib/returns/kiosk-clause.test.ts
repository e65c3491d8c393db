import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../../../src/lib/policies/library-files';
import { guidePages } from '../../../../src/lib/policies/kiosk-guide';
import { kioskClauseFor } from '../../../../src/lib/returns/kiosk-clause';
import { citedClauses } from '../../../../src/lib/returns/returns';
import { RETURN_RULES } from '../../../../src/lib/returns/rules';

const { pages } = loadLibrary(path.resolve(import.meta.dirname, '../../../..'));

describe('kioskClauseFor', () => {
  it.each([
    ['returns-1.1', 'shopper-guide-2.1'],
    ['returns-1.4', 'shopper-guide-2.4'],
    ['returns-2.5', 'shopper-guide-2.2'],
    ['returns-3.1', 'shopper-guide-2.3'],
    ['returns-4.1', 'shopper-guide-2.2'],
    ['complaints-1.1', undefined],
    ['not a clause', undefined],
  ])('%s → %s', (staff, shown) => expect(kioskClauseFor(staff)).toBe(shown));

  // The kiosk opens only shopper pages, in its language: every clause a return decision cites has one in both.
  it.each(['zh-CN', 'en'] as const)('every cited clause has a shopper-guide clause in %s', (lang) => {
    const guide = guidePages(pages, lang);
    for (const id of citedClauses(RETURN_RULES)) {
      const shown = kioskClauseFor(id);
      expect(shown, id).toBeDefined();
      const page = guide.find((p) => p.parsed.clauses.some((c) => c.id === shown));
      expect(page?.data.lang, `${id} → ${shown}`).toBe(lang);
      expect(page?.data.audience).toContain('shopper');
    }
  });
});
