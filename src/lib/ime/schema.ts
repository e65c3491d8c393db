/** Schemas of the kiosk input method's data: the ready phrases in content/ and the built assets. */
import { z } from 'astro/zod';

const phraseList = z.array(z.string().trim().min(1).max(60)).max(12);

/** content/mall/phrases.yaml: ready phrases (常用语) per feedback category id, `any` for all. */
export const readyPhrasesSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/),
  z.object({
    /** Phrases offered on the Chinese kiosk. */
    zh: phraseList,
    /** Phrases offered on the English kiosk. */
    en: phraseList,
  }),
);
export type ReadyPhrases = z.infer<typeof readyPhrasesSchema>;

/** The pinyin asset (built by src/integrations/ime-data.ts), loaded when a text step opens. */
export const pinyinTableSchema = z.object({
  v: z.literal(1),
  /** Syllable (ü written v) → its characters, most frequent first. */
  chars: z.record(z.string(), z.string()),
  /** Every character of `chars`, most frequent first (ranks characters across syllables). */
  common: z.string(),
  /**
   * Words, most wanted first (the mall's own words lead), each `word syl'syl'…`, or the word alone
   * when each of its characters has one reading in `chars`.
   */
  words: z.array(z.string()),
  phrases: readyPhrasesSchema,
});
export type PinyinTable = z.infer<typeof pinyinTableSchema>;

/** The handwriting asset: one stroke template per common character. */
export const strokeTableSchema = z.object({
  v: z.literal(1),
  /** Points per stroke after resampling. */
  points: z.number().int().min(2).max(16),
  /** The characters, most frequent first. */
  chars: z.string(),
  /** Per character, its strokes' points, two alphabet letters per point (x, y on a 64 grid). */
  strokes: z.array(z.string()),
});
export type StrokeTable = z.infer<typeof strokeTableSchema>;
