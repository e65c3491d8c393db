/**
 * Wall-clock arithmetic in the mall's time zone, with the standard library only (Intl).
 * Times are epoch milliseconds; local times are counted in the IANA zone given.
 */

export interface OpeningHours {
  /** HH:MM local. */
  open: string;
  /** HH:MM local, after `open`. */
  close: string;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
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
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local date and time of an instant in a time zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

/** Offset of the zone from UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a local wall time. Date overflow is normalised (day 32 is the 1st of the next
 * month). A time skipped by a DST change maps to the instant just after the gap.
 */
export function localTime(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let ms = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(ms, timeZone);
  if (second !== ms) ms = Math.max(ms, second);
  return ms;
}

/** `YYYY-MM-DD` of an instant in the zone. */
export function localDay(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const hm = (s: string) => {
  const [h, m] = s.split(':').map(Number);
  return { h, m };
};

/** The opening window [open, close) of the local day containing `ms`, plus `dayOffset` days. */
function windowOf(ms: number, hours: OpeningHours, timeZone: string, dayOffset = 0) {
  const p = localParts(ms, timeZone);
  const o = hm(hours.open);
  const c = hm(hours.close);
  return {
    open: localTime(timeZone, p.year, p.month, p.day + dayOffset, o.h, o.m),
    close: localTime(timeZone, p.year, p.month, p.day + dayOffset, c.h, c.m),
  };
}

/**
 * Adds `minutes` of opening time to `start`: the clock runs only between open and close each
 * day. A start outside opening hours begins at the next opening; a limit that runs out exactly
 * at closing time ends at closing time.
 */
export function addOpeningMinutes(start: number, minutes: number, hours: OpeningHours, timeZone: string): number {
  let remaining = minutes * 60_000;
  let at = start;
  for (let guard = 0; guard < 10_000; guard++) {
    let w = windowOf(at, hours, timeZone);
    if (at >= w.close) {
      w = windowOf(at, hours, timeZone, 1);
      at = w.open;
    } else if (at < w.open) {
      at = w.open;
    }
    const available = w.close - at;
    if (remaining <= available) return at + remaining;
    remaining -= available;
    at = windowOf(at, hours, timeZone, 1).open;
  }
  throw new Error('clock: opening hours never open');
}

/** Opening time (ms) between two instants; 0 when `to` is not after `from`. */
export function openingMsBetween(from: number, to: number, hours: OpeningHours, timeZone: string): number {
  let total = 0;
  let at = from;
  for (let guard = 0; at < to && guard < 10_000; guard++) {
    const w = windowOf(at, hours, timeZone);
    const start = Math.max(at, w.open);
    const end = Math.min(to, w.close);
    if (end > start) total += end - start;
    at = windowOf(at, hours, timeZone, 1).open;
    if (at > to) break;
    // `at` is the next day's opening; anything before it on this day is closed time.
  }
  return total;
}

/**
 * The end of a limit of `days` calendar days: the day of `start` does not count, the limit ends
 * at 24:00 of the last day (received 1 March, 3 days → 4 March 24:00 = 5 March 00:00).
 */
export function addCalendarDays(start: number, days: number, timeZone: string): number {
  const p = localParts(start, timeZone);
  return localTime(timeZone, p.year, p.month, p.day + days + 1, 0, 0);
}

/** Whether `ms` falls inside opening hours. */
export function isOpen(ms: number, hours: OpeningHours, timeZone: string): boolean {
  const w = windowOf(ms, hours, timeZone);
  return ms >= w.open && ms < w.close;
}
