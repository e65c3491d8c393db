/** User management for admins: add, disable or enable, change role, reset password. */
import { ActionError, defineAction } from 'astro:actions';
import { storeSafe } from './store-safe';
import { z } from 'astro/zod';
import { addUser, createToken, listUsers, revokeToken, updateUser, userById } from '../lib/auth/auth.server';
import { ROLES } from '../lib/auth/roles';
import { requirePermission } from './guard';
import { checkAdminRemains, newUserSchema } from '../lib/auth/users';
import { translator } from '../lib/i18n/dict';
import { config as feedbackConfig } from '../lib/feedback/feedback.server';

const t = translator('zh-CN');

/** A department the mall has (content/mall/departments.yaml), or a 400. */
function checkDepartment(id: string | undefined) {
  if (id && !feedbackConfig.departments.some((d) => d.id === id))
    throw new ActionError({ code: 'BAD_REQUEST', message: t('users.error.department') });
}

export const users = {
  /** An API token for a user's role (staff API); the plain token is shown once, on the page that asked. */
  createToken: defineAction({
    accept: 'form',
    input: z.object({ id: z.string().min(1), label: z.string().trim().min(1).max(60) }),
    handler: storeSafe(async (input, { locals }) => {
      requirePermission(locals, 'users.manage', t('users.error.forbidden'));
      const user = await userById(input.id);
      if (!user?.active) throw new ActionError({ code: 'NOT_FOUND', message: t('users.error.notFound') });
      const { token } = await createToken(user.id, input.label);
      return { username: user.username, token };
    }),
  }),

  revokeToken: defineAction({
    accept: 'form',
    input: z.object({ id: z.string().min(1) }),
    handler: storeSafe(async (input, { locals }) => {
      requirePermission(locals, 'users.manage', t('users.error.forbidden'));
      if (!(await revokeToken(input.id)))
        throw new ActionError({ code: 'NOT_FOUND', message: t('users.tokens.notFound') });
      return { id: input.id };
    }),
  }),

  add: defineAction({
    accept: 'form',
    input: newUserSchema,
    handler: storeSafe(async (input, { locals }) => {
      requirePermission(locals, 'users.manage', t('users.error.forbidden'));
      checkDepartment(input.department);
      const user = await addUser(input);
      if (!user)
        throw new ActionError({ code: 'CONFLICT', message: t('users.error.exists', { username: input.username }) });
      return { username: user.username };
    }),
  }),

  update: defineAction({
    accept: 'form',
    input: z.object({
      id: z.string().min(1),
      role: z.enum(ROLES).optional(),
      active: z.enum(['true', 'false']).optional(),
      password: z.union([z.literal(''), z.string().min(10, t('auth.field.password.short')).max(200)]).optional(),
      /** A department id, or `none` to clear it (left out: unchanged). */
      department: z.string().min(1).max(40).optional(),
    }),
    handler: storeSafe(async (input, { locals }) => {
      requirePermission(locals, 'users.manage', t('users.error.forbidden'));
      const active = input.active === undefined ? undefined : input.active === 'true';
      const problem = checkAdminRemains(await listUsers(), { id: input.id, role: input.role, active });
      if (problem) throw new ActionError({ code: 'CONFLICT', message: problem });
      const department = input.department === 'none' ? null : input.department;
      if (department) checkDepartment(department);
      const user = await updateUser(input.id, {
        role: input.role,
        active,
        password: input.password || undefined,
        department,
      });
      if (!user) throw new ActionError({ code: 'NOT_FOUND', message: t('users.error.notFound') });
      return { username: user.username };
    }),
  }),
};
