import type { APIRoute } from 'astro';
import { apiError, invalidInput, json, readJsonBody } from '../../../../lib/api/http';
import { requireStaff } from '../../../../lib/api/staff';
import { assignees, config, queueFor, recordDeskTicket } from '../../../../lib/feedback/feedback.server';
import { parseQueueFilter } from '../../../../lib/feedback/queue';
import { apiListQuerySchema } from '../../../../lib/feedback/staff-api';

/** POST /api/staff/tickets: a request from the desk, the hotline, letters, online or the suggestion box. */
export const POST = (async ({ locals, request }) => {
  const user = requireStaff(locals, 'tickets.work');
  if (user instanceof Response) return user;
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const outcome = await recordDeskTicket(body.value, user);
  if (outcome.kind === 'invalid')
    return apiError(
      400,
      'invalid_input',
      { zh: '输入有误，请检查标出的项目', en: 'Some fields are invalid' },
      outcome.fields,
    );
  const t = outcome.ticket;
  return json({ ticketNo: t.no, verifyCode: t.verifyCode, status: t.status, channel: t.channel }, 201);
}) satisfies APIRoute;

/** GET /api/staff/tickets?status=&channel=&assignee=me|none|<user>&overdue=1&escalated=1&cursor=: a page with next deadlines. */
export const GET = (async ({ locals, url }) => {
  const user = requireStaff(locals, 'tickets.view');
  if (user instanceof Response) return user;
  const parsed = apiListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalidInput(parsed.error);
  const q = parsed.data;
  // A person by username or id: one of the people tickets are assigned to, or a 400 naming the field.
  let assigneeId: string | undefined;
  if (q.assignee && q.assignee !== 'me' && q.assignee !== 'none') {
    const wanted = q.assignee.toLowerCase();
    assigneeId = (await assignees()).find((p) => p.id === q.assignee || p.username.toLowerCase() === wanted)?.id;
    if (!assigneeId) {
      const message = { zh: '没有这个处理人', en: 'No such assignee' };
      return apiError(400, 'invalid_input', message, { assignee: message });
    }
  }
  const filter = parseQueueFilter(
    new URLSearchParams({
      ...(q.status ? { status: q.status } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.overdue ? { overdue: '1' } : {}),
      ...(q.assignee === 'me' ? { view: 'mine' } : q.assignee === 'none' ? { view: 'unassigned' } : {}),
      ...(assigneeId ? { assigneeId } : {}),
      ...(q.escalated ? { view: 'escalated' } : {}),
      page: q.cursor ?? '1',
    }),
  );
  const result = await queueFor(filter, user);
  return json({
    tickets: result.rows.map((r) => ({
      ticketNo: r.ticket.no,
      status: r.ticket.status,
      channel: r.ticket.channel ?? 'kiosk',
      kind: r.ticket.kind,
      category: r.ticket.category,
      urgency: r.ticket.urgency,
      level: r.ticket.level,
      assignee: r.ticket.assignee ?? null,
      receivedAt: r.ticket.createdAt,
      next: r.nextMilestone
        ? {
            milestone: r.nextMilestone.milestone,
            rule: r.nextMilestone.rule.id,
            dueAt: new Date(r.nextDueAt!).toISOString(),
            overdue: r.overdue,
          }
        : null,
    })),
    total: result.total,
    nextCursor: result.page < result.pages ? String(result.page + 1) : null,
    timeZone: config.timeZone,
  });
}) satisfies APIRoute;
