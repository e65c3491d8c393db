import { beforeAll, describe, expect, it } from 'vitest';
import { buildPinyinTable } from '../../../../src/lib/ime/build-table';
import { buildPinyinTableFromDisk } from '../../../../src/lib/ime/ime-files';
import {
  commitPending,
  createPinyinEngine,
  normalisePinyinInput,
  rememberChoice,
  type PinyinEngine,
} from '../../../../src/lib/ime/pinyin';
import type { PinyinTable } from '../../../../src/lib/ime/schema';

/** A small hand-made table: the engine's rules without the size of the real one. */
const tiny = buildPinyinTable({
  freq: new Map([
    ['商品', 900],
    ['上品', 100],
    ['水平', 950],
    ['问题', 800],
    ['西安', 50],
    ['上', 5000],
    ['商', 300],
    ['先', 2000],
    ['现', 2500],
    ['西', 400],
    ['安', 600],
    ['品', 200],
    ['水', 700],
    ['平', 300],
    ['问', 900],
    ['题', 500],
    ['文', 950],
  ]),
  readings: (ch) =>
    (
      ({
        商: ['shang'],
        上: ['shang'],
        品: ['pin'],
        水: ['shui'],
        平: ['ping'],
        问: ['wen'],
        文: ['wen'],
        题: ['ti'],
        西: ['xi'],
        安: ['an'],
        先: ['xian'],
        现: ['xian'],
      }) as Record<string, string[]>
    )[ch] ?? [],
  wordPinyin: (w) =>
    [...w].map(
      (ch) =>
        ({ 商: 'shang', 上: 'shang', 品: 'pin', 水: 'shui', 平: 'ping', 问: 'wen', 题: 'ti', 西: 'xi', 安: 'an' })[
          ch
        ] ?? '?',
    ),
  mallWords: ['商品'],
  phrases: {},
  charLimit: 100,
  wordLimit: 100,
});

const texts = (e: PinyinEngine, input: string, recent?: string[]) => e.lookup(input, { recent }).map((c) => c.text);

describe('pinyin engine (hand-made table)', () => {
  const e = createPinyinEngine(tiny);

  it.each([
    ['shangpin', '商品'],
    ['sp', '商品'],
    ['shangp', '商品'],
    ['spin', '商品'],
    ['wenti', '问题'],
    ['wt', '问题'],
  ])('%s → %s first', (input, first) => {
    expect(texts(e, input)[0]).toBe(first);
  });

  it('ranks the mall’s own words above more frequent dictionary words', () => {
    expect(texts(e, 'sp').slice(0, 2)).toEqual(['商品', '水平']);
  });

  it('puts words before single characters and single characters by frequency', () => {
    const list = texts(e, 'shangpin');
    expect(list.indexOf('商品')).toBeLessThan(list.indexOf('上'));
    expect(list.indexOf('上')).toBeLessThan(list.indexOf('商'));
  });

  it('prefers the fewest syllables: xian is 现 and 先 before 西安, unless split with an apostrophe', () => {
    expect(texts(e, 'xian').slice(0, 2)).toEqual(['现', '先']);
    expect(texts(e, 'xian').indexOf('西安')).toBeGreaterThan(1);
    expect(texts(e, "xi'an")[0]).toBe('西安');
  });

  it('tells how much input a candidate converts, and composes the whole input', () => {
    const list = e.lookup('shangpinwenti');
    expect(list[0]).toEqual({ text: '商品问题', consumed: 13 });
    expect(list.find((c) => c.text === '商品')).toEqual({ text: '商品', consumed: 8 });
  });

  it('puts the session’s recent choices first among candidates of the same length', () => {
    expect(texts(e, 'wen').slice(0, 2)).toEqual(['问', '文']);
    expect(texts(e, 'wen', ['文']).slice(0, 2)).toEqual(['文', '问']);
  });

  it('answers nothing for nothing', () => {
    expect(e.lookup('')).toEqual([]);
    expect(e.lookup("'''")).toEqual([]);
    expect(e.lookup('123')).toEqual([]);
  });

  it('normalises what was typed', () => {
    expect(normalisePinyinInput('LÜ 1x')).toBe('lvx');
  });

  it.each([
    ['shangpin', '商品'],
    ['shangpinwenti', '商品问题'],
    ["xi'an", '西安'],
    ['sp', '商品'],
    ['', ''],
  ])('leaving pinyin with %j pending commits the top candidates: %j', (input, text) => {
    expect(commitPending(input, (rest) => e.lookup(rest))).toBe(text);
  });

  it('drops letters no candidate covers instead of inserting raw pinyin', () => {
    expect(commitPending('wentiqqq', (rest) => e.lookup(rest))).not.toMatch(/[a-z]/);
    expect(commitPending('wentiqqq', (rest) => e.lookup(rest))).toBe('问题');
    expect(commitPending('zzz', () => [])).toBe('');
    // A lookup that converts nothing cannot loop.
    expect(commitPending('abc', () => [{ text: 'x', consumed: 0 }])).toBe('');
  });

  it('remembers choices most recent first, once each, up to a limit', () => {
    expect(rememberChoice(['a', 'b'], 'b')).toEqual(['b', 'a']);
    expect(rememberChoice(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
  });
});

describe('pinyin engine (the built table)', () => {
  let table: PinyinTable;
  let e: PinyinEngine;
  beforeAll(() => {
    table = buildPinyinTableFromDisk(process.cwd());
    e = createPinyinEngine(table);
  }, 60_000);

  it.each([
    ['shangpin', '商品'],
    ['sp', '商品'],
    ['zhiliang', '质量'],
    ['wenti', '问题'],
    ['you', '有'],
    ['tuihuo', '退货'],
    ['fwtdc', '服务态度差'],
    ['spyzlwt', '商品有质量问题'],
    ['s', '是'],
    ['lv', '律'],
  ])('%s → %s first', (input, first) => {
    expect(texts(e, input)[0]).toBe(first);
  });

  it('offers the mall’s tenants by initials', () => {
    expect(texts(e, 'ysnz')).toContain('云裳女装');
  });

  it('keeps several thousand characters and every ready phrase', () => {
    expect([...table.common].length).toBeGreaterThan(5000);
    expect(table.phrases.quality.zh).toContain('商品有质量问题');
    expect(table.words.length).toBeGreaterThan(15000);
  });
});
