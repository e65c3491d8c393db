/**
 * Staff actions on a ticket (forms on /staff/tickets/<no>, which work without JavaScript).
 * Each checks its own permission, then hands over to the feedback service; the state machine
 * in src/lib/feedback decides what is allowed.
 */
import { ActionError, defineAction } from 'astro:actions';
import { storeSafe } from './store-safe';
import { z } from 'astro/zod';
import { requirePermission } from './guard';
import {
  acknowledgeTicket,
  editTicket,
  performAction,
  recordDeskTicket,
  revealPhone,
  type StaffOutcome,
} from '../lib/feedback/feedback.server';
import { intakeFromForm } from '../lib/feedback/intake';
import { answerTicketSlip, issueTicketSlip, type SlipOutcome } from '../lib/feedback/desk.server';
import { config as feedbackConfig } from '../lib/feedback/feedback.server';
import { parseLocalDateTime } from '../lib/time/mall-time';
import { SLIP_KINDS } from '../lib/feedback/schema';
import { NOTE_MAX, type ActionInput } from '../lib/feedback/feedback';
import { URGENCIES, type Action } from '../lib/feedback/schema';
import { ZH_CN as zh, type StaffKey } from '../lib/i18n/dict';
import { cleanText } from '../lib/input/hygiene';

function settle(outcome: StaffOutcome, no: string, action: string) {
  if (outcome.ok) return { no, action };
  const message = zh[`tickets.refuse.${outcome.reason}` as StaffKey];
  const code =
    outcome.reason === 'not_found'
      ? 'NOT_FOUND'
      : outcome.reason === 'follow_up_by_handler' || outcome.reason === 'forbidden'
        ? 'FORBIDDEN'
        : outcome.reason === 'unknown_assignee'
          ? 'BAD_REQUEST'
          : 'CONFLICT';
  throw new ActionError({ code, message });
}

const no = z.string().regex(/^FK\d{8}-\d{4,6}$/);

/** Refusals of a slip that name a bad field, and those that are the person's. */
const SLIP_BAD_REQUEST = new Set([
  'unknown_assignee',
  'unknown_department',
  'note_required',
  'slip_unknown_rule',
  'slip_due_in_past',
]);
function settleSlip(outcome: SlipOutcome, no: string, action: string) {
  if (outcome.ok) return { no, action };
  const message = zh[`tickets.refuse.${outcome.reason}` as StaffKey];
  const code =
    outcome.reason === 'not_found' || outcome.reason === 'slip_not_found'
      ? 'NOT_FOUND'
      : outcome.reason === 'slip_not_addressee'
        ? 'FORBIDDEN'
        : SLIP_BAD_REQUEST.has(outcome.reason)
          ? 'BAD_REQUEST'
          : 'CONFLICT';
  throw new ActionError({ code, message });
}
/** An empty or missing form field counts as not given. */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const text = (max = NOTE_MAX) =>
  z.preprocess(blank, z.string().transform(cleanText).pipe(z.string().max(max)).optional());

function transition<S extends z.ZodRawShape>(action: Action, shape: S) {
  return defineAction({
    accept: 'form',
    input: z.object({ ...shape, no }),
    handler: storeSafe(async (data, { locals }) => {
      const user = requirePermission(locals, 'tickets.work');
      // The schema above is `no` plus the action's fields, all of them ActionInput fields.
      const input = data as unknown as { no: string } & ActionInput;
      // The role comes from the session, never from the form: deciding validity is a manager's.
      return settle(await performAction(input.no, action, { ...input, role: user.role }, user), input.no, action);
    }),
  });
}

/** What the desk form gets back: the new ticket's number, or each bad field's message and the values sent. */
export type RecordResult =
  { ok: true; no: string } | { ok: false; fields: Record<string, string>; values: Record<string, string> };

