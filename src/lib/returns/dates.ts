/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings. A date here is a day in the mall's
 * calendar, never an instant: arithmetic runs on UTC midnights so the process time zone
 * (servers often run in UTC) can never shift a day.
 */

const DAY_MS = 86_400_000;

const toUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The calendar date of an instant in an IANA time zone, e.g. the mall's "today". */
export function mallDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** First day of the month of `date`. */
export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

/** First day of the month `delta` months from the month of `date`. */
export function shiftMonth(date: string, delta: number): string {
  const [y, m] = date.split('-').map(Number);
  return fromUtc(Date.UTC(y, m - 1 + delta, 1));
}

/**
 * The weeks of a month for a calendar grid, Monday first; `null` pads days outside the month.
 */
export function monthGrid(date: string): (string | null)[][] {
  const first = monthStart(date);
  const lead = (new Date(toUtc(first)).getUTCDay() + 6) % 7;
  const length = daysBetween(first, shiftMonth(first, 1));
  const cells: (string | null)[] = [...Array<null>(lead).fill(null)];
  for (let i = 0; i < length; i++) cells.push(addDays(first, i));
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
