import { describe, expect, it } from 'vitest';
import { fullFoldTable, compactFoldPairs } from '../../../../src/lib/search/fold-table';
import { pinyinKeys } from '../../../../src/lib/search/pinyin';
import {
  englishTerms,
  foldTableFromPairs,
  foldText,
  indexTerms,
  isEnglishStopWord,
  tokenize,
} from '../../../../src/lib/search/tokenize';

const fold = fullFoldTable();
const terms = (text: string, kind?: string) =>
  tokenize(text, fold)
    .filter((t) => !kind || t.kind === kind)
    .map((t) => t.term);

describe('foldText', () => {
  it.each([
    ['退貨', '退货'],
    ['顧客投訴記錄表', '顾客投诉记录表'],
    ['ＰＯＳ機１２３', 'pos机123'],
    ['Ａ　B', 'a b'],
    ['發票與收據', '发票与收据'],
    ['already simple 退货', 'already simple 退货'],
  ])('%s → %s (same length)', (input, folded) => {
    expect(foldText(input, fold)).toBe(folded);
    expect(foldText(input, fold)).toHaveLength(input.length);
  });

  it('keeps characters outside the table, including astral ones', () => {
    expect(foldText('😀退', new Map())).toBe('😀退');
  });
});

describe('tokenize', () => {
  it('yields Chinese words and every bigram of a Han run', () => {
    expect(terms('投诉处理', 'word')).toEqual(['投诉', '处理']);
    expect(terms('投诉处理', 'bigram')).toEqual(['投诉', '诉处', '处理']);
  });

  it.each([
    ['a single character gives no bigram', '退', [], ['退']],
    ['punctuation splits runs', '退货，投诉', ['退货', '投诉'], undefined],
  ])('%s', (_, text, bigrams, words) => {
    expect(terms(text, 'bigram')).toEqual(bigrams);
    if (words) expect(terms(text, 'word')).toEqual(words);
  });

  it('yields lower-case Latin words and digits, folded from full width', () => {
    expect(terms('SLA 24小时 ＰＯＳ机 tuihuo', 'latin')).toEqual(['sla', '24', 'pos', 'tuihuo']);
  });

  it('splits mixed segments into their Han and Latin parts', () => {
    const t = tokenize('pos机坏了', fold);
    expect(t.filter((x) => x.kind === 'latin').map((x) => x.term)).toEqual(['pos']);
    expect(t.some((x) => x.kind === 'word' && x.term.includes('机'))).toBe(true);
  });

  it('reports offsets into the original text', () => {
    const text = '請問退貨';
    for (const t of tokenize(text, fold))
      expect(foldText(text.slice(t.start, t.start + t.term.length), fold)).toBe(t.term);
  });

  it('gives traditional and simplified input the same terms', () => {
    expect(indexTerms('退換貨要帶發票', fold)).toEqual(indexTerms('退换货要带发票', fold));
  });

  it('ignores lunr syntax characters', () => {
    expect(terms('title:退货^10 ~2 *款 +投诉 -回访').every((t) => /^[\p{Script=Han}a-z0-9]+$/u.test(t))).toBe(true);
  });

  it.each(['', '   ', '，。！', '😀'])('returns nothing for %j', (text) => {
    expect(tokenize(text, fold)).toEqual([]);
  });
});

describe('fold table', () => {
  it('comes from opencc t→cn, and the shipped part covers only characters in use', () => {
    expect(fold.get('貨')).toBe('货');
    expect(fold.get('訴')).toBe('诉');
    const pairs = compactFoldPairs('退货');
    expect(foldTableFromPairs(pairs)).toEqual(new Map([['貨', '货']]));
  });
});

describe('pinyinKeys', () => {
  it.each([
    ['退换货', 'tuihuanhuo', 'thh'],
    ['投诉', 'tousu', 'ts'],
    ['银行', 'yinhang', 'yh'],
    ['女装', 'nvzhuang', 'nz'],
    ['退', 'tui', undefined],
  ])('%s → %s / %s', (word, full, initials) => {
    expect(pinyinKeys(word)).toEqual(initials ? { full, initials } : { full });
  });
});

describe('englishTerms', () => {
  it.each([
    ['Refunds are refunded', ['refund', 'refund']],
    ['Can I return my ＳＨＯＥＳ?', ['return', 'shoe']],
    ['the 15 days', ['15', 'day']],
    ['退货 receipt', ['receipt']],
    ['', []],
  ])('%j → %j', (text, want) => {
    expect(englishTerms(text, fold)).toEqual(want);
  });

  it('knows English stop words, and only those', () => {
    expect(['my', 'i', 'the', 'can'].filter(isEnglishStopWord)).toEqual(['my', 'i', 'the', 'can']);
    expect(['refund', 'tuihuo', 'thh', 'my2'].filter(isEnglishStopWord)).toEqual([]);
  });
});
