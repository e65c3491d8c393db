/**
 * Build-time only: the search asset for the whole library. One lunr document per clause of
 * an original (non-translated) page, with its title, page title, section title and text, and
 * the English version of the clause where the page has one (so English finds it at the kiosk).
 * Terms come from the shared tokenizer; lunr's own pipelines (stemmer, stop words, trimmer,
 * all English) are removed so a Chinese term is stored exactly as the query will ask for it.
 */
import lunr from 'lunr';
import { toPlainText } from '../policies/clauses';
import { clauseUrl } from '../policies/clause-link';
import { indexClauses, type LibraryPage } from '../policies/library';
import type { Section } from '../policies/schema';
import { compactFoldPairs } from './fold-table';
import { encodeIndex, type LunrJson } from './index-codec';
import { buildPinyinDictionary } from './pinyin';
import type { Synonyms } from './schema';
import { FIELD_BOOSTS } from './search';
import { chineseWords, englishTerms, foldTableFromPairs, foldText, indexTerms } from './tokenize';
import { AUDIENCE_BITS, type SearchAsset, type StoredDoc } from './types';

export interface BuildInput {
  pages: LibraryPage[];
  sections: Section[];
  synonyms: Synonyms;
}

/** Builds the asset (index, document store, folding table, pinyin dictionary, synonyms). */
export function buildSearchAsset({ pages, sections, synonyms }: BuildInput): SearchAsset {
  const sectionTitles = Object.fromEntries(sections.map((s) => [s.slug, s.title]));
  const docs: StoredDoc[] = [];
  const boosts: number[] = [];
  const refs = [...indexClauses(pages).values()];
  // English clauses by original page (`section/slug`) and clause id.
  const english = new Map<string, Map<string, [string, string, string]>>();
  for (const page of pages) {
    if (!page.data.translationOf || page.data.lang !== 'en') continue;
    const clauses = new Map(
      page.parsed.clauses.map((c): [string, [string, string, string]] => [
        c.id,
        [c.title, page.data.title, toPlainText(c.markdown)],
      ]),
    );
    english.set(`${page.data.section}/${page.data.translationOf}`, clauses);
  }
  const en: SearchAsset['en'] = {};
  refs.forEach((ref, i) => {
    // A chapter heading whose clauses follow is a weaker answer than the clauses themselves.
    const next = refs[i + 1];
    const page = pages.find((p) => p.slug === ref.slug && p.data.section === ref.section && !p.data.translationOf)!;
    const chapter = next && next.slug === ref.slug && next.clause.level > ref.clause.level ? CHAPTER_BOOST : 1;
    boosts.push(chapter * page.data.searchBoost);
    const bits = page.data.audience.reduce((n, a) => n | AUDIENCE_BITS[a], 0);
    const text = toPlainText(ref.clause.markdown);
    const translated = english.get(`${ref.section}/${ref.slug}`)?.get(ref.id);
    if (translated) en[docs.length] = translated;
    docs.push([ref.id, ref.clause.title, ref.section, ref.slug, ref.pageTitle, text, bits, clauseUrl(ref)]);
  });

  // Fold pairs cover every simplified character of the library and the synonym table.
  const allText =
    docs.map((d) => `${d[1]}${d[4]}${d[5]}`).join('') +
    Object.values(sectionTitles).join('') +
    synonyms.groups.flat().join('');
  const foldPairs = compactFoldPairs(allText);
  const fold = foldTableFromPairs(foldPairs);
  const folded = (s: string) => foldText(s, fold);

  const index = lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.ref('ref');
    this.field('title', { boost: FIELD_BOOSTS.title, extractor: (d) => indexTerms((d as Doc).title, fold) });
    this.field('page', { boost: FIELD_BOOSTS.page, extractor: (d) => indexTerms((d as Doc).page, fold) });
    this.field('section', { boost: FIELD_BOOSTS.section, extractor: (d) => indexTerms((d as Doc).section, fold) });
    this.field('body', { boost: FIELD_BOOSTS.body, extractor: (d) => indexTerms((d as Doc).body, fold) });
    this.field('en', { boost: FIELD_BOOSTS.en, extractor: (d) => englishTerms((d as Doc).en, fold) });
    docs.forEach((d, i) => {
      // The English title counts twice, as a title outweighs the text in the Chinese fields.
      const enText = en[i] ? `${en[i][0]} ${en[i][0]} ${en[i][1]} ${en[i][2]}` : '';
      this.add(
        {
          ref: String(i),
          title: d[1],
          page: d[4],
          section: sectionTitles[d[2]] ?? '',
          body: d[5],
          en: enText,
        } satisfies Doc,
        { boost: boosts[i] },
      );
    });
  });

  // Key words for pinyin: titles first, then synonyms, then words the text uses often.
  const weights = new Map<string, number>();
  const bump = (w: string, by: number) => weights.set(w, (weights.get(w) ?? 0) + by);
  for (const d of docs) {
    for (const w of chineseWords(d[1], fold)) bump(w, 10);
    for (const w of chineseWords(d[4], fold)) bump(w, 10);
    for (const run of `${d[1]} ${d[4]}`.matchAll(/\p{Script=Han}+/gu))
      for (const gram of nGrams(folded(run[0]), 2, 4)) bump(gram, 8);
  }
  for (const title of Object.values(sectionTitles)) bump(folded(title), 10);
  for (const w of synonyms.groups.flat()) bump(folded(w), 5);
  const bodyCounts = new Map<string, number>();
  for (const d of docs) for (const w of chineseWords(d[5], fold)) bodyCounts.set(w, (bodyCounts.get(w) ?? 0) + 1);
  for (const [w, n] of bodyCounts) if (n >= 3) bump(w, n);

  return {
    v: 2,
    index: encodeIndex(index.toJSON() as unknown as LunrJson),
    docs,
    en,
    sections: sectionTitles,
    fold: foldPairs,
    pinyin: buildPinyinDictionary(weights),
    synonyms: synonyms.groups.map((g) => g.map(folded)),
  };
}

/** Weight of a chapter heading clause relative to the clauses under it. */
const CHAPTER_BOOST = 0.6;

/** Every substring of `s` of `min` to `max` characters. */
function nGrams(s: string, min: number, max: number): string[] {
  const out: string[] = [];
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

interface Doc {
  ref: string;
  title: string;
  page: string;
  section: string;
  body: string;
  en: string;
}
