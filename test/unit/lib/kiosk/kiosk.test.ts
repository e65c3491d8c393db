import { describe, expect, it } from 'vitest';
import {
  applyHeartbeat,
  formatAge,
  hasPrinter,
  isPhoneVisit,
  kioskHealth,
  formatKioskCredential,
  parseKioskCredential,
  parseKioskId,
  STALE_AFTER_MS,
} from '../../../../src/lib/kiosk/kiosk';
import { makeLocalRef, OUTBOX_MAX_DELAY_MS, outboxKey, retryDelay } from '../../../../src/lib/kiosk/outbox-rules';
import { heartbeatSchema } from '../../../../src/lib/kiosk/schema';

describe('parseKioskId (of a credential cookie)', () => {
  const secret = 'A'.repeat(43);
  it.each([
    [`K-1F-01.${secret}`, 'K-1F-01'],
    [`K_2.${secret}`, 'K_2'],
    // A bare id is what anyone could type: since enrolment it names no kiosk.
    ['K-1F-01', undefined],
    ['', undefined],
    [undefined, undefined],
    [`K 1.${secret}`, undefined],
    [`${'x'.repeat(41)}.${secret}`, undefined],
    [`K-1F-01;evil.${secret}`, undefined],
    [`K-1F-01.${secret}x`, undefined],
    [`K-1F-01.${secret.slice(1)}`, undefined],
  ])('%j → %j', (value, expected) => expect(parseKioskId(value)).toBe(expected));

  it('reads back what formatKioskCredential writes', () => {
    expect(parseKioskCredential(formatKioskCredential('K-B1-02', secret))).toEqual({ id: 'K-B1-02', secret });
  });
});

describe('hasPrinter', () => {
  it.each([
    [undefined, false, false],
    [undefined, true, true],
    ['1', false, true],
    ['0', true, false],
    ['yes', true, true],
  ])('cookie %j, mall default %j → %j', (cookie, mall, expected) => expect(hasPrinter(cookie, mall)).toBe(expected));
});

describe('retryDelay', () => {
  it.each([
    [1, 0.5, 2000],
    [2, 0.5, 4000],
    [3, 0.5, 8000],
    [6, 0.5, OUTBOX_MAX_DELAY_MS],
    [50, 0.5, OUTBOX_MAX_DELAY_MS],
    [1, 0, 1600],
    [1, 1, 2400],
    [20, 1, OUTBOX_MAX_DELAY_MS],
  ])('attempt %i with random %f waits %i ms', (attempt, random, ms) => expect(retryDelay(attempt, random)).toBe(ms));
});

describe('local reference', () => {
  it('is 6 unambiguous characters and starts the idempotency key', () => {
    let i = 0;
    const ref = makeLocalRef(() => (i++ * 0.17) % 1);
    expect(ref).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    const key = outboxKey(ref, 'f3a1c2d4-0000-4000-8000-000000000000');
    expect(key.startsWith(`R${ref}-`)).toBe(true);
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });
});

describe('heartbeats and health', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('records the oldest pending time only when something is pending', () => {
    expect(applyHeartbeat('K1', { pending: 2, failed: 0, oldestPendingSec: 90, version: '1' }, now)).toEqual({
      id: 'K1',
      lastSeen: '2026-03-01T10:00:00.000Z',
      pending: 2,
      failed: 0,
      oldestPendingAt: '2026-03-01T09:58:30.000Z',
      version: '1',
    });
    expect(
      applyHeartbeat('K1', { pending: 0, failed: 1, oldestPendingSec: 90, version: '' }, now).oldestPendingAt,
    ).toBeUndefined();
  });

  it.each([
    [{}, true],
    [{ pending: -1 }, false],
    [{ pending: 1, extra: 1 }, false],
    [{ pending: 1.5 }, false],
    [{ pending: 0, version: 'x'.repeat(41) }, false],
  ])('heartbeat %j valid: %j', (beat, ok) =>
    expect(heartbeatSchema.safeParse({ pending: 0, ...beat }).success).toBe(ok),
  );

  it('flags stale kiosks and lists them first, then the most pending', () => {
    const at = (ms: number) => new Date(now - ms).toISOString();
    const rows = kioskHealth(
      [
        { id: 'A', lastSeen: at(1000), pending: 0, failed: 0, version: '' },
        { id: 'B', lastSeen: at(STALE_AFTER_MS + 1), pending: 0, failed: 0, version: '' },
        { id: 'C', lastSeen: at(5000), pending: 3, failed: 0, oldestPendingAt: at(120_000), version: '' },
        { id: 'D', lastSeen: at(STALE_AFTER_MS), pending: 0, failed: 0, version: '' },
      ],
      now,
    );
    expect(rows.map((r) => [r.id, r.stale])).toEqual([
      ['B', true],
      ['C', false],
      ['A', false],
      ['D', false],
    ]);
    expect(rows[1].oldestPendingMs).toBe(120_000);
  });

  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [3_600_000 + 5 * 60_000, '1 h 5 min'],
    [3 * 86_400_000, '3 d'],
  ])('formatAge(%i) = %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});

describe('isPhoneVisit (the status page behind the receipt QR code)', () => {
  const iphone =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
  const android =
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
  const tablet =
    'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  const kiosk = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
  it.each([
    [{ via: 'qr', enrolled: false, userAgent: kiosk }, true],
    [{ via: null, enrolled: false, userAgent: iphone }, true],
    [{ via: null, enrolled: false, userAgent: android }, true],
    [{ via: null, enrolled: false, userAgent: kiosk, mobileHint: '?1' }, true],
    [{ via: null, enrolled: false, userAgent: kiosk, mobileHint: '?0' }, false],
    [{ via: null, enrolled: false, userAgent: kiosk }, false],
    [{ via: null, enrolled: false, userAgent: tablet }, false],
    [{ via: 'kiosk', enrolled: false, userAgent: kiosk }, false],
    [{ via: null, enrolled: false, userAgent: null }, false],
    // An enrolled kiosk keeps its kiosk page (and idle reset), whatever the link or browser says.
    [{ via: 'qr', enrolled: true, userAgent: iphone, mobileHint: '?1' }, false],
  ])('%j → %j', (visit, expected) => expect(isPhoneVisit(visit)).toBe(expected));
});
