import { describe, expect, it } from 'vitest';
import { idlePhase } from '../../../../src/lib/kiosk/idle';
import { safeKioskPath } from '../../../../src/lib/kiosk/tiles';

const config = { idleMs: 60_000, countdownMs: 20_000, finishedMs: 30_000 };

describe('idlePhase', () => {
  it.each([
    [0, false, { phase: 'active' }],
    [59_999, false, { phase: 'active' }],
    [60_000, false, { phase: 'warning', secondsLeft: 20 }],
    [60_001, false, { phase: 'warning', secondsLeft: 20 }],
    [69_000, false, { phase: 'warning', secondsLeft: 11 }],
    [79_999, false, { phase: 'warning', secondsLeft: 1 }],
    [80_000, false, { phase: 'reset' }],
    [29_999, true, { phase: 'active' }],
    [30_000, true, { phase: 'reset' }],
  ])('%i ms idle, finished %s → %j', (ms, finished, expected) => {
    expect(idlePhase(ms, config, finished)).toEqual(expected);
  });
});

describe('safeKioskPath', () => {
  it.each([
    ['/kiosk/guide', '/kiosk/guide'],
    ['/kiosk/guide?x=1', '/kiosk/guide?x=1'],
    ['/policies', '/kiosk'],
    ['https://evil.example/kiosk', '/kiosk'],
    ['//evil.example', '/kiosk'],
    ['/kiosk\\..\\admin', '/kiosk'],
    [null, '/kiosk'],
  ])('%s → %s', (input, expected) => expect(safeKioskPath(input)).toBe(expected));
});
