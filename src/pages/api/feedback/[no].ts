import type { APIRoute } from 'astro';
import { json } from '../../../lib/api/http';
import { lookupTicket, shopperView } from '../../../lib/feedback/feedback.server';
import { addressOf, locked, notFound } from '../../../lib/feedback/responses';

/** GET /api/feedback/<ticketNo>?code=<verifyCode>: what the shopper may see of a ticket. */
export const GET = (async (ctx) => {
  const outcome = await lookupTicket(ctx.params.no ?? '', ctx.url.searchParams.get('code'), addressOf(ctx));
  if (outcome.kind === 'locked') return locked(outcome.retryAfterSec);
  if (outcome.kind === 'not_found') return notFound();
  return json(shopperView(outcome.ticket));
}) satisfies APIRoute;
