/**
 * Searching the library: the same code in the browser (staff header) and on the server
 * (/api/search, /search). Pure: it takes the loaded search asset.
 *
 * A query is never handed to `idx.search(string)`: that splits on spaces, parses lunr's
 * syntax (`: ^ ~ * + -`) and runs lunr's English pipeline. The query goes through our
 * tokenizer instead, and each term becomes a clause built with `idx.query()`, with the
 * pipeline off, no edit distance and no wildcard.
 */
import lunr from 'lunr';
import type { Lang } from '../i18n/dict';
import { AUDIENCE_BITS, type SearchAsset, type SearchOptions, type SearchResponse, type SearchResult } from './types';
import { loadIndex } from './index-codec';
import { englishTerms, foldTableFromPairs, isEnglishStopWord, foldText, tokenize, type FoldTable } from './tokenize';

/** Field boosts, applied at index time (build-index.ts). */
export const FIELD_BOOSTS = { title: 4, page: 2, section: 1, body: 1, en: 1 } as const;

/** Query words that carry no topic: question words, particles, pronouns. */
const STOP_WORDS = new Set(
  (
    '的 了 吗 嘛 呢 吧 啊 呀 么 哦 着 过 得 地 怎么 怎么办 怎样 怎么样 如何 什么 为什么 为何 哪 哪里 哪些 哪个 多少 几 ' +
    '能 能不能 可以 可不可以 要 要不要 是 是不是 有 有没有 没有 我 我们 你 你们 他 她 它 他们 咱 很 太 在 会 就 都 也 还 和 与 ' +
    '有人 或 或者 及 把 被 给 让 这 那 这个 那个 个 一 一下 请 请问 应该 该 需要 时候 办 吗 做 想 去 来 到 说 对 跟'
  ).split(' '),
);
/**
 * How a question is phrased, not what it is about: removed from the query before it is split into
 * terms, so "顾客要求退货怎么办" searches for 退货, not for clauses titled 基本要求 or 值班要求.
 * Longest first; each is replaced by a space so no bigram spans the gap.
 */
const QUESTION_PHRASES = [
  '顾客要求',
  '客人要求',
  '顾客非要',
  '顾客想要',
  '顾客提出',
  '顾客来问',
  '顾客问',
  '怎么处理',
  '如何处理',
  '怎么解决',
  '怎么办',
  '可不可以',
  '能不能',
  '行不行',
  '可以吗',
  '找哪个',
  '找谁',
  '谁负责',
  '多长时间',
  '多久',
  '要求',
];
/**
 * Question shapes: what a phrase asks for, as extra terms. 多久 asks for a time limit, 找谁 for the
 * escalation table and the roles responsible.
 */
const QUESTION_SHAPES: { ask: RegExp; terms: [string, number][] }[] = [
  {
    ask: /多久|多长时间|几天|几小时|几分钟|时限|期限/,
    terms: [
      ['时限', 0.6],
      ['小时', 0.3],
      ['时内', 0.3],
      ['日内', 0.3],
    ],
  },
  {
    ask: /找谁|谁负责|找哪个|报给谁|归谁/,
    terms: [
      ['升级', 0.5],
      ['负责人', 0.4],
      ['升级表', 0.6],
      ['联系', 0.3],
    ],
  },
];

/** A bigram containing one of these characters straddles a question word or particle. */
const STOP_CHARS = new Set('的了吗嘛呢吧啊呀么哦怎什哪很');
const HAN_PAIR = /^\p{Script=Han}{2}$/u;
const EDGE_PARTICLES = /^[的了吗嘛呢吧啊呀哦]+|[的了吗嘛呢吧啊呀哦]+$/g;

/** Relative weight of query terms by where they came from. */
const WEIGHT = { word: 1, single: 0.4, bigram: 0.5, latin: 1, synonym: 0.6 } as const;

/** Characters of an excerpt. */
const EXCERPT_LENGTH = 120;

