/**
 * GET: server-sent events of a paced quiz: `event: state` with the caller's whole view (a phone's
 * own, or with `?view=projector` the projector's, for trainers), at once on connecting and again
 * on every change on any node. A reconnect (or a late joiner) simply gets the current view.
 */
import type { APIRoute } from 'astro';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, unauthenticated } from '../../../../../lib/quiz/api';
import { liveProblem, viewFor } from '../../../../../lib/quiz/live-api';
import { liveEvents } from '../../../../../lib/quiz/live.server';

export const GET = (async ({ params, url, request, locals }) => {
  const user = locals.user;
  if (!user) return unauthenticated();
  const asProjector = url.searchParams.get('view') === 'projector';
  if (!can(user, asProjector ? 'training.manage' : 'training.take')) return forbidden();
  const stream = await liveEvents(params.id!, await viewFor(user, asProjector), request.signal);
  if (!stream) return liveProblem('not_found');
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx passes the stream on as it comes (deploy/nginx/service-desk.conf).
      'X-Accel-Buffering': 'no',
    },
  });
}) satisfies APIRoute;
