/** POST: submits the caller's own attempt; answers with the score (the review is on the attempt page). */
import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/api/http';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, problemResponse, unauthenticated } from '../../../../../lib/quiz/api';
import { submitAttempt } from '../../../../../lib/quiz/quiz.server';

export const POST = (async ({ params, locals }) => {
  if (!locals.user) return unauthenticated();
  if (!can(locals.user, 'training.take')) return forbidden();
  const result = await submitAttempt(params.id!, locals.user);
  if (!result.ok) return problemResponse(result.problem);
  const { score, submittedAt, submittedBy } = result.value;
  return json({
    id: result.value.id,
    submittedAt,
    submittedBy,
    points: score!.points,
    max: score!.max,
    percent: score!.percent,
    passed: score!.passed,
  });
}) satisfies APIRoute;
