/**
 * The one tokenizer of search: it builds the index (at build time, in Node) and parses
 * queries (on the server and in the browser), so both sides always agree on the terms.
 *
 * Folding keeps every UTF-16 unit in place (one character in, one character out), so an
 * offset found in folded text is an offset into the original: highlights need no mapping.
 * Chinese text yields its words (Intl.Segmenter) and every character bigram of a Han run;
 * Latin letters and digits yield lower-case words. English translations of clauses get their
 * own terms (englishTerms): stemmed, without stop words, in a field of their own.
 */
import lunr from 'lunr';

/** Maps traditional to simplified characters; built from opencc-js at build time (fold-table.ts). */
export type FoldTable = Map<string, string>;

/** A fold table from its compact form: pairs of characters, "貨货發发…". */
export function foldTableFromPairs(pairs: string): FoldTable {
  const table: FoldTable = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) table.set(pairs[i], pairs[i + 1]);
  return table;
}

/**
 * Folds text for matching: full-width ASCII to half-width, the ideographic space to a space,
 * upper to lower case, traditional to simplified characters. Same length as the input.
 */
export function foldText(text: string, fold: FoldTable): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0).toLowerCase();
    else if (code === 0x3000) out += ' ';
    else if (code < 0x80) out += ch.toLowerCase();
    else out += fold.get(ch) ?? ch;
  }
  return out;
}

export type TokenKind = 'word' | 'bigram' | 'latin';

export interface Token {
  /** The folded term as stored in the index. */
  term: string;
  kind: TokenKind;
  /** Offset of the token in the text (folding keeps offsets). */
  start: number;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_OR_DIGIT = /[a-z0-9]+/g;

let segmenter: Intl.Segmenter | undefined;
const getSegmenter = () => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));

/** Every token of a text, in order of appearance within each kind. */
export function tokenize(text: string, fold: FoldTable): Token[] {
  const folded = foldText(text, fold);
  const tokens: Token[] = [];
  for (const seg of getSegmenter().segment(folded)) {
    if (!seg.isWordLike) continue;
    if (HAN.test(seg.segment)) {
      // A segment may mix Han and Latin ("pos机"): keep the Han part as the word.
      for (const m of seg.segment.matchAll(HAN_RUN))
        tokens.push({ term: m[0], kind: 'word', start: seg.index + m.index });
    }
    for (const m of seg.segment.matchAll(LATIN_OR_DIGIT))
      tokens.push({ term: m[0], kind: 'latin', start: seg.index + m.index });
  }
  for (const run of folded.matchAll(HAN_RUN)) {
    const s = run[0];
    for (let i = 0; i + 1 < s.length; i++)
      tokens.push({ term: s.slice(i, i + 2), kind: 'bigram', start: run.index + i });
  }
  return tokens;
}

/** The terms a document field is indexed under (repeated terms count for term frequency). */
export function indexTerms(text: string, fold: FoldTable): string[] {
  return tokenize(text, fold).map((t) => t.term);
}

/** Chinese words of a text as Intl.Segmenter sees them (for the pinyin dictionary). */
export function chineseWords(text: string, fold: FoldTable): string[] {
  return tokenize(text, fold)
    .filter((t) => t.kind === 'word')
    .map((t) => t.term);
}

/**
 * The terms of English text (a translated clause, or the Latin words of a query): its Latin
 * words without English stop words, stemmed by lunr's Porter stemmer so that `refunds`,
 * `refunded` and `refund` meet. Only the index's English field holds such terms.
 */
export function englishTerms(text: string, fold: FoldTable): string[] {
  const out: string[] = [];
  for (const t of tokenize(text, fold)) {
    if (t.kind !== 'latin') continue;
    if (!isEnglishStopWord(t.term)) out.push(lunr.stemmer(new lunr.Token(t.term, {})).toString());
  }
  return out;
}

/** An English word too common to search for (`the`, `my`, `can`: lunr's English list). */
export function isEnglishStopWord(word: string): boolean {
  return lunr.stopWordFilter(new lunr.Token(word, {})) === undefined;
}
