/**
 * Intake at the desk (complaints chapter 1, the complaint record 顾客投诉记录表): a staff member
 * records a request received in person, by phone, letter or e-mail, online or from the
 * suggestion box. The same fields come from the staff form and the staff API. Pure.
 */
import { z } from 'astro/zod';
import type { Bilingual } from '../api/http';
import { fieldErrors } from '../api/http';
import { cleanText } from '../input/hygiene';
import { parseLocalDateTime } from '../time/mall-time';
import type { FeedbackConfig } from './feedback';
import { defaultDepartment, FIELD_MESSAGES, NOTE_MAX, ticketCore } from './feedback';
import { normalisePhone, textLength } from './format';
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  DESK_CHANNELS,
  kindSchema,
  NAME_MAX,
  urgencySchema,
  type Actor,
  type Channel,
  type Kind,
  type Ticket,
  type TicketEvent,
  type Urgency,
} from './schema';

/** Longest address and demand text. */
export const ADDRESS_MAX = 200;
export const DEMAND_MAX = 1000;
/** How far back a receipt time may lie (a letter read late), and how far ahead a clock may drift. */
export const RECEIVED_MAX_AGE_MS = 31 * 86_400_000;
export const RECEIVED_SKEW_MS = 5 * 60_000;

/** `POST /api/staff/tickets` body and the desk form, shape only (cross-field rules in `validateIntake`). */
export const intakeShapeSchema = z.strictObject({
  /** How the request reached us. */
  channel: z.enum(DESK_CHANNELS),
  /** When it was received: ISO 8601 with an offset, or mall-local `YYYY-MM-DDTHH:MM`; now when not given. */
  receivedAt: z.string().max(40).optional(),
  /** 投诉 / 建议 / 咨询 / 表扬 / 需求. */
  kind: kindSchema,
  /** Category id (feedback-categories.yaml). */
  category: z.string().max(40),
  /** What happened. */
  description: z.string(),
  /** What the shopper asks for (诉求). */
  demand: z.string().max(DEMAND_MAX).optional(),
  /** Object of the complaint: floor, tenant or department. */
  floor: z.string().max(40).optional(),
  tenant: z.string().max(40).optional(),
  department: z.string().max(40).optional(),
  /** 紧急 / 重要 / 一般; normal when not given. */
  urgency: urgencySchema.optional(),
  /** The shopper's details, all optional. */
  contact: z
    .strictObject({
      name: z.string().optional(),
      phone: z.string().max(30).optional(),
      address: z.string().max(ADDRESS_MAX).optional(),
    })
    .optional(),
  /** Consent to be called back, required with a phone. */
  consent: z.boolean().optional(),
  /** An inquiry answered on the spot: the answer given; the ticket is recorded as closed. */
  answer: z.string().max(NOTE_MAX).optional(),
});
export type IntakeShape = z.infer<typeof intakeShapeSchema>;

/** A validated desk intake. */
export interface Intake {
  channel: Channel;
  receivedAt: number;
  kind: Kind;
  category: string;
  description: string;
  demand?: string;
  floor?: string;
  tenant?: string;
  department?: string;
  urgency: Urgency;
  name?: string;
  phone?: string;
  address?: string;
  consent: boolean;
  answer?: string;
}

/** Messages for the fields only the desk has. */
export const INTAKE_MESSAGES = {
  channel: { zh: '请选择受理渠道', en: 'Choose a channel: desk, phone, letter, online or suggestion-box' },
  receivedAt: {
    zh: '受理时间格式不对，或晚于现在、早于 31 天前',
    en: 'receivedAt: an ISO time, not in the future and at most 31 days ago',
  },
  kind: { zh: '请选择类型', en: 'Choose a kind: complaint, suggestion, inquiry, praise or request' },
  department: { zh: '没有这个部门', en: 'Unknown department' },
  urgency: { zh: '请选择紧急程度', en: 'Choose an urgency: urgent, important or normal' },
  address: { zh: `地址最多 ${ADDRESS_MAX} 个字`, en: `Address: at most ${ADDRESS_MAX} characters` },
  demand: { zh: `诉求最多 ${DEMAND_MAX} 个字`, en: `Demand: at most ${DEMAND_MAX} characters` },
  answer: {
    zh: '当场答复只适用于咨询，并须写明答复内容',
    en: 'An answer on the spot is for inquiries only and needs the answer given',
  },
} satisfies Record<string, Bilingual>;

