/**
 * The staff queue: filtering, counting and ordering tickets by their next deadline. Pure over
 * an iterable of tickets (the store's memory), with milestones cached per ticket version so a
 * page over 200,000 tickets stays fast.
 */
import { z } from 'astro/zod';
import type { FeedbackConfig } from './feedback';
import { CHANNELS, channelOf, KINDS, STATUSES, URGENCIES, type Status, type Ticket } from './schema';
import { computeMilestones, FINAL_STATUSES, type MilestoneState } from './sla';
import { inView, VIEWS } from './workbench';
import type { SessionUser } from '../auth/roles';

/** Rows per page. */
export const PAGE_SIZE = 50;

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
  /** A personal view: mine, unassigned, escalated to me, overdue (open tickets only). */
  view: z.enum(VIEWS).optional().catch(undefined),
  /** Only tickets with a deadline passed. */
  overdue: z.literal('1').optional().catch(undefined),
  /** Only urgent (紧急) tickets. */
  urgent: z.literal('1').optional().catch(undefined),
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
}

type Prepared = { ticket: Ticket; nextDueAt?: number; nextMilestone?: MilestoneState };
const openCache = new WeakMap<QueueSource, { version: number; list: Prepared[] }>();

/** Open tickets in queue order: by next deadline, then those with nothing due, newest first. */
function preparedOpen(source: QueueSource, config: FeedbackConfig, now: number): Prepared[] {
  const hit = openCache.get(source);
  if (hit && source.version !== undefined && hit.version === source.version) return hit.list;
  const due: Prepared[] = [];
  const none: Prepared[] = [];
  for (const t of source.openTickets()) {
    const row = rowOf(t, config, now);
    (row.nextDueAt === undefined ? none : due).push({
      ticket: t,
      nextDueAt: row.nextDueAt,
      nextMilestone: row.nextMilestone,
    });
  }
  due.sort((a, b) => a.nextDueAt! - b.nextDueAt! || (a.ticket.createdAt < b.ticket.createdAt ? -1 : 1));
  none.sort((a, b) => (a.ticket.createdAt > b.ticket.createdAt ? -1 : a.ticket.createdAt < b.ticket.createdAt ? 1 : 0));
  const list = [...due, ...none];
  if (source.version !== undefined) openCache.set(source, { version: source.version, list });
  return list;
}

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
  const narrowed = f.kind || f.channel || f.category || f.floor || f.tenant || f.department || assignee || f.urgent;
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
    const rows = selected
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((p) => ({ ...p, overdue: p.nextDueAt !== undefined && now > p.nextDueAt }));
    return { rows, total: selected.length, page, pages, counts };
  }
  // A full scan is remembered until the store changes (paging through the same filter is then instant).
  const scanKey =
    f.overdue || source.version === undefined
      ? undefined
      : `${source.version}|${viewer?.id ?? ''}|${filterQuery({ ...f, page: 1 })}`;
  const scanned = scanKey ? scanCache.get(source)?.get(scanKey) : undefined;
  if (scanned) return pageOf(scanned.due, scanned.done, scanned.counts, f.page, config, now);
  for (const t of source.values()) {
    if (f.kind && t.kind !== f.kind) continue;
    if (f.channel && channelOf(t) !== f.channel) continue;
    if (f.category && t.category !== f.category) continue;
    if (f.floor && t.floor !== f.floor) continue;
    if (f.tenant && t.tenant !== f.tenant) continue;
    if (f.department && t.department !== f.department) continue;
    if (assignee && !t.assignee?.toLowerCase().includes(assignee)) continue;
    if (f.urgent && t.urgency !== 'urgent') continue;
    if (!seen(t)) continue;
    const open = !FINAL_STATUSES.has(t.status);
    let row: QueueRow | undefined;
    if (open) {
      row = rowOf(t, config, now);
      if (f.overdue && !row.overdue) continue;
    } else if (f.overdue) continue;
    counts[t.status]++;
    counts.all++;
    if (open) counts.open++;
    const wanted = f.status === 'all' || (f.status === 'open' ? open : t.status === f.status);
    if (!wanted) continue;
    if (row?.nextDueAt !== undefined) due.push(row);
    else done.push(t);
  }
  due.sort((a, b) => a.nextDueAt! - b.nextDueAt! || (a.ticket.createdAt < b.ticket.createdAt ? -1 : 1));
  if (scanKey) {
    // One remembered scan per source: the next change of the store makes it useless anyway.
    scanCache.set(source, new Map([[scanKey, { due, done, counts }]]));
  }
  return pageOf(due, done, counts, f.page, config, now);
}

const scanCache = new WeakMap<
  QueueSource,
  Map<string, { due: QueueRow[]; done: Ticket[]; counts: QueueResult['counts'] }>
>();

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
