/**
 * Rate limits and lockouts, in memory: every limit of the server (sign-in failures, feedback
 * submissions, ticket lookups, quiz join codes, searches) is one of these classes. State lives
 * in the server process (one process owns a data directory; a restart forgets it), each map
 * is bounded so a flood of distinct keys cannot grow memory, and `now` is passed in so the
 * rules can be tested.
 */

/** Most keys a limiter remembers; the oldest are forgotten first (bounded memory under attack). */
export const MAX_KEYS = 100_000;

/** Allowed, or refused with how long to wait (`retryAfterSec` is at least 1, for a `Retry-After` header). */
export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number; retryAfterSec: number };

const OK: LimitResult = { ok: true };

function refused(waitMs: number): LimitResult {
  return { ok: false, retryAfterMs: waitMs, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
}

function trim(map: Map<string, unknown>, maxKeys: number) {
  while (map.size > maxKeys) map.delete(map.keys().next().value as string);
}

const asList = (keys: string | readonly string[]) => (typeof keys === 'string' ? [keys] : keys);

/** Sliding window: at most `max` events per key in any `windowMs`; `max` 0 turns the limit off. */
export class RateLimiter {
  #hits = new Map<string, number[]>();
  constructor(
    readonly max: number,
    readonly windowMs = 60_000,
    readonly maxKeys = MAX_KEYS,
  ) {}

  /** Whether one more event would be allowed for every key, without counting it. */
  check(keys: string | readonly string[], now = Date.now()): LimitResult {
    if (this.max <= 0) return OK;
    let wait = 0;
    for (const key of asList(keys)) {
      const list = this.#recent(key, now);
      if (list.length >= this.max) wait = Math.max(wait, list[list.length - this.max] + this.windowMs - now);
    }
    return wait > 0 ? refused(wait) : OK;
  }

  /** Counts one event for every key; refused (and counted against none) when any key is at its limit. */
  hit(keys: string | readonly string[], now = Date.now()): LimitResult {
    const result = this.check(keys, now);
    if (result.ok) this.record(keys, now);
    return result;
  }

  /** Counts one event for every key whatever the limit says (e.g. a failed sign-in). */
  record(keys: string | readonly string[], now = Date.now()): void {
    if (this.max <= 0) return;
    for (const key of asList(keys)) {
      const list = this.#recent(key, now);
      list.push(now);
      // Re-inserted so the map's order is least recently used first, for trim().
      this.#hits.delete(key);
      this.#hits.set(key, list);
    }
    trim(this.#hits, this.maxKeys);
  }

  /** Forgets a key (e.g. after a successful sign-in). */
  reset(key: string): void {
    this.#hits.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const list = this.#hits.get(key);
    if (!list) return [];
    const kept = list.filter((t) => now - t < this.windowMs);
    if (kept.length !== list.length) {
      if (kept.length) this.#hits.set(key, kept);
      else this.#hits.delete(key);
    }
    return kept;
  }
}

/**
 * Locks a key for `lockMs` after `maxFailures` failures within `windowMs` (`maxFailures` 0 = off).
 * Used for wrong verification codes and wrong quiz join codes.
 */
export class FailureLock {
  #failures: RateLimiter;
  #lockedUntil = new Map<string, number>();
  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
    readonly lockMs: number,
    readonly maxKeys = MAX_KEYS,
  ) {
    this.#failures = new RateLimiter(maxFailures, windowMs, maxKeys);
  }

  /** Whether every key is unlocked now (the longest wait when not). */
  check(keys: string | readonly string[], now = Date.now()): LimitResult {
    let wait = 0;
    for (const key of asList(keys)) {
      const until = this.#lockedUntil.get(key);
      if (until === undefined) continue;
      if (now >= until) this.#lockedUntil.delete(key);
      else wait = Math.max(wait, until - now);
    }
    return wait > 0 ? refused(wait) : OK;
  }

  /** Records a failure for every key; returns the lock when this failure locks one of them. */
  fail(keys: string | readonly string[], now = Date.now()): LimitResult {
    if (this.maxFailures <= 0) return OK;
    let locked = false;
    for (const key of asList(keys)) {
      this.#failures.record(key, now);
      if (!this.#failures.check(key, now).ok) {
        this.#failures.reset(key);
        this.#lockedUntil.set(key, now + this.lockMs);
        locked = true;
      }
    }
    trim(this.#lockedUntil, this.maxKeys);
    return locked ? refused(this.lockMs) : OK;
  }

  /** Forgets the failures of a key (after a correct code). */
  succeed(key: string): void {
    this.#failures.reset(key);
  }
}

// The in-flight limiter is plain JavaScript so that the launcher (src/serve.mjs) can use it too.
export { ConcurrencyLimiter } from './concurrency.js';

/**
 * Runs CPU-bound tasks (a search) one at a time, each in its own turn of the event loop, so
 * requests that arrive meanwhile (health, feedback, staff pages) are served between two tasks
 * instead of after all of them. After a task that took `d` ms the next waits `d × (1 − share) /
 * share` ms, so the tasks never take more than `busyShare` of the process's time: the rest is
 * left for requests whose answer needs several turns (file I/O, a page). At most `maxWaiting`
 * tasks wait; `run` refuses more (answer 429).
 */
export class TurnQueue {
  #queue: (() => void)[] = [];
  #scheduled = false;
  constructor(
    readonly maxWaiting: number,
    readonly busyShare = 1,
  ) {}

  /** Tasks waiting for their turn. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** The task's result in a later turn, or undefined when the queue is full. */
  run<T>(task: () => T): Promise<T> | undefined {
    if (this.#queue.length >= this.maxWaiting) return undefined;
    return new Promise<T>((resolve, reject) => {
      this.#queue.push(() => {
        try {
          resolve(task());
        } catch (error) {
          reject(error);
        }
      });
      if (!this.#scheduled) this.#schedule(0);
    });
  }

  #schedule(restMs: number) {
    this.#scheduled = true;
    const next = () => {
      this.#scheduled = false;
      const task = this.#queue.shift();
      if (!task) return;
      const t0 = performance.now();
      task();
      const took = performance.now() - t0;
      if (this.#queue.length) this.#schedule((took * (1 - this.busyShare)) / this.busyShare);
    };
    // setImmediate runs after the poll phase, where waiting sockets are read: one task per turn.
    if (restMs < 1) setImmediate(next);
    else setTimeout(next, restMs);
  }
}

/**
 * Named limits and lockouts whose size is given per call (the store port's LimitStore, in memory):
 * one process per data directory, so this process's maps are the whole truth. Same rules as
 * RateLimiter and FailureLock; every map is bounded by `maxKeys`.
 */
export class KeyedLimits {
  #hits = new Map<string, number[]>();
  #failures = new Map<string, number[]>();
  #lockedUntil = new Map<string, number>();
  /** The longest window a limit was asked with, so `record` can forget hits no check needs. */
  #windows = new Map<string, number>();
  constructor(readonly maxKeys = MAX_KEYS) {}

  /** Whether `key` is under `max` hits in the last `windowMs` (`max` 0 = off); nothing is recorded. */
  check(name: string, key: string, max: number, windowMs: number, now: number): LimitResult {
    if (max <= 0) return OK;
    if (windowMs > (this.#windows.get(name) ?? 0)) this.#windows.set(name, windowMs);
    const list = this.#recent(this.#hits, `${name}\u0000${key}`, windowMs, now);
    return list.length >= max ? refused(list[list.length - max] + windowMs - now) : OK;
  }

  /** Records a hit when under the limit. */
  hit(name: string, key: string, max: number, windowMs: number, now: number): LimitResult {
    const result = this.check(name, key, max, windowMs, now);
    if (result.ok && max > 0) this.record(name, key, now);
    return result;
  }

  /** Records a hit whatever the count. */
  record(name: string, key: string, now: number): void {
    const k = `${name}\u0000${key}`;
    const window = this.#windows.get(name);
    const list = window === undefined ? (this.#hits.get(k) ?? []) : this.#recent(this.#hits, k, window, now);
    list.push(now);
    this.#touch(this.#hits, k, list);
  }

  /** Forgets every hit of a key. */
  reset(name: string, key: string): void {
    this.#hits.delete(`${name}\u0000${key}`);
  }

  /** Whether `key` of lockout `name` is unlocked now. */
  lockCheck(name: string, key: string, now: number): LimitResult {
    const k = `${name}\u0000${key}`;
    const until = this.#lockedUntil.get(k);
    if (until === undefined) return OK;
    if (now >= until) {
      this.#lockedUntil.delete(k);
      return OK;
    }
    return refused(until - now);
  }

  /** Records a failure; the `max`-th within `windowMs` locks the key for `lockMs` and forgets its failures. */
  fail(name: string, key: string, max: number, windowMs: number, lockMs: number, now: number): LimitResult {
    if (max <= 0) return OK;
    const k = `${name}\u0000${key}`;
    const list = this.#recent(this.#failures, k, windowMs, now);
    list.push(now);
    if (list.length >= max) {
      this.#failures.delete(k);
      this.#lockedUntil.set(k, now + lockMs);
      trim(this.#lockedUntil, this.maxKeys);
      return refused(lockMs);
    }
    this.#touch(this.#failures, k, list);
    return OK;
  }

  /** Forgets the failures of a key; a running lock stays. */
  succeed(name: string, key: string): void {
    this.#failures.delete(`${name}\u0000${key}`);
  }

  #recent(map: Map<string, number[]>, key: string, windowMs: number, now: number): number[] {
    const list = map.get(key);
    if (!list) return [];
    const kept = list.filter((t) => now - t < windowMs);
    if (kept.length !== list.length) {
      if (kept.length) map.set(key, kept);
      else map.delete(key);
    }
    return kept;
  }

  /** Stores a key's list as the most recently used (trim() forgets the least recently used first). */
  #touch(map: Map<string, number[]>, key: string, list: number[]) {
    // A key only ever recorded (never checked) keeps its newest hits, bounded.
    if (list.length > 10_000) list.splice(0, list.length - 10_000);
    map.delete(key);
    map.set(key, list);
    trim(map, this.maxKeys);
  }
}
