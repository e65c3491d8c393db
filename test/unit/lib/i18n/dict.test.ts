import { describe, expect, it } from 'vitest';
import {
  bilingual,
  fill,
  LANGS,
  MESSAGES,
  messagesWithPrefix,
  parseLang,
  translator,
  ZH_CN,
} from '../../../../src/lib/i18n/dict';
import { en } from '../../../../src/lib/i18n/en';
import { staffZhCN } from '../../../../src/lib/i18n/staff.zh-CN';
import { zhCN } from '../../../../src/lib/i18n/zh-CN';

/** Han characters and CJK punctuation (full-width forms included). */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** English strings that carry Chinese on purpose, each with its reason. */
const CHINESE_IN_ENGLISH: Record<string, string> = {
  'kiosk.lang.switch': 'the switch back names Chinese in Chinese, as language pickers do',
  'kiosk.lang.label': 'the language switch is labelled in both languages, whichever is shown',
  'returns.outcome.quality_claim.sub': 'names the 三包 rules so the shopper can say the word at the desk',
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  const shopperKeys = Object.keys(zhCN);

  it.each(LANGS)('%s has a non-empty, trimmed string for every shopper key', (lang) => {
    expect(Object.keys(MESSAGES[lang]).sort()).toEqual([...shopperKeys].sort());
    for (const key of shopperKeys) {
      const value = MESSAGES[lang][key as keyof typeof zhCN];
      expect(typeof value, key).toBe('string');
      expect(value.trim(), key).not.toBe('');
      expect(value, key).toBe(value.trim());
    }
  });

  it('has a non-empty, trimmed Chinese string for every staff key', () => {
    for (const [key, value] of Object.entries(staffZhCN)) {
      expect(value.trim(), key).not.toBe('');
      expect(value, key).toBe(value.trim());
    }
  });

  it('keeps staff keys and shopper keys apart', () => {
    const both = Object.keys(staffZhCN).filter((key) => key in zhCN);
    expect(both).toEqual([]);
    expect(Object.keys(ZH_CN)).toHaveLength(shopperKeys.length + Object.keys(staffZhCN).length);
  });

  it('leaves no Chinese in English strings, except where it is meant', () => {
    const chinese = Object.entries(en)
      .filter(([, value]) => CJK.test(value))
      .map(([key]) => key);
    expect(chinese.sort()).toEqual(Object.keys(CHINESE_IN_ENGLISH).sort());
  });

  it('writes Chinese strings in Chinese', () => {
    const latinOnly = Object.entries(ZH_CN)
      .filter(([, value]) => !CJK.test(value))
      .map(([key]) => key);
    // English is named in English; a value that is nothing but a list.
    expect(latinOnly.sort()).toEqual(['kiosk.lang.switch', 'policies.lang.en', 'returns.rules.excluded.value']);
  });

  it('does not leave English strings as copies of the Chinese', () => {
    const copies = Object.keys(en).filter((key) => en[key as keyof typeof en] === zhCN[key as keyof typeof zhCN]);
    expect(copies).toEqual(['kiosk.lang.label']);
  });

  it('uses the same placeholders in every language', () => {
    const differ = shopperKeys.flatMap((key) => {
      const expected = placeholders(zhCN[key as keyof typeof zhCN]).join(',');
      return LANGS.filter((lang) => placeholders(MESSAGES[lang][key as keyof typeof zhCN]).join(',') !== expected).map(
        (lang) => `${lang} ${key}`,
      );
    });
    expect(differ).toEqual([]);
  });
});

describe('translating', () => {
  it('reads shopper and staff strings in Chinese, shopper strings in English', () => {
    const zh = translator('zh-CN');
    expect(zh('app.name')).toBe('客服自助终端与制度门户');
    expect(zh('kiosk.home')).toBe('首页');
    expect(zh('tickets.title')).toBe(staffZhCN['tickets.title']);
    expect(translator('en')('kiosk.home')).toBe('Home');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(translator('en')('search.kiosk.results', { n: 3 })).toBe('3 found');
    expect(translator('zh-CN')('search.kiosk.results', { n: 3 })).toBe('找到 3 条');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(fill('{a}{a}', { a: 'x' })).toBe('xx');
  });

  it('gives one string in both languages', () => {
    expect(bilingual('feedback.state.received')).toEqual({
      zh: MESSAGES['zh-CN']['feedback.state.received'],
      en: MESSAGES.en['feedback.state.received'],
    });
    expect(bilingual('search.kiosk.results', { n: 2 })).toEqual({ zh: '找到 2 条', en: '2 found' });
  });

  it('picks an island’s strings by prefix, in its language only', () => {
    const strings = messagesWithPrefix('en', 'returns.');
    expect(strings['returns.title']).toBe(en['returns.title']);
    expect(Object.keys(strings).every((key) => key.startsWith('returns.'))).toBe(true);
    expect(Object.keys(strings)).not.toContain('kiosk.home');
  });

  it.each([
    ['en', 'en'],
    ['zh-CN', 'zh-CN'],
    [undefined, 'zh-CN'],
    ['fr', 'zh-CN'],
    ['', 'zh-CN'],
  ])('parseLang(%s) → %s', (input, lang) => {
    expect(parseLang(input)).toBe(lang);
  });
});
