/**
 * The feedback service: the store, the limits and the configuration bound together for the
 * API routes, kiosk pages, staff pages and actions. The only impure part of the domain.
 *
 * Configuration (FEEDBACK_*, PUBLIC_BASE_URL) comes from src/lib/config/env.js.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import type { SessionUser } from '../auth/roles';
import { logError } from '../api/errors';
import { MESSAGES } from '../i18n/dict';
import { getStore, type Store } from '../store/store.server';
import { FEEDBACK_CONFIG } from './config';
import {
  addNote,
  applyAction,
  createTicket,
  findRepeat,
  formatTicketNo,
  makeVerifyCode,
  mayRevealPhone,
  parseTicketNo,
  publicView,
  REPEAT_WINDOW_MS,
  setCause,
  setUrgency,
  ticketDay,
  validateSubmission,
  type ActionInput,
  type FeedbackConfig,
  type PublicTicket,
  type RefusalReason,
} from './feedback';
import { config as env } from '../config/env';
import { createDeskTicket, validateIntake } from './intake';
import type { QueueFilter, QueueResult } from './queue';
import { monthlyCsv, reportFromTally, type CsvNames, type MonthlyReport } from './reports';
import { assignableUsers, everyStatus, type Assignable, type WorkbenchCounts } from './workbench';
import { toSessionUser } from '../auth/users';
import { staffView, type ApiAction } from './staff-api';
import { acknowledge, inboxOf, type InboxItem } from './inbox';
import type { Action, Actor, Status, Submission, Ticket, Urgency } from './schema';
import { computeDeadline, computeMilestones, eraseContact, replyDueAt, ruleFor, sweepEvents } from './sla';
import type { Bilingual } from '../api/http';

export const config: FeedbackConfig = FEEDBACK_CONFIG;

const MINUTE = 60_000;
const LOOKUP_WINDOW_MS = 15 * MINUTE;
/**
 * The limits of this service, kept by the store (`store.limits`) so every node of a mall counts
 * together. Lookups: wrong codes for one number from one client (an enrolled kiosk, or an
 * address) lock that number for that client only, so a stranger guessing elsewhere never locks
 * the shopper out (docs/RELIABILITY.md, "Lookups"); one client may get 6 tickets' worth of wrong
 * codes per window before it is stopped for every number.
 */
const LIMITS = {
  /** New tickets per minute from one kiosk or address. */
  submit: { name: 'feedback.submit', max: () => env().FEEDBACK_RATE_LIMIT, windowMs: MINUTE },
  /** Every new ticket from everyone: a flood from many addresses still cannot fill the disk. */
  global: { name: 'feedback.global', max: () => env().FEEDBACK_GLOBAL_PER_MINUTE, windowMs: MINUTE },
  lookupTicket: { name: 'feedback.lookup.ticket', max: () => env().FEEDBACK_LOOKUP_MAX_FAILURES },
  lookupAddress: { name: 'feedback.lookup.client', max: () => env().FEEDBACK_LOOKUP_MAX_FAILURES * 6 },
};
const lookupLockMs = () => env().FEEDBACK_LOOKUP_LOCK_MINUTES * MINUTE;

/** Status label in both languages (from the dictionary). */
export const statusLabel = (s: Status): Bilingual => ({
  zh: MESSAGES['zh-CN'][`feedback.state.${s}`],
  en: MESSAGES.en[`feedback.state.${s}`],
});

let sweeping: ReturnType<typeof setInterval> | undefined;

/** The store, with the overdue sweep started on first use. */
async function feedbackStore(): Promise<Store> {
  const store = await getStore();
  const seconds = env().FEEDBACK_SWEEP_SECONDS;
  if (!sweeping && seconds > 0) {
    sweeping = setInterval(() => void sweepOverdue(store).catch((e) => logError(e, '(sweep)')), seconds * 1000);
    sweeping.unref();
    void sweepOverdue(store).catch((e) => logError(e, '(sweep)'));
  }
  return store;
}

/** Opens the store and starts the sweep (the first request calls it, so the first ticket does not wait). */
export async function startFeedback(): Promise<void> {
  await feedbackStore();
}

// ---------------------------------------------------------------- kiosk: submit

/** What `POST /api/feedback` answers on success. */
export interface Receipt {
  ticketNo: string;
  verifyCode: string;
  status: Status;
  replyDueAt: string;
  statusUrl: string;
}

