/** Shared pieces of the public feedback API routes. */
import { apiError } from '../api/http';

/** The caller's address for rate limiting ("unknown" when the adapter cannot tell). */
export function addressOf(ctx: { clientAddress: string }): string {
  try {
    return ctx.clientAddress || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** 404 for an unknown ticket and for a wrong code alike. */
export const notFound = () =>
  apiError(404, 'not_found', { zh: '没有找到：请检查单号和验证码', en: 'Not found: check the ticket number and code' });

/** 429 after repeated wrong codes; the same whether the ticket exists or not. */
export const locked = (retryAfterSec: number) =>
  apiError(
    429,
    'too_many_attempts',
    { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts, try again later' },
    undefined,
    {
      'Retry-After': String(retryAfterSec),
    },
  );
