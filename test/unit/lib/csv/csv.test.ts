import { describe, expect, it } from 'vitest';
import { csvCell, looksLikeFormula, toCsv } from '../../../../src/lib/csv/csv';

describe('csvCell', () => {
  // From the feedback report's and the quiz export's former copies: both keep passing.
  it.each<[string | number | boolean | undefined | null, string]>([
    ['plain', 'plain'],
    ['张三', '张三'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+86 138', "'+86 138"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1,2', `"'=1,2"`],
    [undefined, ''],
    [null, ''],
    [5, '5'],
    [42, '42'],
    [true, 'true'],
    // Numbers are data, not formulas.
    [-1, '-1'],
  ])('csvCell(%j) = %j', (value, cell) => expect(csvCell(value)).toBe(cell));

  // Every opening the review (issue 16) listed, plus the ones it found unguarded.
  it.each([
    ['=1+1'],
    ['+1'],
    ['-1'],
    ['@A1'],
    ['\t=1'],
    ['\r=1'],
    ['\n=1'],
    ['\u200B=1+1'],
    ['\u200C=1'],
    ['\u200D=1'],
    ['\u2060=1'],
    ['\uFEFF=1'],
    ['\uFF1D1+1'],
    ['\uFF0B1'],
    ['\uFF0D1'],
    ['\uFF20A1'],
    ['\0=1'],
    ['\0'],
    [' =1'],
    ['\u00A0=1'],
    ['\u3000=1'],
    ['  \u200B+1'],
  ])('neutralises %j', (text) => {
    expect(looksLikeFormula(text)).toBe(true);
    const cell = csvCell(text);
    // The apostrophe comes first, inside the quotes when the cell needs them.
    expect(cell.startsWith("'") || cell.startsWith(`"'`)).toBe(true);
  });

  it.each([['abc'], ['1-2'], ['a=b'], ['中文 = 文字'], ['']])('leaves %j alone', (text) => {
    expect(looksLikeFormula(text)).toBe(false);
    expect(csvCell(text).startsWith("'")).toBe(false);
  });

  it('quotes cells with edge blanks so an importer keeps them', () => {
    expect(csvCell(' a')).toBe('" a"');
    expect(csvCell('a ')).toBe('"a "');
  });
});

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every row with CRLF', () => {
    expect(
      toCsv([
        ['单号', '类别'],
        ['FK1', '退换货'],
      ]),
    ).toBe('\uFEFF单号,类别\r\nFK1,退换货\r\n');
    expect(
      toCsv([
        ['姓名', '得分'],
        ['李', 90],
      ]),
    ).toBe('\uFEFF姓名,得分\r\n李,90\r\n');
  });

  it('round-trips through an RFC 4180 reader', () => {
    const rows = [['a,b', 'say "hi"', 'two\r\nlines', '=x', '']];
    const text = toCsv(rows).slice(1);
    expect(parseRfc4180(text)).toEqual([['a,b', 'say "hi"', 'two\r\nlines', "'=x", '']]);
  });
});

/** A strict RFC 4180 reader, to check the writer against. */
function parseRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') [cell, i] = [cell + '"', i + 2];
        else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') cell += text[i++];
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}
