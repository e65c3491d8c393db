import type { APIRoute } from 'astro';
import { json } from '../../../lib/api/http';
import { lookupTicket, shopperView } from '../../../lib/feedback/feedback.server';
import { locked, notFound } from '../../../lib/feedback/responses';
import { clientKeyOf } from '../../../lib/kiosk/kiosk.server';

/** GET /api/feedback/<ticketNo>?code=<verifyCode>: what the shopper may see of a ticket. */
export const GET = (async (ctx) => {
  const outcome = await lookupTicket(ctx.params.no ?? '', ctx.url.searchParams.get('code'), await clientKeyOf(ctx));
  if (outcome.kind === 'locked') return locked(outcome.retryAfterSec);
  if (outcome.kind === 'not_found') return notFound();
  return json(shopperView(outcome.ticket));
}) satisfies APIRoute;
