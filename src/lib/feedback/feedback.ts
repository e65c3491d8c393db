/**
 * The feedback domain, pure: validating a kiosk submission, ticket numbers and codes, the
 * ticket state machine, masking, what the shopper may see, and repeat detection.
 */
import type { Bilingual } from '../api/http';
import { fieldErrors } from '../api/http';
import { bilingual } from '../i18n/dict';
import type { OpeningHours } from './clock';
import { localDay } from '../time/mall-time';
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  NAME_MAX,
  submissionShapeSchema,
  type Action,
  type Actor,
  type Category,
  type Sla,
  type Status,
  type Submission,
  type Ticket,
  type TicketEvent,
  type Urgency,
} from './schema';
import type { Department, Floor, Tenant } from '../mall/schema';
import { PERMISSIONS, type Role } from '../auth/roles';
import { computeMilestones, replyDueAt, type SlaContext } from './sla';
import { normalisePhone, textLength } from './format';

export { formatTicketNo, normalisePhone, parseTicketNo, textLength } from './format';

/** Everything the feedback domain needs to know about the mall. */
export interface FeedbackConfig extends SlaContext {
  timeZone: string;
  openingHours: OpeningHours;
  floors: Floor[];
  departments: Department[];
  tenants: Tenant[];
  categories: Category[];
  sla: Sla;
}

// ---------------------------------------------------------------- validation

/** Bilingual messages for each field of a submission. */
export const FIELD_MESSAGES = {
  kind: bilingual('api.feedback.field.kind'),
  category: bilingual('api.feedback.field.category'),
  descriptionShort: bilingual('api.feedback.field.descriptionShort', { min: DESCRIPTION_MIN }),
  descriptionLong: bilingual('api.feedback.field.descriptionLong', { max: DESCRIPTION_MAX }),
  description: bilingual('api.feedback.field.description'),
  floor: bilingual('api.feedback.field.floor'),
  tenant: bilingual('api.feedback.field.tenant'),
  tenantFloor: bilingual('api.feedback.field.tenantFloor'),
  name: bilingual('api.feedback.field.name', { max: NAME_MAX }),
  phone: bilingual('api.feedback.field.phone'),
  consent: bilingual('api.feedback.field.consent'),
  consentType: bilingual('api.feedback.field.consentType'),
  idempotencyKey: bilingual('api.feedback.field.idempotencyKey'),
  kioskId: bilingual('api.feedback.field.kioskId'),
} satisfies Record<string, Bilingual>;

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;
const KIOSK_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export type ValidationResult = { ok: true; value: Submission } | { ok: false; fields: Record<string, Bilingual> };

/**
 * Validates a `POST /api/feedback` body against the mall's lists. Every bad field is named
 * (unknown keys included); texts are trimmed, the phone normalised to 11 digits.
 * `kioskHeader` is the X-Kiosk-Id header, used when the body has no kioskId.
 */
