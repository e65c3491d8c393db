import type { APIRoute } from 'astro';
import { bilingual } from '../../lib/i18n/dict';
import { apiError, invalidInput, json } from '../../lib/api/http';
import { config } from '../../lib/config/env';
import { clientKeyOf } from '../../lib/kiosk/kiosk.server';
import { ConcurrencyLimiter, RateLimiter, TurnQueue } from '../../lib/limits/rate-limit';
import { parseSearchRequest } from '../../lib/search/request';
import { canReadPolicy } from '../../lib/policies/access';
import { getSearcher } from '../../lib/search/search.server';

/** Searches waiting at once, from everyone; beyond it a search is refused at once (cheap). */
const MAX_WAITING = 64;
/**
 * Fair search: per enrolled kiosk or address, a rate and a number in flight; and the searches run
 * one per turn of the event loop, so a flood of them never starves health checks, feedback or pages.
 */
const limits = {
  rate: new RateLimiter(config().SEARCH_RATE_LIMIT),
  inFlight: new ConcurrencyLimiter(Math.max(1, config().SEARCH_CONCURRENCY), MAX_WAITING),
  // Searches take at most half the process's time, whatever the demand (the cost budget).
  queue: new TurnQueue(MAX_WAITING, 0.5),
};

const busy = (retryAfterSec: number) =>
  apiError(429, 'rate_limited', bilingual('api.search.rate_limited'), undefined, {
    'Retry-After': String(retryAfterSec),
  });

/** `GET /api/search?q=&limit=&audience=&section=`: clauses of the policy library, best first. */
export const GET = (async (ctx) => {
  const request = parseSearchRequest(ctx.url.searchParams);
  if (!request.ok) {
    if (request.code === 'invalid_input') return invalidInput(request.error);
    return apiError(400, request.code, request.message);
  }
  const key = await clientKeyOf(ctx);
  const rate = limits.rate.hit(key);
  if (!rate.ok) return busy(rate.retryAfterSec);
  const release = limits.inFlight.acquire(key);
  if (!release) return busy(1);
  try {
    const { q, ...options } = request.value;
    // Staff-only pages closed to this caller (POLICIES_PUBLIC): only clauses written for shoppers are found.
    if (!canReadPolicy(['staff'], !!ctx.locals.user, config().POLICIES_PUBLIC)) options.audience = 'shopper';
    const searcher = await getSearcher();
    const result = limits.queue.run(() => searcher.search(q, options));
    if (!result) return busy(1);
    return json(await result);
  } finally {
    release();
  }
}) satisfies APIRoute;