/** What a query turns into: weighted index terms and the words to highlight. */
export interface QueryPlan {
  terms: Map<string, number>;
}

export interface Searcher {
  search(query: string, options?: SearchOptions): SearchResponse;
  /** The weighted terms a query is searched with (for tests and debugging). */
  plan(query: string, lang?: Lang): QueryPlan;
}

/** Loads the asset's index and returns a searcher over it. */
export function createSearcher(asset: SearchAsset): Searcher {
  const idx = loadIndex(asset.index);
  const fold = foldTableFromPairs(asset.fold);
  const expand = synonymExpander(asset.synonyms);
  const pinyinToWords = pinyinExpander(asset.pinyin);

  const plan = (query: string, lang?: Lang): QueryPlan => {
    const terms = new Map<string, number>();
    const add = (term: string, weight: number) => {
      if (!term || /[*:^~+-]/.test(term)) return;
      terms.set(term, Math.max(terms.get(term) ?? 0, weight));
    };
    const addText = (text: string, factor: number, covered?: (start: number) => boolean) => {
      const tokens = tokenize(text, fold);
      // An expansion is one phrase: its parts share its weight (人身安全 must not count as 安全 twice over).
      const share = factor < 1 ? factor / Math.max(1, tokens.filter((t) => t.kind !== 'bigram').length) : factor;
      // Where the segmenter found a stop word (可以, 什么): a bigram touching it is noise (案可, 以销).
      const stopAt = new Set<number>();
      for (const t of tokens)
        if (t.kind === 'word' && STOP_WORDS.has(t.term))
          for (let i = 0; i < t.term.length; i++) stopAt.add(t.start + i);
      for (const t of tokens) {
        if (t.kind === 'bigram') {
          const touchesStop = stopAt.has(t.start) || stopAt.has(t.start + 1);
          if (!touchesStop && ![...t.term].some((c) => STOP_CHARS.has(c))) add(t.term, WEIGHT.bigram * share);
        } else if (t.kind === 'word') {
          // Particles stuck to a word (坏了, 退吗) are dropped; lone characters of an expansion are noise.
          const word = t.term.replace(EDGE_PARTICLES, '');
          if (!word || STOP_WORDS.has(word) || STOP_WORDS.has(t.term)) continue;
          if (word.length === 1 && (factor < 1 || covered?.(t.start))) continue;
          add(word, (word.length > 1 ? WEIGHT.word : WEIGHT.single) * share);
        } else {
          add(t.term, WEIGHT.latin * share);
          for (const stem of englishTerms(t.term, fold)) add(stem, WEIGHT.latin * share);
        }
      }
    };

    const asked = foldText(query, fold);
    for (const shape of QUESTION_SHAPES) if (shape.ask.test(asked)) for (const [t, w] of shape.terms) add(t, w);
    let folded = asked;
    for (const phrase of QUESTION_PHRASES) folded = folded.replaceAll(phrase, ' ');
    // A question that was all phrasing ("要求") still searches for what it said.
    if (!folded.trim()) folded = asked;
    // Known words (synonym table) the segmenter split into characters (彩妆 → 彩/妆) count as words.
    const known = expand.present(folded);
    const coveredAt = new Set<number>();
    for (const w of known)
      for (let at = folded.indexOf(w); at !== -1; at = folded.indexOf(w, at + 1))
        for (let i = 0; i < w.length; i++) coveredAt.add(at + i);
    addText(folded, 1, (start) => coveredAt.has(start));
    for (const w of known) if (w.length > 1) add(w, WEIGHT.word);
    // Asked in English, `my` is a word, not the initials of 满意.
    const latin = tokenize(folded, fold).filter(
      (t) => t.kind === 'latin' && /^[a-z]+$/.test(t.term) && (lang !== 'en' || !isEnglishStopWord(t.term)),
    );
    const fromPinyin = pinyinToWords(latin.map((t) => t.term));
    for (const word of fromPinyin) addText(word, 1);
    for (const word of expand(folded + ' ' + fromPinyin.join(' '))) {
      addText(word, WEIGHT.synonym);
      // A two-character synonym is one index term (its bigram) however the segmenter splits it (退/换).
      if (word.length === 2 && HAN_PAIR.test(word)) add(word, WEIGHT.synonym);
    }
    return { terms };
  };

  const search = (query: string, options: SearchOptions = {}): SearchResponse => {
    const { terms } = plan(query, options.lang);
    const limit = options.limit ?? 10;
    if (terms.size === 0) return { query, total: 0, results: [] };
    const hits = idx.query((q) => {
      for (const [term, boost] of terms) {
        q.term(term, {
          boost,
          usePipeline: false,
          wildcard: lunr.Query.wildcard.NONE,
          presence: lunr.Query.presence.OPTIONAL,
        });
      }
    });
    const audienceBit = options.audience ? AUDIENCE_BITS[options.audience] : 0;
    const ranked = hits
      .map((hit) => ({ hit, doc: asset.docs[Number(hit.ref)] }))
      .filter(
        ({ doc }) =>
          doc && (!audienceBit || (doc[6] & audienceBit) !== 0) && (!options.section || doc[2] === options.section),
      )
      .map(({ hit, doc }) => ({
        doc,
        english: options.lang === 'en' ? asset.en[hit.ref] : undefined,
        matched: Object.keys(hit.matchData.metadata),
        // At the kiosk the shopper guide is what a shopper can open: it comes first among equals.
        score: hit.score * (options.audience === 'shopper' && doc[2] === 'shopper-guide' ? 1.5 : 1),
      }))
      .sort((a, b) => b.score - a.score);
    // English text is highlighted where a stem or a typed word starts (`refund` in `refunds`).
    const typed =
      options.lang === 'en'
        ? tokenize(foldText(query, fold), fold).flatMap((t) =>
            t.kind === 'latin' && t.term.length > 2 ? [t.term] : [],
          )
        : [];
    const results = ranked.slice(0, limit).map(({ doc, english, matched, score }): SearchResult => {
      const [id, zhTitle, section, slug, zhPageTitle, zhText, , url] = doc;
      const [title, pageTitle, text] = english ?? [zhTitle, zhPageTitle, zhText];
      const marks = english ? [...matched, ...typed] : matched;
      const { excerpt, highlights } = makeExcerpt(text, marks, fold, !!english);
      return {
        id,
        title,
        section,
        slug,
        pageTitle,
        url,
        excerpt,
        highlights,
        titleHighlights: findRanges(foldText(title, fold), marks, !!english),
        score: Math.round(score * 1000) / 1000,
      };
    });
    return { query, total: ranked.length, results };
  };

  return { search, plan };
}

