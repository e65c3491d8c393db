import type { APIRoute } from 'astro';
import { apiError, invalidInput, json, readJsonBody } from '../../../../../lib/api/http';
import { requireStaff } from '../../../../../lib/api/staff';
import { getTicket, staffViewOf } from '../../../../../lib/feedback/feedback.server';
import { deskApiAction } from '../../../../../lib/feedback/desk.server';
import { parseTicketNo } from '../../../../../lib/feedback/format';
import { apiActionSchema } from '../../../../../lib/feedback/staff-api';
import { ZH_CN } from '../../../../../lib/i18n/dict';

/** Refusals that name a bad field (400), and those that are the state's (409) or the person's (403). */
const FIELD_OF: Record<string, string> = {
  department_required: 'department',
  unknown_department: 'department',
  unknown_assignee: 'assigneeId',
  assignee_required: 'assigneeId',
  note_required: 'note',
  satisfaction_required: 'satisfaction',
  no_change: 'action',
  slip_not_found: 'slip',
  slip_unknown_rule: 'rule',
  slip_due_in_past: 'dueBy',
};
/** Refusals that are the person's, not the ticket's: 403. */
const FORBIDDEN = new Set(['follow_up_by_handler', 'forbidden', 'slip_not_addressee']);

/** POST /api/staff/tickets/<ticketNo>/actions: one step of the life cycle, answered with the updated staff view. */
export const POST = (async ({ locals, params, request }) => {
  const user = requireStaff(locals, 'tickets.work');
  if (user instanceof Response) return user;
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = apiActionSchema.safeParse(body.value);
  if (!parsed.success) return invalidInput(parsed.error);
  const no = parseTicketNo(params.no);
  if (!no || !(await getTicket(no))) return apiError(404, 'not_found', { zh: '没有这张工单', en: 'No such ticket' });
  const outcome = await deskApiAction(no, parsed.data, user);
  if (outcome.ok) return json(staffViewOf(outcome.ticket));
  const reason = outcome.reason;
  const message = {
    zh: ZH_CN[`tickets.refuse.${reason}`],
    en:
      reason === 'conflict' ? 'Someone else changed this ticket: reload it and try again' : reason.replaceAll('_', ' '),
  };
  if (reason === 'not_found') return apiError(404, 'not_found', message);
  if (FORBIDDEN.has(reason)) return apiError(403, reason, message);
  // A slip names its person `addresseeId`, an assignment `assigneeId`.
  const field = reason === 'unknown_assignee' && parsed.data.action === 'issueSlip' ? 'addresseeId' : FIELD_OF[reason];
  if (field) return apiError(400, 'invalid_input', message, { [field]: message });
  return apiError(409, reason === 'not_allowed_in_status' ? 'illegal_transition' : reason, message);
}) satisfies APIRoute;