export type SubmitOutcome =
  | { kind: 'created' | 'replayed'; receipt: Receipt }
  | { kind: 'invalid'; fields: Record<string, Bilingual> }
  | { kind: 'conflict' }
  | { kind: 'limited'; retryAfterSec: number };

/** The status page link for a ticket (what the receipt's QR code encodes). */
export function statusUrl(origin: string, no: string, code: string): string {
  const base = (env().PUBLIC_BASE_URL || origin).replace(/\/+$/, '');
  return `${base}/kiosk/status?t=${encodeURIComponent(no)}&c=${encodeURIComponent(code)}&via=qr`;
}

const fingerprintOf = (s: Submission) => {
  const { idempotencyKey: _k, ...rest } = s;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url').slice(0, 22);
};

function receiptOf(t: Ticket, origin: string, now: number): Receipt {
  // A new ticket's reply deadline is the general reply (the shopper's promise) from receipt; a replayed one may have moved on.
  const rule = t.events.length === 1 ? ruleFor(config.sla, 'reply', t.kind, 'general') : undefined;
  const due = rule
    ? computeDeadline(Date.parse(t.createdAt), rule.within, rule.clock, config)
    : replyDueAt(computeMilestones(t, config, now));
  return {
    ticketNo: t.no,
    verifyCode: t.verifyCode,
    status: t.status,
    replyDueAt: new Date(due ?? Date.parse(t.createdAt)).toISOString(),
    statusUrl: statusUrl(origin, t.no, t.verifyCode),
  };
}

/** A ticket stored earlier under the same idempotency claim: the same body is a replay, another one a conflict. */
const replayOf = (first: Ticket, fingerprint: string, origin: string): SubmitOutcome =>
  first.fingerprint === fingerprint
    ? { kind: 'replayed', receipt: receiptOf(first, origin, Date.now()) }
    : { kind: 'conflict' };

/** The latest ticket a new one may repeat (same phone, tenant and category within 72 h). */
async function repeatFor(
  store: Store,
  s: Pick<Submission, 'phone' | 'tenant' | 'category'>,
  now: number,
): Promise<Ticket | undefined> {
  if (!s.phone || !s.tenant) return undefined;
  const latest = await store.tickets.latestWith(s.phone, s.tenant, s.category, now - REPEAT_WINDOW_MS);
  return latest ? findRepeat(s, [latest], now) : undefined;
}

/**
 * Validates and stores a submission. A reused idempotency key within 24 h returns the first
 * ticket (a different body with the same key is a conflict); new tickets count towards the
 * per-minute limit of the enrolled kiosk (or of the address for any other client) and towards
 * the global ceiling; a refused one is not stored.
 *
 * `ctx.kioskId` is the kiosk the request's credential proved (kiosk.server.ts authenticateKiosk);
 * an id in the body is validated but never trusted.
 */
export async function submitFeedback(
  raw: unknown,
  ctx: { kioskId?: string; address: string; origin: string },
): Promise<SubmitOutcome> {
  const result = validateSubmission(raw, config);
  if (!result.ok) return { kind: 'invalid', fields: result.fields };
  const { kioskId: _claimed, ...rest } = result.value;
  const s: Submission = ctx.kioskId ? { ...rest, kioskId: ctx.kioskId } : rest;
  const fingerprint = fingerprintOf(s);
  const store = await feedbackStore();
  const now = Date.now();
  const claim = s.idempotencyKey ? { kioskId: s.kioskId, key: s.idempotencyKey } : undefined;
  if (claim) {
    // A retry is answered before the limits: the ticket exists already.
    const first = await store.tickets.findByIdempotencyKey(claim, now);
    if (first) return replayOf(first, fingerprint, ctx.origin);
  }
  // Enrolled kiosks behind one address (NAT) are counted apart; everyone else by address.
  const { submit, global } = LIMITS;
  const everyone = await store.limits.check(global.name, 'all', global.max(), global.windowMs, now);
  if (!everyone.ok) return { kind: 'limited', retryAfterSec: everyone.retryAfterSec };
  const client = s.kioskId ? `kiosk:${s.kioskId}` : `addr:${ctx.address}`;
  const limited = await store.limits.hit(submit.name, client, submit.max(), submit.windowMs, now);
  if (!limited.ok) return { kind: 'limited', retryAfterSec: limited.retryAfterSec };
  if (global.max() > 0) await store.limits.record(global.name, 'all', now);

  const day = dayOf(now);
  const repeat = await repeatFor(store, s, now);
  const verifyCode = makeVerifyCode(randomInt);
  const stored = await store.tickets.create(
    day,
    (seq) =>
      createTicket(
        s,
        { no: formatTicketNo(day, seq), day, seq, verifyCode, now, repeatOf: repeat?.no, fingerprint },
        config,
      ),
    claim,
  );
  // Another request with the same claim won the race: it is the first ticket.
  if (!stored.created) return replayOf(stored.ticket, fingerprint, ctx.origin);
  return { kind: 'created', receipt: receiptOf(stored.ticket, ctx.origin, now) };
}