/** Synonym words found anywhere in a folded text, and the other words of their groups. */
export function synonymExpander(groups: string[][]) {
  const words = [...new Set(groups.flat())].sort((a, b) => b.length - a.length);
  const groupsOf = new Map<string, number[]>();
  groups.forEach((g, i) => g.forEach((w) => groupsOf.set(w, [...(groupsOf.get(w) ?? []), i])));
  const expand = (folded: string): string[] => {
    const out = new Set<string>();
    for (const w of words) {
      if (!folded.includes(w)) continue;
      for (const gi of groupsOf.get(w) ?? [])
        for (const other of groups[gi]) if (!folded.includes(other)) out.add(other);
    }
    return [...out];
  };
  /** The synonym-table words that occur in a folded text. */
  const present = (folded: string): string[] => words.filter((w) => folded.includes(w));
  return Object.assign(expand, { present });
}

/**
 * Chinese words for Latin tokens typed as pinyin: each token, and all tokens joined
 * (`tui huo`), as a whole key (`tuihuo`, `thh`), as a run of whole keys (`tuihuofapiao`), or,
 * for the last token while it is being typed, as the start of a key (`tuihu`).
 */
export function pinyinExpander(dictionary: Record<string, string[]>) {
  const keys = Object.keys(dictionary).sort();
  const split = (s: string): string[] | undefined => {
    // Fewest pieces, each a dictionary key of 4+ letters (short keys are mostly initials).
    const best: (string[] | undefined)[] = [[]];
    for (let end = 1; end <= s.length; end++) {
      for (let start = Math.max(0, end - 30); start <= end - 4; start++) {
        const piece = s.slice(start, end);
        const before = best[start];
        if (before && dictionary[piece] && (!best[end] || best[end]!.length > before.length + 1))
          best[end] = [...before, piece];
      }
    }
    return best[s.length];
  };
  const prefixed = (s: string) => {
    const out: string[] = [];
    let i = lowerBound(keys, s);
    while (i < keys.length && keys[i].startsWith(s) && out.length < 4) out.push(keys[i++]);
    return out;
  };
  return (tokens: string[]): string[] => {
    const words = new Set<string>();
    const candidates = tokens.length > 1 ? [...tokens, tokens.join('')] : tokens;
    candidates.forEach((token, i) => {
      if (token.length < 2) return;
      const whole = dictionary[token];
      const pieces = whole ? [token] : split(token);
      const found = pieces ?? (token.length >= 3 && i === candidates.length - 1 ? prefixed(token) : []);
      for (const key of found) for (const w of dictionary[key] ?? []) words.add(w);
    });
    return [...words];
  };
}

