/**
 * The head office's month (集团客服, issue #17): every mall's figures side by side and a chain
 * total. Each mall's row is read off `monthlyReport`, the very function behind the mall's own
 * report, so a row can never disagree with what the mall sees; the total adds the malls' counts
 * and recomputes every rate from the summed numerators and denominators (never an average of
 * rates, which would weigh a mall of 10 tickets like one of 10,000). Pure.
 */
import type { FeedbackConfig } from '../feedback/feedback';
import { milestonesOf } from '../feedback/queue';
import {
  isMajorComplaint,
  reportFromTally,
  tallyTickets,
  type MonthlyReport,
  type OnTime,
  type ReportTally,
} from '../feedback/reports';
import { CHANNELS, KINDS, MILESTONES, type Channel, type Kind, type Milestone, type Ticket } from '../feedback/schema';

const SCORES = [1, 2, 3, 4, 5] as const;
type Score = (typeof SCORES)[number];

/** Follow-ups scored in one round (round 1 = before any reopen). */
export interface RoundFigures {
  /** Follow-ups with a score. */
  count: number;
  /** Sum of the scores (an integer, so chain averages are exact). */
  sum: number;
  /** sum / count, or undefined when nobody was scored. */
  average?: number;
}

/** One mall's month, or the chain's (the total row). */
export interface HqRow {
  /** Mall id; undefined on the chain total. */
  mallId?: string;
  /** Tickets received in the month. */
  total: number;
  byChannel: Record<Channel, number>;
  byKind: Record<Kind, number>;
  /** First-round on-time figures per deadline, as the mall report counts them. */
  onTime: Record<Milestone, OnTime>;
  /** Every deadline together: Σ on time / Σ decided. */
  onTimeAll: OnTime;
  /** Satisfaction per round, index 0 = round 1. */
  rounds: RoundFigures[];
  /** Tickets reopened at least once. */
  reopened: number;
  /** Escalations, reopens included. */
  escalations: number;
  /** Escalations by the ladder level reached. */
  escalationsByLevel: Record<number, number>;
  /** Major complaints (see `isMajorComplaint`). */
  major: number;
  /** Tickets of the month still open with a deadline passed and not met, at `now`. */
  overdueNow: number;
}

export interface HqSummary {
  month: string;
  /** One row per mall, in the order given. */
  malls: HqRow[];
  /** The chain: counts are the sums of the malls' rows, rates recomputed from them. */
  total: HqRow;
  /** Escalation levels present in any row, ascending (the table's columns). */
  levels: number[];
  /** Number of satisfaction rounds present in any row (at least 1). */
  roundCount: number;
}

export { isMajorComplaint };

const rate = (o: { decided: number; onTime: number }): OnTime =>
  o.decided ? { ...o, rate: o.onTime / o.decided } : { decided: o.decided, onTime: o.onTime };

const roundOf = (count: number, sum: number): RoundFigures =>
  count ? { count, sum, average: sum / count } : { count, sum };

/** A mall's row from its own monthly report, plus what the report does not count. */
export function rowOf(mallId: string, report: MonthlyReport, extra: { major: number; overdueNow: number }): HqRow {
  const decided = MILESTONES.reduce((n, m) => n + report.onTime[m].decided, 0);
  const onTime = MILESTONES.reduce((n, m) => n + report.onTime[m].onTime, 0);
  return {
    mallId,
    total: report.total,
    byChannel: { ...report.byChannel },
    byKind: { ...report.byKind },
    onTime: Object.fromEntries(MILESTONES.map((m) => [m, rate(report.onTime[m])])) as Record<Milestone, OnTime>,
    onTimeAll: rate({ decided, onTime }),
    rounds: report.rounds.map((r) =>
      roundOf(
        r.count,
        SCORES.reduce((s, score) => s + score * r.distribution[score as Score], 0),
      ),
    ),
    reopened: report.reopened,
    escalations: report.escalations,
    escalationsByLevel: { ...report.escalationsByLevel },
    major: extra.major,
    overdueNow: extra.overdueNow,
  };
}

/** The chain total of some rows: counts summed, rates recomputed. */
export function totalOf(rows: readonly HqRow[]): HqRow {
  const sum = (f: (r: HqRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const levels: Record<number, number> = {};
  for (const r of rows)
    for (const [level, n] of Object.entries(r.escalationsByLevel)) levels[+level] = (levels[+level] ?? 0) + n;
  const roundCount = Math.max(0, ...rows.map((r) => r.rounds.length));
  return {
    total: sum((r) => r.total),
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, sum((r) => r.byChannel[c])])) as Record<Channel, number>,
    byKind: Object.fromEntries(KINDS.map((k) => [k, sum((r) => r.byKind[k])])) as Record<Kind, number>,
    onTime: Object.fromEntries(
      MILESTONES.map((m) => [
        m,
        rate({ decided: sum((r) => r.onTime[m].decided), onTime: sum((r) => r.onTime[m].onTime) }),
      ]),
    ) as Record<Milestone, OnTime>,
    onTimeAll: rate({ decided: sum((r) => r.onTimeAll.decided), onTime: sum((r) => r.onTimeAll.onTime) }),
    rounds: Array.from({ length: roundCount }, (_, i) =>
      roundOf(
        sum((r) => r.rounds[i]?.count ?? 0),
        sum((r) => r.rounds[i]?.sum ?? 0),
      ),
    ),
    reopened: sum((r) => r.reopened),
    escalations: sum((r) => r.escalations),
    escalationsByLevel: levels,
    major: sum((r) => r.major),
    overdueNow: sum((r) => r.overdueNow),
  };
}

