import { describe, expect, it } from 'vitest';
import { cleanStrings, cleanText, isSaneYear, revealInvisible } from '../../../../src/lib/input/hygiene';

describe('cleanText', () => {
  it.each([
    ['composed and decomposed é are one string', 'Cafe\u0301', 'Caf\u00e9'],
    ['NUL is removed', 'a\u0000b', 'ab'],
    ['other C0 and C1 controls are removed', 'a\u0001\u001b[31m\u0085\u009fb', 'a[31mb'],
    ['tab and line breaks are kept', 'a\tb\r\nc', 'a\tb\r\nc'],
    ['a right-to-left override is removed', '发票\u202Egnp.exe', '发票gnp.exe'],
    ['every embedding, override and isolate', '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069x', 'x'],
    ['zero-width characters are kept (ZWJ joins emoji)', '👩\u200D💻\u200B', '👩\u200D💻\u200B'],
    ['Chinese is untouched', '收银台排队太久', '收银台排队太久'],
  ])('%s', (_name, input, output) => expect(cleanText(input)).toBe(output));

  it('cleans nested values and keys, leaving other types alone', () => {
    expect(cleanStrings({ 'k\u0000': [{ x: 'a\u202Eb' }, 2, true, null] })).toEqual({
      k: [{ x: 'ab' }, 2, true, null],
    });
  });
});

describe('revealInvisible', () => {
  it('shows each zero-width character as its code point', () => {
    expect(revealInvisible('管理\u200B员\u2060\uFEFF')).toBe('管理⟦U+200B⟧员⟦U+2060⟧⟦U+FEFF⟧');
    expect(revealInvisible('plain')).toBe('plain');
    expect(revealInvisible(undefined)).toBe('');
  });
});

describe('isSaneYear', () => {
  it.each([
    ['2000-01-01', true],
    ['2026-11-30T10:00', true],
    ['2100-12-31', true],
    ['1999-12-31', false],
    ['2101-01-01', false],
    ['9999-12-31', false],
    ['0000-01-01', false],
    ['+010000-01-01', false],
  ])('%s → %s', (date, ok) => expect(isSaneYear(date)).toBe(ok));
});
