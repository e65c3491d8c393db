/**
 * The monthly feedback report (complaints-8.1, 7.4): counts by kind, category, place and
 * department, on-time rates per deadline, satisfaction, validity, repeats, reminders and
 * escalations; and the month's tickets as CSV for Excel. Pure.
 */
import { z } from 'astro/zod';
import { translator } from '../i18n/dict';
import type { FeedbackConfig } from './feedback';
import { toCsv } from '../csv/csv';
import { SANE_YEAR_PREFIX } from '../input/hygiene';
import { milestonesOf } from './queue';
import { computeRounds, FINAL_STATUSES, type MilestoneState } from './sla';
import {
  CHANNELS,
  channelOf,
  KINDS,
  MILESTONES,
  type Channel,
  type Kind,
  type Milestone,
  type SlipKind,
  type Ticket,
} from './schema';

const zh = translator('zh-CN');

/** `YYYY-MM`. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .regex(SANE_YEAR_PREFIX);

export interface OnTime {
  /** Milestones decided: reached, or past their deadline. */
  decided: number;
  /** Reached by the deadline. */
  onTime: number;
  /** onTime / decided, or undefined when nothing was decided. */
  rate?: number;
}

export interface MonthlyReport {
  month: string;
  total: number;
  byKind: Record<Kind, number>;
  byCategory: Record<string, number>;
  byFloor: Record<string, number>;
  byTenant: Record<string, number>;
  byDepartment: Record<string, number>;
  byKiosk: Record<string, number>;
  /** Tickets per channel (kiosk, desk, phone, letter, online, suggestion box). */
  byChannel: Record<Channel, number>;
  byStatus: Record<string, number>;
  onTime: Record<Milestone, OnTime>;
  satisfaction: { count: number; average?: number; distribution: Record<1 | 2 | 3 | 4 | 5, number> };
  /** Complaints judged valid (not invalid) and invalid. */
  validity: { valid: number; invalid: number };
  /** Tickets linked as possible repeats, and phones that sent more than one ticket this month. */
  repeats: { linked: number; repeatComplainants: number };
  /** Reminders (催办) and escalations recorded on this month's tickets. */
  reminders: number;
  /** Slips issued on this month's tickets: 催办单 and 洽办单 (complaints-8.1 asks for both counts). */
  slips: Record<SlipKind, number>;
  /** Escalations, reopens included (a reopen moves the ticket one step up the ladder). */
  escalations: number;
  /** Escalations by the ladder level reached (1 = second step). */
  escalationsByLevel: Record<number, number>;
  /** Tickets reopened at least once (the shopper was not satisfied). */
  reopened: number;
  /**
   * Satisfaction per round (round 1 = before any reopen): each follow-up's score stays with its
   * round, so an unhappy first call is never hidden by a happy second one.
   */
  rounds: { round: number; tickets: number; count: number; distribution: Record<1 | 2 | 3 | 4 | 5, number> }[];
}

const NONE = '';
const bump = (map: Record<string, number>, key: string | undefined) => {
  map[key ?? NONE] = (map[key ?? NONE] ?? 0) + 1;
};

/**
 * Per milestone, whether it was met in time (true), missed (false), or is undecided (absent).
 * Several limits of one milestone (the 24-hour reply beside a cause's own limit) count once: in
 * time only when every limit was met in time.
 */
export function milestoneVerdicts(milestones: MilestoneState[], now: number): Map<Milestone, boolean> {
  const out = new Map<Milestone, boolean>();
  for (const m of milestones) {
    if (m.metAt === undefined && now <= m.dueAt) continue;
    const inTime = m.metAt !== undefined && m.metAt <= m.dueAt;
    out.set(m.milestone, (out.get(m.milestone) ?? true) && inTime);
  }
  return out;
}

/** The deadlines of a ticket's first round (before any reopen): what on-time figures count. */
function firstRound(t: Ticket, config: FeedbackConfig, now: number): MilestoneState[] {
  const reopened = t.events.some((e) => e.type === 'transition' && e.action === 'reopen');
  return reopened ? computeRounds(t, config, now)[0] : milestonesOf(t, config, now);
}

/** Tickets received in a month (mall-local), oldest first. */
export function* ticketsOfMonth(tickets: Iterable<Ticket>, month: string): Generator<Ticket> {
  for (const t of tickets) if (t.day.startsWith(month)) yield t;
}