export const tickets = {
  /** A request received at the desk, by phone, letter, online or from the suggestion box (/staff/tickets/new). */
  record: defineAction({
    accept: 'form',
    handler: storeSafe(async (form: FormData, { locals }: { locals: App.Locals; url: URL }): Promise<RecordResult> => {
      const user = requirePermission(locals, 'tickets.work');
      const outcome = await recordDeskTicket(intakeFromForm(form), user);
      if (outcome.kind === 'created') return { ok: true, no: outcome.ticket.no };
      // Handed back rather than thrown, so the form is shown again as it was filled in.
      const values: Record<string, string> = {};
      for (const [k, v] of form) if (typeof v === 'string') values[k] = v.slice(0, NOTE_MAX);
      const fields = Object.fromEntries(Object.entries(outcome.fields).map(([k, m]) => [k, m.zh]));
      return { ok: false, fields, values };
    }),
  }),

  assign: transition('assign', { department: z.string().max(40), assigneeId: z.string().min(1).max(60) }),
  start: transition('start', {}),
  reply: transition('reply', { note: text() }),
  followUp: transition('followUp', {
    satisfaction: z.preprocess(blank, z.coerce.number().int().min(1).max(5).optional()),
    note: text(),
  }),
  close: transition('close', {}),
  /** A manager's decision that a complaint is invalid, made at once (complaints-5.3). */
  markInvalid: transition('markInvalid', { note: text() }),
  /** Staff propose an invalid complaint with the reason; a manager decides. */
  proposeInvalid: transition('proposeInvalid', { note: text() }),
  /** The manager confirms the proposal; the note is the explanation the shopper sees. */
  confirmInvalid: transition('confirmInvalid', { note: text() }),
  /** The manager rejects the proposal (why, internal); the ticket goes back where it was. */
  rejectInvalid: transition('rejectInvalid', { note: text() }),
  reopen: transition('reopen', { note: text() }),

  /** A 催办单 (open ticket) or 洽办单 (case closed late) addressed to a user (complaints-7.1, 7.2). */
  issueSlip: defineAction({
    accept: 'form',
    input: z.object({
      no,
      kind: z.enum(SLIP_KINDS),
      addresseeId: z.string().min(1).max(60),
      department: z.preprocess(blank, z.string().max(40).optional()),
      rule: z.preprocess(blank, z.string().max(40).optional()),
      /** Local date-time from the form (要求完成的时间). */
      dueBy: z.preprocess(
        blank,
        z
          .string()
          .max(20)
          .refine((v) => parseLocalDateTime(v, feedbackConfig.timeZone) !== undefined, 'YYYY-MM-DDTHH:MM')
          .optional(),
      ),
      note: text(),
    }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'tickets.work');
      const dueBy = input.dueBy ? parseLocalDateTime(input.dueBy, feedbackConfig.timeZone) : undefined;
      const outcome = await issueTicketSlip(
        input.no,
        {
          kind: input.kind,
          addresseeId: input.addresseeId,
          department: input.department,
          rule: input.rule,
          dueBy,
          note: input.note ?? '',
        },
        user,
      );
      return settleSlip(outcome, input.no, input.kind === 'reminder' ? 'issueReminderSlip' : 'issueInquirySlip');
    }),
  }),

  /** The addressee answers a slip. */
  answerSlip: defineAction({
    accept: 'form',
    input: z.object({
      no,
      slip: z.string().regex(/^(CB|QB)-\d{1,3}$/),
      note: text(),
      measures: text(),
    }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'tickets.view');
      const outcome = await answerTicketSlip(
        input.no,
        input.slip,
        { note: input.note ?? '', measures: input.measures },
        user,
      );
      return settleSlip(outcome, input.no, 'answerSlip');
    }),
  }),

  edit: defineAction({
    accept: 'form',
    input: z.object({
      no,
      urgency: z.preprocess(blank, z.enum(URGENCIES).optional()),
      cause: z.preprocess(blank, z.string().max(40).optional()),
      note: text(),
    }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'tickets.work');
      const what = input.urgency ? 'urgency' : input.cause ? 'cause' : 'note';
      return settle(
        await editTicket(input.no, { urgency: input.urgency, cause: input.cause, note: input.note }, user),
        input.no,
        what,
      );
    }),
  }),

  /** Acknowledges the signed-in user's inbox items (escalations, reminders) on a ticket. */
  ack: defineAction({
    accept: 'form',
    input: z.object({ no }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'tickets.view');
      return settle(await acknowledgeTicket(input.no, user), input.no, 'ack');
    }),
  }),

  /** Shows the full phone number once (supervisors and up, or the follow-up caller); the reveal is audited. */
  revealPhone: defineAction({
    accept: 'form',
    input: z.object({ no }),
    handler: storeSafe(async (input, { locals }) => {
      // Supervisors and up, or the person making the follow-up call (decided per ticket, in revealPhone).
      const user = requirePermission(locals, 'tickets.work');
      const outcome = await revealPhone(input.no, user);
      if (!outcome.ok && outcome.reason === 'forbidden')
        throw new ActionError({ code: 'FORBIDDEN', message: zh['tickets.reveal.forbidden'] });
      if (!outcome.ok) throw new ActionError({ code: 'NOT_FOUND', message: zh['tickets.refuse.not_found'] });
      return { no: input.no, phone: outcome.phone };
    }),
  }),
};