export function validateSubmission(
  raw: unknown,
  config: FeedbackConfig,
  kioskHeader?: string | null,
): ValidationResult {
  const fields: Record<string, Bilingual> = {};
  const parsed = submissionShapeSchema.safeParse(raw);
  if (!parsed.success) {
    Object.assign(
      fields,
      fieldErrors(parsed.error, {
        kind: FIELD_MESSAGES.kind,
        category: FIELD_MESSAGES.category,
        description: FIELD_MESSAGES.description,
        floor: FIELD_MESSAGES.floor,
        tenant: FIELD_MESSAGES.tenant,
        'contact.name': FIELD_MESSAGES.name,
        'contact.phone': FIELD_MESSAGES.phone,
        consent: FIELD_MESSAGES.consentType,
        idempotencyKey: FIELD_MESSAGES.idempotencyKey,
        kioskId: FIELD_MESSAGES.kioskId,
      }),
    );
  }
  // Check the fields that did parse, so one request names every problem.
  const body = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const set = (field: string, message: Bilingual) => (fields[field] ??= message);

  const category = str(body.category);
  if (category !== undefined && !config.categories.some((c) => c.id === category))
    set('category', FIELD_MESSAGES.category);

  const description = str(body.description)?.trim();
  if (description !== undefined) {
    const n = textLength(description);
    if (n < DESCRIPTION_MIN) set('description', FIELD_MESSAGES.descriptionShort);
    else if (n > DESCRIPTION_MAX) set('description', FIELD_MESSAGES.descriptionLong);
  }

  const floorId = str(body.floor);
  const tenantId = str(body.tenant);
  const floor = floorId === undefined ? undefined : config.floors.find((f) => f.id === floorId);
  const tenant = tenantId === undefined ? undefined : config.tenants.find((t) => t.id === tenantId);
  if (floorId !== undefined && !floor) set('floor', FIELD_MESSAGES.floor);
  if (tenantId !== undefined && !tenant) set('tenant', FIELD_MESSAGES.tenant);
  if (tenant && floor && tenant.floor !== floor.id) set('tenant', FIELD_MESSAGES.tenantFloor);

  const contact = (body.contact && typeof body.contact === 'object' ? body.contact : {}) as Record<string, unknown>;
  const name = str(contact.name)?.trim() || undefined;
  if (name !== undefined && textLength(name) > NAME_MAX) set('contact.name', FIELD_MESSAGES.name);
  const phoneRaw = str(contact.phone)?.trim() || undefined;
  const phone = phoneRaw === undefined ? undefined : normalisePhone(phoneRaw);
  if (phoneRaw !== undefined && !phone) set('contact.phone', FIELD_MESSAGES.phone);
  if (phoneRaw !== undefined && body.consent !== true) set('consent', FIELD_MESSAGES.consent);

  const key = str(body.idempotencyKey);
  if (key !== undefined && !KEY_PATTERN.test(key)) set('idempotencyKey', FIELD_MESSAGES.idempotencyKey);
  const kioskId = str(body.kioskId) ?? (kioskHeader || undefined);
  if (kioskId !== undefined && !KIOSK_PATTERN.test(kioskId)) set('kioskId', FIELD_MESSAGES.kioskId);

  if (!parsed.success || Object.keys(fields).length > 0) return { ok: false, fields };
  const v = parsed.data;
  return {
    ok: true,
    value: {
      kind: v.kind,
      category: v.category,
      description: description!,
      ...(v.floor !== undefined ? { floor: v.floor } : tenant ? { floor: tenant.floor } : {}),
      ...(v.tenant !== undefined ? { tenant: v.tenant } : {}),
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      consent: phone ? true : false,
      ...(v.idempotencyKey !== undefined ? { idempotencyKey: v.idempotencyKey } : {}),
      ...(kioskId !== undefined ? { kioskId } : {}),
    },
  };
}

// ---------------------------------------------------------------- numbers, codes, masking

/** The mall-local day (YYYY-MM-DD) a ticket created at `ms` belongs to. */
export const ticketDay = (ms: number, timeZone: string) => localDay(ms, timeZone);

/** A 6-digit verification code from a source of random 32-bit integers. */
export function makeVerifyCode(randomInt: (maxExclusive: number) => number): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** 138****5678: the first three and last four digits. Anything else shows only its last two characters. */
export function maskPhone(phone: string | undefined): string {
  if (!phone) return '';
  if (/^\d{11}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}

/** 张** : the first character of a name and stars for the rest. */
export function maskName(name: string | undefined): string {
  if (!name) return '';
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.min(3, Math.max(1, chars.length - 1)));
}

// ---------------------------------------------------------------- creating a ticket

export interface NewTicketParams {
  no: string;
  day: string;
  seq: number;
  verifyCode: string;
  now: number;
  repeatOf?: string;
  fingerprint?: string;
}

/** The department that handles a submission first: the tenant's, else the category's. */
export function defaultDepartment(
  s: Pick<Submission, 'tenant' | 'category'>,
  config: FeedbackConfig,
): string | undefined {
  const tenant = s.tenant ? config.tenants.find((t) => t.id === s.tenant) : undefined;
  return tenant?.department ?? config.categories.find((c) => c.id === s.category)?.department;
}

const KIOSK: Actor = { id: 'kiosk', name: '自助终端' };

/**
 * The fields every new ticket starts with, whichever door it came in by (kiosk, desk, staff API):
 * its number and code, what was said, by whom, where, and the first department.
 */