/**
 * The mall-local day of an instant, remembered per UTC quarter hour: every time zone is offset
 * from UTC by a multiple of 15 minutes, so a local midnight never falls inside such a slot.
 */
let dayCache = { from: 0, to: 0, day: '' };
function dayOf(now: number): string {
  if (now < dayCache.from || now >= dayCache.to) {
    const from = now - (now % 900_000);
    dayCache = { from, to: from + 900_000, day: ticketDay(from, config.timeZone) };
  }
  return dayCache.day;
}

// ---------------------------------------------------------------- staff: intake at the desk

export type DeskOutcome = { kind: 'created'; ticket: Ticket } | { kind: 'invalid'; fields: Record<string, Bilingual> };

/**
 * Records a request received at the desk, by phone, letter, online or from the suggestion box
 * (the desk form and `POST /api/staff/tickets`), and writes the audit log.
 */
export async function recordDeskTicket(raw: unknown, user: SessionUser): Promise<DeskOutcome> {
  const now = Date.now();
  const result = validateIntake(raw, config, now);
  if (!result.ok) return { kind: 'invalid', fields: result.fields };
  const intake = result.value;
  const store = await feedbackStore();
  const day = dayOf(now);
  const repeat = await repeatFor(store, intake, now);
  const verifyCode = makeVerifyCode(randomInt);
  const { ticket } = await store.tickets.create(day, (seq) =>
    createDeskTicket(
      intake,
      { no: formatTicketNo(day, seq), day, seq, verifyCode, now, repeatOf: repeat?.no },
      actorOf(user),
      config,
    ),
  );
  await audit(store, user, 'ticket.record', ticket.no, { channel: intake.channel, status: ticket.status });
  return { kind: 'created', ticket };
}

// ---------------------------------------------------------------- kiosk: look up

export type LookupOutcome =
  { kind: 'found'; ticket: Ticket } | { kind: 'not_found' } | { kind: 'locked'; retryAfterSec: number };

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A ticket by number and verification code. An unknown number and a wrong code are the same
 * "not found". Wrong codes lock the number for the client asking (whether or not the number
 * exists, so the lockout reveals nothing) and, at a higher count, the client for every number.
 * `client` is `kiosk:<id>` for an enrolled kiosk or `addr:<address>` (kiosk.server clientKeyOf).
 */
export async function lookupTicket(rawNo: string, code: string | null, client: string): Promise<LookupOutcome> {
  const now = Date.now();
  const no = parseTicketNo(rawNo);
  const key = `no:${no ?? rawNo.toUpperCase().slice(0, 40)}|${client}`;
  const store = await feedbackStore();
  const { lookupTicket: perTicket, lookupAddress: perClient } = LIMITS;
  for (const check of await Promise.all([
    store.limits.lockCheck(perClient.name, client, now),
    store.limits.lockCheck(perTicket.name, key, now),
  ])) {
    if (!check.ok) return { kind: 'locked', retryAfterSec: check.retryAfterSec };
  }
  const ticket = no ? await store.tickets.get(no) : undefined;
  if (ticket && code && /^\d{6}$/.test(code) && sameCode(ticket.verifyCode, code)) {
    await store.limits.succeed(perTicket.name, key);
    return { kind: 'found', ticket };
  }
  await Promise.all([
    store.limits.fail(perTicket.name, key, perTicket.max(), LOOKUP_WINDOW_MS, lookupLockMs(), now),
    store.limits.fail(perClient.name, client, perClient.max(), LOOKUP_WINDOW_MS, lookupLockMs(), now),
  ]);
  return { kind: 'not_found' };
}

/** What the shopper may see of a ticket. */
export const shopperView = (t: Ticket): PublicTicket => publicView(t, config, statusLabel, Date.now());

/** The receipt's QR code (SVG, made here: no network) for a status link. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

// ---------------------------------------------------------------- staff: reading

/** A ticket by its number (staff pages and the staff API; the caller has checked the permission). */
export async function getTicket(no: string): Promise<Ticket | undefined> {
  return (await feedbackStore()).tickets.get(no);
}

