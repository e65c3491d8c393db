/**
 * Input hygiene at the edge, for every text a client sends: one normal form, no invisible
 * controls that could reorder or hide what staff read, and dates within a range a mall can mean.
 *
 * - Free text is NFC-normalised (so `é` typed two ways is one string for search, repeats and
 *   exports); NUL and the other C0/C1 control characters except tab and line breaks are removed;
 *   the bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069),
 *   which can make `gnp.exe` read as `exe.png`, are removed.
 * - Zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are kept, since U+200D joins emoji and
 *   scripts that need it, but staff pages show them visibly (`revealInvisible`).
 */

/** The years a date field may name: a purchase, a quiz or a report month outside them is a mistake or a probe. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The start of a `YYYY-…` date, date-time or month in MIN_YEAR..MAX_YEAR. */
export const SANE_YEAR_PREFIX = /^(20\d\d|2100)-/;

/** Whether a `YYYY-…` date or date-time lies in MIN_YEAR..MAX_YEAR. */
export const isSaneYear = (isoDate: string): boolean => SANE_YEAR_PREFIX.test(isoDate);

/** C0 and C1 controls except tab, LF and CR; bidirectional embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const REMOVED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** A client's free text, normalised and stripped of controls (see the top of this file). */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(REMOVED, '');
}

/** Every string inside a parsed JSON value cleaned with `cleanText` (keys included). */
export function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[cleanText(key)] = cleanStrings(v);
    return out;
  }
  return value;
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Zero-width characters made visible for staff, e.g. `a⟦U+200B⟧b`, so a lookalike cannot hide in a note. */
export function revealInvisible(text: string | undefined): string {
  if (!text) return text ?? '';
  return text.replace(ZERO_WIDTH, (c) => `⟦U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟧`);
}