const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A receipt time: ISO with offset, or a mall-local wall time (what a datetime-local field sends). */
export function parseReceivedAt(raw: string, timeZone: string): number | undefined {
  if (!ISO_PATTERN.test(raw)) return parseLocalDateTime(raw, timeZone);
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

export type IntakeResult = { ok: true; value: Intake } | { ok: false; fields: Record<string, Bilingual> };

/** Validates a desk intake against the mall's lists; every bad field is named. */
export function validateIntake(raw: unknown, config: FeedbackConfig, now: number): IntakeResult {
  const fields: Record<string, Bilingual> = {};
  const parsed = intakeShapeSchema.safeParse(raw);
  if (!parsed.success) {
    Object.assign(
      fields,
      fieldErrors(parsed.error, {
        channel: INTAKE_MESSAGES.channel,
        receivedAt: INTAKE_MESSAGES.receivedAt,
        kind: INTAKE_MESSAGES.kind,
        category: FIELD_MESSAGES.category,
        description: FIELD_MESSAGES.description,
        demand: INTAKE_MESSAGES.demand,
        floor: FIELD_MESSAGES.floor,
        tenant: FIELD_MESSAGES.tenant,
        department: INTAKE_MESSAGES.department,
        urgency: INTAKE_MESSAGES.urgency,
        'contact.name': FIELD_MESSAGES.name,
        'contact.phone': FIELD_MESSAGES.phone,
        'contact.address': INTAKE_MESSAGES.address,
        consent: FIELD_MESSAGES.consentType,
        answer: INTAKE_MESSAGES.answer,
      }),
    );
  }
  const body = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  // Free text is normalised and stripped of controls and bidi overrides like every client's text.
  const str = (v: unknown) => (typeof v === 'string' ? cleanText(v) : undefined);
  const set = (field: string, message: Bilingual) => (fields[field] ??= message);

  const receivedRaw = str(body.receivedAt)?.trim();
  let receivedAt = now;
  if (receivedRaw) {
    const at = parseReceivedAt(receivedRaw, config.timeZone);
    if (at === undefined || at > now + RECEIVED_SKEW_MS || at < now - RECEIVED_MAX_AGE_MS)
      set('receivedAt', INTAKE_MESSAGES.receivedAt);
    else receivedAt = Math.min(at, now);
  }

  const category = str(body.category);
  if (category !== undefined && !config.categories.some((c) => c.id === category))
    set('category', FIELD_MESSAGES.category);
  const description = str(body.description)?.trim();
  if (description !== undefined) {
    const n = textLength(description);
    if (n < DESCRIPTION_MIN) set('description', FIELD_MESSAGES.descriptionShort);
    else if (n > DESCRIPTION_MAX) set('description', FIELD_MESSAGES.descriptionLong);
  }
  const floorId = str(body.floor) || undefined;
  const tenantId = str(body.tenant) || undefined;
  const departmentId = str(body.department) || undefined;
  const floor = floorId === undefined ? undefined : config.floors.find((f) => f.id === floorId);
  const tenant = tenantId === undefined ? undefined : config.tenants.find((t) => t.id === tenantId);
  if (floorId !== undefined && !floor) set('floor', FIELD_MESSAGES.floor);
  if (tenantId !== undefined && !tenant) set('tenant', FIELD_MESSAGES.tenant);
  if (tenant && floor && tenant.floor !== floor.id) set('tenant', FIELD_MESSAGES.tenantFloor);
  if (departmentId !== undefined && !config.departments.some((d) => d.id === departmentId))
    set('department', INTAKE_MESSAGES.department);

  const contact = (body.contact && typeof body.contact === 'object' ? body.contact : {}) as Record<string, unknown>;
  const name = str(contact.name)?.trim() || undefined;
  if (name !== undefined && textLength(name) > NAME_MAX) set('contact.name', FIELD_MESSAGES.name);
  const phoneRaw = str(contact.phone)?.trim() || undefined;
  const phone = phoneRaw === undefined ? undefined : normalisePhone(phoneRaw);
  if (phoneRaw !== undefined && !phone) set('contact.phone', FIELD_MESSAGES.phone);
  if (phoneRaw !== undefined && body.consent !== true) set('consent', FIELD_MESSAGES.consent);
  const address = str(contact.address)?.trim() || undefined;
  const demand = str(body.demand)?.trim() || undefined;
  const answer = str(body.answer)?.trim();
  if (answer !== undefined && (!answer || body.kind !== 'inquiry')) set('answer', INTAKE_MESSAGES.answer);

  if (!parsed.success || Object.keys(fields).length > 0) return { ok: false, fields };
  const v = parsed.data;
  return {
    ok: true,
    value: {
      channel: v.channel,
      receivedAt,
      kind: v.kind,
      category: v.category,
      description: description!,
      ...(demand ? { demand } : {}),
      ...(floorId ? { floor: floorId } : tenant ? { floor: tenant.floor } : {}),
      ...(tenantId ? { tenant: tenantId } : {}),
      ...(departmentId ? { department: departmentId } : {}),
      urgency: v.urgency ?? 'normal',
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      ...(address ? { address } : {}),
      consent: !!phone,
      ...(answer ? { answer } : {}),
    },
  };
}

/**
 * A desk form's fields as the intake shape: empty fields are not given, contact fields are
 * nested, the consent box is a boolean.
 */
export function intakeFromForm(form: FormData): Record<string, unknown> {
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  const contact = { name: get('name'), phone: get('phone'), address: get('address') };
  const has = Object.values(contact).some((v) => v !== undefined);
  const out: Record<string, unknown> = {
    channel: get('channel'),
    receivedAt: get('receivedAt'),
    kind: get('kind'),
    category: get('category'),
    description: get('description') ?? '',
    demand: get('demand'),
    floor: get('floor'),
    tenant: get('tenant'),
    department: get('department'),
    urgency: get('urgency'),
    ...(has ? { contact: Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) } : {}),
    ...(form.get('consent') ? { consent: true } : {}),
    // The answer box only counts when "answered on the spot" is ticked.
    ...(form.get('onTheSpot') ? { answer: get('answer') ?? '' } : {}),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export interface DeskTicketParams {
  no: string;
  day: string;
  seq: number;
  verifyCode: string;
  /** When it was recorded (the created event); the ticket's clocks start at `intake.receivedAt`. */
  now: number;
  repeatOf?: string;
}

/**
 * A ticket recorded by staff. Its deadlines run from the time of receipt; an inquiry answered
 * on the spot is recorded with its answer and closed in the same step (hand-off and reply met).
 */
export function createDeskTicket(intake: Intake, p: DeskTicketParams, by: Actor, config: FeedbackConfig): Ticket {
  const receivedAt = new Date(intake.receivedAt).toISOString();
  const at = new Date(p.now).toISOString();
  const department = intake.department ?? defaultDepartment(intake, config);
  const events: TicketEvent[] = [{ at, by, type: 'created', to: 'received' }];
  let status: Ticket['status'] = 'received';
  if (intake.answer) {
    events.push(
      {
        at,
        by,
        type: 'transition',
        action: 'reply',
        from: 'received',
        to: 'replied',
        note: intake.answer,
        public: true,
      },
      { at, by, type: 'transition', action: 'close', from: 'replied', to: 'closed' },
    );
    status = 'closed';
  }
  return {
    ...ticketCore(intake, p, { createdAt: receivedAt, updatedAt: at }, department),
    channel: intake.channel,
    ...(intake.address ? { address: intake.address } : {}),
    ...(intake.demand ? { demand: intake.demand } : {}),
    status,
    urgency: intake.urgency,
    events,
  };
}
