/**
 * Build time: turns npm data into the input method's two assets. Pure (the caller reads the
 * files): a word-frequency list in jieba's `word freq tag` format, a pinyin function, the mall's
 * own words and stroke medians in Make Me a Hanzi's coordinates.
 */
import type { PinyinTable, ReadyPhrases, StrokeTable } from './schema';
import { encodeStroke, resampleStroke, type Stroke } from './handwriting';

const HAN = /^[\u4e00-\u9fff]+$/;

/** Reads a jieba dictionary: word → frequency (Han-only words). */
export function parseFrequencyList(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [word, freq] = line.split(' ');
    const n = Number(freq);
    if (word && HAN.test(word) && Number.isFinite(n)) out.set(word, (out.get(word) ?? 0) + n);
  }
  return out;
}

/** Characters by how often they occur, counted through every word that contains them. */
export function rankCharacters(freq: Map<string, number>): string[] {
  const score = new Map<string, number>();
  for (const [word, n] of freq) for (const ch of word) score.set(ch, (score.get(ch) ?? 0) + n);
  return [...score.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([ch]) => ch);
}

export interface PinyinTableInput {
  freq: Map<string, number>;
  /** Readings of one character (tone-less, ü as v), most common first. */
  readings: (ch: string) => string[];
  /** A word's syllables in context (tone-less, ü as v). */
  wordPinyin: (word: string) => string[];
  /** The mall's own words, most important first: ranked above every dictionary word. */
  mallWords: string[];
  phrases: ReadyPhrases;
  /** How many characters and dictionary words to keep. */
  charLimit: number;
  wordLimit: number;
}

export function buildPinyinTable(input: PinyinTableInput): PinyinTable {
  const common = rankCharacters(input.freq).slice(0, input.charLimit);
  const known = new Set(common);
  const chars: Record<string, string> = {};
  for (const ch of common) {
    for (const s of input.readings(ch)) if (/^[a-z]+$/.test(s)) chars[s] = (chars[s] ?? '') + ch;
  }
  const readingCount = new Map<string, number>();
  for (const list of Object.values(chars)) for (const ch of list) readingCount.set(ch, (readingCount.get(ch) ?? 0) + 1);
  const words: string[] = [];
  const seen = new Set<string>();
  const add = (word: string) => {
    if (seen.has(word) || word.length < 2 || !HAN.test(word)) return;
    const syls = input.wordPinyin(word);
    if (syls.length !== word.length || !syls.every((s) => /^[a-z]+$/.test(s))) return;
    seen.add(word);
    // A word of characters with one reading each needs no pinyin: the engine reads it from `chars`.
    const plain = [...word].every((ch, i) => readingCount.get(ch) === 1 && (chars[syls[i]] ?? '').includes(ch));
    words.push(plain ? word : `${word} ${syls.join("'")}`);
  };
  for (const w of input.mallWords) add(w);
  const dictionary = [...input.freq.entries()]
    .filter(([w]) => w.length >= 2 && w.length <= 4 && [...w].every((ch) => known.has(ch)))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, input.wordLimit);
  for (const [w] of dictionary) add(w);
  return { v: 1, chars, common: common.join(''), words, phrases: input.phrases };
}

/**
 * Stroke templates: Make Me a Hanzi medians (1024 box, y up from -124 to 900) moved to a unit
 * box with y down, each stroke resampled to `points` points and stored on a 64 grid.
 */
export function buildStrokeTable(
  chars: string[],
  medians: (ch: string) => number[][][] | undefined,
  points: number,
): StrokeTable {
  const kept: string[] = [];
  const strokes: string[] = [];
  for (const ch of chars) {
    const m = medians(ch);
    if (!m || m.length === 0) continue;
    kept.push(ch);
    strokes.push(m.map((s) => encodeStroke(resampleStroke(fromMakeMeAHanzi(s), points))).join(''));
  }
  return { v: 1, points, chars: kept.join(''), strokes };
}

/** A Make Me a Hanzi median in the unit box, y down. */
export function fromMakeMeAHanzi(median: number[][]): Stroke {
  return median.map(([x, y]) => [x / 1024, (900 - y) / 1024]);
}
