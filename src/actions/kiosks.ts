/** Kiosk enrolments, for supervisors and up on /staff/kiosks: revoke a kiosk's credential. */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { storeSafe } from './store-safe';
import { can } from '../lib/auth/roles';
import { ZH_CN as zh } from '../lib/i18n/dict';
import { revokeKiosk } from '../lib/kiosk/kiosk.server';
import { kioskIdSchema } from '../lib/kiosk/schema';

export const kiosks = {
  revoke: defineAction({
    accept: 'form',
    input: z.object({ id: kioskIdSchema }),
    handler: storeSafe(async (input, { locals }) => {
      if (!locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: zh['auth.error.signIn'] });
      if (!can(locals.user, 'kiosks.manage'))
        throw new ActionError({ code: 'FORBIDDEN', message: zh['kiosks.forbidden'] });
      if (!(await revokeKiosk(input.id, locals.user)))
        throw new ActionError({ code: 'NOT_FOUND', message: zh['kiosks.revoke.notFound'] });
      return { id: input.id };
    }),
  }),
};
