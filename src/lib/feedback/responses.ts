/** Shared pieces of the public feedback API routes. */
import { apiError } from '../api/http';
import { bilingual } from '../i18n/dict';

/** The caller's address for rate limiting ("unknown" when the adapter cannot tell). */
export function addressOf(ctx: { clientAddress: string }): string {
  try {
    return ctx.clientAddress || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** 404 for an unknown ticket and for a wrong code alike. */
export const notFound = () => apiError(404, 'not_found', bilingual('api.feedback.not_found'));

/** 429 after repeated wrong codes; the same whether the ticket exists or not. */
export const locked = (retryAfterSec: number) =>
  apiError(429, 'too_many_attempts', bilingual('api.feedback.too_many_attempts'), undefined, {
    'Retry-After': String(retryAfterSec),
  });
