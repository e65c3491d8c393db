/**
 * CSV for spreadsheets, the one writer behind every export (the monthly ticket report, quiz
 * results): UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF line ends, RFC 4180
 * quoting, and a guard against formula injection.
 *
 * The guard: a text cell a spreadsheet could read as a formula gets a leading apostrophe. That is
 * a cell whose first character is `= + - @` or their full-width forms `＝＋－＠` (some spreadsheets
 * fold those), a tab, a carriage return or line feed, NUL, or a zero-width / byte-order-mark
 * character (invisible, and stripped by some importers so what follows becomes the first
 * character), and also a cell where such a formula character follows leading blanks. Numbers are
 * written as numbers: `-1` as a number is data, not a formula.
 */

/** What a cell may hold. */
export type CsvValue = string | number | boolean | undefined | null;

/** Characters that open a formula, or that a spreadsheet may drop in front of one. */
const DANGEROUS_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r\n\0\u200B-\u200F\u2060\uFEFF]/;
/** A formula character after blanks or invisible characters (space, NBSP, ideographic space…). */
const HIDDEN_FORMULA = /^[\s\0\u200B-\u200F\u2060\uFEFF]+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Whether a text cell would be neutralised with an apostrophe. */
export function looksLikeFormula(text: string): boolean {
  return DANGEROUS_START.test(text) || HIDDEN_FORMULA.test(text);
}

/** One cell: neutralised when it looks like a formula, quoted when it holds `"`, `,`, a line break or edge blanks. */
export function csvCell(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && looksLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to a CSV document (BOM first, CRLF after every row). */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The Content-Type of what `toCsv` writes. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
