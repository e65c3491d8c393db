/** Splitting text by highlight offsets, for rendering `<mark>` as elements (never as HTML). */

export interface TextPart {
  text: string;
  mark: boolean;
}

/** `text` cut into plain and marked parts by [start, end) ranges (sorted, non-overlapping). */
export function splitHighlights(text: string, ranges: [number, number][]): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    const s = Math.max(at, Math.min(start, text.length));
    const e = Math.max(s, Math.min(end, text.length));
    if (s > at) parts.push({ text: text.slice(at, s), mark: false });
    if (e > s) parts.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}
