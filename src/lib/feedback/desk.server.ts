/**
 * The service desk's services beyond the life cycle's basic steps: invalid complaints decided by
 * a manager, repeat complainants, the daily summary and the monthly review list, reminder and
 * inquiry slips (催办单 / 洽办单). Thin: the rules live in the pure modules; this file reads the
 * store port and calls them.
 *
 * Every read is a narrow query of the port: repeat complainants by phone (`tickets.withPhones`),
 * the daily summary by day (`ofDay`, `finishedBetween`), the review list by finishing time, the
 * slip inbox by addressee (`withOpenSlipsFor`); none reads a whole month.
 */
import type { SessionUser } from '../auth/roles';
import { getStore } from '../store/store.server';
import { addDays, localDay, localTime, shiftMonth } from '../time/mall-time';
import { actorOf, apiAction, assignees, config, inboxFor, performAction, type StaffOutcome } from './feedback.server';
import type { InboxItem } from './inbox';
import { REPEAT_COUNT_CAP, repeatComplainants, repeatWindowMs, type RepeatLink } from './repeats';
import type { Ticket } from './schema';
import { answerSlip, issueSlip, openSlipsFor, type SlipInboxItem, type SlipInput, type SlipRefusal } from './slips';
import type { ApiAction } from './staff-api';
import { dailySummary, monthlyReviewList, type DailySummary, type ReviewList } from './summary';

/**
 * Runs a staff API action. The steps that decide whether a complaint is invalid carry the
 * caller's role (from the session or token, never from the body), which the state machine checks.
 */
export async function deskApiAction(
  no: string,
  body: ApiAction,
  user: SessionUser,
): Promise<StaffOutcome | SlipOutcome> {
  switch (body.action) {
    case 'issueSlip': {
      const { action: _a, dueBy, ...input } = body;
      return issueTicketSlip(no, { ...input, ...(dueBy ? { dueBy: Date.parse(dueBy) } : {}) }, user);
    }
    case 'answerSlip':
      return answerTicketSlip(no, body.slip, { note: body.note, measures: body.measures }, user);
    case 'proposeInvalid':
    case 'confirmInvalid':
    case 'rejectInvalid':
    case 'markInvalid':
      return performAction(no, body.action, { note: body.note, role: user.role }, user);
    default:
      return apiAction(no, body, user);
  }
}

/** The mall's repeat-complainant window in days. */
export const repeatWindowDays = config.sla.repeatComplainants.windowDays;

/** The tickets with a phone, and every ticket from those phones within the repeat window of any of them. */
async function samePhones(tickets: readonly Ticket[]) {
  const withPhone = tickets.filter((t) => t.phone);
  const window = repeatWindowMs(config.sla);
  if (!withPhone.length) return { withPhone, others: [], window };
  const times = withPhone.map((t) => Date.parse(t.createdAt));
  const others = await (
    await getStore()
  ).tickets.withPhones(
    withPhone.map((t) => t.phone!),
    Math.min(...times) - window,
    Math.max(...times) + window,
  );
  return { withPhone, others, window };
}

/**
 * Other tickets from the same phones within the repeat window (any tenant, any category), per
 * ticket number: for the ticket page.
 */
export async function repeatComplainantsOf(tickets: readonly Ticket[]): Promise<Map<string, RepeatLink[]>> {
  const { withPhone, others, window } = await samePhones(tickets);
  return withPhone.length ? repeatComplainants(withPhone, others, window) : new Map();
}

/**
 * How many other tickets each ticket's phone has within the repeat window (the queue's tag),
 * counted by the store up to REPEAT_COUNT_CAP.
 */
export async function repeatCountsOf(tickets: readonly Ticket[]): Promise<Map<string, number>> {
  return (await getStore()).tickets.phoneCounts(tickets, repeatWindowMs(config.sla), REPEAT_COUNT_CAP);
}

/** The instants (ISO) a mall-local day `YYYY-MM-DD` starts and ends. */
function dayBounds(day: string): [string, string] {
  const [y, m, d] = day.split('-').map(Number);
  const start = localTime(config.timeZone, y, m, d);
  const [y2, m2, d2] = addDays(day, 1).split('-').map(Number);
  return [new Date(start).toISOString(), new Date(localTime(config.timeZone, y2, m2, d2)).toISOString()];
}

/**
 * The daily summary (日汇总) of a mall-local day, today when not given: the day's tickets, the open
 * ones and those finished that day, each read by its own index.
 */
