/** Kiosk enrolments, for supervisors and up on /staff/kiosks: revoke a kiosk's credential. */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { storeSafe } from './store-safe';
import { requirePermission } from './guard';
import { ZH_CN as zh } from '../lib/i18n/dict';
import { revokeKiosk } from '../lib/kiosk/kiosk.server';
import { kioskIdSchema } from '../lib/kiosk/schema';

export const kiosks = {
  revoke: defineAction({
    accept: 'form',
    input: z.object({ id: kioskIdSchema }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'kiosks.manage', zh['kiosks.forbidden']);
      if (!(await revokeKiosk(input.id, user)))
        throw new ActionError({ code: 'NOT_FOUND', message: zh['kiosks.revoke.notFound'] });
      return { id: input.id };
    }),
  }),
};
