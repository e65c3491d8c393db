import { afterEach, describe, expect, it } from 'vitest';
import { addDays, daysBetween, mallDate, monthGrid, shiftMonth } from '../../../../src/lib/returns/dates';

describe('addDays', () => {
  it.each([
    ['2026-03-01', 15, '2026-03-16'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 15, '2028-03-15'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-12-20', 15, '2027-01-04'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 1, '2026-03-30'], // a European DST change day: no effect on calendar dates
  ])('%s + %i = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-03-01', '2026-03-01', 0],
    ['2026-03-01', '2026-03-16', 15],
    ['2026-03-01', '2026-03-17', 16],
    ['2026-12-31', '2027-01-15', 15],
    ['2028-02-29', '2028-03-01', 1],
    ['2026-03-02', '2026-03-01', -1],
  ])('%s → %s is %i days', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('mallDate: the mall-local date of an instant, whatever the process time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });
  const cases = [
    ['2026-03-16T15:59:00Z', 'Asia/Shanghai', '2026-03-16'], // 23:59 in Shanghai
    ['2026-03-16T16:01:00Z', 'Asia/Shanghai', '2026-03-17'], // 00:01 in Shanghai
    ['2026-03-16T16:00:00Z', 'Asia/Shanghai', '2026-03-17'], // 24:00 = next day 00:00
    ['2026-12-31T16:30:00Z', 'Asia/Shanghai', '2027-01-01'],
    ['2026-03-16T15:59:00Z', 'UTC', '2026-03-16'],
    ['2026-03-17T03:00:00Z', 'America/Los_Angeles', '2026-03-16'],
  ] as const;
  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'])('with TZ=%s', (tz) => {
    process.env.TZ = tz;
    for (const [instant, zone, expected] of cases)
      expect(mallDate(new Date(instant), zone), `${instant} in ${zone}`).toBe(expected);
  });
});

describe('calendar helpers', () => {
  it('shifts months across year ends and from the 31st', () => {
    expect(shiftMonth('2026-01-31', 1)).toBe('2026-02-01');
    expect(shiftMonth('2026-01-15', -1)).toBe('2025-12-01');
    expect(shiftMonth('2026-12-05', 1)).toBe('2027-01-01');
  });
  it.each([
    ['2026-03-10', 6, 31], // March 2026 starts on a Sunday
    ['2028-02-01', 1, 29], // leap February 2028 starts on a Tuesday
    ['2026-02-14', 6, 28],
    ['2026-06-30', 0, 30], // June 2026 starts on a Monday
  ])('month of %s: Monday-first weeks, the 1st at index %i, %i days', (date, first, length) => {
    const weeks = monthGrid(date);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    const days = weeks.flat();
    expect(days.filter(Boolean)).toHaveLength(length);
    expect(days.indexOf(`${date.slice(0, 7)}-01`)).toBe(first);
  });
});
