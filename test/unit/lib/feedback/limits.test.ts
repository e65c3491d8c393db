import { describe, expect, it } from 'vitest';
import { envInt, FailureLock, RateLimiter } from '../../../../src/lib/feedback/limits';

describe('RateLimiter', () => {
  it('allows max per window per key, then tells how long to wait', () => {
    const r = new RateLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) expect(r.hit(['kiosk:A'], 1000 + i)).toEqual({ ok: true });
    expect(r.hit(['kiosk:A'], 2000)).toEqual({ ok: false, retryAfterSec: 59 });
    expect(r.hit(['kiosk:B'], 2000)).toEqual({ ok: true });
    expect(r.hit(['kiosk:A'], 61_000)).toEqual({ ok: true });
  });

  it('refuses when any of the keys is full, and counts a refused request against none', () => {
    const r = new RateLimiter(2, 60_000);
    r.hit(['addr:1', 'kiosk:A'], 0);
    r.hit(['addr:1', 'kiosk:B'], 0);
    expect(r.hit(['addr:1', 'kiosk:C'], 1).ok).toBe(false);
    expect(r.hit(['addr:2', 'kiosk:C'], 1).ok).toBe(true);
    expect(r.hit(['addr:3', 'kiosk:C'], 2).ok).toBe(true);
  });

  it('is off with max 0', () => {
    const r = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(r.hit(['x'], 0).ok).toBe(true);
  });
});

describe('FailureLock', () => {
  it('locks after max failures within the window, for lockMs, then forgets', () => {
    const l = new FailureLock(5, 15 * 60_000, 15 * 60_000);
    for (let i = 0; i < 4; i++) expect(l.fail('no:X', i * 1000).ok).toBe(true);
    expect(l.check('no:X', 5000).ok).toBe(true);
    expect(l.fail('no:X', 5000)).toEqual({ ok: false, retryAfterSec: 900 });
    expect(l.check('no:X', 6000)).toEqual({ ok: false, retryAfterSec: 899 });
    expect(l.check('no:Y', 6000).ok).toBe(true);
    expect(l.check('no:X', 5000 + 15 * 60_000).ok).toBe(true);
  });

  it('does not count failures older than the window', () => {
    const l = new FailureLock(3, 1000, 5000);
    l.fail('k', 0);
    l.fail('k', 500);
    expect(l.fail('k', 1600).ok).toBe(true);
  });

  it('forgets failures after a success', () => {
    const l = new FailureLock(2, 60_000, 60_000);
    l.fail('k', 0);
    l.succeed('k');
    expect(l.fail('k', 1).ok).toBe(true);
  });
});

describe('envInt', () => {
  it.each([
    [undefined, 7, 7],
    ['', 7, 7],
    ['0', 7, 0],
    ['120', 7, 120],
    ['-1', 7, 7],
    ['abc', 7, 7],
    ['1.5', 7, 7],
  ])('envInt(%j, %i) = %i', (v, d, out) => expect(envInt(v, d)).toBe(out));
});
