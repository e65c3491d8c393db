/** Reading a search request (API and /search page): the query string rules, in one place. */
import type { z } from 'astro/zod';
import { bilingual } from '../i18n/dict';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, searchParamsSchema, type SearchParams } from './schema';

export type SearchRequest =
  | { ok: true; value: SearchParams }
  | { ok: false; code: 'empty_query' | 'query_too_long' | 'query_too_complex'; message: { zh: string; en: string } }
  | { ok: false; code: 'invalid_input'; error: z.ZodError };

/** Parses `q`, `limit`, `audience`, `section` and `lang` from a URL's query string; other parameters are ignored. */
export function parseSearchRequest(params: URLSearchParams): SearchRequest {
  const raw: Record<string, string> = { q: params.get('q') ?? '' };
  for (const key of ['limit', 'audience', 'section', 'lang'] as const) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  const q = raw.q.trim();
  if (!q)
    return {
      ok: false,
      code: 'empty_query',
      message: bilingual('search.error.empty_query'),
    };
  if ([...q].length > MAX_QUERY_LENGTH) {
    return {
      ok: false,
      code: 'query_too_long',
      message: bilingual('search.error.query_too_long', { max: MAX_QUERY_LENGTH }),
    };
  }
  // The cost cap: a query's work grows with its words (each expanded by synonyms and pinyin).
  if (q.split(/[\s\u3000]+/).length > MAX_QUERY_TERMS) {
    return {
      ok: false,
      code: 'query_too_complex',
      message: bilingual('search.error.query_too_complex', { max: MAX_QUERY_TERMS }),
    };
  }
  const result = searchParamsSchema.safeParse({ ...raw, q });
  return result.success ? { ok: true, value: result.data } : { ok: false, code: 'invalid_input', error: result.error };
}
