import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { checkContent } from '../../src/lib/content-check';
import { loadLibrary } from '../../src/lib/policies/library-files';
import { SECTION_SLUGS } from '../../src/lib/policies/schema';

const root = path.resolve(import.meta.dirname, '../..');

describe('the content in this repository', () => {
  it('has no problems (the same check the build runs)', () => {
    expect(checkContent(root)).toEqual([]);
  });

  const library = loadLibrary(root);

  it.each(SECTION_SLUGS)('section %s has at least one page', (slug) => {
    expect(library.pages.some((p) => p.data.section === slug)).toBe(true);
    expect(library.sections.some((s) => s.slug === slug)).toBe(true);
  });

  it('has an English translation of every shopper-guide page', () => {
    const originals = library.pages.filter((p) => p.data.section === 'shopper-guide' && !p.data.translationOf);
    for (const page of originals) {
      expect(
        library.pages.some((p) => p.data.translationOf === page.slug && p.data.lang === 'en'),
        page.file,
      ).toBe(true);
    }
  });
});
