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
import { computeRounds, type MilestoneState } from './sla';
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

/** The report for the tickets received in `month`. */
export function monthlyReport(
  tickets: Iterable<Ticket>,
  month: string,
  config: FeedbackConfig,
  now: number,
): MonthlyReport {
  const r: MonthlyReport = {
    month,
    total: 0,
    byKind: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>,
    byCategory: Object.fromEntries(config.categories.map((c) => [c.id, 0])),
    byFloor: {},
    byTenant: {},
    byDepartment: {},
    byKiosk: {},
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>,
    byStatus: {},
    onTime: Object.fromEntries(MILESTONES.map((m) => [m, { decided: 0, onTime: 0 }])) as Record<Milestone, OnTime>,
    satisfaction: { count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
    validity: { valid: 0, invalid: 0 },
    repeats: { linked: 0, repeatComplainants: 0 },
    reminders: 0,
    slips: { reminder: 0, inquiry: 0 },
    escalations: 0,
    escalationsByLevel: {},
    reopened: 0,
    rounds: [],
  };
  const round = (i: number) =>
    (r.rounds[i] ??= { round: i + 1, tickets: 0, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  const phones = new Map<string, number>();
  let satisfactionSum = 0;
  for (const t of ticketsOfMonth(tickets, month)) {
    r.total++;
    r.byKind[t.kind]++;
    bump(r.byCategory, t.category);
    bump(r.byFloor, t.floor);
    bump(r.byTenant, t.tenant);
    bump(r.byDepartment, t.department);
    bump(r.byKiosk, t.kioskId);
    r.byChannel[channelOf(t)]++;
    bump(r.byStatus, t.status);
    // On-time figures are the first round's: a reopen starts new deadlines, it does not redo the first ones.
    const reopens = t.events.filter((e) => e.type === 'transition' && e.action === 'reopen').length;
    for (const [milestone, verdict] of milestoneVerdicts(firstRound(t, config, now), now)) {
      const o = r.onTime[milestone];
      o.decided++;
      if (verdict) o.onTime++;
    }
    if (reopens) r.reopened++;
    for (let i = 0; i <= reopens; i++) round(i).tickets++;
    let current = 0;
    for (const e of t.events) {
      if (e.type === 'transition' && e.action === 'reopen') current++;
      if (e.type !== 'transition' || e.action !== 'followUp' || e.satisfaction === undefined) continue;
      const score = e.satisfaction as 1 | 2 | 3 | 4 | 5;
      r.satisfaction.count++;
      r.satisfaction.distribution[score]++;
      satisfactionSum += score;
      round(current).count++;
      round(current).distribution[score]++;
    }
    if (t.kind === 'complaint') {
      if (t.status === 'invalid' || t.status === 'invalid_follow_up') r.validity.invalid++;
      else r.validity.valid++;
    }
    if (t.repeatOf) r.repeats.linked++;
    if (t.phone) phones.set(t.phone, (phones.get(t.phone) ?? 0) + 1);
    for (const e of t.events) {
      if (e.type === 'reminder') r.reminders++;
      else if (e.type === 'slip' && e.slip) r.slips[e.slip.kind]++;
      else if (e.type === 'escalation' || (e.type === 'transition' && e.action === 'reopen')) {
        r.escalations++;
        if (e.level !== undefined) r.escalationsByLevel[e.level] = (r.escalationsByLevel[e.level] ?? 0) + 1;
      }
    }
  }
  for (const o of Object.values(r.onTime)) if (o.decided) o.rate = o.onTime / o.decided;
  if (r.satisfaction.count) r.satisfaction.average = satisfactionSum / r.satisfaction.count;
  for (const n of phones.values()) if (n > 1) r.repeats.repeatComplainants++;
  return r;
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
