/**
 * The service desk's services beyond the life cycle's basic steps: invalid complaints decided by
 * a manager, repeat complainants, the daily summary and the monthly review list, reminder and
 * inquiry slips (催办单 / 洽办单). Thin: the rules live in the pure modules; this file reads the
 * store port and calls them.
 *
 * Store reads marked `// PORT:` stand in for a narrower query the port does not have yet (they
 * read whole months); each names the query that would replace it. Repeat complainants read by
 * phone (`tickets.withPhones`), on every queue page.
 */
import type { SessionUser } from '../auth/roles';
import { getStore } from '../store/store.server';
import { localMonth, shiftMonth } from '../time/mall-time';
import { actorOf, apiAction, assignees, config, performAction, type StaffOutcome } from './feedback.server';
import { repeatComplainants, repeatCounts, repeatWindowMs, type RepeatLink } from './repeats';
import type { Ticket } from './schema';
import { answerSlip, issueSlip, openSlipsFor, type SlipInboxItem, type SlipInput, type SlipRefusal } from './slips';
import type { ApiAction } from './staff-api';
import { dailySummary, monthlyReviewList, type DailySummary, type ReviewList } from './summary';

/** Tickets received in the given mall-local months (`YYYY-MM`), each month read once. */
async function ofMonths(months: Iterable<string>): Promise<Ticket[]> {
  const store = await getStore();
  const lists = await Promise.all([...new Set(months)].map((m) => store.tickets.ofMonth(m)));
  return lists.flat();
}

/**
 * Runs a staff API action. The steps that decide whether a complaint is invalid carry the
 * caller's role (from the session or token, never from the body), which the state machine checks.
 */
export async function deskApiAction(no: string, body: ApiAction, user: SessionUser): Promise<StaffOutcome> {
  switch (body.action) {
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

/**
 * Other tickets from the same phones within the repeat window (any tenant, any category), per
 * ticket number: for the queue's rows and the ticket page.
 */
export async function repeatComplainantsOf(tickets: readonly Ticket[]): Promise<Map<string, RepeatLink[]>> {
  const withPhone = tickets.filter((t) => t.phone);
  if (!withPhone.length) return new Map();
  const window = repeatWindowMs(config.sla);
  const times = withPhone.map((t) => Date.parse(t.createdAt));
  const others = await (
    await getStore()
  ).tickets.withPhones(
    withPhone.map((t) => t.phone!),
    Math.min(...times) - window,
    Math.max(...times) + window,
  );
  return repeatComplainants(withPhone, others, window);
}

/** How many other tickets each ticket's phone has within the repeat window (the queue's tag). */
export async function repeatCountsOf(tickets: readonly Ticket[]): Promise<Map<string, number>> {
  const withPhone = tickets.filter((t) => t.phone);
  if (!withPhone.length) return new Map();
  const window = repeatWindowMs(config.sla);
  const times = withPhone.map((t) => Date.parse(t.createdAt));
  const others = await (
    await getStore()
  ).tickets.withPhones(
    withPhone.map((t) => t.phone!),
    Math.min(...times) - window,
    Math.max(...times) + window,
  );
  return repeatCounts(withPhone, others, window);
}

/** The daily summary (日汇总) of a mall-local day, today when not given. */
export async function dailySummaryOf(day: string | undefined, now = Date.now()): Promise<DailySummary> {
  const store = await getStore();
  const month = (day ?? localMonth(now, config.timeZone)).slice(0, 7);
  // PORT: tickets.ofDay(day) — the day's tickets, not its month's.
  const [received, open] = await Promise.all([store.tickets.ofMonth(month), store.tickets.openTickets()]);
  return dailySummary(received, open, config, now, day);
}

/** How many months before the reviewed one a finished case may have been received in. */
const REVIEW_MONTHS_BACK = 3;

/** The monthly review list: cases finished in `month` (complaints-8.2). */
export async function reviewListOf(month: string, now = Date.now()): Promise<ReviewList> {
  // PORT: tickets.finishedIn(month) — an index on the finishing time. Until then, the cases
  // received in the month and the three before it (a case open longer is missed here).
  const months = Array.from({ length: REVIEW_MONTHS_BACK + 1 }, (_, i) => shiftMonth(month, -i));
  return monthlyReviewList(await ofMonths(months), month, config, now);
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

/** How many months back an unanswered inquiry slip's ticket may have been received. */
const SLIP_MONTHS_BACK = 3;

/** The user's unanswered slips (their part of the 收件箱), newest first. */
export async function slipInboxFor(user: SessionUser, now = Date.now()): Promise<SlipInboxItem[]> {
  const store = await getStore();
  const month = localMonth(now, config.timeZone);
  // PORT: tickets.withOpenSlipsFor(userId) — an index on slip addressees. Reminder slips sit on
  // open tickets; inquiry slips on closed ones, received in the last few months.
  const [open, recent] = await Promise.all([
    store.tickets.openTickets(),
    ofMonths(Array.from({ length: SLIP_MONTHS_BACK + 1 }, (_, i) => shiftMonth(month, -i))),
  ]);
  const seen = new Set<string>();
  const tickets = [...open, ...recent].filter((t) => !seen.has(t.no) && (seen.add(t.no), true));
  return openSlipsFor(tickets, user.id);
}
