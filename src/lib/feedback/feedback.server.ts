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
import { StoreUnavailableError } from '../store/errors';
import { getStore, type Store } from '../store/store.server';
import { FEEDBACK_CONFIG } from './config';
import {
  addNote,
  applyAction,
  createTicket,
  findRepeat,
  formatTicketNo,
  makeVerifyCode,
  parseTicketNo,
  publicView,
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
import { FailureLock, RateLimiter } from '../limits/rate-limit';
import { createDeskTicket, validateIntake } from './intake';
import { milestonesOf, queryQueue, type QueueFilter, type QueueResult } from './queue';
import { assignableUsers, workbenchCounts, type Assignable, type WorkbenchCounts } from './workbench';
import { toSessionUser } from '../auth/users';
import { staffView, type ApiAction } from './staff-api';
import { acknowledge, inboxOf, type InboxItem } from './inbox';
import type { Action, Actor, Status, Submission, Ticket, Urgency } from './schema';
import { computeDeadline, computeMilestones, eraseContact, replyDueAt, ruleFor, sweepEvents } from './sla';
import type { Bilingual } from '../api/http';

export const config: FeedbackConfig = FEEDBACK_CONFIG;

const LOOKUP_WINDOW_MS = 15 * 60_000;
const limits = {
  submit: new RateLimiter(env().FEEDBACK_RATE_LIMIT),
  // Every new ticket from everyone: a flood from many addresses still cannot fill the disk.
  global: new RateLimiter(env().FEEDBACK_GLOBAL_PER_MINUTE),
  // Wrong codes for one number from one client (an enrolled kiosk, or an address): a stranger
  // guessing elsewhere never locks the shopper out (docs/RELIABILITY.md, "Lookups").
  lookupTicket: new FailureLock(
    env().FEEDBACK_LOOKUP_MAX_FAILURES,
    LOOKUP_WINDOW_MS,
    env().FEEDBACK_LOOKUP_LOCK_MINUTES * 60_000,
  ),
  // One client may get 6 tickets' worth of wrong codes per window before it is stopped too.
  lookupAddress: new FailureLock(
    env().FEEDBACK_LOOKUP_MAX_FAILURES * 6,
    LOOKUP_WINDOW_MS,
    env().FEEDBACK_LOOKUP_LOCK_MINUTES * 60_000,
  ),
};

/** Status label in both languages (from the dictionary). */
export const statusLabel = (s: Status): Bilingual => ({
  zh: MESSAGES['zh-CN'][`feedback.state.${s}`],
  en: MESSAGES.en[`feedback.state.${s}`],
});

let sweeping: ReturnType<typeof setInterval> | undefined;

/** The store, with the overdue sweep started on first use. */
export async function feedbackStore(): Promise<Store> {
  const store = await getStore();
  const seconds = env().FEEDBACK_SWEEP_SECONDS;
  if (!sweeping && seconds > 0) {
    sweeping = setInterval(() => void sweepOverdue(store).catch((e) => logError(e, '(sweep)')), seconds * 1000);
    sweeping.unref();
    void sweepOverdue(store).catch((e) => logError(e, '(sweep)'));
  }
  return store;
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
  return `${base}/kiosk/status?t=${encodeURIComponent(no)}&c=${encodeURIComponent(code)}`;
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
  const repo = store.tickets;
  // From here to insert() nothing awaits: a retry racing this request sees its ticket.
  if (s.idempotencyKey) {
    const first = repo.findByIdempotencyKey(s.kioskId, s.idempotencyKey);
    if (first) {
      if (first.fingerprint !== fingerprint) return { kind: 'conflict' };
      await repo.settled(first.no);
      // The first request's write failed and its ticket was forgotten: this retry fails the same way.
      if (repo.get(first.no) !== first) throw new StoreUnavailableError();
      return { kind: 'replayed', receipt: receiptOf(first, ctx.origin, Date.now()) };
    }
  }
  const now = Date.now();
  // Enrolled kiosks behind one address (NAT) are counted apart; everyone else by address.
  const everyone = limits.global.check('all', now);
  if (!everyone.ok) return { kind: 'limited', retryAfterSec: everyone.retryAfterSec };
  const limited = limits.submit.hit(s.kioskId ? `kiosk:${s.kioskId}` : `addr:${ctx.address}`, now);
  if (!limited.ok) return { kind: 'limited', retryAfterSec: limited.retryAfterSec };
  limits.global.record('all', now);

  const day = dayOf(now);
  const seq = repo.allocateSeq(day);
  const latest = s.phone && s.tenant ? repo.latestWith(s.phone, s.tenant, s.category) : undefined;
  const repeat = latest ? findRepeat(s, [latest], now) : undefined;
  const ticket = createTicket(
    s,
    {
      no: formatTicketNo(day, seq),
      day,
      seq,
      verifyCode: makeVerifyCode(randomInt),
      now,
      repeatOf: repeat?.no,
      fingerprint,
    },
    config,
  );
  await repo.insert(ticket);
  return { kind: 'created', receipt: receiptOf(ticket, ctx.origin, now) };
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
  const repo = store.tickets;
  const day = dayOf(now);
  const seq = repo.allocateSeq(day);
  const latest =
    intake.phone && intake.tenant ? repo.latestWith(intake.phone, intake.tenant, intake.category) : undefined;
  const repeat = latest ? findRepeat(intake, [latest], now) : undefined;
  const ticket = createDeskTicket(
    intake,
    { no: formatTicketNo(day, seq), day, seq, verifyCode: makeVerifyCode(randomInt), now, repeatOf: repeat?.no },
    actorOf(user),
    config,
  );
  await Promise.all([
    repo.insert(ticket),
    audit(store, user, 'ticket.record', ticket.no, { channel: intake.channel, status: ticket.status }),
  ]);
  return { kind: 'created', ticket: repo.get(ticket.no) ?? ticket };
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
  const addrKey = client;
  for (const check of [limits.lookupAddress.check(addrKey, now), limits.lookupTicket.check(key, now)]) {
    if (!check.ok) return { kind: 'locked', retryAfterSec: check.retryAfterSec };
  }
  const store = await feedbackStore();
  const ticket = no ? store.tickets.get(no) : undefined;
  if (ticket && code && /^\d{6}$/.test(code) && sameCode(ticket.verifyCode, code)) {
    limits.lookupTicket.succeed(key);
    return { kind: 'found', ticket };
  }
  limits.lookupTicket.fail(key, now);
  limits.lookupAddress.fail(addrKey, now);
  return { kind: 'not_found' };
}

/** What the shopper may see of a ticket. */
export const shopperView = (t: Ticket): PublicTicket => publicView(t, config, statusLabel, Date.now());

/** The receipt's QR code (SVG, made here: no network) for a status link. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

// ---------------------------------------------------------------- staff

export const actorOf = (user: SessionUser): Actor => ({ id: user.id, name: user.name || user.username });

export type StaffOutcome =
  { ok: true; ticket: Ticket } | { ok: false; reason: RefusalReason | 'not_found' | 'no_change' };

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

/** Runs a state-machine action for a staff user and records it in the audit log. */
export async function performAction(
  no: string,
  action: Action,
  input: ActionInput,
  user: SessionUser,
): Promise<StaffOutcome> {
  const store = await feedbackStore();
  const current = store.tickets.get(no);
  if (!current) return { ok: false, reason: 'not_found' };
  if (action === 'assign') {
    // Assigned to a real, active person who may work tickets: never a free-text name.
    const person = (await assignees()).find((u) => u.id === input.assigneeId);
    if (!person) return { ok: false, reason: 'unknown_assignee' };
    input = { ...input, assignee: person.name, assigneeId: person.id };
  }
  const result = applyAction(current, action, input, actorOf(user), Date.now(), config);
  if (!result.ok) return result;
  await Promise.all([
    store.tickets.update(result.ticket),
    audit(store, user, `ticket.${action}`, no, { from: current.status, to: result.ticket.status }),
  ]);
  return { ok: true, ticket: store.tickets.get(no)! };
}

/** The assignee picker's list: active users who may work tickets. */
export async function assignees(): Promise<Assignable[]> {
  const { getUsers } = await import('../auth/auth.server');
  return assignableUsers((await getUsers()).list().map((u) => ({ ...toSessionUser(u), active: u.active })));
}

/** The queue for a signed-in user (personal views need to know who asks). */
export async function queueFor(filter: QueueFilter, user: SessionUser, now = Date.now()): Promise<QueueResult> {
  return queryQueue((await feedbackStore()).tickets, filter, config, now, user);
}

/** Counts for the staff home page: tickets per status, and the user's views. */
export async function countsFor(user: SessionUser, now = Date.now()): Promise<WorkbenchCounts> {
  const repo = (await feedbackStore()).tickets;
  return workbenchCounts(repo.statusCounts(), repo.openTickets(), user, config, (t) => milestonesOf(t, config, now));
}

/** The user's inbox (收件箱): unacknowledged escalations and reminders, newest first, and the store's version. */
export async function inboxFor(user: SessionUser): Promise<{ version: number; items: InboxItem[] }> {
  const repo = (await feedbackStore()).tickets;
  return { version: repo.version, items: inboxOf(repo.openTickets(), user, config) };
}

/** Acknowledges the user's inbox items on a ticket. */
export async function acknowledgeTicket(no: string, user: SessionUser): Promise<StaffOutcome> {
  const store = await feedbackStore();
  const current = store.tickets.get(no);
  if (!current) return { ok: false, reason: 'not_found' };
  const next = acknowledge(current, user, actorOf(user), Date.now(), config);
  if (!next) return { ok: false, reason: 'no_change' };
  await Promise.all([store.tickets.update(next), audit(store, user, 'ticket.ack', no)]);
  return { ok: true, ticket: store.tickets.get(no)! };
}

/** Runs a staff API action (`POST /api/staff/tickets/<no>/actions`). */
export async function apiAction(no: string, body: ApiAction, user: SessionUser): Promise<StaffOutcome> {
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
  const store = await feedbackStore();
  const current = store.tickets.get(no);
  if (!current) return { ok: false, reason: 'not_found' };
  const now = Date.now();
  const by = actorOf(user);
  let next: Ticket | undefined;
  let what = '';
  if (change.urgency) [next, what] = [setUrgency(current, change.urgency, by, now), 'ticket.urgency'];
  else if (change.cause) [next, what] = [setCause(current, change.cause, by, now, config), 'ticket.cause'];
  else if (change.note !== undefined) [next, what] = [addNote(current, change.note, by, now), 'ticket.note'];
  if (!next) return { ok: false, reason: 'no_change' };
  await Promise.all([store.tickets.update(next), audit(store, user, what, no)]);
  return { ok: true, ticket: store.tickets.get(no)! };
}

/** The full phone number, for a role that may see it; the reveal is written to the audit log first. */
export async function revealPhone(no: string, user: SessionUser): Promise<string | undefined> {
  const store = await feedbackStore();
  const ticket = store.tickets.get(no);
  if (!ticket?.phone) return undefined;
  await audit(store, user, 'ticket.revealPhone', no);
  return ticket.phone;
}

/**
 * The periodic sweep: reminders (催办) and escalations for overdue tickets, and erasing contact
 * details past their retention. Returns how many tickets changed.
 */
export async function sweepOverdue(store: Store, now = Date.now()): Promise<number> {
  const saves: Promise<void>[] = [];
  const audits: Promise<void>[] = [];
  for (const t of store.tickets.values()) {
    if (t.status === 'closed' || t.status === 'invalid') {
      const erased = eraseContact(t, config.sla, now);
      if (erased) {
        saves.push(store.tickets.update(erased));
        // Personal data going away is an audited act, like revealing it.
        audits.push(
          store.audit.append({
            at: new Date(now).toISOString(),
            actor: { id: 'system' },
            action: 'ticket.eraseContact',
            target: t.no,
            detail: { retentionDays: config.sla.retention.contactDays },
          }),
        );
      }
      continue;
    }
    const events = sweepEvents(t, config, now);
    if (!events.length) continue;
    const level = events.reduce(
      (l, e) => (e.type === 'escalation' && e.level !== undefined ? Math.max(l, e.level) : l),
      t.level,
    );
    saves.push(
      store.tickets.update({ ...t, level, updatedAt: new Date(now).toISOString(), events: [...t.events, ...events] }),
    );
  }
  store.tickets.prune();
  await Promise.all([...saves, ...audits]);
  return saves.length;
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
