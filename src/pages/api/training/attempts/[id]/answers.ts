/** POST { questionId, value }: saves one answer of the caller's own open attempt. */
import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { invalidInput, json, readJsonBody } from '../../../../../lib/api/http';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, problemResponse, unauthenticated } from '../../../../../lib/quiz/api';
import { saveAnswer } from '../../../../../lib/quiz/quiz.server';
import { responseSchema } from '../../../../../lib/quiz/schema';

const bodySchema = z.strictObject({
  /** A question id of the attempt. */
  questionId: z.string().min(1).max(64),
  /** Option ids, or true/false. */
  value: responseSchema,
});

export const POST = (async ({ params, request, locals }) => {
  if (!locals.user) return unauthenticated();
  if (!can(locals.user, 'training.take')) return forbidden();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const input = bodySchema.safeParse(body.value);
  if (!input.success) return invalidInput(input.error);
  const result = await saveAnswer(params.id!, locals.user, input.data.questionId, input.data.value);
  return result.ok ? json(result.value) : problemResponse(result.problem);
}) satisfies APIRoute;
