import type { APIRoute } from 'astro';
import { lookupTicket, qrSvg, statusUrl } from '../../../../lib/feedback/feedback.server';
import { locked, notFound } from '../../../../lib/feedback/responses';
import { clientKeyOf } from '../../../../lib/kiosk/kiosk.server';

/** GET /api/feedback/<ticketNo>/qr.svg?code=…: the receipt's QR code to the kiosk status page. */
export const GET = (async (ctx) => {
  const outcome = await lookupTicket(ctx.params.no ?? '', ctx.url.searchParams.get('code'), await clientKeyOf(ctx));
  if (outcome.kind === 'locked') return locked(outcome.retryAfterSec);
  if (outcome.kind === 'not_found') return notFound();
  const svg = await qrSvg(statusUrl(ctx.url.origin, outcome.ticket.no, outcome.ticket.verifyCode));
  return new Response(svg, {
    headers: { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}) satisfies APIRoute;
