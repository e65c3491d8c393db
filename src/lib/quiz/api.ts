/** The training API's edge: a domain problem as an HTTP error in Chinese and English. */
import { apiError } from '../api/http';
import { bilingual } from '../i18n/dict';
import { can } from '../auth/roles';
import { settledQuiz, type QuizProblem } from './quiz.server';

const STATUS: Record<QuizProblem, number> = {
  not_found: 404,
  bad_question: 400,
  bad_response: 400,
  pool_too_small: 400,
  unknown_bank: 400,
  not_started: 409,
  not_open: 409,
  closed: 409,
  ended: 409,
  exhausted: 409,
  submitted: 409,
  time_up: 409,
  bad_status: 409,
  too_many_codes: 429,
};

export function problemResponse(problem: QuizProblem): Response {
  return apiError(STATUS[problem], problem, bilingual(`training.problem.${problem}`, { n: '' }));
}

export const forbidden = () => apiError(403, 'forbidden', bilingual('training.error.forbidden'));
export const unauthenticated = () => apiError(401, 'unauthenticated', bilingual('auth.error.signIn'));

/**
 * The trainer endpoints' common start: a signed-in user allowed to manage training, an existing
 * quiz, and its expired attempts settled. Returns the quiz, or the error response to send.
 */
export async function managedQuiz(id: string | undefined, user: App.Locals['user']) {
  if (!user) return unauthenticated();
  if (!can(user, 'training.manage')) return forbidden();
  return (await settledQuiz(id)) ?? problemResponse('not_found');
}
