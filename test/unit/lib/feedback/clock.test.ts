import { describe, expect, it } from 'vitest';
import { addCalendarDays, addOpeningMinutes, isOpen, openingMsBetween } from '../../../../src/lib/feedback/clock';
import { bj, toBj } from './fixtures';

const TZ = 'Asia/Shanghai';
const HOURS = { open: '10:00', close: '22:00' };

describe('addOpeningMinutes (10:00-22:00, Asia/Shanghai)', () => {
  it.each([
    ['inside hours', '2026-11-22 14:00', 10, '2026-11-22 14:10'],
    ['runs out exactly at closing', '2026-11-22 21:50', 10, '2026-11-22 22:00'],
    ['crosses closing into the next morning', '2026-11-22 21:55', 10, '2026-11-23 10:05'],
    ['received after closing', '2026-11-22 23:30', 10, '2026-11-23 10:10'],
    ['received at closing time', '2026-11-22 22:00', 10, '2026-11-23 10:10'],
    ['received before opening', '2026-11-22 03:00', 10, '2026-11-22 10:10'],
    ['received exactly at opening', '2026-11-22 10:00', 60, '2026-11-22 11:00'],
    ['crosses a month end', '2026-11-30 21:55', 10, '2026-12-01 10:05'],
    ['crosses a year end', '2026-12-31 21:55', 10, '2027-01-01 10:05'],
    ['crosses into a leap day', '2028-02-28 21:58', 10, '2028-02-29 10:08'],
    ['three hours from 20:00', '2026-11-22 20:00', 180, '2026-11-23 11:00'],
    ['longer than one day of opening', '2026-11-22 10:00', 13 * 60, '2026-11-23 11:00'],
    ['nothing to add inside hours', '2026-11-22 14:00', 0, '2026-11-22 14:00'],
    ['nothing to add at closing time: the next opening', '2026-11-22 22:00', 0, '2026-11-23 10:00'],
    ['nothing to add before opening: the opening', '2026-11-22 03:00', 0, '2026-11-22 10:00'],
  ])('%s: %s + %i min → %s', (_name, start, minutes, expected) => {
    expect(toBj(addOpeningMinutes(bj(start), minutes, HOURS, TZ))).toBe(expected);
  });

  it('stops the clock overnight in a zone with daylight saving (Berlin, spring forward)', () => {
    const start = Date.parse('2026-03-28T21:55:00+01:00');
    expect(new Date(addOpeningMinutes(start, 10, HOURS, 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T08:05:00.000Z',
    );
  });
});

describe('opening hours that never open', () => {
  it('stop the clock with an error rather than loop for ever', () => {
    for (const hours of [
      { open: '10:00', close: '10:00' },
      { open: '22:00', close: '10:00' },
    ])
      expect(() => addOpeningMinutes(bj('2026-11-22 09:00'), 10, hours, TZ)).toThrow('clock: opening hours never open');
    expect(toBj(addOpeningMinutes(bj('2026-11-22 09:00'), 10, { open: '10:00', close: '10:01' }, TZ))).toBe(
      '2026-12-01 10:01', // one minute a day, ten days
    );
  });
});

describe('addCalendarDays: the day of receipt does not count, the limit ends at 24:00 of the last day', () => {
  it.each([
    ['policy example: 1 March, 3 days', '2026-03-01 09:00', 3, '2026-03-05 00:00'],
    ['just before midnight', '2026-03-01 23:59', 2, '2026-03-04 00:00'],
    ['just after midnight', '2026-03-02 00:01', 2, '2026-03-05 00:00'],
    ['across February in a common year', '2026-02-27 12:00', 2, '2026-03-02 00:00'],
    ['across February in a leap year', '2028-02-27 12:00', 2, '2028-03-01 00:00'],
    ['across a month end', '2026-01-30 15:00', 3, '2026-02-03 00:00'],
    ['across a year end', '2026-12-30 15:00', 3, '2027-01-03 00:00'],
  ])('%s: %s + %i days → %s', (_name, start, days, expected) => {
    expect(toBj(addCalendarDays(bj(start), days, TZ))).toBe(expected);
  });
});

describe('openingMsBetween', () => {
  it.each([
    ['within one day', '2026-11-22 11:00', '2026-11-22 12:30', 90],
    ['overnight counts nothing', '2026-11-22 22:00', '2026-11-23 10:00', 0],
    ['across a night', '2026-11-22 21:00', '2026-11-23 11:00', 120],
    ['end before start', '2026-11-22 12:00', '2026-11-22 11:00', 0],
    ['two full days', '2026-11-22 00:00', '2026-11-24 00:00', 24 * 60],
    ['both before opening on one day', '2026-11-22 03:00', '2026-11-22 05:00', 0],
    ['both after closing on one day', '2026-11-22 22:30', '2026-11-22 23:30', 0],
    ['from before opening into the day', '2026-11-22 03:00', '2026-11-22 10:30', 30],
    ['from inside hours to after closing', '2026-11-22 21:30', '2026-11-22 23:00', 30],
    ['ending exactly at the next opening', '2026-11-22 21:00', '2026-11-23 10:00', 60],
    ['one minute into the next day', '2026-11-22 21:00', '2026-11-23 10:01', 61],
    ['across a year end', '2026-12-31 21:00', '2027-01-01 11:00', 120],
    ['equal instants', '2026-11-22 12:00', '2026-11-22 12:00', 0],
  ])('%s', (_n, from, to, minutes) => {
    expect(openingMsBetween(bj(from), bj(to), HOURS, TZ) / 60_000).toBe(minutes);
  });
});

describe('opening hours', () => {
  it.each([
    ['2026-11-22 09:59', false],
    ['2026-11-22 10:00', true],
    ['2026-11-22 21:59', true],
    ['2026-11-22 22:00', false],
  ])('isOpen(%s) = %s', (local, open) => expect(isOpen(bj(local), HOURS, TZ)).toBe(open));
});
