/** Sign-in, sign-out and first-start setup. */
import { ActionError, defineAction } from 'astro:actions';
import { storeSafe } from './store-safe';
import { z } from 'astro/zod';
import type { APIContext } from 'astro';
import { endSessions, setupFirstAdmin, signIn } from '../lib/auth/auth.server';
import path from 'node:path';
import { safeNext } from '../lib/auth/guard';
import { resolveDataDir } from '../lib/store/data-dir';
import { probeWritable, StoreUnavailableError } from '../lib/store/errors';
import { newUserSchema, type User } from '../lib/auth/users';
import { translator } from '../lib/i18n/dict';
import { TRAINING_COOKIE } from '../lib/auth/training-pass';
import { dropTrainingPass } from '../lib/auth/training-pass.server';

const t = translator('zh-CN');

/**
 * A new session id at sign-in, so a planted cookie cannot ride along (session fixation). The
 * session is written after the response is made, where a failure could only be a bare 500: so
 * a disk that cannot take it is found here, and answered 503 like every other failed write.
 */
async function startSession(context: Pick<APIContext, 'session'>, user: User) {
  if (!(await probeWritable(path.join(resolveDataDir(), 'sessions')))) throw new StoreUnavailableError();
  await context.session?.regenerate();
  context.session?.set('userId', user.id);
  context.session?.set('sessionVersion', user.sessionVersion);
}

export const auth = {
  login: defineAction({
    accept: 'form',
    input: z.object({
      username: z.string().trim().min(1, t('auth.field.username.required')).max(64),
      password: z.string().min(1, t('auth.field.password.required')).max(200),
      next: z.string().max(500).optional(),
    }),
    handler: storeSafe(async (input, context) => {
      const result = await signIn(input.username, input.password, context.clientAddress);
      if (!result.ok) {
        if (result.reason === 'locked') {
          const minutes = Math.ceil((result.retryAfterMs ?? 60_000) / 60_000);
          throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: t('auth.error.locked', { minutes }) });
        }
        throw new ActionError({ code: 'UNAUTHORIZED', message: t('auth.error.badLogin') });
      }
      await startSession(context, result.user);
      return { next: safeNext(input.next) };
    }),
  }),

  logout: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      context.session?.destroy();
      // Signing out of this phone also ends its training pass (a shared phone keeps nothing).
      const pass = context.cookies.get(TRAINING_COOKIE)?.value;
      if (pass) {
        context.cookies.delete(TRAINING_COOKIE, { path: '/' });
        // The cookie is gone either way; a store that is down leaves an unusable record that expires.
        await dropTrainingPass(pass).catch(() => undefined);
      }
      return { next: '/login' };
    },
  }),

  /** Ends every session of the signed-in user, on every device, this one included. */
  logoutEverywhere: defineAction({
    accept: 'form',
    handler: storeSafe(async (_input, context: Pick<APIContext, 'locals' | 'session' | 'url'>) => {
      const user = context.locals.user;
      if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: t('auth.error.signIn') });
      await endSessions(user.id);
      context.session?.destroy();
      return { next: '/login' };
    }),
  }),

  /** Creates the first admin with the one-time token the server printed at first start. */
  setup: defineAction({
    accept: 'form',
    input: newUserSchema.omit({ role: true }).extend({ token: z.string().min(1) }),
    handler: storeSafe(async ({ token, ...input }, context) => {
      const result = await setupFirstAdmin(token, input);
      if (!result.ok) {
        if (result.reason === 'conflict')
          throw new ActionError({ code: 'CONFLICT', message: t('auth.error.usernameTaken') });
        throw new ActionError({ code: 'FORBIDDEN', message: t('auth.error.setupInvalid') });
      }
      await startSession(context, result.user);
      return { next: '/admin/users' };
    }),
  }),
};