/** Numbers of the tickets marked as repeats of `no`, oldest first. */
export async function repeatsOfTicket(no: string): Promise<string[]> {
  return (await feedbackStore()).tickets.repeatsOf(no);
}

/** The monthly report of the tickets received in `month` (`YYYY-MM`). */
export async function monthlyReportFor(month: string, now = Date.now()): Promise<MonthlyReport> {
  // Counted by the store (SQL with PostgreSQL): the same figures as monthlyReport over the month's tickets.
  return reportFromTally(await (await feedbackStore()).tickets.report(month, now), month, config);
}

/** The month's tickets as CSV (no names, no phone numbers). */
export async function monthlyCsvFor(month: string, names: CsvNames, now = Date.now()): Promise<string> {
  return monthlyCsv(await (await feedbackStore()).tickets.ofMonth(month), month, config, now, names);
}

/** Tickets stored and tickets open (health). */
export async function ticketCounts(): Promise<{ tickets: number; openTickets: number }> {
  const store = await feedbackStore();
  const [tickets, open] = await Promise.all([store.tickets.count(), store.tickets.openTickets()]);
  return { tickets, openTickets: open.length };
}

// ---------------------------------------------------------------- staff: changing

export const actorOf = (user: SessionUser): Actor => ({ id: user.id, name: user.name || user.username });

export type StaffOutcome =
  | { ok: true; ticket: Ticket }
  /** `conflict`: someone else changed the ticket meanwhile, twice (reload and decide again). */
  | { ok: false; reason: RefusalReason | 'not_found' | 'no_change' | 'conflict' };

async function audit(
  store: Store,
  user: SessionUser,
  action: string,
  target: string,
  detail?: Record<string, string | number | boolean>,
) {
  await store.audit.append({
    at: new Date().toISOString(),
    actor: { id: user.id, username: user.username },
    action,
    target,
    ...(detail ? { detail } : {}),
  });
}

/** What a staff change decides from the ticket as it is: the next ticket and its audit line, or a refusal. */
type Decision =
  | { next: Ticket; action: string; detail?: Record<string, string | number | boolean> }
  | { refused: Exclude<StaffOutcome, { ok: true }> };

/**
 * Reads a ticket, lets `decide` (pure domain rules) make the change and stores it only if nobody
 * changed the ticket meanwhile; on such a conflict it reads and decides once more, then gives up
 * (`conflict`: the page or API asks the user to reload). The audit line follows a stored change.
 */
async function changeTicket(
  no: string,
  user: SessionUser,
  decide: (current: Ticket) => Decision | Promise<Decision>,
): Promise<StaffOutcome> {
  const store = await feedbackStore();
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await store.tickets.get(no);
    if (!current) return { ok: false, reason: 'not_found' };
    const decision = await decide(current);
    if ('refused' in decision) return decision.refused;
    if (await store.tickets.update(decision.next, current.updatedAt)) {
      await audit(store, user, decision.action, no, decision.detail);
      return { ok: true, ticket: (await store.tickets.get(no)) ?? decision.next };
    }
  }
  return { ok: false, reason: 'conflict' };
}

/** Runs a state-machine action for a staff user and records it in the audit log. */
export async function performAction(
  no: string,
  action: Action,
  input: ActionInput,
  user: SessionUser,
): Promise<StaffOutcome> {
  let person: Assignable | undefined;
  return changeTicket(no, user, async (current) => {
    let given = input;
    if (action === 'assign') {
      // Assigned to a real, active person who may work tickets: never a free-text name.
      person ??= (await assignees()).find((u) => u.id === input.assigneeId);
      if (!person) return { refused: { ok: false, reason: 'unknown_assignee' } };
      given = { ...input, assignee: person.name, assigneeId: person.id };
    }
    const result = applyAction(current, action, given, actorOf(user), Date.now(), config);
    if (!result.ok) return { refused: result };
    return {
      next: result.ticket,
      action: `ticket.${action}`,
      detail: { from: current.status, to: result.ticket.status },
    };
  });
}

/** The assignee picker's list: active users who may work tickets. */
export async function assignees(): Promise<Assignable[]> {
  const users = await (await getStore()).users.list();
  return assignableUsers(users.map((u) => ({ ...toSessionUser(u), active: u.active, department: u.department })));
}

/** The queue for a signed-in user (personal views need to know who asks). */
export async function queueFor(filter: QueueFilter, user: SessionUser, now = Date.now()): Promise<QueueResult> {
  return (await feedbackStore()).tickets.queue(filter, user, now);
}

