import type { APIRoute } from 'astro';
import { gzipSync } from 'node:zlib';
import { apiError } from '../../../lib/api/http';
import { bilingual } from '../../../lib/i18n/dict';
import { readSearchAsset } from '../../../lib/search/search.server';

let gzipped: Buffer | undefined;

/**
 * `GET /api/staff/search-index.json`: the whole search index (staff-only clauses included) for
 * signed-in staff, when POLICIES_PUBLIC closes those pages and so the static asset is not served.
 */
export const GET = (async ({ locals, request }) => {
  if (!locals.user) return apiError(401, 'unauthenticated', bilingual('auth.error.signIn'));
  const text = await readSearchAsset();
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, max-age=3600' };
  if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return new Response(text, { headers });
  gzipped ??= gzipSync(text);
  return new Response(new Uint8Array(gzipped), {
    headers: { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' },
  });
}) satisfies APIRoute;
