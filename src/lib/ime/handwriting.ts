/**
 * Handwriting recognition: pure, no I/O. Each common character is a template of its strokes in
 * writing order, each stroke resampled to a few points. What the shopper drew is compared stroke
 * by stroke with the first strokes of every template, both scaled into the same box, so the
 * candidates make sense after every stroke: a template with more strokes than drawn costs a
 * little per missing stroke (it may still be finished), one with fewer costs much more.
 */
import type { StrokeTable } from './schema';

export type Point = [number, number];
export type Stroke = Point[];

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const GRID = ALPHABET.length;
const DECODE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Cost of each template stroke not yet drawn (small: the shopper may not have finished). */
const MISSING_STROKE = 0.035;
/** The smallest box side scaled up to 1 (in the unit box of the pad). */
const MIN_BOX = 0.2;
/** Cost of each drawn stroke the template does not have. */
const EXTRA_STROKE = 0.3;

/** `n` points spaced evenly along the stroke (a dot becomes `n` copies of its point). */
export function resampleStroke(stroke: Stroke, n: number): Stroke {
  if (stroke.length === 0) return [];
  const lengths = [0];
  for (let i = 1; i < stroke.length; i++) {
    const [x0, y0] = stroke[i - 1];
    const [x1, y1] = stroke[i];
    lengths.push(lengths[i - 1] + Math.hypot(x1 - x0, y1 - y0));
  }
  const total = lengths[lengths.length - 1];
  if (total === 0) return Array.from({ length: n }, () => [stroke[0][0], stroke[0][1]] as Point);
  const out: Stroke = [];
  let j = 1;
  for (let k = 0; k < n; k++) {
    const at = (total * k) / (n - 1);
    while (j < stroke.length - 1 && lengths[j] < at) j++;
    const span = lengths[j] - lengths[j - 1] || 1;
    const f = Math.min(1, Math.max(0, (at - lengths[j - 1]) / span));
    const [x0, y0] = stroke[j - 1];
    const [x1, y1] = stroke[j];
    out.push([x0 + (x1 - x0) * f, y0 + (y1 - y0) * f]);
  }
  return out;
}

const q = (v: number) => ALPHABET[Math.min(GRID - 1, Math.max(0, Math.round(v * (GRID - 1))))];

/** A stroke in the unit box as two letters per point. */
export function encodeStroke(stroke: Stroke): string {
  return stroke.map(([x, y]) => q(x) + q(y)).join('');
}

interface Template {
  char: string;
  /** Stroke count. */
  n: number;
  /** Points, flat: x0, y0, x1, y1 … in stroke order, `points` per stroke. */
  xy: Float32Array;
}

export interface HandwritingRecogniser {
  /** Best candidates for the strokes drawn so far (in the pad's unit box, y down), best first. */
  recognise(strokes: readonly Stroke[], limit?: number): string[];
  readonly size: number;
}

/** Decodes the table once; recognition then takes a few milliseconds for 3,500 characters. */
export function createRecogniser(table: StrokeTable): HandwritingRecogniser {
  const per = table.points * 2;
  const chars = [...table.chars];
  const templates: Template[] = chars.map((char, i) => {
    const code = table.strokes[i];
    const xy = new Float32Array(code.length);
    for (let k = 0; k < code.length; k++) xy[k] = (DECODE.get(code[k]) ?? 0) / (GRID - 1);
    return { char, n: Math.floor(code.length / per), xy };
  });
  const P = table.points;

  return {
    size: templates.length,
    recognise(strokes, limit = 10) {
      const drawn = strokes.filter((s) => s.length > 0);
      const n = drawn.length;
      if (n === 0) return [];
      const input = normalise(drawn.map((s) => resampleStroke(s, P)));
      const scored: { char: string; score: number }[] = [];
      const box = new Float32Array(4);
      for (const t of templates) {
        const m = Math.min(n, t.n);
        // The template's first m strokes, scaled into the box the drawing was scaled into.
        boundsOf(t.xy, m * P, box);
        const [minX, minY, maxX, maxY] = box;
        const scale = 1 / Math.max(maxX - minX, maxY - minY, MIN_BOX);
        const cx = (minX + maxX) / 2;
        const cy = (minY + maxY) / 2;
        let sum = 0;
        for (let s = 0; s < m; s++) {
          let d = 0;
          for (let p = 0; p < P; p++) {
            const k = (s * P + p) * 2;
            const tx = (t.xy[k] - cx) * scale;
            const ty = (t.xy[k + 1] - cy) * scale;
            const [ix, iy] = input[s][p];
            d += Math.hypot(tx - ix, ty - iy);
          }
          sum += d / P;
        }
        const score = sum / m + (t.n > n ? (t.n - n) * MISSING_STROKE : (n - t.n) * EXTRA_STROKE);
        scored.push({ char: t.char, score });
      }
      scored.sort((a, b) => a.score - b.score);
      return scored.slice(0, limit).map((s) => s.char);
    },
  };
}

function boundsOf(xy: Float32Array, points: number, out: Float32Array) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points * 2; i += 2) {
    const x = xy[i];
    const y = xy[i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  out[0] = minX;
  out[1] = minY;
  out[2] = maxX;
  out[3] = maxY;
}

/** Centres the strokes on 0,0 and scales their bounding box's longer side to 1 (aspect kept; unit-box input). */
export function normalise(strokes: readonly Stroke[]): Stroke[] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of strokes)
    for (const [x, y] of s) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  // A tiny drawing (a dot, a short dash) is not blown up to the full box.
  const scale = 1 / Math.max(maxX - minX, maxY - minY, MIN_BOX);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return strokes.map((s) => s.map(([x, y]) => [(x - cx) * scale, (y - cy) * scale] as Point));
}
