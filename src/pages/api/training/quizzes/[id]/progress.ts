/** GET: who joined a session and how far they are (trainer live view, polled every 2 s). */
import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/api/http';
import { can } from '../../../../../lib/auth/roles';
import { forbidden, problemResponse, unauthenticated } from '../../../../../lib/quiz/api';
import { progressOf } from '../../../../../lib/quiz/quiz';
import { getQuizzes, settleExpired } from '../../../../../lib/quiz/quiz.server';

export const GET = (async ({ params, locals }) => {
  if (!locals.user) return unauthenticated();
  if (!can(locals.user, 'training.manage')) return forbidden();
  const quizzes = await getQuizzes();
  const quiz = quizzes.byId(params.id!);
  if (!quiz) return problemResponse('not_found');
  await settleExpired(quiz.id);
  const people = progressOf(quizzes.attemptsOf(quiz.id));
  return json({
    status: quiz.status,
    joined: new Set(people.map((p) => p.userId)).size,
    submitted: people.filter((p) => p.status === 'submitted').length,
    people: people.map(({ attemptId, name, number, answered, total, status }) => ({ attemptId, name, number, answered, total, status })),
  });
}) satisfies APIRoute;
