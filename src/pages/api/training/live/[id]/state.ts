/** GET: the caller's current view of a paced quiz as JSON (the islands' fallback when events cannot flow). */
import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/api/http';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, unauthenticated } from '../../../../../lib/quiz/api';
import { liveProblem, viewFor } from '../../../../../lib/quiz/live-api';
import { snapshotOf } from '../../../../../lib/quiz/live.server';

export const GET = (async ({ params, url, locals }) => {
  const user = locals.user;
  if (!user) return unauthenticated();
  const asProjector = url.searchParams.get('view') === 'projector';
  if (!can(user, asProjector ? 'training.manage' : 'training.take')) return forbidden();
  const snap = await snapshotOf(params.id!);
  if (!snap) return liveProblem('not_found');
  return json((await viewFor(user, asProjector))(snap));
}) satisfies APIRoute;
