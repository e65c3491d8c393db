import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildSearchAsset } from '../../../../src/lib/search/build-index';
import { splitHighlights } from '../../../../src/lib/search/highlight';
import { decodeIndex, encodeIndex, loadIndex } from '../../../../src/lib/search/index-codec';
import {
  createSearcher,
  findRanges,
  makeExcerpt,
  pinyinExpander,
  synonymExpander,
} from '../../../../src/lib/search/search';
import { buildSearchAssetFromDisk, loadSynonyms } from '../../../../src/lib/search/search-files';
import { synonymsSchema } from '../../../../src/lib/search/schema';
import { parsePolicy } from '../../../../src/lib/policies/clauses';
import type { LibraryPage } from '../../../../src/lib/policies/library';
import lunr from 'lunr';

const root = path.resolve(import.meta.dirname, '../../../..');
const asset = buildSearchAssetFromDisk(root);
const searcher = createSearcher(asset);

describe('synonymExpander', () => {
  const expand = synonymExpander([
    ['投诉', '客诉', '抱怨'],
    ['退货', '退款', '退换货'],
  ]);
  it.each([
    ['客诉多久答复', ['投诉', '抱怨']],
    ['我要退款', ['退货', '退换货']],
    ['退换货', ['退货', '退款']],
    ['今天天气', []],
  ])('%s → %j', (query, words) => {
    expect(expand(query).sort()).toEqual([...words].sort());
  });

  it('validates the synonym table', () => {
    expect(loadSynonyms(root).problems).toEqual([]);
    expect(synonymsSchema.safeParse({ groups: [['投诉']] }).success).toBe(false);
    expect(synonymsSchema.safeParse({ groups: [['投诉', '投诉']] }).success).toBe(false);
    expect(synonymsSchema.safeParse({ groups: [['投诉', '客诉']], extra: 1 }).success).toBe(false);
  });

  it.each([
    ['投诉', '客诉'],
    ['投诉', '抱怨'],
    ['退货', '退款'],
    ['回访', '跟进'],
    ['小票', '收据'],
    ['转办', '分派'],
    ['超时', '催办'],
  ])('the shipped table makes %s and %s synonyms', (a, b) => {
    expect(asset.synonyms.some((g) => g.includes(a) && g.includes(b))).toBe(true);
  });
});

describe('pinyinExpander', () => {
  const expand = pinyinExpander({
    tuihuo: ['退货'],
    thh: ['退换货'],
    tuihuanhuo: ['退换货'],
    fapiao: ['发票'],
    tousu: ['投诉'],
  });
  it.each([
    [['tuihuo'], ['退货']],
    [['thh'], ['退换货']],
    [['tui', 'huo'], ['退货']],
    [['tuihuofapiao'], ['退货', '发票']],
    [['tuihuan'], ['退换货']], // still typing
    [['xyz'], []],
    [['t'], []],
  ])('%j → %j', (tokens, words) => {
    expect(expand(tokens)).toEqual(words);
  });
});

