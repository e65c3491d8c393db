import type { APIRoute } from 'astro';
import { apiError } from '../../../lib/api/http';
import { can } from '../../../lib/auth/roles';
import { ticketEvents } from '../../../lib/feedback/feedback.server';

/**
 * GET /api/staff/events: server-sent events for staff pages — `event: tickets` whenever a ticket
 * changes on any node, so the inbox count, the queue and the inbox refresh at once.
 */
export const GET = (async ({ locals, request }) => {
  const user = locals.user;
  if (!user) return apiError(401, 'unauthenticated', { zh: '请先登录', en: 'Sign in first' });
  if (!can(user, 'tickets.view'))
    return apiError(403, 'forbidden', { zh: '没有查看工单的权限', en: 'You may not view tickets' });
  return new Response(await ticketEvents(request.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx passes the stream on as it comes (deploy/nginx/service-desk.conf).
      'X-Accel-Buffering': 'no',
    },
  });
}) satisfies APIRoute;
