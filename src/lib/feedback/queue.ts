/**
 * The staff queue: filtering, counting and ordering tickets by their next deadline. Pure over
 * an iterable of tickets (the store's memory), with milestones cached per ticket version so a
 * page over 200,000 tickets stays fast. A filtered view scans every ticket once; the scan is
 * then kept (a few per source) and brought up to date from the source's feed of changes, so a
 * write does not cost the next view a rescan of every ticket.
 */
import { z } from 'astro/zod';
import type { FeedbackConfig } from './feedback';
import { CHANNELS, channelOf, KINDS, STATUSES, URGENCIES, type Status, type Ticket } from './schema';
import { computeMilestones, FINAL_STATUSES, type MilestoneState } from './sla';
import { inView, VIEWS } from './workbench';
import type { SessionUser } from '../auth/roles';

/** Rows per page. */
export const PAGE_SIZE = 50;

/** Columns the queue can be ordered by: received, next deadline, status, urgency, ladder level. */
export const SORTS = ['received', 'due', 'status', 'urgency', 'level'] as const;
export type Sort = (typeof SORTS)[number];
/** The direction a column sorts in first: newest, soonest, life-cycle order, most urgent, highest level. */
export const SORT_DIRECTION: Record<Sort, 'asc' | 'desc'> = {
  received: 'desc',
  due: 'asc',
  status: 'asc',
  urgency: 'desc',
  level: 'desc',
};
const URGENCY_RANK: Record<string, number> = { normal: 0, important: 1, urgent: 2 };

/**
 * Orders rows by a column (`f.sort`, `f.dir`). Ties, and rows with nothing due when ordering by
 * deadline (always last), fall back to the newest first. A new array; undefined without a sort.
 */
export function sortRows<T extends Pick<QueueRow, 'ticket' | 'nextDueAt'>>(rows: readonly T[], f: QueueFilter) {
  if (!f.sort) return undefined;
  const sign = (f.dir ?? SORT_DIRECTION[f.sort]) === 'asc' ? 1 : -1;
  const key = (r: T): number | string | undefined => {
    switch (f.sort) {
      case 'received':
        return r.ticket.createdAt;
      case 'due':
        return r.nextDueAt;
      case 'status':
        return STATUSES.indexOf(r.ticket.status);
      case 'urgency':
        return URGENCY_RANK[r.ticket.urgency] ?? 0;
      case 'level':
        return r.ticket.level;
    }
  };
  const newestFirst = (a: T, b: T) =>
    a.ticket.createdAt < b.ticket.createdAt
      ? 1
      : a.ticket.createdAt > b.ticket.createdAt
        ? -1
        : a.ticket.no < b.ticket.no
          ? 1
          : -1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return newestFirst(a, b);
    if (ka === undefined) return 1;
    if (kb === undefined) return -1;
    return (ka < kb ? -1 : 1) * sign;
  });
}

const optionalText = z
  .string()
  .max(60)
  .transform((s) => s.trim())
  .optional()
  .transform((s) => s || undefined);

