import type { APIRoute } from 'astro';
import { apiError, invalidInput, json } from '../../lib/api/http';
import { parseSearchRequest } from '../../lib/search/request';
import { getSearcher } from '../../lib/search/search.server';

/** `GET /api/search?q=&limit=&audience=&section=`: clauses of the policy library, best first. */
export const GET = (async ({ url }) => {
  const request = parseSearchRequest(url.searchParams);
  if (!request.ok) {
    if (request.code === 'invalid_input') return invalidInput(request.error);
    return apiError(400, request.code, request.message);
  }
  const { q, ...options } = request.value;
  const searcher = await getSearcher();
  return json(searcher.search(q, options));
}) satisfies APIRoute;
