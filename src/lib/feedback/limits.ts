/**
 * In-memory limits for the public feedback API: submissions per minute per kiosk or address,
 * and the lockout after repeated wrong verification codes. State lives in the server process
 * (a restart forgets it); `now` is passed in so the rules can be tested.
 */

/** Most keys a limiter remembers; the oldest are forgotten first (bounded memory under attack). */
const MAX_KEYS = 100_000;

export type LimitResult = { ok: true } | { ok: false; retryAfterSec: number };

/** At most `max` events per key in any `windowMs`; `max` 0 turns the limit off. */
export class RateLimiter {
  readonly max: number;
  readonly windowMs: number;
  #hits = new Map<string, number[]>();

  constructor(max: number, windowMs = 60_000) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /** Counts one event for every key; refused (and not counted) when any key is at its limit. */
  hit(keys: string[], now: number): LimitResult {
    if (this.max <= 0) return { ok: true };
    let wait = 0;
    const lists = keys.map((key) => {
      const list = (this.#hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
      if (list.length >= this.max) wait = Math.max(wait, list[0] + this.windowMs - now);
      return [key, list] as const;
    });
    for (const [key, list] of lists) {
      if (wait === 0) list.push(now);
      this.#hits.delete(key);
      if (list.length) this.#hits.set(key, list);
    }
    trim(this.#hits);
    return wait > 0 ? { ok: false, retryAfterSec: Math.max(1, Math.ceil(wait / 1000)) } : { ok: true };
  }
}

/**
 * Locks a key for `lockMs` after `maxFailures` failures within `windowMs`. Used for wrong
 * verification codes per ticket number (existing or not, so a lockout reveals nothing) and
 * per client address (so one client cannot try codes across many numbers).
 */
export class FailureLock {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
  #failures = new Map<string, number[]>();
  #lockedUntil = new Map<string, number>();

  constructor(maxFailures: number, windowMs: number, lockMs: number) {
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.lockMs = lockMs;
  }

  /** Whether the key is locked now. */
  check(key: string, now: number): LimitResult {
    const until = this.#lockedUntil.get(key);
    if (until === undefined) return { ok: true };
    if (now >= until) {
      this.#lockedUntil.delete(key);
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  /** Records a failure; returns the lock when this failure locks the key. */
  fail(key: string, now: number): LimitResult {
    if (this.maxFailures <= 0) return { ok: true };
    const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    list.push(now);
    this.#failures.delete(key);
    if (list.length >= this.maxFailures) {
      this.#lockedUntil.set(key, now + this.lockMs);
      trim(this.#lockedUntil);
      return { ok: false, retryAfterSec: Math.ceil(this.lockMs / 1000) };
    }
    this.#failures.set(key, list);
    trim(this.#failures);
    return { ok: true };
  }

  /** Forgets the failures of a key (after a correct code). */
  succeed(key: string): void {
    this.#failures.delete(key);
  }
}

function trim(map: Map<string, unknown>) {
  while (map.size > MAX_KEYS) map.delete(map.keys().next().value as string);
}

/** A positive integer from an environment variable, or the default. */
export function envInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}
