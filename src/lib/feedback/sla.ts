/**
 * Deadlines of a ticket from the SLA table (content/mall/sla.yaml): when each milestone
 * (hand-off, reply, follow-up) started, when it is due, whether it was met in time, and the
 * reminders (催办) and escalations an overdue ticket earns. Pure: `now` is an argument.
 */
import { addCalendarDays, addOpeningMinutes, openingMsBetween, type OpeningHours } from './clock';
import type { Clock, Kind, Milestone, Sla, SlaRule, Ticket, TicketEvent } from './schema';

/** What the SLA computations need to know about the mall. */
export interface SlaContext {
  timeZone: string;
  openingHours: OpeningHours;
  sla: Sla;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `10m` → { amount: 10, unit: 'm' }. */
export function parseWithin(within: string): { amount: number; unit: 'm' | 'h' | 'd' } {
  const m = /^(\d+)([mhd])$/.exec(within);
  if (!m) throw new Error(`sla: bad duration "${within}"`);
  return { amount: Number(m[1]), unit: m[2] as 'm' | 'h' | 'd' };
}

/** A `within` duration (`10m`, `24h`, `2d`) in milliseconds. */
export function withinMs(within: string): number {
  const { amount, unit } = parseWithin(within);
  return amount * UNIT_MS[unit];
}

/** When a limit of `within` on `clock` that starts at `start` runs out. */
export function computeDeadline(
  start: number,
  within: string,
  clock: Clock,
  ctx: Pick<SlaContext, 'timeZone' | 'openingHours'>,
): number {
  const { amount, unit } = parseWithin(within);
  const ms = amount * UNIT_MS[unit];
  // A limit in hours or minutes on a calendar-day clock counts the days it starts (36h: 2 days).
  if (clock === 'days') return addCalendarDays(start, Math.ceil(ms / UNIT_MS.d), ctx.timeZone);
  if (clock === 'continuous') return start + ms;
  return addOpeningMinutes(start, ms / 60_000, ctx.openingHours, ctx.timeZone);
}

/** Time elapsed between two instants as the clock counts it (calendar-day clocks count real time). */
export function elapsedOnClock(
  from: number,
  to: number,
  clock: Clock,
  ctx: Pick<SlaContext, 'timeZone' | 'openingHours'>,
): number {
  return clock === 'opening' ? openingMsBetween(from, to, ctx.openingHours, ctx.timeZone) : Math.max(0, to - from);
}

const applies = (rule: SlaRule, kind: Kind) => !rule.kinds || rule.kinds.includes(kind);
const causeOf = (rule: SlaRule) => rule.cause ?? 'general';

/**
 * The rule that times a milestone for a ticket of this kind and cause, if any: the rule for the
 * cause, else the general one. Only reply rules have a cause (checkSla), so the others are general.
 */
export function ruleFor(sla: Sla, milestone: Milestone, kind: Kind, cause?: string): SlaRule | undefined {
  const candidates = sla.rules.filter((r) => r.milestone === milestone && applies(r, kind));
  return candidates.find((r) => causeOf(r) === cause) ?? candidates.find((r) => causeOf(r) === 'general');
}

export interface MilestoneState {
  milestone: Milestone;
  rule: SlaRule;
  /** When the clock started (ms). */
  startAt: number;
  /** When the limit runs out (ms). */
  dueAt: number;
  /** When the milestone was reached (ms), if it was. */
  metAt?: number;
  /** Not met, the ticket is still open and the limit has run out. */
  overdue: boolean;
  /** Index of the cycle (0, or the number of reopens before it). */
  cycle: number;
}

/** Statuses after which nothing is due any more. */
export const FINAL_STATUSES = new Set(['closed', 'invalid']);

/**
 * When a finished (closed or invalid) ticket reached its final status, ISO; undefined while it is
 * open. The review list and the daily summary count a case by it; both stores index it.
 */
export function finishedAtOf(ticket: Pick<Ticket, 'status' | 'events'>): string | undefined {
  if (!FINAL_STATUSES.has(ticket.status)) return undefined;
  return ticket.events.findLast((e) => e.type === 'transition' && e.to === ticket.status)?.at;
}

/** Statuses reached by answering the shopper (the reply milestone). */
const ANSWERED = new Set(['replied', 'invalid', 'invalid_follow_up']);

const ms = (iso: string) => Date.parse(iso);

/** The cause a ticket had at each moment: `[cause, from]` pairs, oldest first (tickets start as general). */
export function causeHistory(ticket: Ticket): { cause: string; from: number }[] {
  const out = [{ cause: 'general', from: ms(ticket.createdAt) }];
  for (const e of ticket.events) if (e.type === 'cause' && e.cause) out.push({ cause: e.cause, from: ms(e.at) });
  // Tickets stored before cause events existed may carry a cause with no event for it.
  if (out[out.length - 1].cause !== ticket.cause) out.push({ cause: ticket.cause, from: ms(ticket.updatedAt) });
  return out;
}

/**
 * The reply limits of a cycle that started at `cycleStart` (complaints-3.2 to 3.5, 3.9): the
 * general 24-hour reply always runs; the current cause's own limit runs beside it; and the limit
 * of an earlier cause stays when it had already passed, unmet, before the cause was changed (a
 * change of cause never clears an overdue). The general rule comes first: it is what the shopper
 * was promised.
 */
export function replyRules(
  ticket: Ticket,
  sla: Sla,
  cycleStart: number,
  metAt: number | undefined,
  ctx: Pick<SlaContext, 'timeZone' | 'openingHours'>,
): SlaRule[] {
  const general = ruleFor(sla, 'reply', ticket.kind, 'general');
  const rules: SlaRule[] = general ? [general] : [];
  const add = (rule: SlaRule | undefined) => {
    if (rule && !rules.some((r) => r.id === rule.id)) rules.push(rule);
  };
  const history = causeHistory(ticket);
  history.forEach((period, i) => {
    const until = history[i + 1]?.from;
    if (until === undefined) return add(ruleFor(sla, 'reply', ticket.kind, period.cause));
    // A cause left before this cycle began has nothing to say about it.
    if (until <= cycleStart) return;
    const rule = ruleFor(sla, 'reply', ticket.kind, period.cause);
    if (!rule) return;
    const dueAt = computeDeadline(cycleStart, rule.within, rule.clock, ctx);
    const missed = dueAt < until && (metAt === undefined || metAt > dueAt);
    if (missed) add(rule);
  });
  return rules;
}

/**
 * Milestones of the ticket's current cycle (a reopen starts a new cycle: a new reply and
 * follow-up are due; the hand-off belongs to the first cycle only). The reply has one entry
 * per limit running (see `replyRules`), all met by the same reply.
 */
export function computeMilestones(ticket: Ticket, ctx: SlaContext, now: number): MilestoneState[] {
  const transitions = ticket.events.filter((e) => e.type === 'transition');
  const reopens = transitions.filter((e) => e.action === 'reopen');
  const cycle = reopens.length;
  const cycleStart = cycle ? ms(reopens[cycle - 1].at) : ms(ticket.createdAt);
  return milestonesOfCycle(ticket, ctx, now, cycle, cycleStart, undefined);
}

/**
 * Milestones of every round (cycle) of the ticket, oldest first: a reopen starts a new round,
 * and the rounds before it keep their deadlines, met or missed.
 */
export function computeRounds(ticket: Ticket, ctx: SlaContext, now: number): MilestoneState[][] {
  const reopens = ticket.events.filter((e) => e.type === 'transition' && e.action === 'reopen').map((e) => ms(e.at));
  const starts = [ms(ticket.createdAt), ...reopens];
  return starts.map((start, cycle) => milestonesOfCycle(ticket, ctx, now, cycle, start, starts[cycle + 1]));
}

function milestonesOfCycle(
  ticket: Ticket,
  ctx: SlaContext,
  now: number,
  cycle: number,
  cycleStart: number,
  cycleEnd: number | undefined,
): MilestoneState[] {
  const transitions = ticket.events.filter(
    (e) => e.type === 'transition' && ms(e.at) >= cycleStart && (cycleEnd === undefined || ms(e.at) < cycleEnd),
  );
  const after = (t: number) => transitions.filter((e) => ms(e.at) >= t);
  // A finished round (a later one exists) is as closed as a closed ticket: nothing of it runs on.
  const open = cycleEnd === undefined && !FINAL_STATUSES.has(ticket.status);
  const out: MilestoneState[] = [];
  const push = (milestone: Milestone, rule: SlaRule | undefined, startAt: number, met: TicketEvent | undefined) => {
    if (!rule) return;
    const dueAt = computeDeadline(startAt, rule.within, rule.clock, ctx);
    const metAt = met ? ms(met.at) : undefined;
    out.push({ milestone, rule, startAt, dueAt, metAt, overdue: open && metAt === undefined && now > dueAt, cycle });
  };

  if (cycle === 0) {
    push(
      'handoff',
      ruleFor(ctx.sla, 'handoff', ticket.kind),
      cycleStart,
      transitions.find((e) => e.from === 'received'),
    );
  }
  // The shopper is answered by a reply, or by the explanation of a decided invalid complaint (a
  // proposal still waiting for the manager answers nobody: the reply limits keep running).
  const replied = transitions.find((e) => e.to !== undefined && ANSWERED.has(e.to));
  const repliedAt = replied ? ms(replied.at) : undefined;
  for (const rule of replyRules(ticket, ctx.sla, cycleStart, repliedAt, ctx)) push('reply', rule, cycleStart, replied);
  // Invalid complaints with a phone are called back too (complaints-5.4, 6.1): their follow-up
  // runs from the decision, like a reply's.
  if (replied?.to === 'replied' || replied?.to === 'invalid_follow_up') {
    const start = ms(replied.at);
    push(
      'followUp',
      ruleFor(ctx.sla, 'followUp', ticket.kind),
      start,
      after(start).find((e) => e.action === 'followUp'),
    );
  }
  return out;
}

/** The earliest deadline still to meet (ms), or undefined when nothing is due. */
export function nextDueAt(milestones: MilestoneState[], status: Ticket['status']): number | undefined {
  if (FINAL_STATUSES.has(status)) return undefined;
  let next: number | undefined;
  for (const m of milestones) if (m.metAt === undefined && (next === undefined || m.dueAt < next)) next = m.dueAt;
  return next;
}

/** The reply deadline of the current cycle (what the shopper is promised: the general reply, whatever the cause). */
export function replyDueAt(milestones: MilestoneState[]): number | undefined {
  const replies = milestones.filter((m) => m.milestone === 'reply');
  return (replies.find((m) => (m.rule.cause ?? 'general') === 'general') ?? replies[0])?.dueAt;
}

const SYSTEM = { id: 'system', name: '系统' };

/**
 * Reminders and escalations an overdue ticket should get now, given what it already has: one
 * reminder (催办) per overdue milestone and cycle, and one step up the ladder for every full
 * `escalateEvery` it has been overdue (counted on the rule's clock), up to the top of the ladder.
 */
export function sweepEvents(ticket: Ticket, ctx: SlaContext, now: number): TicketEvent[] {
  // A closed or invalid ticket has nothing overdue (computeMilestones), so it gets nothing.
  const events: TicketEvent[] = [];
  const at = new Date(now).toISOString();
  const top = ctx.sla.overdue.ladder.length - 1;
  let level = ticket.level;
  const { amount, unit } = parseWithin(ctx.sla.overdue.escalateEvery);
  const step = amount * UNIT_MS[unit];
  for (const m of computeMilestones(ticket, ctx, now)) {
    if (!m.overdue) continue;
    // Reminders and escalations belong to one limit (two reply limits may run side by side).
    const since = (e: TicketEvent) =>
      e.milestone === m.milestone && (e.rule === undefined || e.rule === m.rule.id) && ms(e.at) >= m.startAt;
    if (!ticket.events.some((e) => e.type === 'reminder' && since(e))) {
      events.push({ at, by: SYSTEM, type: 'reminder', milestone: m.milestone, rule: m.rule.id });
    }
    const done = ticket.events.filter((e) => e.type === 'escalation' && since(e)).length;
    const due = Math.floor(elapsedOnClock(m.dueAt, now, m.rule.clock, ctx) / step);
    if (due > done && level < top) {
      level++;
      events.push({ at, by: SYSTEM, type: 'escalation', milestone: m.milestone, rule: m.rule.id, level });
    }
  }
  return events;
}

/** Problems of the SLA table: missing clauses, missing or doubled rules, unknown causes. */
export function checkSla(sla: Sla, clauseIds: Set<string>): string[] {
  const file = 'content/mall/sla.yaml';
  const problems: string[] = [];
  const clause = (where: string, id: string) => {
    if (!clauseIds.has(id)) problems.push(`${file}: ${where} cites clause "${id}", which does not exist`);
  };
  const ids = new Set<string>();
  const causes = new Set(sla.causes.map((c) => c.id));
  if (!causes.has('general')) problems.push(`${file}: causes must include "general"`);
  for (const rule of sla.rules) {
    if (ids.has(rule.id)) problems.push(`${file}: duplicate rule id "${rule.id}"`);
    ids.add(rule.id);
    clause(`rule "${rule.id}"`, rule.clause);
    if (rule.cause !== undefined && rule.milestone !== 'reply')
      problems.push(`${file}: rule "${rule.id}": only reply rules have a cause`);
    if (rule.cause !== undefined && !causes.has(rule.cause))
      problems.push(`${file}: rule "${rule.id}" has unknown cause "${rule.cause}"`);
  }
  const count = (milestone: Milestone) => sla.rules.filter((r) => r.milestone === milestone).length;
  if (count('handoff') !== 1) problems.push(`${file}: needs exactly one handoff rule`);
  if (count('followUp') > 1) problems.push(`${file}: has more than one followUp rule`);
  for (const cause of causes) {
    const n = sla.rules.filter((r) => r.milestone === 'reply' && causeOf(r) === cause).length;
    if (n !== 1) problems.push(`${file}: needs exactly one reply rule for cause "${cause}" (has ${n})`);
  }
  clause('overdue.reminderClause', sla.overdue.reminderClause);
  clause('retention.clause', sla.retention.clause);
  clause('reports.dailyClause', sla.reports.dailyClause);
  clause('reports.reviewClause', sla.reports.reviewClause);
  clause('overdue.escalationClause', sla.overdue.escalationClause);
  return problems;
}

/**
 * Erases name, phone and address from a ticket closed or found invalid more than `retention.contactDays`
 * ago (the promise made at the kiosk). Undefined when there is nothing to erase yet.
 */
export function eraseContact(ticket: Ticket, sla: Sla, now: number): Ticket | undefined {
  if (
    !FINAL_STATUSES.has(ticket.status) ||
    (ticket.phone === undefined && ticket.name === undefined && ticket.address === undefined)
  )
    return undefined;
  const last = ticket.events.findLast((e) => e.type === 'transition' && e.to === ticket.status);
  if (!last || now - ms(last.at) < sla.retention.contactDays * 86_400_000) return undefined;
  const { phone: _p, name: _n, address: _a, ...rest } = ticket;
  const at = new Date(now).toISOString();
  return { ...rest, updatedAt: at, events: [...ticket.events, { at, by: SYSTEM, type: 'erased' }] };
}