export function ticketCore(
  s: Pick<Ticket, 'kind' | 'category' | 'description' | 'floor' | 'tenant' | 'name' | 'phone' | 'consent'>,
  p: Pick<NewTicketParams, 'no' | 'day' | 'seq' | 'verifyCode' | 'repeatOf'>,
  times: { createdAt: string; updatedAt: string },
  department: string | undefined,
) {
  return {
    no: p.no,
    day: p.day,
    seq: p.seq,
    ...times,
    verifyCode: p.verifyCode,
    kind: s.kind,
    category: s.category,
    description: s.description,
    ...(s.floor ? { floor: s.floor } : {}),
    ...(s.tenant ? { tenant: s.tenant } : {}),
    ...(s.name ? { name: s.name } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    consent: s.consent,
    cause: 'general' as const,
    ...(department ? { department } : {}),
    level: 0,
    ...(p.repeatOf ? { repeatOf: p.repeatOf } : {}),
  };
}

/** A new ticket in status `received`, with its `created` event. */
export function createTicket(s: Submission, p: NewTicketParams, config: FeedbackConfig): Ticket {
  const at = new Date(p.now).toISOString();
  return {
    ...ticketCore(s, p, { createdAt: at, updatedAt: at }, defaultDepartment(s, config)),
    ...(s.kioskId ? { kioskId: s.kioskId } : {}),
    channel: 'kiosk',
    ...(s.idempotencyKey ? { idempotencyKey: s.idempotencyKey } : {}),
    ...(p.fingerprint ? { fingerprint: p.fingerprint } : {}),
    status: 'received',
    urgency: 'normal',
    events: [
      {
        at,
        by: s.kioskId ? { id: 'kiosk', name: `${KIOSK.name} ${s.kioskId}` } : KIOSK,
        type: 'created',
        to: 'received',
      },
    ],
  };
}

/** How long a repeat is looked for (complaint about the same tenant and category by the same phone). */
export const REPEAT_WINDOW_MS = 72 * 3_600_000;

/**
 * The earlier ticket a new submission possibly repeats: same phone, tenant and category,
 * created within the last 72 h (the most recent one). Never shown at the kiosk.
 */
export function findRepeat(
  s: Pick<Submission, 'phone' | 'tenant' | 'category'>,
  candidates: Iterable<Ticket>,
  now: number,
): Ticket | undefined {
  if (!s.phone || !s.tenant) return undefined;
  let best: Ticket | undefined;
  for (const t of candidates) {
    if (t.phone !== s.phone || t.tenant !== s.tenant || t.category !== s.category) continue;
    const age = now - Date.parse(t.createdAt);
    if (age < 0 || age > REPEAT_WINDOW_MS) continue;
    if (!best || t.createdAt > best.createdAt) best = t;
  }
  return best;
}

// ---------------------------------------------------------------- the state machine

/** Input of a staff action; which fields it needs depends on the action. */
export interface ActionInput {
  department?: string;
  /** Display name of the responsible person (resolved from `assigneeId` by the service). */
  assignee?: string;
  /** User id of the responsible person: an active user who may work tickets. */
  assigneeId?: string;
  note?: string;
  satisfaction?: number;
  /**
   * The role of the person acting (set by the service from the session, never from a form):
   * deciding that a complaint is invalid is a manager's (complaints-5.3).
   */
  role?: Role;
}

/** Why an action was refused; each maps to a dictionary message. */
export type RefusalReason =
  | 'not_allowed_in_status'
  | 'department_required'
  | 'unknown_department'
  | 'assignee_required'
  | 'note_required'
  | 'satisfaction_required'
  | 'not_satisfied'
  | 'follow_up_required'
  | 'unknown_assignee'
  | 'follow_up_by_handler'
  | 'forbidden';

/** Statuses from which a complaint can be found invalid (proposed, or decided at once by a manager). */
const WORKING: readonly Status[] = ['received', 'assigned', 'in_progress'];

/**
 * Which statuses each action leaves, and where it usually goes (`targetStatus` has the cases
 * that depend on the ticket: a confirmed invalid complaint still owed a follow-up call, a
 * rejected proposal going back where it was, a follow-up that ends an invalid complaint).
 */
export const TRANSITIONS: Record<Action, { from: readonly Status[]; to: Status }> = {
  assign: { from: WORKING, to: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress' },
  reply: { from: ['in_progress'], to: 'replied' },
  followUp: { from: ['replied', 'invalid_follow_up'], to: 'followed_up' },
  close: { from: ['followed_up', 'replied'], to: 'closed' },
  proposeInvalid: { from: WORKING, to: 'invalid_proposed' },
  confirmInvalid: { from: ['invalid_proposed'], to: 'invalid' },
  rejectInvalid: { from: ['invalid_proposed'], to: 'in_progress' },
  markInvalid: { from: WORKING, to: 'invalid' },
  reopen: { from: ['replied', 'followed_up', 'closed', 'invalid', 'invalid_follow_up'], to: 'assigned' },
};

/** Actions only a role that may decide validity can take (complaints-5.3: the department manager). */
export const DECIDING_ACTIONS: readonly Action[] = ['confirmInvalid', 'rejectInvalid', 'markInvalid'];

/**
 * Whether a confirmed invalid complaint still gets its follow-up call: the policy calls back every
 * invalid complaint whose shopper left a number (complaints-5.4, 6.1), where the SLA has a
 * follow-up rule for the kind.
 */
export function invalidNeedsFollowUp(ticket: Pick<Ticket, 'kind' | 'phone'>, sla: Sla): boolean {
  return !!ticket.phone && needsFollowUp(ticket, sla);
}

/** The status before a pending invalid proposal (where a rejected proposal returns). */
export function statusBeforeProposal(ticket: Ticket): Status {
  const proposal = ticket.events.findLast((e) => e.type === 'transition' && e.action === 'proposeInvalid');
  return proposal?.from ?? 'received';
}

/** The pending invalid proposal's event, while the ticket is `invalid_proposed`. */
export function pendingInvalidProposal(ticket: Ticket): TicketEvent | undefined {
  if (ticket.status !== 'invalid_proposed') return undefined;
  return ticket.events.findLast((e) => e.type === 'transition' && e.action === 'proposeInvalid');
}

/** Where an action takes this ticket. */
export function targetStatus(ticket: Ticket, action: Action, config: Pick<FeedbackConfig, 'sla'>): Status {
  switch (action) {
    case 'confirmInvalid':
    case 'markInvalid':
      return invalidNeedsFollowUp(ticket, config.sla) ? 'invalid_follow_up' : 'invalid';
    case 'rejectInvalid':
      return statusBeforeProposal(ticket);
    case 'followUp':
      return ticket.status === 'invalid_follow_up' ? 'invalid' : 'followed_up';
    default:
      return TRANSITIONS[action].to;
  }
}

/** Roles that decide whether a complaint is invalid. */
const DECIDING_ROLES: readonly Role[] = PERMISSIONS['tickets.decideInvalid'];

/** Longest note, reply or explanation staff can write. */
export const NOTE_MAX = 2000;

/** Satisfaction at or below this cannot be closed: the ticket must be reopened (complaints-6.3). */
export const UNSATISFIED_MAX = 2;

/** Whether the follow-up call (回访) is required before closing (the SLA has a follow-up rule for the kind). */
export function needsFollowUp(ticket: Pick<Ticket, 'kind'>, sla: Sla): boolean {
  return sla.rules.some((r) => r.milestone === 'followUp' && (!r.kinds || r.kinds.includes(ticket.kind)));
}

const HANDLING = new Set<Action>(['reply', 'proposeInvalid', 'confirmInvalid', 'markInvalid']);

/**
 * Who handled the ticket's current round: the responsible person and whoever replied. The
 * follow-up call is made by someone else (complaints-6.1).
 */
export function handlersOf(ticket: Ticket): Set<string> {
  const ids = new Set<string>();
  if (ticket.assigneeId) ids.add(ticket.assigneeId);
  const reopen = ticket.events.findLast((e) => e.type === 'transition' && e.action === 'reopen');
  for (const e of ticket.events) {
    if (reopen && e.at < reopen.at) continue;
    // Whoever answered the shopper (a reply, or the invalid decision and its proposal) handled it.
    if (e.type === 'transition' && HANDLING.has(e.action!)) ids.add(e.by.id);
  }
  return ids;
}

/**
 * Whether `user` may see the shopper's full phone number and name: a role that may always
 * (`tickets.revealPhone`), or the person making the follow-up call (回访) — someone who may work
 * tickets, is not among its handlers, on a ticket whose follow-up is the next step (complaints-6.1).
 * Every reveal is audited either way.
 */
export function mayRevealPhone(
  ticket: Ticket,
  user: { id: string; role: Role },
  config: FeedbackConfig,
): 'always' | 'followUp' | undefined {
  if ((PERMISSIONS['tickets.revealPhone'] as readonly Role[]).includes(user.role)) return 'always';
  if (!(PERMISSIONS['tickets.work'] as readonly Role[]).includes(user.role)) return undefined;
  if (!allowedActions(ticket, config, user.role).includes('followUp')) return undefined;
  return handlersOf(ticket).has(user.id) ? undefined : 'followUp';
}

/**
 * Checks an action against the ticket's state, the input and who asks (`by`, when known);
 * undefined when it may run.
 */
export function refuseAction(
  ticket: Ticket,
  action: Action,
  input: ActionInput,
  config: FeedbackConfig,
  by?: Actor,
): RefusalReason | undefined {
  // A role that may never take the step hears so whatever the ticket's state (403 before 409).
  if (DECIDING_ACTIONS.includes(action) && !(input.role && DECIDING_ROLES.includes(input.role))) return 'forbidden';
  if (!TRANSITIONS[action].from.includes(ticket.status)) return 'not_allowed_in_status';
  const note = input.note?.trim() ?? '';
  switch (action) {
    case 'assign':
      if (!input.department) return 'department_required';
      if (!config.departments.some((d) => d.id === input.department)) return 'unknown_department';
      if (!input.assignee?.trim()) return 'assignee_required';
      return undefined;
    case 'reply':
    case 'markInvalid':
    case 'proposeInvalid':
    case 'confirmInvalid':
    case 'rejectInvalid':
    case 'reopen':
      return note ? undefined : 'note_required';
    case 'followUp':
      if (by && handlersOf(ticket).has(by.id)) return 'follow_up_by_handler';
      // No score without a call: a follow-up without one must say why (no phone, not reachable: complaints-6.1, 6.4).
      if (input.satisfaction === undefined && !note) return 'satisfaction_required';
      if (
        input.satisfaction !== undefined &&
        !(Number.isInteger(input.satisfaction) && input.satisfaction >= 1 && input.satisfaction <= 5)
      ) {
        return 'satisfaction_required';
      }
      return undefined;
    case 'close':
      if (ticket.status === 'replied' && needsFollowUp(ticket, config.sla)) return 'follow_up_required';
      if (
        ticket.satisfaction !== undefined &&
        ticket.satisfaction <= UNSATISFIED_MAX &&
        ticket.status === 'followed_up'
      )
        return 'not_satisfied';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The actions the ticket allows now (what the ticket page offers). Given the viewer's role, only
 * those the role may take: a manager decides validity at once, everyone else proposes.
 */
export function allowedActions(ticket: Ticket, config: FeedbackConfig, role?: Role): Action[] {
  const decides = role !== undefined && DECIDING_ROLES.includes(role);
  return (Object.keys(TRANSITIONS) as Action[]).filter((a) => {
    if (!TRANSITIONS[a].from.includes(ticket.status)) return false;
    if (role !== undefined && DECIDING_ACTIONS.includes(a) && !decides) return false;
    if (a === 'proposeInvalid' && decides) return false;
    // Input-independent guards only.
    if (a === 'close') return refuseAction(ticket, 'close', {}, config) === undefined;
    return true;
  });
}

export type ActionResult = { ok: true; ticket: Ticket; event: TicketEvent } | { ok: false; reason: RefusalReason };

/**
 * Applies a staff action: returns the updated ticket (a new object) and the event recorded,
 * or why it was refused. Reopen moves the ticket one step up the escalation ladder.
 */
export function applyAction(
  ticket: Ticket,
  action: Action,
  input: ActionInput,
  by: Actor,
  now: number,
  config: FeedbackConfig,
): ActionResult {
  const reason = refuseAction(ticket, action, input, config, by);
  if (reason) return { ok: false, reason };
  const at = new Date(now).toISOString();
  const to = targetStatus(ticket, action, config);
  const note = input.note?.trim().slice(0, NOTE_MAX) || undefined;
  const event: TicketEvent = { at, by, type: 'transition', action, from: ticket.status, to };
  const next: Ticket = { ...ticket, status: to, updatedAt: at };
  if (note) event.note = note;
  // The shopper sees an invalid explanation only once a manager has decided (complaints-5.3).
  if (action === 'reply' || action === 'markInvalid' || action === 'confirmInvalid') event.public = true;
  if (action === 'assign') {
    event.department = input.department;
    event.assignee = input.assignee!.trim();
    next.department = input.department;
    next.assignee = event.assignee;
    if (input.assigneeId) {
      event.assigneeId = input.assigneeId;
      next.assigneeId = input.assigneeId;
    } else delete next.assigneeId;
  }
  if (action === 'followUp' && input.satisfaction !== undefined) {
    event.satisfaction = input.satisfaction;
    next.satisfaction = input.satisfaction;
  }
  if (action === 'reopen') {
    next.level = Math.min(ticket.level + 1, config.sla.overdue.ladder.length - 1);
    event.level = next.level;
    delete next.satisfaction;
  }
  next.events = [...ticket.events, event];
  return { ok: true, ticket: next, event };
}

/** Sets the urgency (an event, not a transition). Undefined when nothing changes. */
export function setUrgency(ticket: Ticket, urgency: Urgency, by: Actor, now: number): Ticket | undefined {
  if (ticket.urgency === urgency) return undefined;
  const at = new Date(now).toISOString();
  return { ...ticket, urgency, updatedAt: at, events: [...ticket.events, { at, by, type: 'urgency', urgency }] };
}

/** Sets the cause, which selects the reply rule. Undefined when unknown or unchanged. */
export function setCause(
  ticket: Ticket,
  cause: string,
  by: Actor,
  now: number,
  config: FeedbackConfig,
): Ticket | undefined {
  if (ticket.cause === cause || !config.sla.causes.some((c) => c.id === cause)) return undefined;
  const at = new Date(now).toISOString();
  return { ...ticket, cause, updatedAt: at, events: [...ticket.events, { at, by, type: 'cause', cause }] };
}

/** Adds an internal note (never shown to the shopper). */
export function addNote(ticket: Ticket, note: string, by: Actor, now: number): Ticket | undefined {
  const text = note.trim().slice(0, NOTE_MAX);
  if (!text) return undefined;
  const at = new Date(now).toISOString();
  return { ...ticket, updatedAt: at, events: [...ticket.events, { at, by, type: 'note', note: text }] };
}

// ---------------------------------------------------------------- what the shopper sees

/** A status as the shopper hears of it: a confirmed invalid complaint awaiting its follow-up call is invalid. */
const publicStatus = (s: Status): Status => (s === 'invalid_follow_up' ? 'invalid' : s);

export interface PublicTimelineEntry {
  at: string;
  status: Status;
  note?: string;
}

export interface PublicTicket {
  ticketNo: string;
  status: Status;
  statusLabel: Bilingual;
  replyDueAt: string | undefined;
  timeline: PublicTimelineEntry[];
}

/**
 * The ticket as the shopper may see it: status changes and the public texts (reply, invalid
 * explanation) only. No name, phone, staff, department, internal notes or repeat links.
 */
export function publicView(
  ticket: Ticket,
  config: FeedbackConfig,
  statusLabel: (s: Status) => Bilingual,
  now: number,
): PublicTicket {
  const timeline: PublicTimelineEntry[] = [];
  for (const e of ticket.events) {
    if ((e.type !== 'created' && e.type !== 'transition') || !e.to) continue;
    // A proposal the manager has not decided (or rejected) is internal: the shopper sees a decision only.
    if (e.action === 'proposeInvalid' || e.action === 'rejectInvalid') continue;
    const shown = e.action === 'followUp' ? 'followed_up' : publicStatus(e.to);
    timeline.push({ at: e.at, status: shown, ...(e.public && e.note ? { note: e.note } : {}) });
  }
  const due = replyDueAt(computeMilestones(ticket, config, now));
  const status =
    ticket.status === 'invalid_proposed' ? publicStatus(statusBeforeProposal(ticket)) : publicStatus(ticket.status);
  return {
    ticketNo: ticket.no,
    status,
    statusLabel: statusLabel(status),
    replyDueAt: due === undefined ? undefined : new Date(due).toISOString(),
    timeline,
  };
}
