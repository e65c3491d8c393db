/**
 * The desk's printed lists (complaints-8.2, 8.5): the daily summary (日汇总: what came in today,
 * what is open, what is overdue) handed to the person in charge of the shift, and the monthly
 * review list (cases closed last month, reviewed before the 10th to settle responsibility). Pure:
 * the tickets and `now` are arguments.
 */
import { z } from 'astro/zod';
import type { FeedbackConfig } from './feedback';
import { SANE_YEAR_PREFIX } from '../input/hygiene';
import { milestonesOf } from './queue';
import {
  CHANNELS,
  KINDS,
  type Channel,
  type Kind,
  type Milestone,
  type Status,
  type Ticket,
  channelOf,
} from './schema';
import { computeRounds, FINAL_STATUSES, finishedAtOf, type MilestoneState } from './sla';
import { localDay, localTime } from '../time/mall-time';

/** A mall-local day, `YYYY-MM-DD` (the daily summary's `?day=`). */
export const daySchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  .regex(SANE_YEAR_PREFIX)
  // A day that does not exist (30 February) is refused, not rolled over.
  .refine((d) => {
    // Refinements run even after a failed regex: whatever the text, never throw here.
    const ms = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(d);
  }, 'no such day');

/** The local time each day's results are handed in by (`sla.reports.dailyBy`, complaints-3.7), as hour and minute. */
export function dailyReadyBy(config: Pick<FeedbackConfig, 'sla'>): { hour: number; minute: number; text: string } {
  const text = config.sla.reports.dailyBy;
  const [hour, minute] = text.split(':').map(Number);
  return { hour, minute, text };
}

/** One open ticket on the summary. */
export interface SummaryRow {
  ticket: Ticket;
  /** The earliest unmet deadline, if any. */
  next?: MilestoneState;
  overdue: boolean;
}

export interface DailySummary {
  /** Mall-local day `YYYY-MM-DD`. */
  day: string;
  /** When it was made (ms). */
  generatedAt: number;
  /** Whether it was made before the hand-over time of its day (always false for a past day). */
  beforeReadyBy: boolean;
  /** Tickets received that day, oldest first. */
  received: Ticket[];
  receivedByKind: Record<Kind, number>;
  receivedByChannel: Record<Channel, number>;
  /** Tickets that reached a final status (closed, invalid) that day. */
  finished: number;
  /** Tickets open now, by status. */
  openByStatus: Partial<Record<Status, number>>;
  /** Open tickets now, soonest deadline first (those with nothing due last). */
  open: SummaryRow[];
  /** The open tickets with a deadline passed, most overdue first. */
  overdue: SummaryRow[];
}

function rowOf(t: Ticket, config: FeedbackConfig, now: number): SummaryRow {
  let next: MilestoneState | undefined;
  for (const m of milestonesOf(t, config, now)) if (m.metAt === undefined && (!next || m.dueAt < next.dueAt)) next = m;
  return { ticket: t, next, overdue: !!next && now > next.dueAt };
}

const byDue = (a: SummaryRow, b: SummaryRow) =>
  (a.next?.dueAt ?? Infinity) - (b.next?.dueAt ?? Infinity) || a.ticket.no.localeCompare(b.ticket.no);

/**
 * The daily summary of `day` (the mall-local day of `now` when not given): `received` are that
 * day's tickets (any status now), `open` the tickets open at `now`, `finished` those finished
 * that day (whenever received; tickets of the other lists finished that day count too).
 */
