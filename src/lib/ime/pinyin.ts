/**
 * The pinyin input engine: pure, no I/O. It takes the built table (syllable → characters, words
 * ranked by frequency with the mall's own words first) and turns what the shopper typed into
 * candidates. Full pinyin (`shangpin`), initials (`sp`) and mixtures (`shangp`, `spin`) all work:
 * the input is split into syllables or syllable prefixes, and a word matches when each of its
 * syllables starts with the corresponding piece. A candidate may cover only the start of the
 * input (`商品` for `shangpinyou`): choosing it leaves the rest to convert next.
 */
import type { PinyinTable } from './schema';

/** One candidate: its text and how many letters of the input it converts. */
export interface Candidate {
  text: string;
  consumed: number;
}

interface WordEntry {
  text: string;
  syllables: string[];
  rank: number;
}

export interface PinyinEngine {
  /**
   * Candidates for `input` (letters, optionally `'` between syllables), best first: the longest
   * stretch of input first, within it the session's recent choices, then words before single
   * characters, then by frequency. At most `limit` (default 60).
   */
  lookup(input: string, options?: { recent?: readonly string[]; limit?: number }): Candidate[];
  /** Whether `s` is a whole syllable. */
  isSyllable(s: string): boolean;
}

/** Letters a pinyin syllable may start with when typed alone as an initial. */
const INITIALS = ['zh', 'ch', 'sh', ...'bpmfdtnlgkhjqxrzcsyw'];
/** How many ways to split one input are tried (longest syllables first). */
const MAX_SPLITS = 24;
/** Characters offered for a syllable typed only in part (its initial). */
const PREFIX_CHARS = 60;
/** Lookups remembered (typing back and forth asks the same again). */
const CACHE_SIZE = 256;
/** Words with more syllables than this are not looked up by their parts. */
const MAX_WORD_SYLLABLES = 8;

/** Lower-case letters and apostrophes only; `ü` typed as `v`. */
export function normalisePinyinInput(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z']/g, '');
}

