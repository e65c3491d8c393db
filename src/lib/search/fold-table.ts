/**
 * Build-time only: the traditional-to-simplified folding table, from opencc-js's t→cn
 * converter. The browser never loads opencc-js (its t2cn build is ~110 KB); it gets the
 * few hundred pairs that can matter for this library inside the search asset.
 */
import * as OpenCC from 'opencc-js/t2cn';
import type { FoldTable } from './tokenize';

let full: FoldTable | undefined;

/** Every CJK unified ideograph that t→cn maps to a single other character. */
export function fullFoldTable(): FoldTable {
  if (full) return full;
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  full = new Map();
  for (let code = 0x4e00; code <= 0x9fff; code++) {
    const ch = String.fromCharCode(code);
    const out = convert(ch);
    if (out !== ch && out.length === 1) full.set(ch, out);
  }
  return full;
}

/**
 * The pairs worth shipping: traditional characters whose simplified form occurs in `text`
 * (a query character whose simplified form is nowhere in the library cannot match anyway).
 * Compact form: "貨货發发…".
 */
export function compactFoldPairs(text: string): string {
  const table = fullFoldTable();
  const present = new Set(text);
  let pairs = '';
  for (const [trad, simp] of table) if (present.has(simp)) pairs += trad + simp;
  return pairs;
}
