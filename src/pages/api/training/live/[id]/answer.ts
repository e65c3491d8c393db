/** POST { index, value }: the caller's answer to the current question of a paced quiz (once). */
import type { APIRoute } from 'astro';
import { invalidInput, json, readJsonBody } from '../../../../../lib/api/http';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, unauthenticated } from '../../../../../lib/quiz/api';
import { liveProblem } from '../../../../../lib/quiz/live-api';
import { liveAnswerInputSchema } from '../../../../../lib/quiz/live-schema';
import { answerLive } from '../../../../../lib/quiz/live.server';

export const POST = (async ({ params, request, locals }) => {
  if (!locals.user) return unauthenticated();
  if (!can(locals.user, 'training.take')) return forbidden();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const input = liveAnswerInputSchema.safeParse(body.value);
  if (!input.success) return invalidInput(input.error);
  const result = await answerLive(params.id!, locals.user, input.data);
  return result.ok ? json(result.value) : liveProblem(result.problem);
}) satisfies APIRoute;