/** Counts for the staff home page: tickets per status, and the user's views. */
export async function countsFor(user: SessionUser, now = Date.now()): Promise<WorkbenchCounts> {
  const tickets = (await feedbackStore()).tickets;
  const [counts, views] = await Promise.all([tickets.statusCounts(), tickets.viewCounts(user, now)]);
  return { byStatus: everyStatus(counts), views };
}

/** The user's inbox (收件箱): unacknowledged escalations and reminders, newest first, and the store's version. */
export async function inboxFor(user: SessionUser): Promise<{ version: number; items: InboxItem[] }> {
  const tickets = (await feedbackStore()).tickets;
  // The version first: a change landing between the two reads is then seen by the next poll.
  const version = await tickets.version();
  return { version, items: inboxOf(await tickets.withAlerts(), user, config) };
}

/**
 * The staff pages' event stream (`GET /api/staff/events`): an `event: tickets` line whenever a ticket
 * changes on any node (the store's notifier: LISTEN/NOTIFY with PostgreSQL), coalesced so a burst
 * is one event, a keep-alive comment every 20 s, and an end after `maxMs` (the browser reconnects,
 * which also spreads long-lived connections over the nodes again). Pages then refresh at once; the
 * 15 s poll stays the safety net.
 */
export async function ticketEvents(signal: AbortSignal, maxMs = 55_000): Promise<ReadableStream<Uint8Array>> {
  const store = await feedbackStore();
  const encoder = new TextEncoder();
  let finish = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let finished = false;
      let pending: ReturnType<typeof setTimeout> | undefined;
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const unsubscribe = store.notifier.subscribe('tickets', () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          send('event: tickets\ndata: {}\n\n');
        }, 300);
      });
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), 20_000);
      const end = setTimeout(() => finish(), maxMs);
      finish = () => {
        if (finished) return;
        finished = true;
        unsubscribe();
        clearInterval(keepAlive);
        clearTimeout(end);
        if (pending) clearTimeout(pending);
        signal.removeEventListener('abort', finish);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener('abort', finish);
      send('retry: 3000\n: connected\n\n');
    },
    cancel() {
      finish();
    },
  });
}

/** Acknowledges the user's inbox items on a ticket. */
export async function acknowledgeTicket(no: string, user: SessionUser): Promise<StaffOutcome> {
  return changeTicket(no, user, (current) => {
    const next = acknowledge(current, user, actorOf(user), Date.now(), config);
    return next ? { next, action: 'ticket.ack' } : { refused: { ok: false, reason: 'no_change' } };
  });
}

/** Runs a staff API action (`POST /api/staff/tickets/<no>/actions`). */
export async function apiAction(
  no: string,
  body: Exclude<ApiAction, { action: 'issueSlip' | 'answerSlip' }>,
  user: SessionUser,
): Promise<StaffOutcome> {
  switch (body.action) {
    case 'setCause':
      return editTicket(no, { cause: body.cause }, user);
    case 'setUrgency':
      return editTicket(no, { urgency: body.urgency }, user);
    case 'note':
      return editTicket(no, { note: body.note }, user);
    default: {
      const { action, ...input } = body;
      return performAction(no, action, input, user);
    }
  }
}

/** The staff view of a ticket for the API. */
export const staffViewOf = (t: Ticket) => staffView(t, config, Date.now());

/** Sets urgency, cause or adds an internal note. */
export async function editTicket(
  no: string,
  change: { urgency?: Urgency; cause?: string; note?: string },
  user: SessionUser,
): Promise<StaffOutcome> {
  return changeTicket(no, user, (current) => {
    const now = Date.now();
    const by = actorOf(user);
    let next: Ticket | undefined;
    let what = '';
    if (change.urgency) [next, what] = [setUrgency(current, change.urgency, by, now), 'ticket.urgency'];
    else if (change.cause) [next, what] = [setCause(current, change.cause, by, now, config), 'ticket.cause'];
    else if (change.note !== undefined) [next, what] = [addNote(current, change.note, by, now), 'ticket.note'];
    return next ? { next, action: what } : { refused: { ok: false, reason: 'no_change' } };
  });
}

export type RevealOutcome = { ok: true; phone: string } | { ok: false; reason: 'not_found' | 'forbidden' };

/**
 * The full phone number, for a role that may always see it or for the person making the follow-up
 * call (mayRevealPhone); the reveal is written to the audit log first, with the reason.
 */
