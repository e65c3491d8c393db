/**
 * An action handler whose store write fails answers like the API does: 503 with the
 * "cannot save right now" message (the page shows it over the form, whose fields are kept),
 * instead of Astro's generic 500. Other errors pass through.
 */
import { ActionError } from 'astro:actions';
import { isStoreUnavailable, logError, STORE_UNAVAILABLE } from '../lib/api/errors';

export function storeSafe<I, C extends { url: URL }, O>(handler: (input: I, context: C) => Promise<O>) {
  return async (input: I, context: C): Promise<O> => {
    try {
      return await handler(input, context);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      logError(error, context.url.pathname);
      throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: STORE_UNAVAILABLE.zh });
    }
  };
}
