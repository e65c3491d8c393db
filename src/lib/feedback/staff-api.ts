/**
 * The staff API's shapes (`/api/staff/`): the list query, the action body, and the staff view
 * of a ticket (fields, channel, deadlines of every round, slips, events). Pure.
 */
import { z } from 'astro/zod';
import { cleanText } from '../input/hygiene';
import type { FeedbackConfig } from './feedback';
import { maskName, maskPhone, NOTE_MAX } from './feedback';
import { CHANNELS, channelOf, SLIP_KINDS, STATUSES, URGENCIES, type Ticket } from './schema';
import { slipsOf } from './slips';
import { computeRounds, type MilestoneState } from './sla';

/** `GET /api/staff/tickets` query. Unlike the queue page, a bad value is refused (400), not dropped. */
export const apiListQuerySchema = z
  .strictObject({
    /** A status, `open` (default) or `all`. */
    status: z.enum([...STATUSES, 'open', 'all']).optional(),
    channel: z.enum(CHANNELS).optional(),
    /** `me` (the caller's tickets), `none` (unassigned), or a user's username or id (their tickets). */
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[\w.@-]+$/u)
      .optional(),
    overdue: z.literal('1').optional(),
    /** Escalated to the caller's role. */
    escalated: z.literal('1').optional(),
    /** The `nextCursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^[1-9]\d{0,5}$/)
      .optional(),
  })
  .refine((q) => !(q.assignee && q.escalated), {
    message: 'assignee and escalated are different views: ask for one',
    path: ['escalated'],
  });

export type ApiListQuery = z.infer<typeof apiListQuerySchema>;

const note = z.string().transform(cleanText).pipe(z.string().trim().min(1).max(NOTE_MAX));

/** `POST /api/staff/tickets/<no>/actions` body: one action and its fields. */
export const apiActionSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('assign'),
    department: z.string().max(40),
    assigneeId: z.string().min(1).max(60),
  }),
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('setCause'), cause: z.string().max(40) }),
  z.strictObject({ action: z.literal('setUrgency'), urgency: z.enum(URGENCIES) }),
  z.strictObject({ action: z.literal('reply'), note }),
  z.strictObject({
    action: z.literal('followUp'),
    satisfaction: z.number().int().min(1).max(5).optional(),
    note: note.optional(),
  }),
  z.strictObject({ action: z.literal('close') }),
  z.strictObject({ action: z.literal('markInvalid'), note }),
  z.strictObject({ action: z.literal('proposeInvalid'), note }),
  z.strictObject({ action: z.literal('confirmInvalid'), note }),
  z.strictObject({ action: z.literal('rejectInvalid'), note }),
  z.strictObject({ action: z.literal('reopen'), note }),
  z.strictObject({ action: z.literal('note'), note }),
  /** A 催办单 (an open ticket) or 洽办单 (a case finished late) addressed to a user (complaints-7.1, 7.2). */
  z.strictObject({
    action: z.literal('issueSlip'),
    kind: z.enum(SLIP_KINDS),
    addresseeId: z.string().min(1).max(60),
    department: z.string().max(40).optional(),
    /** The overdue (reminder) or missed (inquiry) limit: an SLA rule id. */
    rule: z.string().max(40).optional(),
    /** Reminder: when it must be done (ISO date-time with offset). */
    dueBy: z.iso.datetime({ offset: true }).optional(),
    note,
  }),
  /** The addressee answers a slip: progress (催办单), or the cause of the delay and the measures (洽办单). */
  z.strictObject({
    action: z.literal('answerSlip'),
    slip: z.string().regex(/^(CB|QB)-\d{1,3}$/),
    note,
    measures: note.optional(),
  }),
]);
export type ApiAction = z.infer<typeof apiActionSchema>;

/** One deadline as the API shows it. */
export interface ApiDeadline {
  milestone: MilestoneState['milestone'];
  rule: string;
  dueAt: string;
  doneAt?: string;
  overdue: boolean;
  clause: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const deadline = (m: MilestoneState): ApiDeadline => ({
  milestone: m.milestone,
  rule: m.rule.id,
  dueAt: iso(m.dueAt),
  ...(m.metAt !== undefined ? { doneAt: iso(m.metAt) } : {}),
  overdue: m.overdue,
  clause: m.rule.clause,
});

/**
 * The whole staff view of a ticket: its fields (name, phone and address masked), channel,
 * status, escalation level, the deadlines of the current round, every round's reply and
 * follow-up, and the events.
 */
export function staffView(ticket: Ticket, config: FeedbackConfig, now: number) {
  const rounds = computeRounds(ticket, config, now);
  const roundStarts = [ticket.createdAt];
  for (const e of ticket.events) if (e.type === 'transition' && e.action === 'reopen') roundStarts.push(e.at);
  const inRound = (i: number, at: string) =>
    at >= roundStarts[i] && (i + 1 >= roundStarts.length || at < roundStarts[i + 1]);
  const { verifyCode: _code, fingerprint: _fp, idempotencyKey: _key, phone, name, address, ...fields } = ticket;
  return {
    ticketNo: ticket.no,
    ...fields,
    channel: channelOf(ticket),
    // Personal data masked: revealing a phone is an audited act of the ticket page, not of the API.
    ...(phone ? { phone: maskPhone(phone) } : {}),
    ...(name ? { name: maskName(name) } : {}),
    ...(address ? { address: maskName(address) } : {}),
    deadlines: rounds.at(-1)!.map(deadline),
    // 催办单 / 洽办单, oldest first, each with its answer once given.
    slips: slipsOf(ticket).map((r) => ({
      ...r.slip,
      issuedAt: r.issuedAt,
      issuedBy: r.issuedBy.name,
      reason: r.reason,
      ...(r.answer
        ? {
            answer: {
              at: r.answer.at,
              by: r.answer.by.name,
              note: r.answer.note,
              ...(r.answer.measures ? { measures: r.answer.measures } : {}),
            },
          }
        : {}),
    })),
    rounds: rounds.map((milestones, i) => {
      const reply = ticket.events.find((e) => e.type === 'transition' && e.action === 'reply' && inRound(i, e.at));
      const followUp = ticket.events.find(
        (e) => e.type === 'transition' && e.action === 'followUp' && inRound(i, e.at),
      );
      return {
        round: i + 1,
        deadlines: milestones.map(deadline),
        ...(reply ? { reply: { at: reply.at, by: reply.by.name, note: reply.note } } : {}),
        ...(followUp
          ? {
              followUp: {
                at: followUp.at,
                by: followUp.by.name,
                satisfaction: followUp.satisfaction,
                note: followUp.note,
              },
            }
          : {}),
      };
    }),
  };
}
