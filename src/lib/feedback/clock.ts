/**
 * Opening-hours arithmetic for the SLA clock: limits that run only while the mall is open, and
 * limits counted in calendar days. Times are epoch milliseconds; local times are counted in the
 * IANA zone given, through the shared mall-time module.
 */
import { localParts, localTime, startOfLocalDay } from '../time/mall-time';

export interface OpeningHours {
  /** HH:MM local. */
  open: string;
  /** HH:MM local, after `open`. */
  close: string;
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
  // HH:MM compares as text. Every day then has some opening time, so the loop below ends.
  if (hours.close <= hours.open) throw new Error('clock: opening hours never open');
  let remaining = minutes * 60_000;
  let at = start;
  for (;;) {
    let w = windowOf(at, hours, timeZone);
    if (at >= w.close) {
      w = windowOf(at, hours, timeZone, 1);
      at = w.open;
    } else {
      at = Math.max(at, w.open);
    }
    const available = w.close - at;
    if (remaining <= available) return at + remaining;
    remaining -= available;
    at = windowOf(at, hours, timeZone, 1).open;
  }
}

/** Opening time (ms) between two instants; 0 when `to` is not after `from`. */
export function openingMsBetween(from: number, to: number, hours: OpeningHours, timeZone: string): number {
  let total = 0;
  // Day by day: the open part of each local day between the two instants. The next day's
  // opening is always later than `at`, so the loop ends.
  for (let at = from; at < to; at = windowOf(at, hours, timeZone, 1).open) {
    const w = windowOf(at, hours, timeZone);
    total += Math.max(0, Math.min(to, w.close) - Math.max(at, w.open));
  }
  return total;
}

/**
 * The end of a limit of `days` calendar days: the day of `start` does not count, the limit ends
 * at 24:00 of the last day (received 1 March, 3 days → 4 March 24:00 = 5 March 00:00).
 */
export function addCalendarDays(start: number, days: number, timeZone: string): number {
  return startOfLocalDay(start, timeZone, days + 1);
}

/** Whether `ms` falls inside opening hours. */
export function isOpen(ms: number, hours: OpeningHours, timeZone: string): boolean {
  const w = windowOf(ms, hours, timeZone);
  return ms >= w.open && ms < w.close;
}