/** Queue filters from the query string; anything malformed is dropped rather than refused. */
export const queueFilterSchema = z.object({
  /** A status, `open` (not closed or invalid; the default) or `all`. */
  status: z
    .enum([...STATUSES, 'open', 'all'])
    .catch('open')
    .default('open'),
  kind: z.enum(KINDS).optional().catch(undefined),
  /** How the request reached us. */
  channel: z.enum(CHANNELS).optional().catch(undefined),
  category: optionalText.catch(undefined),
  floor: optionalText.catch(undefined),
  tenant: optionalText.catch(undefined),
  department: optionalText.catch(undefined),
  /** Part of the responsible person's name. */
  assignee: optionalText.catch(undefined),
  /** The responsible person, exactly (a user id: the filter's picker, the API's `assignee=<user>`). */
  assigneeId: z.string().trim().min(1).max(60).optional().catch(undefined),
  /** A personal view: mine, unassigned, escalated to me, overdue (open tickets only). */
  view: z.enum(VIEWS).optional().catch(undefined),
  /** Only tickets with a deadline passed. */
  overdue: z.literal('1').optional().catch(undefined),
  /** Only urgent (紧急) tickets. */
  urgent: z.literal('1').optional().catch(undefined),
  /** A column to order by instead of the next deadline (see SORTS). */
  sort: z.enum(SORTS).optional().catch(undefined),
  /** Order of `sort`; each column has its natural direction (SORT_DIRECTION) when not given. */
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  /** Page number from 1. */
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

/** Parses URL search params into filters. */
export function parseQueueFilter(params: URLSearchParams): QueueFilter {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== '') raw[k] = v;
  return queueFilterSchema.parse(raw);
}

const cache = new WeakMap<Ticket, { version: string; milestones: MilestoneState[] }>();

/**
 * A ticket's milestones, cached until the ticket changes. `overdue` is recomputed for `now`
 * (the cached due times do not depend on it).
 */
export function milestonesOf(ticket: Ticket, config: FeedbackConfig, now: number): MilestoneState[] {
  const version = `${ticket.updatedAt}|${ticket.events.length}|${ticket.cause}|${ticket.status}`;
  let hit = cache.get(ticket);
  if (!hit || hit.version !== version) {
    hit = { version, milestones: computeMilestones(ticket, config, now) };
    cache.set(ticket, hit);
  }
  const open = !FINAL_STATUSES.has(ticket.status);
  for (const m of hit.milestones) m.overdue = open && m.metAt === undefined && now > m.dueAt;
  return hit.milestones;
}

export interface QueueRow {
  ticket: Ticket;
  /** Earliest unmet deadline (ms), if any. */
  nextDueAt?: number;
  /** Milestone of that deadline. */
  nextMilestone?: MilestoneState;
  overdue: boolean;
}

export interface QueueResult {
  rows: QueueRow[];
  /** Tickets matching every filter. */
  total: number;
  page: number;
  pages: number;
  /** Tickets per status matching every filter but the status one. */
  counts: Record<Status | 'open' | 'all', number>;
}

/** Where the queue reads tickets from (the tickets repository satisfies it). */
export interface QueueSource {
  /** Every ticket, oldest first. */
  values(): Iterable<Ticket>;
  /** Tickets not closed or invalid, in any order. */
  openTickets(): Iterable<Ticket>;
  /** Tickets per status. */
  statusCounts(): Partial<Record<Status, number>>;
  /** Changes whenever a ticket is added or changed; when given, the open tickets' order is cached. */
  readonly version?: number;
  /**
   * The changes after `version`, oldest first (undefined when too far back): with `orderOf`, a
   * kept scan is updated from them instead of being redone.
   */
  changesSince?(version: number): readonly QueueChange[] | undefined;
  /** A ticket's position in values() order. */
  orderOf?(ticket: Ticket): number;
}

/** A change in a source's feed (the tickets repository's TicketChange). */
export interface QueueChange {
  ticket: Ticket;
  /** The ticket's content before an in-place change; absent for a new ticket. */
  before?: Ticket;
  /** The ticket is gone. */
  removed?: boolean;
}

type Prepared = { ticket: Ticket; nextDueAt?: number; nextMilestone?: MilestoneState };
interface OpenOrder {
  version: number;
  config: FeedbackConfig;
  /** Open tickets with a deadline ahead, by that deadline. */
  due: Prepared[];
  /** Open tickets with nothing due, newest first. */
  none: Prepared[];
  of: Map<Ticket, Prepared>;
  list: Prepared[];
}
const openCache = new WeakMap<QueueSource, OpenOrder>();

/** Open tickets in queue order: by next deadline, then those with nothing due, newest first. */
function preparedOpen(source: QueueSource, config: FeedbackConfig, now: number): Prepared[] {
  const hit = openCache.get(source);
  if (hit && source.version !== undefined && hit.config === config) {
    if (hit.version === source.version) return hit.list;
    // Brought up to date from the source's changes, as the kept scans are (see applyChanges).
    const changes = source.orderOf ? source.changesSince?.(hit.version) : undefined;
    if (changes && changes.length <= MAX_CHANGES_APPLIED) {
      const orderOf = (t: Ticket) => source.orderOf!(t);
      const dueCmp = (a: Prepared, b: Prepared) => byDueAt(a, b) || orderOf(a.ticket) - orderOf(b.ticket);
      const noneCmp = (a: Prepared, b: Prepared) => byNewest(a, b) || orderOf(a.ticket) - orderOf(b.ticket);
      const present = new Map<Ticket, boolean>();
      for (const c of changes) present.set(c.ticket, !c.removed);
      for (const [t, there] of present) {
        const old = hit.of.get(t);
        if (old) {
          const list = old.nextDueAt === undefined ? hit.none : hit.due;
          const cmp = old.nextDueAt === undefined ? noneCmp : dueCmp;
          removeAt(
            list,
            lowerBound(list, (x) => cmp(x, old) < 0),
            (x) => x === old,
          );
          hit.of.delete(t);
        }
        if (!there || FINAL_STATUSES.has(t.status)) continue;
        const row = rowOf(t, config, now);
        const p: Prepared = { ticket: t, nextDueAt: row.nextDueAt, nextMilestone: row.nextMilestone };
        const list = p.nextDueAt === undefined ? hit.none : hit.due;
        const cmp = p.nextDueAt === undefined ? noneCmp : dueCmp;
        list.splice(
          lowerBound(list, (x) => cmp(x, p) < 0),
          0,
          p,
        );
        hit.of.set(t, p);
      }
      hit.version = source.version;
      hit.list = hit.due.concat(hit.none);
      return hit.list;
    }
  }
  const due: Prepared[] = [];
  const none: Prepared[] = [];
  const of = new Map<Ticket, Prepared>();
  for (const t of source.openTickets()) {
    const row = rowOf(t, config, now);
    const p = { ticket: t, nextDueAt: row.nextDueAt, nextMilestone: row.nextMilestone };
    (row.nextDueAt === undefined ? none : due).push(p);
    of.set(t, p);
  }
  // Ties (same deadline, same creation time) in the source's order, as the kept order's insertions put them.
  const orderOf = source.orderOf ? (t: Ticket) => source.orderOf!(t) : () => 0;
  due.sort((a, b) => byDueAt(a, b) || orderOf(a.ticket) - orderOf(b.ticket));
  none.sort((a, b) => byNewest(a, b) || orderOf(a.ticket) - orderOf(b.ticket));
  const list = due.concat(none);
  if (source.version !== undefined) openCache.set(source, { version: source.version, config, due, none, of, list });
  return list;
}

const byNewest = (a: Prepared, b: Prepared) => byOldest(b.ticket, a.ticket);

/**
 * Filters, counts and orders tickets: open ones by their next deadline (soonest, i.e. most
 * overdue, first), then those with nothing due, newest first. The default view (open tickets,
 * no other filter but "overdue") reads only the open tickets and the stored counts, so it does
 * not grow with years of closed tickets; any other filter scans everything.
 */
export function queryQueue(
  source: QueueSource,
  f: QueueFilter,
  config: FeedbackConfig,
  now: number,
  viewer?: Pick<SessionUser, 'id' | 'role'>,
): QueueResult {
  // A view is personal: without a viewer it shows nothing.
  const seen = (t: Ticket) =>
    !f.view || (!!viewer && inView(t, f.view, viewer, config, () => rowOf(t, config, now).overdue));
  const counts = Object.fromEntries([...STATUSES, 'open', 'all'].map((s) => [s, 0])) as QueueResult['counts'];
  const due: QueueRow[] = [];
  const done: Ticket[] = [];
  const assignee = f.assignee?.toLowerCase();
  const narrowed =
    f.kind || f.channel || f.category || f.floor || f.tenant || f.department || assignee || f.assigneeId || f.urgent;
  const openOnly = !narrowed && f.status !== 'all' && !FINAL_STATUSES.has(f.status);
  if (openOnly) {
    if (!f.overdue && !f.view) {
      const stored = source.statusCounts();
      for (const s of FINAL_STATUSES) {
        counts[s as Status] = stored[s as Status] ?? 0;
        counts.all += counts[s as Status];
      }
    }
    const selected: Prepared[] = [];
    for (const p of preparedOpen(source, config, now)) {
      if (f.overdue && !(p.nextDueAt !== undefined && now > p.nextDueAt)) continue;
      if (!seen(p.ticket)) continue;
      counts[p.ticket.status]++;
      counts.open++;
      counts.all++;
      if (f.status === 'open' || p.ticket.status === f.status) selected.push(p);
    }
    const pages = Math.max(1, Math.ceil(selected.length / PAGE_SIZE));
    const page = Math.min(f.page, pages);
    const rows = (sortRows(selected, f) ?? selected)
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((p) => ({ ...p, overdue: p.nextDueAt !== undefined && now > p.nextDueAt }));
    return { rows, total: selected.length, page, pages, counts };
  }
  // A full scan is kept per filter and viewer, and updated from the source's changes after a write.
  const scanKey =
    f.overdue || source.version === undefined
      ? undefined
      : `${viewer?.id ?? ''}|${viewer?.role ?? ''}|${filterQuery({ ...f, page: 1 })}`;
  const matches = (t: Ticket) =>
    (!f.kind || t.kind === f.kind) &&
    (!f.channel || channelOf(t) === f.channel) &&
    (!f.category || t.category === f.category) &&
    (!f.floor || t.floor === f.floor) &&
    (!f.tenant || t.tenant === f.tenant) &&
    (!f.department || t.department === f.department) &&
    (!assignee || !!t.assignee?.toLowerCase().includes(assignee)) &&
    (!f.assigneeId || t.assigneeId === f.assigneeId) &&
    (!f.urgent || t.urgency === 'urgent') &&
    seen(t);
  const wanted = (t: Ticket) => {
    const open = !FINAL_STATUSES.has(t.status);
    return f.status === 'all' || (f.status === 'open' ? open : t.status === f.status);
  };
  const kept = scanKey ? scanCache.get(source) : undefined;
  let scan = scanKey ? kept?.get(scanKey) : undefined;
  if (scan && scan.config !== config) scan = undefined;
  if (scan && scan.version !== source.version) {
    // The overdue view depends on the clock, not only on the tickets: never carried forward.
    const changes = f.view === 'overdue' || !source.orderOf ? undefined : source.changesSince?.(scan.version);
    if (changes && changes.length <= MAX_CHANGES_APPLIED) {
      applyChanges(scan, changes, matches, wanted, (t) => source.orderOf!(t), config, now);
      scan.version = source.version!;
    } else scan = undefined;
  }
  if (scan) {
    // Most recently used last (the least recently used is dropped first).
    kept!.delete(scanKey!);
    kept!.set(scanKey!, scan);
    return sortedPage(scan.due, scan.done, scan.counts, f, config, now);
  }
  const dueOf = new Map<Ticket, QueueRow>();
  // The source is oldest first as a rule (the repository's days in order): `done` is sorted only
  // when a ticket came out of order (checked here, while the ticket is at hand).
  let doneInOrder = true;
  for (const t of source.values()) {
    if (!matches(t)) continue;
    const open = !FINAL_STATUSES.has(t.status);
    let row: QueueRow | undefined;
    if (open) {
      row = rowOf(t, config, now);
      if (f.overdue && !row.overdue) continue;
    } else if (f.overdue) continue;
    counts[t.status]++;
    counts.all++;
    if (open) counts.open++;
    if (!wanted(t)) continue;
    if (row?.nextDueAt !== undefined) {
      due.push(row);
      dueOf.set(t, row);
    } else {
      if (doneInOrder && done.length && byOldest(done[done.length - 1], t) > 0) doneInOrder = false;
      done.push(t);
    }
  }
  // Total orders (ties by number), as the kept scans' insertions keep them.
  due.sort(byDueAt);
  if (!doneInOrder) done.sort(byOldest);
  if (scanKey) {
    const map = kept ?? new Map<string, Scan>();
    map.delete(scanKey);
    map.set(scanKey, { version: source.version!, config, due, dueOf, done, counts });
    while (map.size > SCANS_KEPT) map.delete(map.keys().next().value!);
    scanCache.set(source, map);
  }
  return sortedPage(due, done, counts, f, config, now);
}

/** A page of the scanned rows, in deadline order or ordered by the filter's column. */
function sortedPage(
  due: QueueRow[],
  done: Ticket[],
  counts: QueueResult['counts'],
  f: QueueFilter,
  config: FeedbackConfig,
  now: number,
): QueueResult {
  if (!f.sort) return pageOf(due, done, counts, f.page, config, now);
  const all = [...due, ...done.map((t) => rowOf(t, config, now))];
  return pageOf(sortRows(all, f)!, [], counts, f.page, config, now);
}

/** Filtered scans kept per source (each is brought up to date when it is next read). */
const SCANS_KEPT = 8;
/** Beyond this many changes since a kept scan, scanning afresh is as cheap. */
const MAX_CHANGES_APPLIED = 2000;

interface Scan {
  version: number;
  config: FeedbackConfig;
  /** Wanted tickets with a deadline ahead, by that deadline. */
  due: QueueRow[];
  dueOf: Map<Ticket, QueueRow>;
  /** The other wanted tickets, oldest first (byOldest). */
  done: Ticket[];
  counts: QueueResult['counts'];
}

const scanCache = new WeakMap<QueueSource, Map<string, Scan>>();

/** Oldest first: by creation time, then by number (a total order, the same in every store). */
const byOldest = (a: Ticket, b: Ticket) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.no < b.no ? -1 : a.no > b.no ? 1 : 0;

const byDueAt = (a: Prepared, b: Prepared) => a.nextDueAt! - b.nextDueAt! || byOldest(a.ticket, b.ticket);

/**
 * Brings a kept scan up to date: each changed ticket's contribution as the scan saw it (its
 * content before its first change since) is taken out, and its contribution now is put in, at
 * its place in the ordered lists (binary search), exactly where a new scan would put it.
 */
function applyChanges(
  scan: Scan,
  changes: readonly QueueChange[],
  matches: (t: Ticket) => boolean,
  wanted: (t: Ticket) => boolean,
  orderOf: (t: Ticket) => number,
  config: FeedbackConfig,
  now: number,
) {
  // Per ticket: how the scan saw it (null: not there yet), and whether it is there now.
  const seenAs = new Map<Ticket, Ticket | null>();
  const present = new Map<Ticket, boolean>();
  for (const c of changes) {
    if (!seenAs.has(c.ticket)) seenAs.set(c.ticket, c.before ?? (c.removed ? c.ticket : null));
    present.set(c.ticket, !c.removed);
  }
  const dueCmp = (a: QueueRow, b: QueueRow) => byDueAt(a, b) || orderOf(a.ticket) - orderOf(b.ticket);
  const { counts } = scan;
  for (const [t, old] of seenAs) {
    if (old && matches(old)) {
      counts[old.status]--;
      counts.all--;
      if (!FINAL_STATUSES.has(old.status)) counts.open--;
      if (wanted(old)) {
        const row = scan.dueOf.get(t);
        if (row) {
          removeAt(
            scan.due,
            lowerBound(scan.due, (x) => dueCmp(x, row) < 0),
            (x) => x === row,
          );
          scan.dueOf.delete(t);
        } else {
          removeAt(
            scan.done,
            lowerBound(scan.done, (x) => byOldest(x, old) < 0),
            (x) => x === t,
          );
        }
      }
    }
    if (!present.get(t) || !matches(t)) continue;
    const open = !FINAL_STATUSES.has(t.status);
    counts[t.status]++;
    counts.all++;
    if (open) counts.open++;
    if (!wanted(t)) continue;
    const row = open ? rowOf(t, config, now) : undefined;
    if (row?.nextDueAt !== undefined) {
      scan.due.splice(
        lowerBound(scan.due, (x) => dueCmp(x, row) < 0),
        0,
        row,
      );
      scan.dueOf.set(t, row);
    } else {
      scan.done.splice(
        lowerBound(scan.done, (x) => byOldest(x, t) < 0),
        0,
        t,
      );
    }
  }
}

/** First index whose item is not `before` (the list is ordered so that `before` holds for a prefix). */
function lowerBound<T>(list: T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Removes the item at `from` or, should the order have been broken, wherever it is. */
function removeAt<T>(list: T[], from: number, isIt: (item: T) => boolean) {
  const i = from < list.length && isIt(list[from]) ? from : list.findIndex(isIt);
  if (i >= 0) list.splice(i, 1);
}

function pageOf(
  due: QueueRow[],
  done: Ticket[],
  counts: QueueResult['counts'],
  wanted: number,
  config: FeedbackConfig,
  now: number,
): QueueResult {
  const total = due.length + done.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(wanted, pages);
  const start = (page - 1) * PAGE_SIZE;
  const rows: QueueRow[] = [];
  for (let i = start; i < Math.min(total, start + PAGE_SIZE); i++) {
    // Those with nothing due follow, newest first (the scan is oldest first).
    const row = i < due.length ? due[i] : rowOf(done[done.length - 1 - (i - due.length)], config, now);
    rows.push({ ...row, overdue: row.nextDueAt !== undefined && now > row.nextDueAt });
  }
  return { rows, total, page, pages, counts };
}

function rowOf(t: Ticket, config: FeedbackConfig, now: number): QueueRow {
  if (FINAL_STATUSES.has(t.status)) return { ticket: t, overdue: false };
  let next: MilestoneState | undefined;
  for (const m of milestonesOf(t, config, now)) if (m.metAt === undefined && (!next || m.dueAt < next.dueAt)) next = m;
  return { ticket: t, nextDueAt: next?.dueAt, nextMilestone: next, overdue: !!next && now > next.dueAt };
}

/** Query string of filters (for pagination links), without empty values. */
export function filterQuery(f: QueueFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, page: page ?? f.page })) {
    if (v === undefined || (k === 'page' && v === 1) || (k === 'status' && v === 'open')) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export { URGENCIES };
