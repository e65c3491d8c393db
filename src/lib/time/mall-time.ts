/**
 * Mall-local time: the one place that converts between instants and the wall clock of an IANA
 * time zone (the mall's, from content/mall/mall.yaml), and the one place that counts calendar days.
 *
 * Two kinds of value, never mixed:
 * - an instant is epoch milliseconds (a `number`); it has a local day and time only in a zone;
 * - a calendar date is a `YYYY-MM-DD` string (a month is `YYYY-MM`); its arithmetic runs on UTC
 *   midnights, so the process time zone (servers often run in UTC) can never shift a day.
 *
 * Standard library only (Intl). Pure.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Local date and time of an instant, as numbers (month 1–12, hour 0–23). */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// The two caches below change only how fast an answer comes, never the answer: their mutants
// cannot fail a test (equivalent mutants), so mutation testing skips those lines.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  // Stryker disable next-line ConditionalExpression: cache
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // Stryker disable next-line all: cache
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offsets remembered per zone and UTC quarter hour. Today's offsets are whole quarter hours and
 * change at a local whole hour, so an offset never changes inside a quarter hour; asking Intl
 * once per quarter hour instead of on every call makes the SLA clock several times faster.
 */
const SLOT_MS = 15 * 60_000;
const MAX_SLOTS = 50_000;
const offsets = new Map<string, Map<number, number>>();

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (negative west of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const slot = Math.floor(ms / SLOT_MS);
  let zone = offsets.get(timeZone);
  // Stryker disable next-line all: cache
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(slot);
  // Stryker disable next-line ConditionalExpression: cache
  if (offset === undefined) {
    const at = slot * SLOT_MS;
    const p: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(at)) p[part.type] = Number(part.value);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
    // Stryker disable next-line all: cache
    if (zone.size >= MAX_SLOTS) zone.clear();
    // Stryker disable next-line all: cache
    zone.set(slot, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');
const four = (n: number) => String(n).padStart(4, '0');

/** Local date and time of an instant in a time zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const d = new Date(ms + zoneOffsetMs(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The instant of a local wall time. Date overflow is normalised (day 32 is the 1st of the next
 * month, day 0 the last of the previous). Daylight saving is resolved as Temporal's `compatible`
 * does: a wall time skipped when clocks go forward is read with the offset from before the change
 * (02:30 on a spring-forward night becomes 03:30), and one that happens twice when clocks go back
 * maps to the earlier of the two.
 */
export function localTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const shows = (instant: number) => zoneOffsetMs(instant, timeZone) === wall - instant;
  // The offset at the wall time read as UTC gives a guess; the offset at the guess is right
  // unless a change lies between them (and then it is the offset after the change).
  const guess = wall - zoneOffsetMs(wall, timeZone);
  const instant = wall - zoneOffsetMs(guess, timeZone);
  // Neither offset shows the wall time: it falls in a gap, and the later reading is past it.
  if (!shows(instant)) return Math.max(guess, instant);
  // An earlier instant shows the same wall time only if the clocks went back shortly before.
  const earlier = wall - zoneOffsetMs(instant - 6 * HOUR_MS, timeZone);
  return shows(earlier) ? earlier : instant;
}

/** `YYYY-MM-DD`: the local calendar date of an instant (e.g. the mall's "today"). */
export function localDay(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${four(p.year)}-${two(p.month)}-${two(p.day)}`;
}

/** `YYYY-MM`: the local month of an instant. */
export const localMonth = (ms: number, timeZone: string): string => localDay(ms, timeZone).slice(0, 7);

/**
 * The local midnight that starts the day of `ms`, `dayOffset` days later (0 = today's,
 * 1 = tomorrow's, -1 = yesterday's). Days are counted on the calendar, so a day with a
 * daylight-saving change is 23 or 25 hours long.
 */
export function startOfLocalDay(ms: number, timeZone: string, dayOffset = 0): number {
  const p = localParts(ms, timeZone);
  return localTime(timeZone, p.year, p.month, p.day + dayOffset);
}

/** `YYYY-MM-DD HH:MM`: an instant as people read it on staff pages and in exports. */
export function formatLocalDateTime(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${four(p.year)}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** `YYYY-MM-DDTHH:MM`: an instant as the value of an `<input type="datetime-local">`. */
export const toLocalInput = (ms: number, timeZone: string): string =>
  formatLocalDateTime(ms, timeZone).replace(' ', 'T');

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant of a local `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for the `T`) in the zone;
 * undefined when the text is not such a date-time or names a day or time that does not exist.
 */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return localTime(timeZone, year, month, day, hour, minute, second);
}

// ---------------------------------------------------------------- calendar dates (no zone)

// A day that does not exist (30 February, month 13, year 0099 read as 1999) comes back changed.
const isCalendarDate = (year: number, month: number, day: number): boolean =>
  fromUtc(Date.UTC(year, month - 1, day)) === `${four(year)}-${two(month)}-${two(day)}`;

const toUtc = (date: string) => {
  const [y, m, d = 1] = date.split('-').map(Number);
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

/** `YYYY-MM-01`: the first day of the month of a date or month. */
export const monthStart = (date: string): string => `${date.slice(0, 7)}-01`;

/** `YYYY-MM`: the month `by` months after the month of `month` (a `YYYY-MM` or a date). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  return fromUtc(Date.UTC(y, m - 1 + by, 1)).slice(0, 7);
}

/** The weeks of a month (given as a date or `YYYY-MM`) for a calendar grid, Monday first; `null` pads. */
export function monthGrid(month: string): (string | null)[][] {
  const first = monthStart(month);
  const lead = (new Date(toUtc(first)).getUTCDay() + 6) % 7;
  const length = daysBetween(first, monthStart(shiftMonth(first, 1)));
  const cells: (string | null)[] = [...Array<null>(lead).fill(null)];
  for (let i = 0; i < length; i++) cells.push(addDays(first, i));
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
