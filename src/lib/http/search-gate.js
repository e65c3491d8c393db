// @ts-check
/**
 * The launcher's gate in front of `/api/search` (src/serve.mjs), where refusing costs next to
 * nothing. Under a flood the refusals themselves must not eat the CPU that health checks, kiosks
 * and staff pages need, so:
 *
 * - at most `perAddress` searches in flight per address and `total` in all (ConcurrencyLimiter);
 * - after the search endpoint answers an address `429` (its rate limit), that address is refused
 *   here for `holdMs`, so a client at its limit costs one request to Astro per `holdMs`;
 * - a refusal is answered after `holdMs` (with `Retry-After: 1`), not at once: a client sending in
 *   a closed loop then makes one request per connection per `holdMs` instead of thousands a second.
 *   At most `maxHeld` refusals wait at a time; beyond that they are answered at once.
 */
import { ConcurrencyLimiter } from '../limits/concurrency.js';
import { clientAddress } from './log.js';

const BUSY = JSON.stringify({
  error: { code: 'rate_limited', message: '搜索太频繁，请稍后再试 / Too many searches, try again shortly' },
});

/**
 * @param {{ perAddress: number, total?: number, holdMs?: number, maxHeld?: number }} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean}
 *   true when the request was refused here (the gate answers it), false to let it through.
 */
export function createSearchGate({ perAddress, total = 32, holdMs = 1000, maxHeld = 2000 }) {
  const inFlight = new ConcurrencyLimiter(Math.max(1, perAddress), total);
  /** @type {Map<string, number>} address → until when it is refused */
  const blocked = new Map();
  let held = 0;

  /** @param {import('node:http').ServerResponse} res */
  const refuse = (res) => {
    const answer = () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(429, {
        'Content-Type': 'application/json; charset=utf-8',
        'Retry-After': '1',
        'Cache-Control': 'no-store',
      });
      res.end(BUSY);
    };
    if (held >= maxHeld || holdMs <= 0) return answer();
    held++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      held--;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      finish();
      answer();
    }, holdMs);
    res.once('close', finish);
  };

  return (req, res) => {
    if (!req.url?.startsWith('/api/search')) return false;
    const address = clientAddress(req);
    const now = Date.now();
    const until = blocked.get(address);
    if (until !== undefined && until > now) {
      refuse(res);
      return true;
    }
    if (until !== undefined) blocked.delete(address);
    const release = inFlight.acquire(address);
    if (!release) {
      refuse(res);
      return true;
    }
    res.once('close', release);
    res.once('finish', () => {
      if (res.statusCode !== 429) return;
      blocked.set(address, Date.now() + holdMs);
      // Bounded: the oldest entries go first (they have expired by then in any real flood).
      if (blocked.size > 100_000) blocked.delete(/** @type {string} */ (blocked.keys().next().value));
    });
    return false;
  };
}
