/**
 * The permission check every action makes for itself: middleware gating alone is not enough
 * (STYLE.md). What each role may do is the PERMISSIONS table in src/lib/auth/roles.ts.
 */
import { ActionError } from 'astro:actions';
import { can, type Permission, type SessionUser } from '../lib/auth/roles';
import { translator } from '../lib/i18n/dict';

const t = translator('zh-CN');

/**
 * The signed-in user, if their role holds `permission`. Otherwise an UNAUTHORIZED error (no one
 * signed in) or a FORBIDDEN one whose message, `forbidden`, says who may do this.
 */
export function requirePermission(
  locals: App.Locals,
  permission: Permission,
  forbidden: string = t('tickets.refuse.forbidden'),
): SessionUser {
  if (!locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: t('auth.error.signIn') });
  if (!can(locals.user, permission)) throw new ActionError({ code: 'FORBIDDEN', message: forbidden });
  return locals.user;
}
