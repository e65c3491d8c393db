/**
 * The clause model of a policy page. A page body is an introduction followed by
 * clauses; a clause starts at a level 2-4 heading ending in `{#<clause-id>}` and runs to
 * the next heading. One parser serves the renderer, the library check and the search index,
 * so the three can never disagree about where a clause starts or what it says.
 */
import { Lexer, type Token } from 'marked';
import { CLAUSE_ID_PATTERN } from './schema';

export interface Clause {
  /** Stable id, e.g. `returns-1.2`. */
  id: string;
  /** Heading level, 2 to 4. */
  level: number;
  /** Number shown in the heading, e.g. `1.2` (taken from the id). */
  number: string;
  /** Heading text without the number and the id. */
  title: string;
  /** Markdown body of the clause (without its heading). */
  markdown: string;
  /** 1-based line of the heading in the body, for error messages. */
  line: number;
}

export interface ParsedPolicy {
  /** Markdown before the first clause heading. */
  intro: string;
  clauses: Clause[];
  /** Level 2-4 headings without an id: a library error. */
  headingsWithoutId: { text: string; line: number }[];
}

const HEADING = /^(#{2,4})\s+(.*?)\s*$/;
const ID_SUFFIX = /\s*\{#([^}\s]+)\}$/;
const FENCE = /^\s*(```|~~~)/;

/** Splits a page body into its introduction and clauses. */
export function parsePolicy(body: string): ParsedPolicy {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const intro: string[] = [];
  const clauses: Clause[] = [];
  const headingsWithoutId: ParsedPolicy['headingsWithoutId'] = [];
  let current: { clause: Omit<Clause, 'markdown'>; lines: string[] } | undefined;
  let inFence = false;

  const flush = () => {
    if (current) clauses.push({ ...current.clause, markdown: current.lines.join('\n').trim() });
  };

  lines.forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (heading) {
      const [, hashes, rawText] = heading;
      const idMatch = ID_SUFFIX.exec(rawText);
      if (!idMatch) {
        headingsWithoutId.push({ text: rawText, line: i + 1 });
      } else {
        flush();
        const id = idMatch[1];
        const textWithNumber = rawText.slice(0, idMatch.index).trim();
        const number = CLAUSE_ID_PATTERN.exec(id)?.[2] ?? '';
        const title = textWithNumber.startsWith(number) ? textWithNumber.slice(number.length).trim() : textWithNumber;
        current = { clause: { id, level: hashes.length, number, title, line: i + 1 }, lines: [] };
        return;
      }
    }
    (current ? current.lines : intro).push(line);
  });
  flush();
  return { intro: intro.join('\n').trim(), clauses, headingsWithoutId };
}

/** Ids of clauses referenced with `clause:` links in a Markdown text. */
export function findClauseRefs(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(clause:([^)\s]+)\)/g)].map((m) => m[1]);
}

/** Markdown to plain text (for search documents and excerpts): no markup, single-spaced. */
export function toPlainText(markdown: string): string {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if ('tokens' in token && Array.isArray(token.tokens) && token.tokens.length > 0) {
        walk(token.tokens);
      } else if (token.type === 'list') {
        // Items are separate phrases: a space between them, as between paragraphs.
        for (const item of token.items) {
          walk(item.tokens);
          out.push(' ');
        }
      } else if (token.type === 'table') {
        for (const cell of token.header) walk(cell.tokens);
        for (const row of token.rows) for (const cell of row) walk(cell.tokens);
      } else if ('text' in token && typeof token.text === 'string') {
        out.push(token.text);
      }
      if (token.type === 'paragraph' || token.type === 'heading' || token.type === 'list_item') {
        out.push(' ');
      }
    }
  };
  walk(new Lexer().lex(markdown));
  return out
    .join('')
    .replace(
      /&(amp|lt|gt|quot|#39);/g,
      (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
    )
    .replace(/\{本商场规定\}/g, '本商场规定')
    .replace(/\s+/g, ' ')
    .trim();
}
