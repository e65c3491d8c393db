/**
 * Schemas of search: the synonym table (content/mall/synonyms.yaml), the API's query string,
 * and the search asset the build writes (index + compact document store) and both the
 * browser and the server load.
 */
import { z } from 'astro/zod';
import { LANGS } from '../i18n/dict';
import { audienceSchema, sectionSlugSchema } from '../policies/schema';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** Most words (separated by spaces) in one query: each word is expanded and matched on its own. */
export const MAX_QUERY_TERMS = 12;

/** `content/mall/synonyms.yaml`. */
export const synonymsSchema = z.strictObject({
  /** Groups of interchangeable words; a query word from a group also finds the others. */
  groups: z
    .array(
      z
        .array(z.string().trim().min(1).max(20))
        .min(2, 'a synonym group needs at least two words')
        .refine((g) => new Set(g).size === g.length, 'a word appears twice in the group'),
    )
    .min(1),
});
export type Synonyms = z.infer<typeof synonymsSchema>;

/** `GET /api/search` query parameters (strings from the URL). */
export const searchParamsSchema = z.strictObject({
  /** Search text as typed; Chinese, pinyin, Latin, traditional or full-width characters. */
  q: z.string(),
  /** Most results to return, 1 to 50. */
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** Only pages written for this audience. */
  audience: audienceSchema.optional(),
  /** Only clauses of this section (the kiosk asks for `shopper-guide`). */
  section: sectionSlugSchema.optional(),
  /** `en`: clauses that have an English version come back in English (the kiosk in English). */
  lang: z.enum(LANGS).optional(),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;
