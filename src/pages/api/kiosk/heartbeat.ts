import type { APIRoute } from 'astro';
import { invalidInput, readJsonBody } from '../../../lib/api/http';
import { KIOSK_ID_COOKIE, parseKioskId } from '../../../lib/kiosk/kiosk';
import { recordHeartbeat } from '../../../lib/kiosk/kiosk.server';
import { heartbeatSchema } from '../../../lib/kiosk/schema';

/**
 * POST /api/kiosk/heartbeat: a kiosk's outbox state, every minute and after each change. The kiosk
 * is named by its `kiosk_id` cookie; a device without an id is not recorded (204 either way).
 */
export const POST = (async ({ request, cookies }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const beat = heartbeatSchema.safeParse(body.value);
  if (!beat.success) return invalidInput(beat.error);
  const id = parseKioskId(cookies.get(KIOSK_ID_COOKIE)?.value);
  if (id) await recordHeartbeat(id, beat.data);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}) satisfies APIRoute;
