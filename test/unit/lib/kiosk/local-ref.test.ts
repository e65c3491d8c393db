import { describe, expect, it } from 'vitest';
import { localRefOfKey, makeLocalRef, normaliseLocalRef, outboxKey } from '../../../../src/lib/kiosk/outbox-rules';

describe('the local reference a kiosk shows while a submission waits in its outbox', () => {
  it('is read back from the outbox key, and from nothing else', () => {
    const ref = makeLocalRef(() => 0.5);
    expect(localRefOfKey(outboxKey(ref, 'abc'))).toBe(ref);
    expect(localRefOfKey('R7KQ2MX-1')).toBe('7KQ2MX');
    expect(localRefOfKey('R7KQ2MX')).toBeUndefined();
    expect(localRefOfKey('X7KQ2MX-1')).toBeUndefined();
    expect(localRefOfKey('R7KQ2M-1')).toBeUndefined();
    expect(localRefOfKey('R7KQ2MO-1')).toBeUndefined();
    expect(localRefOfKey(undefined)).toBeUndefined();
    expect(localRefOfKey('')).toBeUndefined();
  });

  it('every reference a kiosk can draw is one staff can type back', () => {
    for (let i = 0; i < 200; i++) {
      const ref = makeLocalRef(Math.random);
      expect(normaliseLocalRef(ref.toLowerCase())).toBe(ref);
    }
  });

  it.each([
    ['7kq2mx', '7KQ2MX'],
    [' 7KQ 2MX ', '7KQ2MX'],
    ['7KQ-2MX', '7KQ2MX'],
  ])('takes %j as typed at the desk', (typed, ref) => {
    expect(normaliseLocalRef(typed)).toBe(ref);
  });

  it.each(['', '7KQ2M', '7KQ2MXX', '0KQ2MX', '1KQ2MX', 'IKQ2MX', 'LKQ2MX', 'OKQ2MX', '7KQ2M!', 'FK2026'])(
    'refuses %j',
    (typed) => {
      expect(normaliseLocalRef(typed)).toBeUndefined();
    },
  );
});