describe('searching the library', () => {
  const ids = (q: string, options = {}) => searcher.search(q, { limit: 5, ...options }).results.map((r) => r.id);

  it('finds the same pages for 退换货 in pinyin, initials and traditional characters', () => {
    const base = new Set(ids('退换货'));
    for (const q of ['tuihuanhuo', 'thh', '退換貨'])
      expect(ids(q).filter((id) => base.has(id)).length, q).toBeGreaterThanOrEqual(3);
    expect(ids('tuihuo').filter((id) => new Set(ids('退货')).has(id)).length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['彩妆', '化妆'],
    ['退钱', '退'],
    ['好处费', '回扣'],
  ])('finds clauses through a synonym only: %s finds %s', (word, other) => {
    const has = (w: string) => asset.docs.some((d) => d[1].includes(w) || d[4].includes(w) || d[5].includes(w));
    expect(has(word)).toBe(false);
    const [top] = searcher.search(word, { limit: 1 }).results;
    expect(top.title + asset.docs.find((d) => d[0] === top.id)![5]).toContain(other);
  });

  it('filters by audience and section, and caps by limit', () => {
    const shopper = searcher.search('退货', { audience: 'shopper', section: 'shopper-guide', limit: 50 });
    expect(shopper.results.length).toBeGreaterThan(0);
    expect(shopper.results.every((r) => r.section === 'shopper-guide')).toBe(true);
    expect(searcher.search('退货', { limit: 2 }).results).toHaveLength(2);
  });

  it.each(['title:退货^10', '~2 *', '+投诉 -回访', ':', '^^^', '退货*', '"退货"'])(
    'treats lunr syntax in %j as text',
    (q) => {
      expect(() => searcher.search(q)).not.toThrow();
    },
  );

  it('returns excerpts with offsets that point at the matched words', () => {
    const [hit] = searcher.search('发票', { limit: 1 }).results;
    expect(hit.highlights.length).toBeGreaterThan(0);
    for (const [s, e] of hit.highlights) expect(hit.excerpt.slice(s, e)).toMatch(/发票|小票|凭证|收据/);
    expect(hit.url).toBe(`/policies/${hit.section}/${hit.slug}#${hit.id}`);
  });

  it('returns nothing, not everything, for a query without terms', () => {
    expect(searcher.search('，。！').total).toBe(0);
  });
});

describe('the build', () => {
  const page = (slug: string, body: string, over: Partial<LibraryPage['data']> = {}): LibraryPage => ({
    file: `${slug}.md`,
    slug,
    parsed: parsePolicy(body),
    data: {
      title: '退换货规则',
      section: 'returns',
      audience: ['staff'],
      summary: 's',
      owner: 'o',
      version: '1',
      effective: '2026-01-01',
      order: 1,
      lang: 'zh-CN',
      includes: [],
      searchBoost: 1,
      history: [],
      ...over,
    },
  });

  it('indexes one document per clause of original pages, with the English version of translated clauses', () => {
    const built = buildSearchAsset({
      pages: [
        page('a', '## 1 退货 {#returns-1}\n十五天内\n### 1.1 發票 {#returns-1.1}\n凭发票办理'),
        page('a.en', '## 1 Returns {#returns-1}\nWithin 15 days', { translationOf: 'a', lang: 'en', title: 'Returns' }),
      ],
      sections: [{ slug: 'returns', title: '退换货', en: 'Returns', order: 1, description: 'd' }],
      synonyms: { groups: [['发票', '小票']] },
    });
    expect(built.docs.map((d) => d[0])).toEqual(['returns-1', 'returns-1.1']);
    expect(built.en).toEqual({ 0: ['Returns', 'Returns', 'Within 15 days'] });
    const s = createSearcher(built);
    expect(s.search('小票').results[0].id).toBe('returns-1.1');
    // English finds a clause through its translation, and shows it in English only when asked.
    expect(s.search('within').results.map((r) => [r.id, r.title])).toEqual([['returns-1', '退货']]);
    expect(s.search('day', { lang: 'en' }).results).toMatchObject([
      { id: 'returns-1', title: 'Returns', pageTitle: 'Returns', excerpt: 'Within 15 days', highlights: [[10, 14]] },
    ]);
    // A clause without a translation stays Chinese in English.
    expect(s.search('小票', { lang: 'en' }).results[0]).toMatchObject({ id: 'returns-1.1', title: '發票' });
    expect(decodeIndex(built.index).pipeline).toEqual([]);
  });

  it('round-trips the index through the compact codec', () => {
    const idx = lunr(function () {
      this.ref('id');
      this.field('t');
      this.add({ id: 'x', t: 'alpha beta' });
      this.add({ id: 'y', t: 'beta gamma gamma' });
    });
    const json = idx.toJSON() as never;
    const again = lunr.Index.load(decodeIndex(encodeIndex(json)));
    expect(again.search('gamma').map((r) => r.ref)).toEqual(['y']);
    expect(
      again
        .search('beta')
        .map((r) => r.ref)
        .sort(),
    ).toEqual(['x', 'y']);
  });
});

describe('loadIndex (lazy lunr index)', () => {
  const queries = (
    parse(readFileSync(path.join(root, 'test/fixtures/search-queries.yaml'), 'utf8')) as { queries: { q: string }[] }
  ).queries.map((x) => x.q);
  const lazy = loadIndex(asset.index);
  const reference = lunr.Index.load(decodeIndex(asset.index));
  const run = (idx: lunr.Index, terms: Map<string, number>) =>
    idx
      .query((q) => {
        for (const [term, boost] of terms)
          q.term(term, {
            boost,
            usePipeline: false,
            wildcard: lunr.Query.wildcard.NONE,
            presence: lunr.Query.presence.OPTIONAL,
          });
      })
      .map((r) => ({
        ref: r.ref,
        score: r.score,
        terms: Object.keys(r.matchData.metadata).sort(),
        fields: Object.values(r.matchData.metadata).flatMap(Object.keys).sort(),
      }));

  it('ranks every fixture query exactly as lunr.Index.load does', () => {
    expect(queries.length).toBeGreaterThanOrEqual(50);
    let compared = 0;
    for (const q of [...queries, '退货 退货', 'zzzz不存在的词', 'tuihuo', '退貨']) {
      const { terms } = searcher.plan(q);
      const want = run(reference, terms);
      expect(run(lazy, terms), q).toEqual(want);
      compared += want.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('finds nothing for a term outside the index, and reads nothing it was not asked for', () => {
    expect(run(lazy, new Map([['zzzz', 1]]))).toEqual([]);
    const idx = loadIndex(asset.index) as unknown as {
      invertedIndex: Record<string, unknown>;
      fieldVectors: Record<string, unknown>;
    };
    expect(idx.invertedIndex['zzzz']).toBeUndefined();
    expect(idx.invertedIndex['toString']).toBeUndefined();
    expect(idx.invertedIndex[asset.index.terms[0]]).toMatchObject({ _index: 0 });
    expect(idx.fieldVectors['title/99999']).toBeUndefined();
  });
});

describe('highlights', () => {
  it.each([
    [
      '退货和发票',
      [
        [0, 2],
        [3, 5],
      ] as [number, number][],
      [
        { text: '退货', mark: true },
        { text: '和', mark: false },
        { text: '发票', mark: true },
      ],
    ],
    ['abc', [], [{ text: 'abc', mark: false }]],
    [
      'abc',
      [[1, 99]] as [number, number][],
      [
        { text: 'a', mark: false },
        { text: 'bc', mark: true },
      ],
    ],
    ['', [[0, 1]] as [number, number][], []],
  ])('splitHighlights(%j)', (text, ranges, parts) => {
    expect(splitHighlights(text, ranges)).toEqual(parts);
  });

  it('merges overlapping ranges', () => {
    expect(findRanges('退换货退货', ['退换', '换货', '退货'])).toEqual([[0, 5]]);
  });
});

describe('English highlights and excerpts', () => {
  const fold = new Map<string, string>();
  it('marks whole words from their start, stems included', () => {
    expect(findRanges('returns and exchanges, unreturned', ['return', 'exchang'], true)).toEqual([
      [0, 7],
      [12, 21],
    ]);
    expect(findRanges('flat at', ['at'], true)).toEqual([[5, 7]]);
    // Chinese text keeps substring matches.
    expect(findRanges('退换货退货', ['退货'])).toEqual([[3, 5]]);
  });

  it('starts a cut excerpt at a word, not inside one', () => {
    const text = `${'lorem ipsum '.repeat(20)}bring the receipt to the counter ${'dolor sit '.repeat(20)}`;
    const { excerpt, highlights } = makeExcerpt(text, ['receipt'], fold, true);
    expect(excerpt).toMatch(/^…[a-z]+ /);
    expect(excerpt.slice(1).startsWith(' ')).toBe(false);
    expect(text).toContain(excerpt.slice(1, 20));
    expect(excerpt.slice(highlights[0][0], highlights[0][1])).toBe('receipt');
    // Wherever the cut falls, the ellipsis follows a character, not a space.
    for (let pad = 1; pad < 12; pad++) {
      const padded = `${'lorem ipsum '.repeat(20)}bring the receipt to ${'c'.repeat(pad)} ${'dolor sit '.repeat(20)}`;
      expect(makeExcerpt(padded, ['receipt'], fold, true).excerpt, `pad ${pad}`).toMatch(/\S…$/);
    }
  });
});
