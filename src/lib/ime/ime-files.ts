/**
 * Build time, tests and benches: reads the npm data (jieba's word frequencies from
 * `@node-rs/jieba`, Make Me a Hanzi medians from `hanzi-writer-data`, readings from `pinyin-pro`)
 * and content/mall/, and builds the input method's assets. The running server never calls this.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pinyin } from 'pinyin-pro';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { loadFeedbackConfig } from '../feedback/config-files';
import { loadSynonyms } from '../search/search-files';
import { buildPinyinTable, buildStrokeTable, parseFrequencyList, rankCharacters } from './build-table';
import { readyPhrasesSchema, type PinyinTable, type ReadyPhrases, type StrokeTable } from './schema';

/** Characters the pinyin panel offers, and dictionary words it keeps. */
export const PINYIN_CHARS = 7000;
export const PINYIN_WORDS = 20000;
/** Characters the handwriting pad recognises (the most common ones). */
export const HANDWRITING_CHARS = 3500;
export const STROKE_POINTS = 4;

export const PHRASES_FILE = path.join('content', 'mall', 'phrases.yaml');

export function loadReadyPhrases(root: string): ReadyPhrases {
  const result = readyPhrasesSchema.safeParse(parse(readFileSync(path.join(root, PHRASES_FILE), 'utf8')));
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${PHRASES_FILE}: ${issues.join('; ')}`);
  }
  return result.data;
}

let freqCache: Map<string, number> | undefined;
export function loadFrequencies(root: string): Map<string, number> {
  freqCache ??= parseFrequencyList(readFileSync(path.join(root, 'node_modules/@node-rs/jieba/dict.txt'), 'utf8'));
  return freqCache;
}

const toneless = { toneType: 'none', type: 'array', v: true } as const;

/** The mall's own words: categories, tenants, search synonyms (policy terms), words of the ready phrases. */
export function mallWords(root: string, phrases: ReadyPhrases): string[] {
  const config = loadFeedbackConfig(root);
  const { synonyms } = loadSynonyms(root);
  const freq = loadFrequencies(root);
  const han = (list: string[]) => list.map((w) => w.replace(/[^\u4e00-\u9fff]/g, '')).filter((w) => w.length >= 2);
  // Each group, then its dictionary words (商品, 质量, 问题 from 商品有质量问题). What shoppers
  // write on the text steps leads: shop names, categories, the ready phrases; then the desk's terms.
  const withParts = (list: string[]) => [...han(list), ...han(list.flatMap((w) => segment(w, freq)))];
  return [
    ...new Set([
      ...withParts(config.tenants.map((t) => t.zh)),
      ...withParts(config.categories.map((c) => c.zh)),
      ...withParts(Object.values(phrases).flatMap((p) => p.zh)),
      ...withParts(config.departments.map((d) => d.zh)),
      ...withParts(synonyms?.groups.flat() ?? []),
    ]),
  ];
}

/** Forward maximum matching against the dictionary: good enough for short phrases. */
function segment(text: string, freq: Map<string, number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let len = Math.min(4, text.length - i);
    while (len > 1 && !freq.has(text.slice(i, i + len))) len--;
    out.push(text.slice(i, i + len));
    i += len;
  }
  return out;
}

export function buildPinyinTableFromDisk(root: string): PinyinTable {
  const phrases = loadReadyPhrases(root);
  return buildPinyinTable({
    freq: loadFrequencies(root),
    readings: (ch) => pinyin(ch, { ...toneless, multiple: true }),
    wordPinyin: (w) => pinyin(w, toneless),
    mallWords: mallWords(root, phrases),
    phrases,
    charLimit: PINYIN_CHARS,
    wordLimit: PINYIN_WORDS,
  });
}

const medianSchema = z.object({ medians: z.array(z.array(z.array(z.number()))) });

/** Make Me a Hanzi medians of one character, or undefined when the package has none. */
export function readMedians(root: string, ch: string): number[][][] | undefined {
  const file = path.join(root, 'node_modules/hanzi-writer-data', `${ch}.json`);
  if (!existsSync(file)) return undefined;
  return medianSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).medians;
}

/** The most common characters that have stroke data, most frequent first. */
export function handwritingCharacters(root: string, count = HANDWRITING_CHARS): string[] {
  const out: string[] = [];
  for (const ch of rankCharacters(loadFrequencies(root))) {
    if (out.length >= count) break;
    if (existsSync(path.join(root, 'node_modules/hanzi-writer-data', `${ch}.json`))) out.push(ch);
  }
  return out;
}

export function buildStrokeTableFromDisk(root: string): StrokeTable {
  return buildStrokeTable(handwritingCharacters(root), (ch) => readMedians(root, ch), STROKE_POINTS);
}