export function dailySummary(
  received: Iterable<Ticket>,
  open: Iterable<Ticket>,
  config: FeedbackConfig,
  now: number,
  day = localDay(now, config.timeZone),
  finished: Iterable<Ticket> = [],
): DailySummary {
  const [y, mo, d] = day.split('-').map(Number);
  const { hour, minute } = dailyReadyBy(config);
  const readyBy = localTime(config.timeZone, y, mo, d, hour, minute);
  const s: DailySummary = {
    day,
    generatedAt: now,
    beforeReadyBy: now <= readyBy,
    received: [],
    receivedByKind: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>,
    receivedByChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>,
    finished: 0,
    openByStatus: {},
    open: [],
    overdue: [],
  };
  for (const t of received) {
    if (t.day !== day) continue;
    s.received.push(t);
    s.receivedByKind[t.kind]++;
    s.receivedByChannel[channelOf(t)]++;
  }
  s.received.sort((a, b) => a.seq - b.seq);
  const seen = new Set<string>();
  for (const t of [...s.received, ...open, ...finished]) {
    if (seen.has(t.no)) continue;
    seen.add(t.no);
    if (FINAL_STATUSES.has(t.status)) {
      const at = finishedAtOf(t);
      if (at && localDay(Date.parse(at), config.timeZone) === day) s.finished++;
      continue;
    }
    s.openByStatus[t.status] = (s.openByStatus[t.status] ?? 0) + 1;
    const row = rowOf(t, config, now);
    s.open.push(row);
    if (row.overdue) s.overdue.push(row);
  }
  s.open.sort(byDue);
  s.overdue.sort(byDue);
  return s;
}

/** One case on the monthly review list. */
export interface ReviewRow {
  ticket: Ticket;
  /** When it was closed or found invalid, finally (ms). */
  finishedAt: number;
  /** Rounds (1 + reopens). */
  rounds: number;
  /** Deadlines missed in any round, in order: each a candidate for an inquiry slip (洽办单, complaints-7.2). */
  missed: { milestone: Milestone; rule: string; dueAt: number; metAt?: number; round: number }[];
  /** Every follow-up score, in order (none hidden by a later one). */
  scores: number[];
  /** Highest ladder level reached. */
  level: number;
}

export interface ReviewList {
  /** The month reviewed (`YYYY-MM`). */
  month: string;
  /** The local date the review is due by (`YYYY-MM-DD`, the 10th of the next month). */
  dueBy: string;
  rows: ReviewRow[];
  /** Rows with a missed deadline. */
  late: number;
}

/**
 * Cases finished (closed, or found invalid) in `month`, mall-local, oldest first, with what the
 * review needs to settle responsibility (complaints-8.2): the deadlines missed in every round,
 * the scores, the level reached.
 */
export function monthlyReviewList(
  tickets: Iterable<Ticket>,
  month: string,
  config: FeedbackConfig,
  now: number,
): ReviewList {
  const [y, m] = month.split('-').map(Number);
  const next = new Date(Date.UTC(y, m, config.sla.reports.reviewBy)).toISOString().slice(0, 10);
  const rows: ReviewRow[] = [];
  for (const t of tickets) {
    if (!FINAL_STATUSES.has(t.status)) continue;
    const last = t.events.findLast((e) => e.type === 'transition' && e.to === t.status);
    if (!last || localDay(Date.parse(last.at), config.timeZone).slice(0, 7) !== month) continue;
    const rounds = computeRounds(t, config, now);
    const missed: ReviewRow['missed'] = [];
    rounds.forEach((ms, i) => {
      for (const x of ms) {
        const late = x.metAt !== undefined ? x.metAt > x.dueAt : x.dueAt < Date.parse(last.at);
        if (late)
          missed.push({
            milestone: x.milestone,
            rule: x.rule.id,
            dueAt: x.dueAt,
            ...(x.metAt !== undefined ? { metAt: x.metAt } : {}),
            round: i + 1,
          });
      }
    });
    const scores = t.events.flatMap((e) =>
      e.type === 'transition' && e.action === 'followUp' && e.satisfaction !== undefined ? [e.satisfaction] : [],
    );
    const level = t.events.reduce((l, e) => (e.level !== undefined && e.level > l ? e.level : l), t.level);
    rows.push({ ticket: t, finishedAt: Date.parse(last.at), rounds: rounds.length, missed, scores, level });
  }
  rows.sort((a, b) => a.finishedAt - b.finishedAt || a.ticket.no.localeCompare(b.ticket.no));
  return { month, dueBy: next, rows, late: rows.filter((r) => r.missed.length).length };
}
