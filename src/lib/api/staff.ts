/**
 * The staff API's door: who is asking (the session cookie or a bearer token, both resolved by the
 * middleware into `locals.user`) and whether their role may do this. Every endpoint calls it.
 */
import { can, type Permission, type SessionUser } from '../auth/roles';
import { apiError } from './http';

export function requireStaff(locals: App.Locals, permission: Permission): SessionUser | Response {
  if (!locals.user)
    return apiError(401, 'unauthenticated', { zh: '请先登录或提供有效令牌', en: 'Sign in or send a valid token' });
  if (!can(locals.user, permission))
    return apiError(403, 'forbidden', { zh: '您的角色不能执行这个操作', en: 'Your role may not do this' });
  return locals.user;
}
