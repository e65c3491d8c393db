import type { APIRoute } from 'astro';
import { bilingual } from '../../../lib/i18n/dict';
import { apiError, invalidInput, readJsonBody } from '../../../lib/api/http';
import { KIOSK_ID_COOKIE } from '../../../lib/kiosk/kiosk';
import { authenticateKiosk, recordHeartbeat } from '../../../lib/kiosk/kiosk.server';
import { heartbeatSchema } from '../../../lib/kiosk/schema';

/**
 * POST /api/kiosk/heartbeat: a kiosk's outbox state, every minute and after each change. Only an
 * enrolled kiosk (its credential cookie) is recorded; a device without one gets 204 and is not
 * recorded, and a credential the server did not issue (or revoked) gets 403.
 */
export const POST = (async ({ request, cookies }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const beat = heartbeatSchema.safeParse(body.value);
  if (!beat.success) return invalidInput(beat.error);
  const cookie = cookies.get(KIOSK_ID_COOKIE)?.value;
  const id = await authenticateKiosk(cookie);
  if (id) await recordHeartbeat(id, beat.data);
  else if (cookie) return apiError(403, 'kiosk_not_enrolled', bilingual('api.kiosk.not_enrolled'));
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}) satisfies APIRoute;
