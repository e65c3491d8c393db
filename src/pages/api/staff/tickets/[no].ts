import type { APIRoute } from 'astro';
import { apiError, json } from '../../../../lib/api/http';
import { requireStaff } from '../../../../lib/api/staff';
import { getTicket, staffViewOf } from '../../../../lib/feedback/feedback.server';
import { parseTicketNo } from '../../../../lib/feedback/format';

/** GET /api/staff/tickets/<ticketNo>: the whole staff view (deadlines, rounds, events). */
export const GET = (async ({ locals, params }) => {
  const user = requireStaff(locals, 'tickets.view');
  if (user instanceof Response) return user;
  const no = parseTicketNo(params.no);
  const ticket = no ? await getTicket(no) : undefined;
  if (!ticket) return apiError(404, 'not_found', { zh: '没有这张工单', en: 'No such ticket' });
  return json(staffViewOf(ticket));
}) satisfies APIRoute;
