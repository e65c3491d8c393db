import { describe, expect, it } from 'vitest';
import { LANGS, MESSAGES, parseLang, translator } from '../../../../src/lib/i18n/dict';

describe('the UI dictionary', () => {
  const zhKeys = Object.keys(MESSAGES['zh-CN']).sort();
  it.each(LANGS)('%s has exactly the zh-CN keys, none empty', (lang) => {
    expect(Object.keys(MESSAGES[lang]).sort()).toEqual(zhKeys);
    for (const [key, value] of Object.entries(MESSAGES[lang])) expect(value.trim(), key).not.toBe('');
  });

  it('fills placeholders and leaves unknown ones', () => {
    const t = translator('zh-CN');
    expect(t('app.name')).toBe('客服自助终端与制度门户');
    expect(translator('en')('kiosk.home')).toBe('Home');
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
