import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatLocalDateTime,
  localDay,
  localMonth,
  localParts,
  localTime,
  monthGrid,
  monthStart,
  parseLocalDateTime,
  shiftMonth,
  startOfLocalDay,
  toLocalInput,
  zoneOffsetMs,
} from '../../../../src/lib/time/mall-time';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const at = (text: string) => Date.parse(text);
const H = 3_600_000;

// Zones: Shanghai has no daylight saving; Berlin and New York change on different days and in
// different directions from UTC; Kolkata and Kathmandu are offset by half and three quarters
// of an hour.

describe('localParts and zoneOffsetMs', () => {
  it.each([
    ['2026-11-22T01:05:09Z', 'Asia/Shanghai', [2026, 11, 22, 9, 5, 9], 8 * H],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', [2027, 1, 1, 0, 0, 0], 8 * H], // year boundary
    ['2026-12-31T15:59:59Z', 'Asia/Shanghai', [2026, 12, 31, 23, 59, 59], 8 * H],
    ['2028-02-28T16:00:00Z', 'Asia/Shanghai', [2028, 2, 29, 0, 0, 0], 8 * H], // leap day
    ['2026-01-31T18:30:00Z', 'Asia/Kolkata', [2026, 2, 1, 0, 0, 0], 5.5 * H], // month boundary
    ['2026-06-30T18:15:00Z', 'Asia/Kathmandu', [2026, 7, 1, 0, 0, 0], 5.75 * H],
    ['2026-01-15T12:00:00Z', 'UTC', [2026, 1, 15, 12, 0, 0], 0],
    ['2026-01-15T12:00:00Z', 'Europe/Berlin', [2026, 1, 15, 13, 0, 0], 1 * H],
    ['2026-07-15T12:00:00Z', 'Europe/Berlin', [2026, 7, 15, 14, 0, 0], 2 * H],
    ['2026-03-29T00:59:59Z', 'Europe/Berlin', [2026, 3, 29, 1, 59, 59], 1 * H], // last second of CET
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', [2026, 3, 29, 3, 0, 0], 2 * H], // first of CEST
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', [2026, 10, 25, 2, 30, 0], 2 * H], // 02:30 the first time
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', [2026, 10, 25, 2, 30, 0], 1 * H], // 02:30 the second time
    ['2026-01-01T04:59:00Z', 'America/New_York', [2025, 12, 31, 23, 59, 0], -5 * H], // year boundary west
    ['2026-03-08T07:00:00Z', 'America/New_York', [2026, 3, 8, 3, 0, 0], -4 * H],
    ['2026-11-01T06:00:00Z', 'America/New_York', [2026, 11, 1, 1, 0, 0], -5 * H],
  ])('%s in %s', (instant, zone, [year, month, day, hour, minute, second], offset) => {
    expect(localParts(at(instant), zone)).toEqual({ year, month, day, hour, minute, second });
    expect(zoneOffsetMs(at(instant), zone)).toBe(offset);
  });

  it('keeps milliseconds out of the parts and the offset', () => {
    expect(localParts(at('2026-11-22T01:05:09.999Z'), 'Asia/Shanghai').second).toBe(9);
    expect(zoneOffsetMs(at('2026-11-22T01:05:09.999Z'), 'Asia/Shanghai')).toBe(8 * H);
  });

  it('answers the same when asked again (offsets are remembered per quarter hour)', () => {
    for (let i = 0; i < 3; i++) expect(zoneOffsetMs(at('2026-03-29T01:14:59Z'), 'Europe/Berlin')).toBe(2 * H);
    expect(zoneOffsetMs(at('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(1 * H);
  });

  it('rejects an unknown zone', () => {
    expect(() => localParts(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('localTime: the instant of a wall time', () => {
  it.each([
    ['Asia/Shanghai', [2026, 11, 22, 9, 5, 0], '2026-11-22T01:05:00.000Z'],
    ['Asia/Shanghai', [2026, 5, 1, 9, 0, 30], '2026-05-01T01:00:30.000Z'],
    ['Asia/Shanghai', [2026, 12, 32, 10, 0, 0], '2027-01-01T02:00:00.000Z'], // day overflow
    ['Asia/Shanghai', [2026, 3, 0, 0, 0, 0], '2026-02-27T16:00:00.000Z'], // day 0 = last of previous month
    ['Asia/Shanghai', [2028, 3, 0, 0, 0, 0], '2028-02-28T16:00:00.000Z'], // … 29 February in a leap year
    ['Asia/Shanghai', [2026, 13, 1, 0, 0, 0], '2026-12-31T16:00:00.000Z'], // month overflow
    ['Asia/Kolkata', [2026, 1, 1, 0, 0, 0], '2025-12-31T18:30:00.000Z'],
    ['UTC', [2026, 6, 1, 12, 0, 0], '2026-06-01T12:00:00.000Z'],
    ['Europe/Berlin', [2026, 7, 1, 12, 0, 0], '2026-07-01T10:00:00.000Z'],
    ['Europe/Berlin', [2026, 3, 29, 1, 30, 0], '2026-03-29T00:30:00.000Z'], // just before the gap
    ['Europe/Berlin', [2026, 3, 29, 2, 30, 0], '2026-03-29T01:30:00.000Z'], // in the gap → 03:30 CEST
    ['Europe/Berlin', [2026, 3, 29, 3, 0, 0], '2026-03-29T01:00:00.000Z'], // just after the gap
    ['Europe/Berlin', [2026, 10, 25, 2, 30, 0], '2026-10-25T00:30:00.000Z'], // twice → the earlier
    ['Europe/Berlin', [2026, 10, 25, 3, 0, 0], '2026-10-25T02:00:00.000Z'],
    ['Europe/Berlin', [2026, 10, 25, 1, 59, 0], '2026-10-24T23:59:00.000Z'],
    ['America/New_York', [2026, 3, 8, 2, 30, 0], '2026-03-08T07:30:00.000Z'], // in the gap → 03:30 EDT
    ['America/New_York', [2026, 3, 8, 1, 30, 0], '2026-03-08T06:30:00.000Z'],
    ['America/New_York', [2026, 3, 8, 3, 30, 0], '2026-03-08T07:30:00.000Z'], // just after the gap
    ['America/New_York', [2026, 11, 1, 0, 30, 0], '2026-11-01T04:30:00.000Z'],
    ['America/New_York', [2026, 11, 1, 3, 0, 0], '2026-11-01T08:00:00.000Z'],
    ['America/New_York', [2026, 11, 1, 1, 30, 0], '2026-11-01T05:30:00.000Z'], // twice → the earlier
    ['America/New_York', [2026, 11, 1, 2, 0, 0], '2026-11-01T07:00:00.000Z'],
  ])('%s %j', (zone, [y, mo, d, h, mi, s], expected) => {
    expect(iso(localTime(zone, y, mo, d, h, mi, s))).toBe(expected);
  });

  it('defaults to midnight', () => {
    expect(iso(localTime('Asia/Shanghai', 2026, 11, 22))).toBe('2026-11-21T16:00:00.000Z');
  });

  it('round-trips a year of wall times, every 367 minutes, in Berlin, New York and Shanghai', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai']) {
      for (let ms = at('2026-01-01T00:00:00Z'); ms < at('2027-01-01T00:00:00Z'); ms += 367 * 60_000) {
        const p = localParts(ms, zone);
        const back = localTime(zone, p.year, p.month, p.day, p.hour, p.minute, p.second);
        // A wall time shown twice maps to its first instant, so the second comes back one hour early.
        if (back !== ms) expect([zone, ms - back]).toEqual([zone, H]);
      }
    }
  });
});

describe('local days and months', () => {
  it.each([
    ['2026-11-21T16:30:00Z', 'Asia/Shanghai', '2026-11-22'], // 00:30 local
    ['2026-11-21T15:59:00Z', 'Asia/Shanghai', '2026-11-21'], // 23:59 local
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', '2027-01-01'],
    ['2026-03-16T15:59:00Z', 'Asia/Shanghai', '2026-03-16'], // 23:59 in Shanghai
    ['2026-03-16T16:01:00Z', 'Asia/Shanghai', '2026-03-17'], // 00:01 in Shanghai
    ['2026-03-16T16:00:00Z', 'Asia/Shanghai', '2026-03-17'], // 24:00 = next day 00:00
    ['2026-12-31T16:30:00Z', 'Asia/Shanghai', '2027-01-01'],
    ['2026-03-16T15:59:00Z', 'UTC', '2026-03-16'],
    ['2026-03-17T03:00:00Z', 'America/Los_Angeles', '2026-03-16'],
    ['2026-03-28T23:30:00Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-10-24T22:30:00Z', 'Europe/Berlin', '2026-10-25'],
    ['0800-06-01T12:00:00Z', 'UTC', '0800-06-01'], // years keep four digits
  ])('localDay(%s, %s) = %s', (instant, zone, day) => {
    expect(localDay(at(instant), zone)).toBe(day);
    expect(localMonth(at(instant), zone)).toBe(day.slice(0, 7));
  });

  it.each([
    ['2026-11-22T05:00:00Z', 'Asia/Shanghai', 0, '2026-11-21T16:00:00.000Z'],
    ['2026-11-22T05:00:00Z', 'Asia/Shanghai', 1, '2026-11-22T16:00:00.000Z'],
    ['2026-11-22T05:00:00Z', 'Asia/Shanghai', -1, '2026-11-20T16:00:00.000Z'],
    ['2026-12-31T05:00:00Z', 'Asia/Shanghai', 1, '2026-12-31T16:00:00.000Z'], // into the new year
    ['2026-02-28T05:00:00Z', 'Asia/Shanghai', 1, '2026-02-28T16:00:00.000Z'], // into March
    ['2026-03-29T10:00:00Z', 'Europe/Berlin', 0, '2026-03-28T23:00:00.000Z'], // a 23-hour day…
    ['2026-03-29T10:00:00Z', 'Europe/Berlin', 1, '2026-03-29T22:00:00.000Z'], // …ends 23 h later
    ['2026-10-25T10:00:00Z', 'Europe/Berlin', 0, '2026-10-24T22:00:00.000Z'], // a 25-hour day…
    ['2026-10-25T10:00:00Z', 'Europe/Berlin', 1, '2026-10-25T23:00:00.000Z'], // …ends 25 h later
  ])('startOfLocalDay(%s, %s, %i) = %s', (instant, zone, offset, expected) => {
    expect(iso(startOfLocalDay(at(instant), zone, offset))).toBe(expected);
  });
});

describe('formatting and parsing local date-times', () => {
  it.each([
    ['2026-11-22T01:05:00Z', 'Asia/Shanghai', '2026-11-22 09:05'],
    ['2026-12-31T16:00:59Z', 'Asia/Shanghai', '2027-01-01 00:00'], // seconds are dropped
    ['2026-07-01T10:00:00Z', 'Europe/Berlin', '2026-07-01 12:00'],
    ['2026-01-01T10:00:00Z', 'Europe/Berlin', '2026-01-01 11:00'],
    ['2026-03-01T04:30:00Z', 'America/New_York', '2026-02-28 23:30'],
  ])('%s in %s reads %s', (instant, zone, text) => {
    expect(formatLocalDateTime(at(instant), zone)).toBe(text);
    expect(toLocalInput(at(instant), zone)).toBe(text.replace(' ', 'T'));
    expect(iso(parseLocalDateTime(text.replace(' ', 'T'), zone))).toBe(
      new Date(at(instant) - (at(instant) % 60_000)).toISOString(),
    );
  });

  it.each([
    ['2026-05-01T09:00', 'Asia/Shanghai', '2026-05-01T01:00:00.000Z'],
    ['2026-05-01 09:00', 'Asia/Shanghai', '2026-05-01T01:00:00.000Z'],
    ['2026-05-01T09:00:45', 'Asia/Shanghai', '2026-05-01T01:00:45.000Z'],
    ['2028-02-29T00:00', 'Asia/Shanghai', '2028-02-28T16:00:00.000Z'],
    ['2026-12-31T23:59:59', 'Asia/Shanghai', '2026-12-31T15:59:59.000Z'],
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-05-01T09:00', 'Europe/Berlin', '2026-05-01T07:00:00.000Z'],
    ['2026-02-30T09:00', 'Asia/Shanghai', undefined], // no such day
    ['2027-02-29T09:00', 'Asia/Shanghai', undefined], // not a leap year
    ['2026-13-01T09:00', 'Asia/Shanghai', undefined],
    ['2026-00-10T09:00', 'Asia/Shanghai', undefined],
    ['2026-05-00T09:00', 'Asia/Shanghai', undefined],
    ['2026-05-01T24:00', 'Asia/Shanghai', undefined],
    ['2026-05-01T09:60', 'Asia/Shanghai', undefined],
    ['2026-05-01T09:00:60', 'Asia/Shanghai', undefined],
    ['2026-05-01', 'Asia/Shanghai', undefined],
    ['2026-05-01T9:00', 'Asia/Shanghai', undefined],
    [' 2026-05-01T09:00', 'Asia/Shanghai', undefined],
    ['2026-05-01T09:00Z', 'Asia/Shanghai', undefined],
    ['0099-05-01T09:00', 'UTC', undefined], // would read as 1999
    ['2026-04-31T09:00', 'Asia/Shanghai', undefined],
    ['2026-04-30T23:59:59', 'UTC', '2026-04-30T23:59:59.000Z'],
    ['2026-01-01T00:00', 'UTC', '2026-01-01T00:00:00.000Z'],
    ['', 'Asia/Shanghai', undefined],
  ])('parseLocalDateTime(%j, %s) = %s', (text, zone, expected) => {
    expect(iso(parseLocalDateTime(text, zone))).toBe(expected);
  });
});

describe('calendar dates', () => {
  it.each([
    ['2026-03-01', 15, '2026-03-16'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 15, '2028-03-15'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-12-20', 15, '2027-01-04'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', 0, '2026-03-01'],
    ['2026-03-29', 1, '2026-03-30'], // a European DST change day: no effect on calendar dates
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-03-01', '2026-03-01', 0],
    ['2026-03-01', '2026-03-16', 15],
    ['2026-03-01', '2026-03-17', 16],
    ['2026-12-31', '2027-01-15', 15],
    ['2028-02-29', '2028-03-01', 1],
    ['2026-02-28', '2026-03-01', 1],
    ['2026-03-02', '2026-03-01', -1],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
  ])('daysBetween(%s, %s) = %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-05', 0, '2026-05'],
    ['2026-05', 14, '2027-07'],
    ['2026-05', -17, '2024-12'],
    ['2026-01-31', 1, '2026-02'], // a date counts as its month: no overflow from the 31st
    ['2026-01-15', -1, '2025-12'],
    ['2026-12-05', 1, '2027-01'],
  ])('shiftMonth(%s, %i) = %s', (month, by, expected) => {
    expect(shiftMonth(month, by)).toBe(expected);
  });

  it('shifts calendar months across year ends and from the 31st', () => {
    expect(monthStart(shiftMonth('2026-01-31', 1))).toBe('2026-02-01');
    expect(monthStart(shiftMonth('2026-01-15', -1))).toBe('2025-12-01');
    expect(monthStart(shiftMonth('2026-12-05', 1))).toBe('2027-01-01');
  });

  it.each([
    ['2026-03-10', '2026-03-01'],
    ['2026-03', '2026-03-01'],
    ['2026-12-31', '2026-12-01'],
  ])('monthStart(%s) = %s', (date, expected) => expect(monthStart(date)).toBe(expected));

  it.each([
    ['2026-03-10', 6, 31, 6], // March 2026 starts on a Sunday
    ['2028-02-01', 1, 29, 5], // leap February 2028 starts on a Tuesday
    ['2026-02-14', 6, 28, 5],
    ['2026-06-30', 0, 30, 5], // June 2026 starts on a Monday
    ['2026-06', 0, 30, 5],
    ['2027-02-01', 0, 28, 4], // February 2027 starts on a Monday: exactly four weeks
    ['2026-12-24', 1, 31, 5], // December 2026: across no year end inside the grid
  ])('month of %s: Monday-first weeks, the 1st at index %i, %i days, %i weeks', (date, first, length, weeks) => {
    const grid = monthGrid(date);
    expect(grid).toHaveLength(weeks);
    expect(grid.every((w) => w.length === 7)).toBe(true);
    const days = grid.flat();
    expect(days.filter(Boolean)).toHaveLength(length);
    expect(days.indexOf(`${date.slice(0, 7)}-01`)).toBe(first);
    expect(days.slice(0, first).every((d) => d === null)).toBe(true);
    const real = days.filter((d): d is string => d !== null);
    expect(real.every((d, i) => i === 0 || daysBetween(real[i - 1], d) === 1)).toBe(true);
    expect(real.at(-1)).toBe(addDays(monthStart(shiftMonth(date, 1)), -1));
  });
});

describe('whatever the process time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });
  it.each(['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'])(
    'with TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      expect(localDay(at('2026-03-16T16:01:00Z'), 'Asia/Shanghai')).toBe('2026-03-17');
      expect(localDay(at('2026-03-17T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-16');
      expect(formatLocalDateTime(at('2026-03-16T16:01:00Z'), 'Asia/Shanghai')).toBe('2026-03-17 00:01');
      expect(iso(localTime('Asia/Shanghai', 2026, 3, 17))).toBe('2026-03-16T16:00:00.000Z');
      expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
      expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
      expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
      expect(shiftMonth('2026-03', 1)).toBe('2026-04');
    },
  );
});
