/**
 * Schemas of the feedback domain: its content (categories, SLA table), the kiosk's submission,
 * and the stored ticket with its event history.
 */
import { z } from 'astro/zod';

/** What the shopper wants to tell us (complaints-2.2); `request` (需求) is recorded by staff only. */
export const KINDS = ['complaint', 'suggestion', 'inquiry', 'praise', 'request'] as const;
export const kindSchema = z.enum(KINDS);
export type Kind = z.infer<typeof kindSchema>;
/** The kinds a shopper picks from at the kiosk. */
export const KIOSK_KINDS = ['complaint', 'suggestion', 'inquiry', 'praise'] as const satisfies readonly Kind[];

/**
 * How a request reached the service centre (complaints chapter 1): at the kiosk, or recorded by
 * staff from the desk, the hotline, a letter or e-mail, an online channel or the suggestion box.
 */
export const CHANNELS = ['kiosk', 'desk', 'phone', 'letter', 'online', 'suggestion-box'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;
/** The channels staff record on the desk form and through the staff API. */
export const DESK_CHANNELS = [
  'desk',
  'phone',
  'letter',
  'online',
  'suggestion-box',
] as const satisfies readonly Channel[];

/**
 * Life cycle of a ticket; see feedback.ts for the transitions. An invalid complaint is proposed
 * by staff (`invalid_proposed`) and decided by a manager (complaints-5.3); once confirmed it is
 * `invalid`, or `invalid_follow_up` while the follow-up call it still gets is due (complaints-5.4,
 * 6.1), after which it ends as `invalid`.
 */
export const STATUSES = [
  'received',
  'assigned',
  'in_progress',
  'invalid_proposed',
  'replied',
  'followed_up',
  'invalid_follow_up',
  'closed',
  'invalid',
] as const;
export const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

/** Urgency (complaints-2.4): 紧急 urgent, 重要 important, 一般 normal. */
export const URGENCIES = ['urgent', 'important', 'normal'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;

/** Deadline milestones a ticket passes. */
export const MILESTONES = ['handoff', 'reply', 'followUp'] as const;
export const milestoneSchema = z.enum(MILESTONES);
export type Milestone = z.infer<typeof milestoneSchema>;

const bilingual = {
  /** Chinese text. */
  zh: z.string().min(1),
  /** English text. */
  en: z.string().min(1),
};
const contentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected lower-case letters, digits and dashes');

// ---------------------------------------------------------------- content/mall

/** One entry of `content/mall/feedback-categories.yaml`. */
export const categorySchema = z.strictObject({
  /** Stable id stored on tickets and sent by kiosks. */
  id: contentId,
  ...bilingual,
  /** Department id that handles this category when no tenant is named. */
  department: contentId,
});
export type Category = z.infer<typeof categorySchema>;

/** A duration as written in sla.yaml: `10m`, `3h`, `2d`. */
export const withinSchema = z.string().regex(/^[1-9]\d{0,4}[mhd]$/, 'expected an amount and a unit, e.g. 10m, 24h, 2d');

/** How a rule's clock runs. */
export const CLOCKS = ['opening', 'continuous', 'days'] as const;
export type Clock = (typeof CLOCKS)[number];

/** One time limit of `content/mall/sla.yaml`. */
export const slaRuleSchema = z
  .strictObject({
    /** Stable id of the rule. */
    id: contentId,
    /** The step the rule times. */
    milestone: milestoneSchema,
    /** Reply rules only: the cause staff chose that selects this rule. */
    cause: contentId.optional(),
    /** Label on the ticket page and in reports. */
    label: z.strictObject(bilingual),
    /** How long: `10m`, `24h`, `2d`. */
    within: withinSchema,
    /** opening: only during opening hours; continuous: real time; days: calendar days in the mall's time zone. */
    clock: z.enum(CLOCKS),
    /** Kinds of feedback the rule applies to; all kinds when not given. */
    kinds: z.array(kindSchema).min(1).optional(),
    /** Policy clause the rule comes from, e.g. complaints-3.1. */
    clause: z.string().min(1),
  })
  .refine((r) => (r.clock === 'days') === r.within.endsWith('d'), {
    message: 'a "days" clock needs a limit in days (2d), other clocks minutes or hours',
    path: ['within'],
  });
export type SlaRule = z.infer<typeof slaRuleSchema>;

/** `content/mall/sla.yaml`. */
export const slaSchema = z.strictObject({
  /** Time limits; exactly one handoff rule, one reply rule per cause, at most one followUp rule. */
  rules: z.array(slaRuleSchema).min(1),
  /** Causes staff may choose for a ticket (general must be one). */
  causes: z.array(z.strictObject({ id: contentId, ...bilingual })).min(1),
  /** Overdue handling. */
  overdue: z.strictObject({
    /** Clause for reminders (催办). */
    reminderClause: z.string().min(1),
    /** Clause for the escalation ladder. */
    escalationClause: z.string().min(1),
    /** Each further period overdue (on the rule's clock) moves the ticket one step up. */
    escalateEvery: withinSchema,
    /** Escalation ladder, lowest first. */
    ladder: z.array(z.strictObject({ id: contentId, ...bilingual })).min(1),
  }),
  /** Repeat complainants: the same phone again within this window, whatever the tenant or category. */
  repeatComplainants: z
    .strictObject({
      /** Days between two tickets from one phone for the shopper to be flagged on the staff side. */
      windowDays: z.number().int().min(1).max(366),
    })
    .default({ windowDays: 30 }),
  /** The desk's printed lists (the daily summary, the monthly review list); the policy's times when not given. */
  reports: z
    .strictObject({
      /** Local time (`HH:MM`) before which each day's results are handed in (the daily summary). */
      dailyBy: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
      /** Clause naming that time. */
      dailyClause: z.string().min(1),
      /** Day of the next month before which a month's finished cases are reviewed. */
      reviewBy: z.number().int().min(1).max(28),
      /** Clause naming that day. */
      reviewClause: z.string().min(1),
    })
    .default({ dailyBy: '17:00', dailyClause: 'complaints-3.7', reviewBy: 10, reviewClause: 'complaints-8.2' }),
  /** How long a shopper's name and phone are kept after the ticket is closed or found invalid. */
  retention: z.strictObject({
    /** Days after closing; then name and phone are erased from the ticket. */
    contactDays: z.number().int().min(1).max(3650),
    /** Policy clause promising it to shoppers. */
    clause: z.string().min(1),
  }),
});
export type Sla = z.infer<typeof slaSchema>;

// ---------------------------------------------------------------- the kiosk's submission

/** Longest name a shopper may leave. */
export const NAME_MAX = 40;
/** Description length in characters (code points), inclusive. */
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 1000;

/**
 * `POST /api/feedback` body, shape only: ids are checked against the mall's lists and the
 * cross-field rules applied by `validateSubmission` (feedback.ts).
 */
export const submissionShapeSchema = z.strictObject({
  /** What the shopper wants to tell us. */
  kind: z.enum(KIOSK_KINDS),
  /** Category id (feedback-categories.yaml). */
  category: z.string().max(40),
  /** What happened, 5 to 1000 characters. */
  description: z.string(),
  /** Floor id (floors.yaml), optional. */
  floor: z.string().max(40).optional(),
  /** Tenant id (tenants.yaml), optional; must be on `floor` when both are given. */
  tenant: z.string().max(40).optional(),
  /** Optional contact details; a complaint needs none. */
  contact: z
    .strictObject({
      /** How to address the shopper. */
      name: z.string().optional(),
      /** Mainland mobile number (spaces, dashes and +86 allowed). */
      phone: z.string().max(30).optional(),
    })
    .optional(),
  /** Consent to be called about this feedback; required when a phone is given. */
  consent: z.boolean().optional(),
  /** Client-chosen key: the same key within 24 h returns the first ticket. */
  idempotencyKey: z.string().max(100).optional(),
  /** The kiosk that sent it (also accepted as the X-Kiosk-Id header). */
  kioskId: z.string().max(40).optional(),
});
export type SubmissionShape = z.infer<typeof submissionShapeSchema>;

/** A validated, normalised submission. */
export interface Submission {
  kind: Kind;
  category: string;
  description: string;
  floor?: string;
  tenant?: string;
  name?: string;
  /** 11 digits. */
  phone?: string;
  consent: boolean;
  idempotencyKey?: string;
  kioskId?: string;
}

// ---------------------------------------------------------------- stored tickets

/** Who did something: a staff user, or the system (`id` "system"), or the kiosk (`id` "kiosk"). */
export const actorSchema = z.strictObject({
  /** User id, or "system" / "kiosk". */
  id: z.string().min(1),
  /** Display name at the time. */
  name: z.string(),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * Staff actions that move a ticket between states. `markInvalid` is a manager's decision made at
 * once; staff propose (`proposeInvalid`) and a manager confirms or rejects the proposal.
 */
export const ACTIONS = [
  'assign',
  'start',
  'reply',
  'followUp',
  'close',
  'proposeInvalid',
  'confirmInvalid',
  'rejectInvalid',
  'markInvalid',
  'reopen',
] as const;
export const actionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof actionSchema>;

/** Event types on a ticket's history. */
export const EVENT_TYPES = [
  'created',
  'transition',
  'reminder',
  'escalation',
  'note',
  'urgency',
  'cause',
  'erased',
  'ack',
  'slip',
  'slipAnswer',
] as const;

/** 催办单 (reminder slip, complaints-7.1) and 洽办单 (inquiry slip for a case closed late, 7.2). */
export const SLIP_KINDS = ['reminder', 'inquiry'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

/**
 * A slip on a ticket's history, with the fields of the paper forms (content/forms/forms.yaml):
 * `slip` events issue one (the reason in the event's note), `slipAnswer` events answer one (the
 * answer in the note).
 */
export const slipSchema = z.strictObject({
  /** Number of the slip on its ticket: CB-1, CB-2 … (催办单) or QB-1 … (洽办单). */
  id: z.string().regex(/^(CB|QB)-\d{1,3}$/),
  kind: z.enum(SLIP_KINDS),
  /** User id of the person it is addressed to (who answers it). */
  addresseeId: z.string().min(1),
  /** That person's display name at the time. */
  addressee: z.string(),
  /** Responsible department (责任部门). */
  department: z.string().optional(),
  /** The overdue (reminder) or missed (inquiry) limit: an SLA rule id. */
  rule: z.string().optional(),
  /** Reminder: when the work must be done (要求完成的时间, ISO). */
  dueBy: z.string().optional(),
  /** Answer to an inquiry: the improvement measures (改进措施). */
  measures: z.string().optional(),
});
export type Slip = z.infer<typeof slipSchema>;

/** One entry of a ticket's history. Transitions carry from/to; a public note is shown to the shopper. */
export const ticketEventSchema = z.strictObject({
  /** ISO time. */
  at: z.string(),
  /** Who did it. */
  by: actorSchema,
  /** What happened. */
  type: z.enum(EVENT_TYPES),
  /** Transitions: the staff action. */
  action: actionSchema.optional(),
  /** Transitions: status before. */
  from: statusSchema.optional(),
  /** Transitions (and created): status after. */
  to: statusSchema.optional(),
  /** Text: the reply or invalid explanation (public), or an internal note. */
  note: z.string().optional(),
  /** Whether the shopper sees `note` (reply to customer, invalid explanation). */
  public: z.boolean().optional(),
  /** Assign: department id. */
  department: z.string().optional(),
  /** Assign: responsible person. */
  assignee: z.string().optional(),
  /** Assign: the responsible person's user id. */
  assigneeId: z.string().optional(),
  /** Follow-up: satisfaction 1-5. */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** Reminder / escalation: the overdue milestone. */
  milestone: milestoneSchema.optional(),
  /** Reminder / escalation: rule id. */
  rule: z.string().optional(),
  /** Escalation and reopen: the new ladder level (0 = first). */
  level: z.number().int().min(0).optional(),
  /** Urgency change: the new urgency. */
  urgency: urgencySchema.optional(),
  /** Cause change: the new cause. */
  cause: z.string().optional(),
  /** Slip issued or answered (催办单 / 洽办单). */
  slip: slipSchema.optional(),
});
export type TicketEvent = z.infer<typeof ticketEventSchema>;

/** Ticket numbers: FK + mall-local date + '-' + a sequence of at least 4 digits. */
export const TICKET_NO_PATTERN = /^FK(\d{8})-(\d{4,6})$/;

/** A stored ticket (schema version 1). Personal data is stored as given and masked on display. */
export const ticketSchema = z.strictObject({
  /** Readable unique number, e.g. FK20261122-0042. */
  no: z.string().regex(TICKET_NO_PATTERN),
  /** Mall-local day of creation (YYYY-MM-DD): the partition key. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Sequence within the day. */
  seq: z.number().int().positive(),
  /** ISO time of receipt. */
  createdAt: z.string(),
  /** ISO time of the last change. */
  updatedAt: z.string(),
  /** 6-digit code the shopper uses to look the ticket up. */
  verifyCode: z.string().regex(/^\d{6}$/),
  kind: kindSchema,
  /** Category id. */
  category: z.string(),
  /** What the shopper wrote, as given. */
  description: z.string(),
  /** Floor id. */
  floor: z.string().optional(),
  /** Tenant id. */
  tenant: z.string().optional(),
  /** Shopper's name, as given. */
  name: z.string().optional(),
  /** Shopper's mobile number (11 digits). */
  phone: z.string().optional(),
  /** Consent to be called, given with the phone. */
  consent: z.boolean(),
  /** Kiosk id the ticket came from. */
  kioskId: z.string().optional(),
  /** How the request reached us; tickets stored before channels existed came from kiosks. */
  channel: channelSchema.optional(),
  /** Shopper's address (letters), as given. */
  address: z.string().optional(),
  /** What the shopper asks for (诉求), as recorded by staff. */
  demand: z.string().optional(),
  /** Client idempotency key (honoured for 24 h). */
  idempotencyKey: z.string().optional(),
  /** Fingerprint of the submission, to tell a retry from a different submission with a reused key. */
  fingerprint: z.string().optional(),
  /** Current status. */
  status: statusSchema,
  /** Urgency set by staff. */
  urgency: urgencySchema,
  /** Cause chosen by staff: selects the reply rule (sla.yaml causes). */
  cause: z.string(),
  /** Responsible department id. */
  department: z.string().optional(),
  /** Responsible person (display name). */
  assignee: z.string().optional(),
  /** Responsible person's user id (tickets assigned before the picker have none). */
  assigneeId: z.string().optional(),
  /** Escalation ladder level (0 = first rung). */
  level: z.number().int().min(0),
  /** Possible repeat of this earlier ticket (same phone, tenant and category within 72 h). */
  repeatOf: z.string().optional(),
  /** Last recorded satisfaction 1-5. */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** History, oldest first. */
  events: z.array(ticketEventSchema),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** The channel of a stored ticket (`kiosk` for tickets stored before channels were recorded). */
export const channelOf = (t: Pick<Ticket, 'channel'>): Channel => t.channel ?? 'kiosk';