/**
 * What one ticket adds to its month's figures beyond its plain fields, none of it depending on
 * the time of asking: deadlines and verdicts come from the ticket's own events, and `now` only
 * decides whether a deadline not met yet has passed. A store may keep this beside each ticket
 * (computed when the ticket is written) and add the month up in the database: `tallyTickets`
 * and such a store must agree (the store contract suite checks it).
 */
export interface ReportFacts {
  /** Reopens (rounds − 1). */
  r: number;
  /**
   * First-round deadlines per milestone: `m` whether every limit met so far was met in time
   * (absent when none is met), `d` the earliest deadline of a limit not met (ms; absent when none).
   */
  ms: Partial<Record<Milestone, { m?: boolean; d?: number }>>;
  /** Scored follow-ups: [round index (0 = before any reopen), score]. */
  sat: [number, number][];
  /** Reminders (催办). */
  rem: number;
  /** Slips issued: [催办单, 洽办单]. */
  slip: [number, number];
  /** Escalations (reopens included): the level each reached, null when none is recorded. */
  esc: (number | null)[];
}

/** A ticket's report facts (see `ReportFacts`); the milestones are computed once, whatever `now`. */
export function reportFactsOf(t: Ticket, config: FeedbackConfig): ReportFacts {
  const facts: ReportFacts = { r: 0, ms: {}, sat: [], rem: 0, slip: [0, 0], esc: [] };
  // Deadlines and met times do not depend on `now` (it only sets the `overdue` flag).
  for (const m of firstRound(t, config, Date.now())) {
    const x = (facts.ms[m.milestone] ??= {});
    if (m.metAt !== undefined) x.m = (x.m ?? true) && m.metAt <= m.dueAt;
    else x.d = Math.min(x.d ?? Infinity, m.dueAt);
  }
  for (const e of t.events) {
    const reopen = e.type === 'transition' && e.action === 'reopen';
    if (reopen) facts.r++;
    if (e.type === 'transition' && e.action === 'followUp' && e.satisfaction !== undefined)
      facts.sat.push([facts.r, e.satisfaction]);
    if (e.type === 'reminder') facts.rem++;
    else if (e.type === 'slip' && e.slip) facts.slip[e.slip.kind === 'reminder' ? 0 : 1]++;
    else if (e.type === 'escalation' || reopen) facts.esc.push(e.level ?? null);
  }
  return facts;
}

/**
 * A month's figures as counts that add up: what `monthlyReport` and the head office's rows are
 * made of. `tallyTickets` counts tickets one by one; a database store counts the same in SQL.
 */
export interface ReportTally {
  total: number;
  /** Tickets per value of a field; '' = no value. */
  byKind: Record<string, number>;
  byCategory: Record<string, number>;
  byFloor: Record<string, number>;
  byTenant: Record<string, number>;
  byDepartment: Record<string, number>;
  byKiosk: Record<string, number>;
  byChannel: Record<string, number>;
  byStatus: Record<string, number>;
  /** First-round milestones decided and met in time at `now`. */
  onTime: Record<Milestone, { decided: number; onTime: number }>;
  /** Tickets by their number of reopens. */
  reopens: Record<string, number>;
  /** Scored follow-ups by `${round index}:${score}`. */
  scores: Record<string, number>;
  validity: { valid: number; invalid: number };
  /** Tickets linked as repeats; phones with more than one ticket in the month. */
  linked: number;
  repeatComplainants: number;
  reminders: number;
  slips: Record<SlipKind, number>;
  /** Escalations by level reached ('' = none recorded). */
  escalations: Record<string, number>;
  /** Major complaints (`isMajorComplaint`). */
  major: number;
  /** Open tickets with a deadline passed and not met at `now`. */
  overdueNow: number;
}

/**
 * A major complaint (重大投诉, complaints-4.3) as tickets record it today: a complaint marked
 * urgent (紧急, complaints-2.4: personal injury or a major loss of property), which this mall
 * reports as major under its own wider rule. The seed's part of the definition (exposed by the
 * media, punished by a government body) has no field on a ticket yet, so it cannot be counted.
 */
export const isMajorComplaint = (t: Pick<Ticket, 'kind' | 'urgency'>): boolean =>
  t.kind === 'complaint' && t.urgency === 'urgent';

