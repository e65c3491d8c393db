import type { APIRoute } from 'astro';
import { apiError, json } from '../../../lib/api/http';
import { can } from '../../../lib/auth/roles';
import { fullInboxFor } from '../../../lib/feedback/desk.server';

/**
 * GET /api/staff/inbox: the signed-in user's unacknowledged escalations and reminders, the
 * 催办单/洽办单 addressed to them and not answered yet (`slips`), their count, and the
 * ticket store's version (it changes with every ticket change: pages poll it to refresh).
 */
export const GET = (async ({ locals }) => {
  const user = locals.user;
  if (!user) return apiError(401, 'unauthenticated', { zh: '请先登录', en: 'Sign in first' });
  if (!can(user, 'tickets.view'))
    return apiError(403, 'forbidden', { zh: '没有查看工单的权限', en: 'You may not view tickets' });
  const { version, items, slips, count } = await fullInboxFor(user);
  return json({ version, count, items: items.slice(0, 50), slips: slips.slice(0, 50) });
}) satisfies APIRoute;
