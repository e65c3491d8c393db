import { describe, expect, it } from 'vitest';
import { formatDurationMs } from '../../../../src/lib/time/duration';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatDurationMs, words (deadlines and lateness)', () => {
  it.each([
    [0, '0 分钟', '0 min'],
    [29_999, '0 分钟', '0 min'], // rounds to whole minutes
    [30_000, '1 分钟', '1 min'],
    [45 * MIN, '45 分钟', '45 min'],
    [59 * MIN + 29_999, '59 分钟', '59 min'],
    [59 * MIN + 30_000, '1 小时', '1 h'],
    [2 * HOUR, '2 小时', '2 h'],
    [2 * HOUR + 5 * MIN, '2 小时 5 分钟', '2 h 5 min'],
    [23 * HOUR + 59 * MIN, '23 小时 59 分钟', '23 h 59 min'],
    [DAY, '1 天', '1 d'],
    [DAY + 5 * MIN, '1 天', '1 d'], // minutes no longer matter beyond a day
    [26 * HOUR, '1 天 2 小时', '1 d 2 h'],
    [3 * DAY + 23 * HOUR + 59 * MIN, '3 天 23 小时', '3 d 23 h'],
    [-5, '0 分钟', '0 min'],
    [-3 * HOUR, '0 分钟', '0 min'],
  ])('%i ms = %s / %s', (ms, zh, en) => {
    expect(formatDurationMs(ms)).toBe(zh);
    expect(formatDurationMs(ms, { style: 'words' })).toBe(zh);
    expect(formatDurationMs(ms, { lang: 'zh-CN' })).toBe(zh);
    expect(formatDurationMs(ms, { lang: 'en' })).toBe(en);
  });
});

describe('formatDurationMs, clock (time taken)', () => {
  it.each([
    [0, '0:00'],
    [499, '0:00'],
    [500, '0:01'], // rounds to whole seconds
    [5_000, '0:05'],
    [59_000, '0:59'],
    [60_000, '1:00'],
    [330_000, '5:30'],
    [59 * MIN + 59_000, '59:59'],
    [HOUR, '1:00:00'],
    [HOUR + 2 * MIN + 3_000, '1:02:03'],
    [25 * HOUR, '25:00:00'], // hours do not roll over into days
    [-1_000, '0:00'],
  ])('%i ms = %s', (ms, text) => {
    expect(formatDurationMs(ms, { style: 'clock' })).toBe(text);
    expect(formatDurationMs(ms, { style: 'clock', lang: 'en' })).toBe(text);
  });
});