/** An empty tally. */
export function emptyTally(): ReportTally {
  return {
    total: 0,
    byKind: {},
    byCategory: {},
    byFloor: {},
    byTenant: {},
    byDepartment: {},
    byKiosk: {},
    byChannel: {},
    byStatus: {},
    onTime: Object.fromEntries(MILESTONES.map((m) => [m, { decided: 0, onTime: 0 }])) as ReportTally['onTime'],
    reopens: {},
    scores: {},
    validity: { valid: 0, invalid: 0 },
    linked: 0,
    repeatComplainants: 0,
    reminders: 0,
    slips: { reminder: 0, inquiry: 0 },
    escalations: {},
    major: 0,
    overdueNow: 0,
  };
}

/** The verdict of one first-round milestone at `now` from its facts (see `milestoneVerdicts`). */
export function factVerdict(x: { m?: boolean; d?: number }, now: number): boolean | undefined {
  const missed = x.d !== undefined && now > x.d;
  if (x.m === undefined && !missed) return undefined;
  return x.m !== false && !missed;
}

/** Counts the tickets received in `month`, one by one. */
export function tallyTickets(
  tickets: Iterable<Ticket>,
  month: string,
  config: FeedbackConfig,
  now: number,
): ReportTally {
  const r = emptyTally();
  const phones = new Map<string, number>();
  for (const t of ticketsOfMonth(tickets, month)) {
    r.total++;
    bump(r.byKind, t.kind);
    bump(r.byCategory, t.category);
    bump(r.byFloor, t.floor);
    bump(r.byTenant, t.tenant);
    bump(r.byDepartment, t.department);
    bump(r.byKiosk, t.kioskId);
    bump(r.byChannel, channelOf(t));
    bump(r.byStatus, t.status);
    const facts = reportFactsOf(t, config);
    for (const m of MILESTONES) {
      const verdict = facts.ms[m] && factVerdict(facts.ms[m], now);
      if (verdict === undefined) continue;
      r.onTime[m].decided++;
      if (verdict) r.onTime[m].onTime++;
    }
    bump(r.reopens, String(facts.r));
    for (const [round, score] of facts.sat) bump(r.scores, `${round}:${score}`);
    if (t.kind === 'complaint') {
      if (t.status === 'invalid' || t.status === 'invalid_follow_up') r.validity.invalid++;
      else r.validity.valid++;
    }
    if (t.repeatOf) r.linked++;
    if (t.phone) phones.set(t.phone, (phones.get(t.phone) ?? 0) + 1);
    r.reminders += facts.rem;
    r.slips.reminder += facts.slip[0];
    r.slips.inquiry += facts.slip[1];
    for (const level of facts.esc) bump(r.escalations, level === null ? undefined : String(level));
    if (isMajorComplaint(t)) r.major++;
    if (!FINAL_STATUSES.has(t.status) && milestonesOf(t, config, now).some((m) => m.overdue)) r.overdueNow++;
  }
  for (const n of phones.values()) if (n > 1) r.repeatComplainants++;
  return r;
}

