/**
 * The month's report as a tally that adds up (reports.ts): pinned to the report as it was first
 * computed, ticket by ticket (kept below as the reference), on generated tickets with reopened
 * rounds, scores per round, reminders, escalations, slips and deadlines still running, at several
 * moments (a deadline not met yet turns into a miss as time passes).
 */
import { describe, expect, it } from 'vitest';
import type { FeedbackConfig } from '../../../../src/lib/feedback/feedback';
import { milestonesOf } from '../../../../src/lib/feedback/queue';
import {
  milestoneVerdicts,
  monthlyReport,
  reportFactsOf,
  tallyTickets,
  ticketsOfMonth,
  type MonthlyReport,
  type OnTime,
} from '../../../../src/lib/feedback/reports';
import { computeRounds, type MilestoneState } from '../../../../src/lib/feedback/sla';
import {
  CHANNELS,
  channelOf,
  KINDS,
  MILESTONES,
  type Channel,
  type Kind,
  type Milestone,
  type Ticket,
} from '../../../../src/lib/feedback/schema';
import { config } from './fixtures';
import { reportTickets } from './report-tickets';

const NONE = '';
const bump = (map: Record<string, number>, key: string | undefined) => {
  map[key ?? NONE] = (map[key ?? NONE] ?? 0) + 1;
};
function firstRound(t: Ticket, config: FeedbackConfig, now: number): MilestoneState[] {
  const reopened = t.events.some((e) => e.type === 'transition' && e.action === 'reopen');
  return reopened ? computeRounds(t, config, now)[0] : milestonesOf(t, config, now);
}

// The reference: monthlyReport as it was before the tally (one pass over the tickets).
/** The report for the tickets received in `month`. */
function referenceReport(tickets: Iterable<Ticket>, month: string, config: FeedbackConfig, now: number): MonthlyReport {
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

const now = Date.parse('2026-11-20T04:00:00Z');
const tickets = reportTickets(config, 1500, now);
const months = [...new Set(tickets.map((t) => t.day.slice(0, 7)))].sort();

describe('monthlyReport from a tally', () => {
  it('has tickets of every sort to count', () => {
    const all = tickets.map((t) => reportFactsOf(t, config));
    expect(months.length).toBeGreaterThanOrEqual(3);
    expect(all.some((f) => f.r > 0)).toBe(true);
    expect(all.some((f) => f.sat.some(([round]) => round > 0))).toBe(true);
    expect(all.some((f) => f.rem > 0)).toBe(true);
    expect(all.some((f) => f.esc.some((level) => level !== null && level > 1))).toBe(true);
    expect(all.some((f) => f.slip[0] > 0) && all.some((f) => f.slip[1] > 0)).toBe(true);
    expect(all.some((f) => Object.values(f.ms).some((x) => x.d !== undefined && x.d > now))).toBe(true);
  });

  it.each(months)('equals the ticket-by-ticket report for %s, at several moments', (month) => {
    for (const at of [now - 5 * 86_400_000, now, now + 3_600_000, now + 30 * 86_400_000]) {
      expect(monthlyReport(tickets, month, config, at)).toEqual(referenceReport(tickets, month, config, at));
    }
  });

  it('counts major complaints and tickets overdue now as the head office does', () => {
    const month = months[months.length - 1];
    const list = [...ticketsOfMonth(tickets, month)];
    const tally = tallyTickets(tickets, month, config, now);
    expect(tally.major).toBe(list.filter((t) => t.kind === 'complaint' && t.urgency === 'urgent').length);
    expect(tally.major).toBeGreaterThan(0);
    const overdue = list.filter((t) => milestonesOf(t, config, now).some((m) => m.overdue)).length;
    expect(tally.overdueNow).toBe(overdue);
    expect(tally.overdueNow).toBeGreaterThan(0);
  });
});