/** Whether a ticket is open with a deadline passed and not met at `now`. */
export function isOverdueNow(t: Ticket, config: FeedbackConfig, now: number): boolean {
  return milestonesOf(t, config, now).some((m) => m.overdue);
}

/** The head office's month: one row per mall (in the map's order) and the chain total. */
export function hqSummary(
  byMall: ReadonlyMap<string, Iterable<Ticket>>,
  month: string,
  config: FeedbackConfig,
  now: number,
): HqSummary {
  const tallies = new Map<string, ReportTally>();
  for (const [mallId, tickets] of byMall) tallies.set(mallId, tallyTickets(tickets, month, config, now));
  return hqSummaryOf(tallies, month, config);
}

/**
 * The head office's month from each mall's tally (`tallyTickets`, or the store's own count in
 * SQL): one row per mall (in the map's order) and the chain total.
 */
export function hqSummaryOf(
  tallies: ReadonlyMap<string, ReportTally>,
  month: string,
  config: FeedbackConfig,
): HqSummary {
  const malls: HqRow[] = [];
  for (const [mallId, tally] of tallies)
    malls.push(
      rowOf(mallId, reportFromTally(tally, month, config), { major: tally.major, overdueNow: tally.overdueNow }),
    );
  const total = totalOf(malls);
  const levels = Object.keys(total.escalationsByLevel)
    .map(Number)
    .sort((a, b) => a - b);
  return { month, malls, total, levels, roundCount: Math.max(1, total.rounds.length) };
}

// ---------------------------------------------------------------- columns and sorting

/**
 * The table's sortable columns, as `?sort=` accepts them: `mall`, `total`, `channel.<id>`,
 * `kind.<id>`, `onTime.<milestone>`, `onTime.all`, `round.<n>`, `reopened`, `escalations`,
 * `level.<n>`, `major`, `overdue`.
 */
export function columnValue(row: HqRow, column: string): number | string | undefined {
  const [head, arg] = column.split('.', 2) as [string, string | undefined];
  switch (head) {
    case 'mall':
      return row.mallId;
    case 'total':
      return row.total;
    case 'channel':
      return (CHANNELS as readonly string[]).includes(arg!) ? row.byChannel[arg as Channel] : undefined;
    case 'kind':
      return (KINDS as readonly string[]).includes(arg!) ? row.byKind[arg as Kind] : undefined;
    case 'onTime':
      return arg === 'all'
        ? row.onTimeAll.rate
        : (MILESTONES as readonly string[]).includes(arg!)
          ? row.onTime[arg as Milestone].rate
          : undefined;
    case 'round':
      return row.rounds[Number(arg) - 1]?.average;
    case 'reopened':
      return row.reopened;
    case 'escalations':
      return row.escalations;
    case 'level':
      return row.escalationsByLevel[Number(arg)] ?? 0;
    case 'major':
      return row.major;
    case 'overdue':
      return row.overdueNow;
    default:
      return undefined;
  }
}

const COLUMN = new RegExp(
  `^(mall|total|reopened|escalations|major|overdue|onTime\\.(all|${MILESTONES.join('|')})|channel\\.(${CHANNELS.join('|')})|kind\\.(${KINDS.join('|')})|round\\.[1-9]\\d?|level\\.\\d{1,2})$`,
);

/** Whether `column` names a column `columnValue` knows. */
export const isColumn = (column: string): boolean => COLUMN.test(column);

/**
 * Rows ordered by a column, `asc` or `desc`; rows without a value (no rate yet) always last,
 * ties by mall id so the order is stable.
 */
export function sortRows(rows: readonly HqRow[], column: string, dir: 'asc' | 'desc'): HqRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = columnValue(a, column);
    const y = columnValue(b, column);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
    } else if (x !== y) {
      return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
    }
    return (a.mallId ?? '').localeCompare(b.mallId ?? '');
  });
}

/**
 * Mall ids with the lowest rate of a column among the malls that have one (several when tied),
 * only when the malls differ: with one mall, or all equal, nobody is "the worst".
 */
export function worstOf(rows: readonly HqRow[], column: string): Set<string> {
  const rated = rows.flatMap((r) => {
    const v = columnValue(r, column);
    return typeof v === 'number' && r.mallId ? [{ id: r.mallId, v }] : [];
  });
  if (rated.length < 2) return new Set();
  const min = Math.min(...rated.map((r) => r.v));
  if (rated.every((r) => r.v === min)) return new Set();
  return new Set(rated.filter((r) => r.v === min).map((r) => r.id));
}
