// @ts-check
/**
 * At most `perKey` requests in flight per key and `total` in all: a slot is taken before the
 * work and given back after it, so one client cannot fill the server's queue. Plain JavaScript
 * (checked by TypeScript): the launcher (src/serve.mjs) gates searches with it before Astro, where
 * refusing costs almost nothing; src/lib/limits/rate-limit.ts re-exports it.
 */
export class ConcurrencyLimiter {
  /** @type {Map<string, number>} */
  #inFlight = new Map();
  #total = 0;

  /**
   * @param {number} perKey
   * @param {number} total
   */
  constructor(perKey, total) {
    this.perKey = perKey;
    this.total = total;
  }

  /**
   * A release function when a slot is free, else undefined (answer 429).
   * @param {string} key
   * @returns {(() => void) | undefined}
   */
  acquire(key) {
    const mine = this.#inFlight.get(key) ?? 0;
    if (mine >= this.perKey || this.#total >= this.total) return undefined;
    this.#inFlight.set(key, mine + 1);
    this.#total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      const left = (this.#inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(key, left);
      else this.#inFlight.delete(key);
    };
  }

  /**
   * Requests in flight now (for a key, or in all).
   * @param {string} [key]
   */
  inFlight(key) {
    return key === undefined ? this.#total : (this.#inFlight.get(key) ?? 0);
  }
}
