/**
 * Build-time only: the pinyin dictionary shipped in the search asset, so a query typed in
 * pinyin (`tuihuo`) or initials (`thh`) becomes Chinese words without a pinyin library in
 * the browser. Uses pinyin-pro, which reads polyphonic characters in context.
 */
import { pinyin } from 'pinyin-pro';

/** Pinyin keys of a Chinese word: full pinyin without tones, and initials (two characters or more). */
export function pinyinKeys(word: string): { full: string; initials?: string } {
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true }).map((s) =>
    s.toLowerCase().replace(/[^a-z]/g, ''),
  );
  const full = syllables.join('');
  return syllables.length >= 2 ? { full, initials: syllables.map((s) => s[0]).join('') } : { full };
}

/**
 * Key → words, for words of two or more Han characters. `weight` orders the words of one key
 * (more important first) and `maxPerKey` caps how many a key expands to (initials are ambiguous).
 */
export function buildPinyinDictionary(words: Map<string, number>, maxPerKey = 6): Record<string, string[]> {
  const byKey = new Map<string, { word: string; weight: number }[]>();
  const add = (key: string, word: string, weight: number) => {
    const list = byKey.get(key) ?? [];
    if (!list.some((e) => e.word === word)) list.push({ word, weight });
    byKey.set(key, list);
  };
  for (const [word, weight] of words) {
    if (!/^\p{Script=Han}{2,}$/u.test(word)) continue;
    const keys = pinyinKeys(word);
    if (!keys.full) continue;
    add(keys.full, word, weight);
    if (keys.initials && keys.initials.length >= 2) add(keys.initials, word, weight);
  }
  const out: Record<string, string[]> = {};
  for (const key of [...byKey.keys()].sort()) {
    out[key] = byKey
      .get(key)!
      .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
      .slice(0, maxPerKey)
      .map((e) => e.word);
  }
  return out;
}
