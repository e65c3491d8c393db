/**
 * Shape checks of the built input-method assets for the browser: the assets are our own build
 * output (the zod schemas in schema.ts describe them and check them at build), and zod would
 * double the panel's JavaScript, so the panel only checks the shape it relies on.
 */
import type { PinyinTable, StrokeTable } from './schema';

const isRecordOf = (x: unknown, item: (v: unknown) => boolean) =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(item);
const isString = (v: unknown): v is string => typeof v === 'string';

/** The pinyin asset, or an error naming what is wrong. */
export function checkPinyinTable(x: unknown): PinyinTable {
  const t = x as Partial<PinyinTable> | null;
  if (!t || t.v !== 1) throw new Error('ime: pinyin table: unknown version');
  if (!isRecordOf(t.chars, isString)) throw new Error('ime: pinyin table: chars');
  if (!isString(t.common)) throw new Error('ime: pinyin table: common');
  if (!Array.isArray(t.words) || !t.words.every(isString)) throw new Error('ime: pinyin table: words');
  const phraseList = (v: unknown) => Array.isArray(v) && v.every(isString);
  if (
    !isRecordOf(t.phrases, (p) => !!p && phraseList((p as { zh: unknown }).zh) && phraseList((p as { en: unknown }).en))
  )
    throw new Error('ime: pinyin table: phrases');
  return t as PinyinTable;
}

/** The handwriting asset, or an error naming what is wrong. */
export function checkStrokeTable(x: unknown): StrokeTable {
  const t = x as Partial<StrokeTable> | null;
  if (!t || t.v !== 1) throw new Error('ime: stroke table: unknown version');
  if (typeof t.points !== 'number' || t.points < 2) throw new Error('ime: stroke table: points');
  if (!isString(t.chars)) throw new Error('ime: stroke table: chars');
  if (!Array.isArray(t.strokes) || t.strokes.length !== [...t.chars].length || !t.strokes.every(isString))
    throw new Error('ime: stroke table: strokes');
  return t as StrokeTable;
}
