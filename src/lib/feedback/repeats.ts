/**
 * Repeat complainants (重复投诉人): a shopper whose phone is on another ticket within the
 * configured window (content/mall/sla.yaml `repeatComplainants.windowDays`, 30 days by default),
 * whatever the tenant and category. Flagged on the staff side only (queue row, ticket page); the
 * narrower "possible repeat" link (same phone, tenant and category within 72 h) is findRepeat's.
 * Pure.
 */
import type { Sla, Ticket } from './schema';

const DAY_MS = 86_400_000;

/**
 * The queue's tag counts other tickets up to this many ("×10+"): past it the shopper is plainly a
 * frequent one, and the ticket page lists every link. Each row's count then reads at most this many
 * index entries, whatever a phone has sent.
 */
export const REPEAT_COUNT_CAP = 9;

/** The window in milliseconds. */
export const repeatWindowMs = (sla: Pick<Sla, 'repeatComplainants'>) =>
  (sla.repeatComplainants?.windowDays ?? 30) * DAY_MS;

/** Another ticket from the same phone. */
export interface RepeatLink {
  no: string;
  createdAt: string;
  status: Ticket['status'];
}

/**
 * For each ticket of `subjects` that has a phone, the other tickets of `candidates` with that
 * phone created within `windowMs` before or after it, newest first. Tickets with none are absent
 * from the map. One pass over the candidates, whatever the number of subjects.
 */
export function repeatComplainants(
  subjects: readonly Pick<Ticket, 'no' | 'phone' | 'createdAt'>[],
  candidates: Iterable<Pick<Ticket, 'no' | 'phone' | 'createdAt' | 'status'>>,
  windowMs: number,
): Map<string, RepeatLink[]> {
  const byPhone = new Map<string, { no: string; at: number }[]>();
  for (const t of subjects)
    if (t.phone) byPhone.set(t.phone, [...(byPhone.get(t.phone) ?? []), { no: t.no, at: Date.parse(t.createdAt) }]);
  const out = new Map<string, RepeatLink[]>();
  if (!byPhone.size) return out;
  // Each subject's links so far, by number: a candidate listed twice is linked once (a Set, not a
  // scan of the list, so a phone with thousands of tickets stays linear).
  const seen = new Map<string, Set<string>>();
  for (const c of candidates) {
    if (!c.phone) continue;
    const mine = byPhone.get(c.phone);
    if (!mine) continue;
    const at = Date.parse(c.createdAt);
    for (const s of mine) {
      if (s.no === c.no || Math.abs(s.at - at) > windowMs) continue;
      let nos = seen.get(s.no);
      if (!nos) seen.set(s.no, (nos = new Set()));
      if (nos.has(c.no)) continue;
      nos.add(c.no);
      const list = out.get(s.no) ?? [];
      list.push({ no: c.no, createdAt: c.createdAt, status: c.status });
      out.set(s.no, list);
    }
  }
  for (const list of out.values())
    list.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return out;
}

/** Index of the first element of sorted `list` that is not below `x` (`after`: above `x`). */
function bound(list: readonly number[], x: number, after: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < x || (after && list[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many links `repeatComplainants` would give each subject (subjects with none are absent),
 * without building them: the queue shows a count, and one phone may have thousands of tickets.
 * Sorts each phone's times once and counts a window by binary search.
 */
export function repeatCounts(
  subjects: readonly Pick<Ticket, 'no' | 'phone' | 'createdAt'>[],
  candidates: Iterable<Pick<Ticket, 'no' | 'phone' | 'createdAt'>>,
  windowMs: number,
): Map<string, number> {
  const phones = new Set(subjects.flatMap((t) => (t.phone ? [t.phone] : [])));
  const byPhone = new Map<string, { nos: Map<string, number>; times: number[] }>();
  for (const c of candidates) {
    if (!c.phone || !phones.has(c.phone)) continue;
    let entry = byPhone.get(c.phone);
    if (!entry) byPhone.set(c.phone, (entry = { nos: new Map(), times: [] }));
    if (!entry.nos.has(c.no)) entry.nos.set(c.no, Date.parse(c.createdAt));
  }
  for (const entry of byPhone.values()) entry.times = [...entry.nos.values()].sort((a, b) => a - b);
  const out = new Map<string, number>();
  for (const s of subjects) {
    const entry = s.phone ? byPhone.get(s.phone) : undefined;
    if (!entry) continue;
    const at = Date.parse(s.createdAt);
    let n = bound(entry.times, at + windowMs, true) - bound(entry.times, at - windowMs, false);
    // The subject itself, when it is among the candidates (always within its own window).
    const own = entry.nos.get(s.no);
    if (own !== undefined && Math.abs(own - at) <= windowMs) n--;
    if (n > 0) out.set(s.no, n);
  }
  return out;
}
