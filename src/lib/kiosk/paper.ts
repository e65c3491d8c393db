/**
 * Receipt paper (80 mm thermal roll). Chromium ignores `@page { size: 80mm auto }` and prints such a
 * page 11 in long, so each printable screen sets its page to its own length: a fixed layout (the
 * feedback receipt) or one estimated from its lines (the return-check result). Lengths in mm at the
 * print stylesheet's sizes (10 pt text on 74 mm of paper, about 19 full-width characters a line).
 */

/** Width of the roll and its margin, in mm. */
export const PAPER_WIDTH_MM = 80;
export const PAPER_MARGIN_MM = 3;

/** Full-width characters (or twice as many Latin ones) that fit a printed line of 10 pt text. */
const CHARS_PER_LINE = 19;
/** Height of one printed 10 pt line (with its leading), in mm. */
const LINE_MM = 5.2;
/** Space after each reason or step, in mm. */
const ITEM_MM = 1.5;

/** Printed lines a paragraph of text takes (a CJK character counts as two Latin ones). */
export function printedLines(text: string): number {
  return Math.max(1, Math.ceil(textWidth(text) / CHARS_PER_LINE));
}

/** Width of a text in full-width characters (a Latin one counts half). */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2E80-\uFFEF]/.test(ch) ? 1 : 0.5;
  return width;
}

/** The `@page` rule for a receipt of `contentMm` millimetres of content (margins added, rounded up). */
export function pageRule(contentMm: number): string {
  const length = Math.ceil(contentMm + 2 * PAPER_MARGIN_MM);
  return `@page { size: ${PAPER_WIDTH_MM}mm ${length}mm; margin: ${PAPER_MARGIN_MM}mm; }`;
}

/**
 * Content length of a printed return-check result: header and outcome, each reason and next step
 * by its lines, the last day and the desk. Errs long by a line or two rather than cutting the end.
 */
export function resultLengthMm(parts: { reasons: string[]; nextSteps: string[]; lastDay: boolean }): number {
  const lines = (list: string[]) => list.reduce((n, text) => n + printedLines(text), 0);
  const header = 8 + 12 + 6; // mall line, outcome title (18 pt), sub line
  const headings = 2 * 8; // "why" and "next"
  const lastDay = parts.lastDay ? 14 : 0;
  const desk = 18;
  const safety = 8;
  const items = parts.reasons.length + parts.nextSteps.length;
  return (
    header +
    headings +
    (lines(parts.reasons) + lines(parts.nextSteps)) * LINE_MM +
    items * ITEM_MM +
    lastDay +
    desk +
    safety
  );
}

/**
 * Millimetres a receipt fact of `pt`-point text takes beyond one line (the fixed receipt layout counts
 * one line a fact): e.g. the sentence a praise receipt prints where others print a reply time.
 */
export function extraLinesMm(text: string, pt = 10): number {
  const scale = pt / 10;
  const lines = Math.max(1, Math.ceil((textWidth(text) * scale) / CHARS_PER_LINE));
  return (lines - 1) * LINE_MM * scale;
}

let sheet: CSSStyleSheet | undefined;
/**
 * Sets the printed page to `contentMm` of content (browser only). A constructed stylesheet, not an
 * inline `<style>`: the kiosk's Content-Security-Policy allows only its own hashed styles.
 */
export function setPaperLength(contentMm: number): void {
  if (typeof document === 'undefined' || typeof CSSStyleSheet === 'undefined') return;
  sheet ??= new CSSStyleSheet();
  sheet.replaceSync(`@media print { ${pageRule(contentMm)} }`);
  if (!document.adoptedStyleSheets.includes(sheet))
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
