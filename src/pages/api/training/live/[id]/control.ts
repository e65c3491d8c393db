/** POST { action, expect | mode }: the trainer starts, reveals, moves on, finishes, or sets the leaderboard. */
import type { APIRoute } from 'astro';
import { invalidInput, json, readJsonBody } from '../../../../../lib/api/http';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, unauthenticated } from '../../../../../lib/quiz/api';
import { liveProblem } from '../../../../../lib/quiz/live-api';
import { liveControlSchema } from '../../../../../lib/quiz/live-schema';
import { controlLive } from '../../../../../lib/quiz/live.server';

export const POST = (async ({ params, request, locals }) => {
  if (!locals.user) return unauthenticated();
  if (!can(locals.user, 'training.manage')) return forbidden();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const input = liveControlSchema.safeParse(body.value);
  if (!input.success) return invalidInput(input.error);
  const result = await controlLive(params.id!, input.data);
  if (!result.ok) return liveProblem(result.problem);
  const { rev, phase, index, leaderboard } = result.value;
  return json({ rev, phase, index, leaderboard });
}) satisfies APIRoute;