/** The report from a month's tally (`tallyTickets`, or a store's). */
export function reportFromTally(tally: ReportTally, month: string, config: FeedbackConfig): MonthlyReport {
  const sortedKeys = (m: Record<string, number>) => Object.keys(m).sort();
  const copy = (m: Record<string, number>, seed: readonly string[] = []) => {
    const out: Record<string, number> = Object.fromEntries(seed.map((k) => [k, 0]));
    for (const k of sortedKeys(m)) if (m[k]) out[k] = (out[k] ?? 0) + m[k];
    return out;
  };
  const r: MonthlyReport = {
    month,
    total: tally.total,
    byKind: copy(tally.byKind, KINDS) as Record<Kind, number>,
    byCategory: copy(
      tally.byCategory,
      config.categories.map((c) => c.id),
    ),
    byFloor: copy(tally.byFloor),
    byTenant: copy(tally.byTenant),
    byDepartment: copy(tally.byDepartment),
    byKiosk: copy(tally.byKiosk),
    byChannel: copy(tally.byChannel, CHANNELS) as Record<Channel, number>,
    byStatus: copy(tally.byStatus),
    onTime: Object.fromEntries(
      MILESTONES.map((m) => {
        const { decided, onTime } = tally.onTime[m];
        return [m, decided ? { decided, onTime, rate: onTime / decided } : { decided, onTime }];
      }),
    ) as Record<Milestone, OnTime>,
    satisfaction: { count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
    validity: { ...tally.validity },
    repeats: { linked: tally.linked, repeatComplainants: tally.repeatComplainants },
    reminders: tally.reminders,
    slips: { ...tally.slips },
    escalations: 0,
    escalationsByLevel: {},
    reopened: 0,
    rounds: [],
  };
  const round = (i: number) =>
    (r.rounds[i] ??= { round: i + 1, tickets: 0, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  for (const [reopens, n] of Object.entries(tally.reopens)) {
    if (!n) continue;
    if (+reopens > 0) r.reopened += n;
    for (let i = 0; i <= +reopens; i++) round(i).tickets += n;
  }
  let satisfactionSum = 0;
  for (const key of sortedKeys(tally.scores)) {
    const n = tally.scores[key];
    if (!n) continue;
    const [i, score] = key.split(':').map(Number) as [number, 1 | 2 | 3 | 4 | 5];
    r.satisfaction.count += n;
    r.satisfaction.distribution[score] += n;
    satisfactionSum += score * n;
    round(i).count += n;
    round(i).distribution[score] += n;
  }
  for (const [level, n] of Object.entries(tally.escalations)) {
    r.escalations += n;
    if (level !== NONE) r.escalationsByLevel[+level] = (r.escalationsByLevel[+level] ?? 0) + n;
  }
  if (r.satisfaction.count) r.satisfaction.average = satisfactionSum / r.satisfaction.count;
  return r;
}

/** The report for the tickets received in `month`. */
export function monthlyReport(
  tickets: Iterable<Ticket>,
  month: string,
  config: FeedbackConfig,
  now: number,
): MonthlyReport {
  return reportFromTally(tallyTickets(tickets, month, config, now), month, config);
}

export interface CsvNames {
  kind: (id: Kind) => string;
  status: (id: Ticket['status']) => string;
  category: (id: string) => string;
  tenant: (id: string | undefined) => string;
  department: (id: string | undefined) => string;
  urgency: (id: Ticket['urgency']) => string;
  level: (level: number) => string;
  formatTime: (ms: number) => string;
}

/** The export's columns, in order (headings: `reports.csv.col.*`). */
const CSV_COLUMNS = [
  'no',
  'createdAt',
  'kind',
  'category',
  'floor',
  'tenant',
  'department',
  'status',
  'urgency',
  'level',
  'handOffOnTime',
  'replyOnTime',
  'followUpOnTime',
  'satisfaction',
  'repeat',
  'kiosk',
  'description',
] as const;

/**
 * The month's tickets as CSV rows, one per ticket, with deadlines met or missed. No name and
 * no phone: the export leaves the building.
 */
export function monthlyCsv(
  tickets: Iterable<Ticket>,
  month: string,
  config: FeedbackConfig,
  now: number,
  names: CsvNames,
): string {
  const header = CSV_COLUMNS.map((c) => zh(`reports.csv.col.${c}`));
  const rows: (string | number | undefined)[][] = [header];
  const onTime = (t: Ticket, m: Milestone) => {
    const all = firstRound(t, config, now).filter((x) => x.milestone === m);
    if (!all.length) return '';
    const verdict = milestoneVerdicts(all, now).get(m);
    if (verdict === undefined) return zh('reports.csv.onTime.notDue');
    if (all[0].metAt !== undefined) return zh(verdict ? 'reports.csv.onTime.yes' : 'reports.csv.onTime.no');
    return zh('reports.csv.onTime.notDone');
  };
  for (const t of ticketsOfMonth(tickets, month)) {
    rows.push([
      t.no,
      names.formatTime(Date.parse(t.createdAt)),
      names.kind(t.kind),
      names.category(t.category),
      t.floor,
      names.tenant(t.tenant),
      names.department(t.department),
      names.status(t.status),
      names.urgency(t.urgency),
      names.level(t.level),
      onTime(t, 'handoff'),
      onTime(t, 'reply'),
      onTime(t, 'followUp'),
      t.satisfaction,
      t.repeatOf,
      t.kioskId,
      t.description,
    ]);
  }
  return toCsv(rows);
}
