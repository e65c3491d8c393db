/**
 * The outbox's pure rules, shipped to the browser: kept apart from kiosk.ts (which validates with
 * zod) so the script on every kiosk page stays small.
 */

/** Longest wait between two outbox retries. */
export const OUTBOX_MAX_DELAY_MS = 60_000;

/** Wait before retry number `attempt` (1, 2, …): 2 s doubling up to a minute, with ±20 % jitter from `random`. */
export function retryDelay(attempt: number, random = 0.5): number {
  const base = Math.min(OUTBOX_MAX_DELAY_MS, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(OUTBOX_MAX_DELAY_MS, base * (0.8 + 0.4 * random)));
}

/** Letters a shopper can read back without confusion (no 0/O, 1/I/L). */
const REF_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A 6-character local reference from random numbers in [0, 1), shown large for the shopper to photograph. */
export function makeLocalRef(random: () => number): string {
  let ref = '';
  for (let i = 0; i < 6; i++) ref += REF_ALPHABET[Math.floor(random() * REF_ALPHABET.length)];
  return ref;
}

/** A local reference as the kiosk shows it (six characters of REF_ALPHABET). */
export const LOCAL_REF_PATTERN = /^[2-9A-HJKMNP-Z]{6}$/;

/**
 * The local reference a shopper was shown, as staff type it (spaces and dashes dropped, upper
 * case); undefined when it cannot be one.
 */
export function normaliseLocalRef(input: string): string | undefined {
  const ref = input.replace(/[\s-]/g, '').toUpperCase();
  return LOCAL_REF_PATTERN.test(ref) ? ref : undefined;
}

/** The local reference inside a ticket's idempotency key, when the kiosk's outbox made the key. */
export function localRefOfKey(key: string | undefined): string | undefined {
  const m = key ? /^R([2-9A-HJKMNP-Z]{6})-/.exec(key) : null;
  return m ? m[1] : undefined;
}

/** The idempotency key of a queued submission: it starts with the local reference, so the desk can match them. */
export const outboxKey = (ref: string, unique: string) => `R${ref}-${unique}`.slice(0, 100);