function lowerBound(sorted: string[], s: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const LETTER = /[a-z0-9]/;

/**
 * Merged [start, end) ranges where any of `terms` occurs in `folded`. With `words` (English
 * text), a term counts only at the start of a word and marks the word to its end, so a stem
 * marks the word it came from (`exchang` marks `exchanges`) and `at` no `flat`.
 */
export function findRanges(folded: string, terms: string[], words = false): [number, number][] {
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + 1)) {
      if (!words) {
        ranges.push([at, at + term.length]);
        continue;
      }
      if (at > 0 && LETTER.test(folded[at - 1])) continue;
      let end = at + term.length;
      while (end < folded.length && LETTER.test(folded[end])) end++;
      ranges.push([at, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * An excerpt of at most EXCERPT_LENGTH characters around the densest matches, with offsets into
 * it. With `words` (English text) matches are whole words and the excerpt starts at a word.
 */
export function makeExcerpt(
  text: string,
  terms: string[],
  fold: FoldTable,
  words = false,
): { excerpt: string; highlights: [number, number][] } {
  const ranges = findRanges(foldText(text, fold), terms, words);
  if (text.length <= EXCERPT_LENGTH) return { excerpt: text, highlights: ranges };
  // The window (starting a little before some match) that covers the most matched characters.
  let bestStart = 0;
  let bestCover = -1;
  for (const [s] of ranges.length ? ranges : [[0, 0]]) {
    const start = Math.max(0, Math.min(s - 12, text.length - EXCERPT_LENGTH));
    const end = start + EXCERPT_LENGTH;
    const cover = ranges.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, end) - Math.max(a, start)), 0);
    if (cover > bestCover) [bestStart, bestCover] = [start, cover];
  }
  if (words && bestStart > 0 && LETTER.test(text[bestStart - 1].toLowerCase())) {
    // Not in the middle of a word: start at the next word, unless that skips a match.
    const firstMatch = ranges.find(([a]) => a >= bestStart)?.[0] ?? text.length;
    const space = text.indexOf(' ', bestStart);
    if (space !== -1 && space < firstMatch) bestStart = space + 1;
  }
  const end = bestStart + EXCERPT_LENGTH;
  const lead = bestStart > 0 ? '…' : '';
  const body = text.slice(bestStart, end);
  const excerpt = lead + (end < text.length ? `${body.trimEnd()}…` : body);
  const highlights = ranges
    .filter(([a, b]) => b > bestStart && a < end)
    .map(([a, b]): [number, number] => [
      Math.max(a, bestStart) - bestStart + lead.length,
      Math.min(b, end) - bestStart + lead.length,
    ]);
  return { excerpt, highlights };
}
