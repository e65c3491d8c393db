/** GET: who joined a session and how far they are (trainer live view, polled every 2 s). */
import type { APIRoute } from 'astro';
import { json } from '../../../../../lib/api/http';
import { managedQuiz } from '../../../../../lib/quiz/api';
import { progressOf } from '../../../../../lib/quiz/quiz';

export const GET = (async ({ params, locals }) => {
  const found = await managedQuiz(params.id, locals.user);
  if (found instanceof Response) return found;
  const { quiz, attempts } = found;
  const people = progressOf(attempts);
  return json({
    status: quiz.status,
    joined: new Set(people.map((p) => p.userId)).size,
    submitted: people.filter((p) => p.status === 'submitted').length,
    people: people.map(({ attemptId, name, number, answered, total, status }) => ({
      attemptId,
      name,
      number,
      answered,
      total,
      status,
    })),
  });
}) satisfies APIRoute;
