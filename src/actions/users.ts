/** User management for admins: add, disable or enable, change role, reset password. */
import { ActionError, defineAction } from 'astro:actions';
import { storeSafe } from './store-safe';
import { z } from 'astro/zod';
import { getUsers } from '../lib/auth/auth.server';
import { can, ROLES } from '../lib/auth/roles';
import { checkAdminRemains, newUserSchema } from '../lib/auth/users';

function requireAdmin(locals: App.Locals) {
  if (!locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: '请先登录' });
  if (!can(locals.user, 'users.manage'))
    throw new ActionError({ code: 'FORBIDDEN', message: '只有系统管理员可以管理用户' });
}

export const users = {
  add: defineAction({
    accept: 'form',
    input: newUserSchema,
    handler: storeSafe(async (input, { locals }) => {
      requireAdmin(locals);
      const user = await (await getUsers()).add(input);
      if (!user) throw new ActionError({ code: 'CONFLICT', message: `用户名 ${input.username} 已存在` });
      return { username: user.username };
    }),
  }),

  update: defineAction({
    accept: 'form',
    input: z.object({
      id: z.string().min(1),
      role: z.enum(ROLES).optional(),
      active: z.enum(['true', 'false']).optional(),
      password: z.union([z.literal(''), z.string().min(10, '密码至少 10 位').max(200)]).optional(),
    }),
    handler: storeSafe(async (input, { locals }) => {
      requireAdmin(locals);
      const repo = await getUsers();
      const active = input.active === undefined ? undefined : input.active === 'true';
      const problem = checkAdminRemains(repo.list(), { id: input.id, role: input.role, active });
      if (problem) throw new ActionError({ code: 'CONFLICT', message: problem });
      const user = await repo.update(input.id, { role: input.role, active, password: input.password || undefined });
      if (!user) throw new ActionError({ code: 'NOT_FOUND', message: '用户不存在' });
      return { username: user.username };
    }),
  }),
};
