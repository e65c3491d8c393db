/**
 * In-memory sliding-window limiter: at most `limit` hits per key within `windowMs`, then
 * blocked until the oldest hit leaves the window. Per process, which is the unit here (one
 * server owns a data directory).
 */
export class RateLimiter {
  #hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again (0 = allowed now), without recording a hit. */
  retryAfter(key: string, now = Date.now()): number {
    const hits = this.#prune(key, now);
    return hits.length < this.limit ? 0 : hits[0] + this.windowMs - now;
  }

  /** Records a hit for `key`. */
  hit(key: string, now = Date.now()): void {
    const hits = this.#prune(key, now);
    hits.push(now);
    this.#hits.set(key, hits);
    if (this.#hits.size > 50_000) this.#sweep(now);
  }

  /** Forgets `key` (e.g. after a successful sign-in). */
  reset(key: string): void {
    this.#hits.delete(key);
  }

  #prune(key: string, now: number): number[] {
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (hits.length) this.#hits.set(key, hits);
    else this.#hits.delete(key);
    return hits;
  }

  #sweep(now: number) {
    for (const key of [...this.#hits.keys()]) this.#prune(key, now);
  }
}
