import { describe, expect, it } from 'vitest';
import {
  ConcurrencyLimiter,
  FailureLock,
  MAX_KEYS,
  RateLimiter,
  TurnQueue,
} from '../../../../src/lib/limits/rate-limit';

describe('RateLimiter', () => {
  it('allows max per window per key, then tells how long to wait', () => {
    const r = new RateLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) expect(r.hit(['kiosk:A'], 1000 + i)).toEqual({ ok: true });
    expect(r.hit(['kiosk:A'], 2000)).toEqual({ ok: false, retryAfterMs: 59_000, retryAfterSec: 59 });
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

  // Formerly src/lib/auth/rate-limit.ts (sign-in failures): check without counting, record, reset.
  it('blocks after the limit within the window and frees up as hits expire', () => {
    const limiter = new RateLimiter(3, 1000);
    for (const t of [0, 100, 200]) {
      expect(limiter.check('k', t)).toEqual({ ok: true });
      limiter.record('k', t);
    }
    expect(limiter.check('k', 300)).toMatchObject({ ok: false, retryAfterMs: 700 });
    expect(limiter.check('other', 300)).toEqual({ ok: true });
    expect(limiter.check('k', 999)).toMatchObject({ ok: false, retryAfterMs: 1 });
    expect(limiter.check('k', 1000)).toEqual({ ok: true });
    limiter.record('k', 1001);
    limiter.reset('k');
    expect(limiter.check('k', 1002)).toEqual({ ok: true });
  });

  it('record counts past the limit, so the wait is from the latest events', () => {
    const limiter = new RateLimiter(2, 1000);
    for (const t of [0, 10, 500]) limiter.record('k', t);
    expect(limiter.check('k', 600)).toMatchObject({ ok: false, retryAfterMs: 410 });
  });

  it('forgets the least recently used keys beyond its bound', () => {
    const limiter = new RateLimiter(1, 60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) limiter.record(key, 0);
    expect(limiter.check('a', 1).ok).toBe(true);
    expect(limiter.check('d', 1).ok).toBe(false);
    expect(MAX_KEYS).toBeGreaterThan(10_000);
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
    expect(l.fail('no:X', 5000)).toEqual({ ok: false, retryAfterMs: 900_000, retryAfterSec: 900 });
    expect(l.check('no:X', 6000)).toEqual({ ok: false, retryAfterMs: 899_000, retryAfterSec: 899 });
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

describe('FailureLock with several keys', () => {
  it('locks each key on its own count and reports the longest wait', () => {
    const l = new FailureLock(2, 60_000, 10_000);
    l.fail(['pair:A', 'addr:1'], 0);
    expect(l.fail(['pair:B', 'addr:1'], 1)).toMatchObject({ ok: false, retryAfterSec: 10 });
    expect(l.check(['pair:A'], 2).ok).toBe(true);
    expect(l.check(['pair:A', 'addr:1'], 2).ok).toBe(false);
    expect(l.check('addr:1', 10_001).ok).toBe(true);
  });
});

describe('ConcurrencyLimiter', () => {
  it('hands out at most perKey slots per key and total in all, and takes them back once', () => {
    const c = new ConcurrencyLimiter(2, 3);
    const a1 = c.acquire('a');
    const a2 = c.acquire('a');
    expect(a1 && a2).toBeTruthy();
    expect(c.acquire('a')).toBeUndefined();
    const b1 = c.acquire('b');
    expect(b1).toBeTruthy();
    expect(c.acquire('c')).toBeUndefined();
    a1!();
    a1!();
    expect(c.inFlight()).toBe(2);
    expect(c.inFlight('a')).toBe(1);
    expect(c.acquire('c')).toBeTruthy();
    expect(c.acquire('a')).toBeUndefined();
  });
});

describe('TurnQueue', () => {
  it('runs one task per turn of the event loop, so other callbacks run in between', async () => {
    const q = new TurnQueue(10);
    const order: string[] = [];
    const tasks = [1, 2, 3].map((n) => q.run(() => order.push(`task${n}`)));
    // Something that arrives while the tasks wait (like a health request's socket callback).
    setImmediate(() => order.push('other'));
    await Promise.all(tasks);
    expect(order.indexOf('other')).toBeGreaterThan(0);
    expect(order.indexOf('other')).toBeLessThan(3);
  });

  it('refuses beyond maxWaiting and passes a task’s error on', async () => {
    const q = new TurnQueue(2);
    const a = q.run(() => 1);
    const b = q.run(() => {
      throw new Error('boom');
    });
    expect(q.run(() => 3)).toBeUndefined();
    expect(await a).toBe(1);
    await expect(b).rejects.toThrow('boom');
    expect(q.waiting).toBe(0);
    expect(await q.run(() => 4)).toBe(4);
  });
});

describe('TurnQueue busy share', () => {
  it('rests after each task so that tasks take at most busyShare of the time', async () => {
    const q = new TurnQueue(10, 0.5);
    const spin = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => q.run(() => spin(20))));
    // 5 × 20 ms of work and 4 rests of ~20 ms.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(170);
  });
});