/** Builds the engine's indexes once per table (a few milliseconds for the kiosk's table). */
export function createPinyinEngine(table: Pick<PinyinTable, 'chars' | 'words' | 'common'>): PinyinEngine {
  const syllables = new Set(Object.keys(table.chars));
  const prefixes = new Set<string>();
  for (const s of syllables) for (let i = 1; i <= s.length; i++) prefixes.add(s.slice(0, i));
  const maxSyllable = Math.max(...[...syllables].map((s) => s.length));

  // Words indexed by the first letter of each syllable ('sp' for shang'pin).
  const byInitials = new Map<string, WordEntry[]>();
  // A word without pinyin is made of characters with one reading each.
  const onlyReading = new Map<string, string>();
  const readings = new Map<string, number>();
  for (const [syllable, chars] of Object.entries(table.chars))
    for (const ch of chars) {
      onlyReading.set(ch, syllable);
      readings.set(ch, (readings.get(ch) ?? 0) + 1);
    }
  table.words.forEach((line, rank) => {
    const space = line.indexOf(' ');
    const text = space === -1 ? line : line.slice(0, space);
    const syls =
      space === -1
        ? [...text].map((ch) => (readings.get(ch) === 1 ? onlyReading.get(ch)! : ''))
        : line.slice(space + 1).split("'");
    if (syls.some((s) => !s)) return;
    if (syls.length < 2 || syls.length > MAX_WORD_SYLLABLES) return;
    const key = syls.map((s) => s[0]).join('');
    const list = byInitials.get(key);
    const entry = { text, syllables: syls, rank };
    if (list) list.push(entry);
    else byInitials.set(key, [entry]);
  });
  const charRank = new Map<string, number>();
  [...table.common].forEach((ch, i) => charRank.set(ch, i));
  // Syllables starting with a prefix, for single characters typed by their initial.
  const syllablesByPrefix = new Map<string, string[]>();
  for (const p of prefixes)
    syllablesByPrefix.set(
      p,
      [...syllables].filter((s) => s.startsWith(p)),
    );

  /** The most frequent characters of every syllable starting with `prefix` (s → 是, 上, 时 …). */
  const prefixChars = new Map<string, string[]>();
  const charsOfPrefix = (prefix: string) => {
    let list = prefixChars.get(prefix);
    if (!list) {
      const all = new Set<string>();
      for (const s of syllablesByPrefix.get(prefix) ?? []) for (const ch of table.chars[s] ?? '') all.add(ch);
      list = [...all]
        .sort((a, b) => (charRank.get(a) ?? 999_999) - (charRank.get(b) ?? 999_999))
        .slice(0, PREFIX_CHARS);
      prefixChars.set(prefix, list);
    }
    return list;
  };

  /** Ways to cut `input` into syllables or syllable prefixes, most plausible first. */
  function splits(input: string): { pieces: string[]; ends: number[] }[] {
    const out: { pieces: string[]; ends: number[] }[] = [];
    const walk = (at: number, pieces: string[], ends: number[]) => {
      if (out.length >= MAX_SPLITS) return;
      if (at >= input.length) {
        out.push({ pieces: [...pieces], ends: [...ends] });
        return;
      }
      if (input[at] === "'") {
        if (ends.length) ends[ends.length - 1] = at + 1;
        walk(at + 1, pieces, ends);
        return;
      }
      let tried = false;
      for (let len = Math.min(maxSyllable, input.length - at); len >= 1; len--) {
        const piece = input.slice(at, at + len);
        if (piece.includes("'")) continue;
        const last = at + len >= input.length || input[at + len] === "'";
        // A whole syllable anywhere; an initial anywhere; any other prefix only at the end.
        const ok = syllables.has(piece) || INITIALS.includes(piece) || (last && prefixes.has(piece));
        if (!ok) continue;
        tried = true;
        pieces.push(piece);
        ends.push(at + len);
        walk(at + len, pieces, ends);
        pieces.pop();
        ends.pop();
        if (out.length >= MAX_SPLITS) return;
      }
      // A letter that starts no syllable (e.g. a stray 'i'): skip it so the rest still converts.
      if (!tried) walk(at + 1, pieces, ends);
    };
    walk(0, [], []);
    return out;
  }

  const cache = new Map<string, Candidate[]>();
  return {
    isSyllable: (s) => syllables.has(s),
    lookup(raw, options = {}) {
      const input = normalisePinyinInput(raw);
      if (!input.replace(/'/g, '')) return [];
      const limit = options.limit ?? 60;
      const ranked = candidates(input, options.recent ?? []);
      // The whole input as one sentence when no single candidate covers it (商品有 from
      // shangpinyou): the best candidate for the start, then for the rest, and so on.
      const whole = input.length;
      if (ranked.length && ranked[0].consumed < whole) {
        let text = '';
        let at = 0;
        for (let step = 0; step < 8 && at < whole; step++) {
          const next = candidates(input.slice(at), options.recent ?? [])[0];
          if (!next) break;
          text += next.text;
          at += next.consumed;
        }
        if (at >= whole && !ranked.some((c) => c.text === text)) ranked.unshift({ text, consumed: whole });
      }
      return ranked.slice(0, limit);
    },
  };

  function candidates(input: string, recent: readonly string[]): Candidate[] {
    const cacheKey = `${input}\u0000${recent.slice(0, 20).join('\u0001')}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const result = rank(input, recent);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, result);
    return result;
  }

  function rank(input: string, recent: readonly string[]): Candidate[] {
    // Ranked by: ends where a syllable ends in the most plausible cut (zhiliang: 质量, 只 before
    // 治疗 from zhi|li…), covers more input, chosen recently, needs no more pieces than the fewest
    // possible (xian: 现 before 西安), word before single character, frequency.
    type Score = { consumed: number; unnatural: number; irregular: number; kind: number; rank: number };
    const better = (a: Score, b: Score) =>
      a.unnatural - b.unnatural ||
      b.consumed - a.consumed ||
      a.irregular - b.irregular ||
      a.kind - b.kind ||
      a.rank - b.rank;
    const best = new Map<string, Score>();
    const cuts = splits(input);
    const natural = new Set(cuts[0]?.ends ?? []);
    const fewest = new Map<number, number>();
    for (const { ends } of cuts) ends.forEach((end, i) => fewest.set(end, Math.min(fewest.get(end) ?? 99, i + 1)));
    const offer = (text: string, consumed: number, pieces: number, kind: number, rank: number) => {
      const score = {
        consumed,
        unnatural: natural.has(consumed) ? 0 : 1,
        irregular: pieces > (fewest.get(consumed) ?? pieces) ? 1 : 0,
        kind,
        rank,
      };
      const had = best.get(text);
      if (!had || better(score, had) < 0) best.set(text, score);
    };
    // Several cuts share their first pieces: each (pieces, end) is looked up once.
    const asked = new Set<string>();
    for (const { pieces, ends } of cuts) {
      for (let k = Math.min(pieces.length, MAX_WORD_SYLLABLES); k >= 2; k--) {
        const query = `${pieces.slice(0, k).join("'")}@${ends[k - 1]}`;
        if (asked.has(query)) continue;
        asked.add(query);
        const key = pieces
          .slice(0, k)
          .map((p) => p[0])
          .join('');
        for (const w of byInitials.get(key) ?? []) {
          let match = true;
          for (let i = 0; i < k && match; i++) match = w.syllables[i].startsWith(pieces[i]);
          if (match) offer(w.text, ends[k - 1], k, 0, w.rank);
        }
      }
      const first = pieces[0];
      if (!first || asked.has(`${first}@${ends[0]}`)) continue;
      asked.add(`${first}@${ends[0]}`);
      // Characters of a whole syllable come before those reached through a typed prefix.
      const whole = syllables.has(first);
      for (const ch of whole ? (table.chars[first] ?? '') : charsOfPrefix(first))
        offer(ch, ends[0], 1, 1, (whole ? 0 : 1_000_000) + (charRank.get(ch) ?? 999_999));
    }
    const recentIndex = (text: string) => {
      const i = recent.indexOf(text);
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    return [...best.entries()]
      .map(([text, v]) => ({ text, ...v, recent: recentIndex(text) }))
      .sort((a, b) => a.unnatural - b.unnatural || b.consumed - a.consumed || a.recent - b.recent || better(a, b))
      .map(({ text, consumed }) => ({ text, consumed }));
  }
}

/** Remembers the session's chosen candidates, most recent first (cleared by the idle reset). */
export function rememberChoice(recent: readonly string[], text: string, max = 50): string[] {
  return [text, ...recent.filter((r) => r !== text)].slice(0, max);
}

/**
 * What letters still waiting in the composition bar become when the shopper leaves pinyin (switches
 * to handwriting, letters, digits or phrases): the top candidate, again and again until every letter
 * is converted, as the candidate bar showed them. Letters no candidate covers are dropped: raw pinyin
 * in a complaint is never what the shopper meant.
 */
export function commitPending(input: string, lookup: (rest: string) => readonly Candidate[]): string {
  let rest = input;
  let text = '';
  // Each round converts at least one letter, so this ends; the bound only guards a faulty lookup.
  for (let round = 0; rest && round < 64; round++) {
    const top = lookup(rest)[0];
    if (!top || top.consumed <= 0) break;
    text += top.text;
    rest = rest.slice(top.consumed).replace(/^'+/, '');
  }
  return text;
}
