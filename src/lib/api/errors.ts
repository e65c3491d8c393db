/**
 * What a client gets when a handler throws: the API envelope (or a short bilingual page), a
 * 503 when the store could not write, else 500. The error itself goes to the log only.
 */
import { StoreUnavailableError } from '../store/errors';
import { bilingual } from '../i18n/dict';
import { apiError, type Bilingual } from './http';
import { errorFields } from '../http/log.js';

export const STORE_UNAVAILABLE: Bilingual = bilingual('api.error.store_unavailable');
const INTERNAL: Bilingual = bilingual('api.error.internal_error');

/** True when the error (or one of its causes) is a failed store write. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
  }
  return false;
}

/** Logs a thrown error as one JSON line, stack inside (no request body, no query string); returns its status. */
export function logError(error: unknown, pathname: string): 503 | 500 {
  const unavailable = isStoreUnavailable(error);
  const status = unavailable ? 503 : 500;
  console.error(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      event: unavailable ? 'store.unavailable' : 'request.error',
      route: pathname,
      status,
      ...errorFields(error),
    }),
  );
  return status;
}

/** The response for a thrown error, logged as one JSON line. */
export function errorResponse(error: unknown, pathname: string): Response {
  const status = logError(error, pathname);
  const unavailable = status === 503;
  const message = unavailable ? STORE_UNAVAILABLE : INTERNAL;
  const headers = unavailable ? { 'Retry-After': '30' } : undefined;
  if (pathname.startsWith('/api/') || pathname.startsWith('/_actions/')) {
    return apiError(status, unavailable ? 'store_unavailable' : 'internal_error', message, undefined, headers);
  }
  return new Response(`${message.zh}\n${message.en}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}