export async function revealPhone(no: string, user: SessionUser): Promise<RevealOutcome> {
  const store = await feedbackStore();
  const ticket = await store.tickets.get(no);
  if (!ticket?.phone) return { ok: false, reason: 'not_found' };
  const may = mayRevealPhone(ticket, user, config);
  if (!may) return { ok: false, reason: 'forbidden' };
  await audit(store, user, 'ticket.revealPhone', no, { for: may });
  return { ok: true, phone: ticket.phone };
}

// ---------------------------------------------------------------- the sweep

/** Tickets the sweep handles between two yields to the event loop (each slice stays well under 50 ms). */
export const SWEEP_SLICE = 200;

/** Lets waiting requests run: the sweep never holds the event loop for more than one slice. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The periodic sweep: reminders (催办) and escalations for overdue tickets, and erasing contact
 * details past their retention. One sweep at a time per mall (`store.exclusive`); it works in
 * slices of SWEEP_SLICE tickets with a yield between them; retention reads only the candidates
 * (`contactHeldBefore`), page by page. A ticket changed meanwhile by someone else is skipped
 * (the next sweep looks again). Returns how many tickets changed (0 when another sweep runs).
 */
export async function sweepOverdue(store: Store, now = Date.now()): Promise<number> {
  const changed = await store.exclusive('sweep', async () => {
    let count = 0;
    const at = new Date(now).toISOString();
    const open = await store.tickets.openTickets();
    for (let i = 0; i < open.length; i += SWEEP_SLICE) {
      if (i > 0) await yieldToRequests();
      const writes: Promise<boolean>[] = [];
      for (const t of open.slice(i, i + SWEEP_SLICE)) {
        if (t.status === 'closed' || t.status === 'invalid') continue; // closed since the list was read
        const events = sweepEvents(t, config, now);
        if (!events.length) continue;
        const level = events.reduce(
          (l, e) => (e.type === 'escalation' && e.level !== undefined ? Math.max(l, e.level) : l),
          t.level,
        );
        writes.push(
          store.tickets.update({ ...t, level, updatedAt: at, events: [...t.events, ...events] }, t.updatedAt),
        );
      }
      for (const ok of await Promise.all(writes)) if (ok) count++;
    }
    count += await eraseExpiredContacts(store, now);
    return count;
  });
  return changed ?? 0;
}

/** Erases the contact details of tickets past their retention, SWEEP_SLICE candidates at a time; audited. */
async function eraseExpiredContacts(store: Store, now: number): Promise<number> {
  // A ticket is erased once its closing is `contactDays` old; its last change is at least that old then.
  const cutoff = new Date(now - config.sla.retention.contactDays * 86_400_000).toISOString();
  const seen = new Set<string>();
  let count = 0;
  for (;;) {
    const page = (await store.tickets.contactHeldBefore(cutoff, SWEEP_SLICE)).filter((t) => !seen.has(t.no));
    if (!page.length) return count;
    const writes: Promise<void>[] = [];
    for (const t of page) {
      // Seen once per sweep: one that cannot be erased yet (or lost a race) is not asked for again.
      seen.add(t.no);
      const erased = eraseContact(t, config.sla, now);
      if (!erased) continue;
      writes.push(
        store.tickets.update(erased, t.updatedAt).then(async (ok) => {
          if (!ok) return;
          count++;
          // Personal data going away is an audited act, like revealing it.
          await store.audit.append({
            at: new Date(now).toISOString(),
            actor: { id: 'system' },
            action: 'ticket.eraseContact',
            target: t.no,
            detail: { retentionDays: config.sla.retention.contactDays },
          });
        }),
      );
    }
    await Promise.all(writes);
    await yieldToRequests();
  }
}

// ---------------------------------------------------------------- names for pages

const byId = <T extends { id: string; zh: string; en: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
const NAMES = {
  category: byId(config.categories),
  floor: byId(config.floors),
  tenant: byId(config.tenants),
  department: byId(config.departments),
  cause: byId(config.sla.causes),
};

/** Chinese name of a category, floor, tenant, department or cause id (the id itself when unknown). */
export function nameOf(what: keyof typeof NAMES, id: string | undefined): string {
  if (!id) return '';
  return NAMES[what].get(id)?.zh ?? id;
}

/** Chinese name of an escalation ladder level. */
export const levelName = (level: number) =>
  config.sla.overdue.ladder[Math.min(level, config.sla.overdue.ladder.length - 1)]?.zh ?? String(level);
