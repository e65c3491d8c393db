/** The phone's form of the live, paced quiz: joining (and, if asked, keeping a training-only pass for 30 days). */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { storeSafe } from './store-safe';
import { requirePermission } from './guard';
import { TRAINING_COOKIE, TRAINING_PASS_DAYS } from '../lib/auth/training-pass';
import { dropTrainingPass, issueTrainingPass } from '../lib/auth/training-pass.server';
import { joinLive, type LiveServerProblem } from '../lib/quiz/live.server';
import { translator, type StaffKey } from '../lib/i18n/dict';

const t = translator('zh-CN');

/** Why joining failed, as the phone says it. */
const JOIN_PROBLEMS: Partial<Record<LiveServerProblem, StaffKey>> = {
  not_paced: 'live.problem.not_paced',
  ended: 'live.problem.ended',
  not_started: 'live.problem.not_started',
  closed: 'live.problem.closed',
  not_found: 'live.problem.not_found',
};

export const live = {
  join: defineAction({
    accept: 'form',
    input: z.object({ quizId: z.string().min(1).max(64), keep: z.boolean().optional() }),
    handler: storeSafe(async (input, { locals, cookies, url }) => {
      const user = requirePermission(locals, 'training.take');
      const result = await joinLive(input.quizId, user);
      if (!result.ok) {
        const code = result.problem === 'not_found' ? 'NOT_FOUND' : 'CONFLICT';
        throw new ActionError({ code, message: t(JOIN_PROBLEMS[result.problem] ?? 'live.problem.ended') });
      }
      // A pass is issued from a full sign-in only: a pass never renews itself.
      if (input.keep && !user.scope) {
        const token = await issueTrainingPass(user.id);
        if (token)
          cookies.set(TRAINING_COOKIE, token, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure: url.protocol === 'https:',
            maxAge: TRAINING_PASS_DAYS * 86_400,
          });
      }
      return { quizId: input.quizId };
    }),
  }),

  /** Forgets this phone's training pass. */
  forget: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: storeSafe(async (_input, { cookies }) => {
      const token = cookies.get(TRAINING_COOKIE)?.value;
      if (token) await dropTrainingPass(token);
      cookies.delete(TRAINING_COOKIE, { path: '/' });
      return { forgotten: true };
    }),
  }),
};
