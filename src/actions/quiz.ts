/** Trainer and staff forms of the training feature: create, start and end a session; begin an attempt. */
import { ActionError, defineAction } from 'astro:actions';
import { storeSafe } from './store-safe';
import { z } from 'astro/zod';
import { requirePermission } from './guard';
import { MALL } from '../lib/mall/mall';
import { settingsFromForm } from '../lib/quiz/quiz';
import { createQuiz, setQuizStatus, startAttempt, type QuizProblem } from '../lib/quiz/quiz.server';
import { quizFormSchema } from '../lib/quiz/schema';
import { liveFormSchema } from '../lib/quiz/live-schema';
import { createLiveSession } from '../lib/quiz/live.server';
import { translator } from '../lib/i18n/dict';

const t = translator('zh-CN');

/** An action error for a domain problem. */
function problemError(problem: QuizProblem, detail?: string): ActionError {
  const code =
    problem === 'not_found'
      ? 'NOT_FOUND'
      : problem === 'pool_too_small' || problem === 'unknown_bank'
        ? 'BAD_REQUEST'
        : 'CONFLICT';
  return new ActionError({ code, message: t(`training.problem.${problem}`, { n: detail ?? '' }) });
}

export const quiz = {
  create: defineAction({
    accept: 'form',
    // The paced-mode choice (live-schema.ts) beside the settings; absent fields mean self-paced.
    input: quizFormSchema.extend(liveFormSchema.shape),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const { mode, seconds, leaderboard, ...form } = input;
      const settings = settingsFromForm(form, MALL.timeZone);
      if (!settings.success)
        throw new ActionError({ code: 'BAD_REQUEST', message: settings.error.issues.map((i) => i.message).join('；') });
      const result = await createQuiz(settings.data, user);
      if (!result.ok) throw problemError(result.problem, result.detail);
      if (mode === 'paced') await createLiveSession(result.value.id, { mode, seconds, leaderboard });
      return { id: result.value.id };
    }),
  }),

  setStatus: defineAction({
    accept: 'form',
    input: z.object({ quizId: z.string().min(1).max(64), to: z.enum(['live', 'ended']) }),
    handler: storeSafe(async (input, { locals }) => {
      requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const result = await setQuizStatus(input.quizId, input.to);
      if (!result.ok) throw problemError(result.problem);
      return { id: result.value.id, status: result.value.status };
    }),
  }),

  begin: defineAction({
    accept: 'form',
    input: z.object({ quizId: z.string().min(1).max(64) }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'training.take');
      const result = await startAttempt(input.quizId, user);
      if (!result.ok) throw problemError(result.problem);
      return { attemptId: result.value.id };
    }),
  }),
};