export async function dailySummaryOf(day: string | undefined, now = Date.now()): Promise<DailySummary> {
  const store = await getStore();
  const asked = day ?? localDay(now, config.timeZone);
  const [since, until] = dayBounds(asked);
  const [received, open, finished] = await Promise.all([
    store.tickets.ofDay(asked),
    store.tickets.openTickets(),
    store.tickets.finishedBetween(since, until),
  ]);
  return dailySummary(received, open, config, now, asked, finished);
}

/** The monthly review list: cases finished in `month` (complaints-8.2), whenever they were received. */
export async function reviewListOf(month: string, now = Date.now()): Promise<ReviewList> {
  const [since] = dayBounds(`${month}-01`);
  const [until] = dayBounds(`${shiftMonth(month, 1)}-01`);
  return monthlyReviewList(await (await getStore()).tickets.finishedBetween(since, until), month, config, now);
}

export type SlipOutcome =
  { ok: true; ticket: Ticket } | { ok: false; reason: SlipRefusal | 'not_found' | 'unknown_assignee' | 'conflict' };

/**
 * Reads a ticket, lets `decide` make the change and stores it only if nobody changed the ticket
 * meanwhile (once more on such a conflict, then `conflict`); the audit line follows.
 */
async function changeWithSlip(
  no: string,
  user: SessionUser,
  decide: (current: Ticket) => SlipOutcome | Promise<SlipOutcome>,
  audit: (t: Ticket) => { action: string; detail: Record<string, string> },
): Promise<SlipOutcome> {
  const store = await getStore();
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await store.tickets.get(no);
    if (!current) return { ok: false, reason: 'not_found' };
    const decided = await decide(current);
    if (!decided.ok) return decided;
    if (await store.tickets.update(decided.ticket, current.updatedAt)) {
      const { action, detail } = audit(decided.ticket);
      await store.audit.append({
        at: new Date().toISOString(),
        actor: { id: user.id, username: user.username },
        action,
        target: no,
        detail,
      });
      return { ok: true, ticket: (await store.tickets.get(no)) ?? decided.ticket };
    }
  }
  return { ok: false, reason: 'conflict' };
}

/**
 * Issues a 催办单 or 洽办单 on a ticket, addressed to a real, active user who may work tickets,
 * and writes the audit log.
 */
export async function issueTicketSlip(
  no: string,
  input: Omit<SlipInput, 'addressee'>,
  user: SessionUser,
): Promise<SlipOutcome> {
  const person = (await assignees()).find((u) => u.id === input.addresseeId);
  return changeWithSlip(
    no,
    user,
    (current) => {
      if (!person) return { ok: false, reason: 'unknown_assignee' };
      return issueSlip(current, { ...input, addressee: person.name }, actorOf(user), Date.now(), config);
    },
    (t) => ({ action: 'ticket.slip', detail: { slip: t.events.at(-1)!.slip!.id, to: input.addresseeId } }),
  );
}

/** The addressee answers a slip (progress, or the cause of a delay and the measures). */
export async function answerTicketSlip(
  no: string,
  id: string,
  answer: { note: string; measures?: string },
  user: SessionUser,
): Promise<SlipOutcome> {
  return changeWithSlip(
    no,
    user,
    (current) => answerSlip(current, id, answer, actorOf(user), Date.now()),
    () => ({ action: 'ticket.slipAnswer', detail: { slip: id } }),
  );
}

/** The user's unanswered slips (their part of the 收件箱), newest first. */
export async function slipInboxFor(user: SessionUser): Promise<SlipInboxItem[]> {
  return openSlipsFor(await (await getStore()).tickets.withOpenSlipsFor(user.id), user.id);
}

/**
 * The user's whole inbox: unacknowledged escalations and reminders, unanswered slips, their
 * count (the header's badge) and the store's version (pages poll it to refresh).
 */
export async function fullInboxFor(
  user: SessionUser,
): Promise<{ version: number; items: InboxItem[]; slips: SlipInboxItem[]; count: number }> {
  const [{ version, items }, slips] = await Promise.all([inboxFor(user), slipInboxFor(user)]);
  return { version, items, slips, count: items.length + slips.length };
}

/** Tickets sent from a kiosk's outbox under the local reference the shopper was shown. */
export async function ticketsByLocalRef(ref: string): Promise<Ticket[]> {
  return (await getStore()).tickets.byLocalRef(ref);
}
