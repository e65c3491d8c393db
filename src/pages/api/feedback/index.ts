import type { APIRoute } from 'astro';
import { apiError, json, readJsonBody } from '../../../lib/api/http';
import { submitFeedback } from '../../../lib/feedback/feedback.server';
import { addressOf } from '../../../lib/feedback/responses';
import { bilingual } from '../../../lib/i18n/dict';
import { KIOSK_ID_COOKIE } from '../../../lib/kiosk/kiosk';
import { authenticateKiosk } from '../../../lib/kiosk/kiosk.server';

/** POST /api/feedback: a shopper's feedback from a kiosk or another client (see README, "Feedback API"). */
export const POST = (async (ctx) => {
  const body = await readJsonBody(ctx.request);
  if (!body.ok) return body.response;
  const outcome = await submitFeedback(body.value, {
    // Only an enrolled kiosk's credential names a kiosk; a body kioskId or X-Kiosk-Id header is ignored.
    kioskId: await authenticateKiosk(ctx.cookies.get(KIOSK_ID_COOKIE)?.value),
    address: addressOf(ctx),
    origin: ctx.url.origin,
  });
  switch (outcome.kind) {
    case 'created':
      return json(outcome.receipt, 201);
    case 'replayed':
      return json(outcome.receipt, 200);
    case 'invalid':
      return apiError(400, 'invalid_input', bilingual('api.error.invalid_input'), outcome.fields);
    case 'conflict':
      return apiError(409, 'idempotency_conflict', bilingual('api.feedback.idempotency_conflict'));
    case 'limited':
      return apiError(429, 'rate_limited', bilingual('api.feedback.rate_limited'), undefined, {
        'Retry-After': String(outcome.retryAfterSec),
      });
  }
}) satisfies APIRoute;
