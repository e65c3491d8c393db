import { describe, expect, it } from 'vitest';
import { ActionError } from 'astro:actions';
import { requirePermission } from '../../../src/actions/guard';
import { PERMISSIONS, ROLES, type Permission, type Role, type SessionUser } from '../../../src/lib/auth/roles';

const user = (role: Role): SessionUser => ({ id: `u-${role}`, username: role, name: role, role });
const locals = (u?: SessionUser) => ({ user: u }) as App.Locals;

/** The error thrown, or undefined. */
function thrown(fn: () => unknown): ActionError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  return undefined;
}

describe('requirePermission', () => {
  const cases = (Object.keys(PERMISSIONS) as Permission[]).flatMap((permission) =>
    ROLES.map((role) => [permission, role, (PERMISSIONS[permission] as readonly Role[]).includes(role)] as const),
  );

  it.each(cases)('%s as %s: allowed = %s', (permission, role, allowed) => {
    const error = thrown(() => requirePermission(locals(user(role)), permission, '不行'));
    if (allowed) {
      expect(error).toBeUndefined();
      expect(requirePermission(locals(user(role)), permission)).toEqual(user(role));
    } else {
      expect([error?.code, error?.message]).toEqual(['FORBIDDEN', '不行']);
    }
  });

  it.each(Object.keys(PERMISSIONS) as Permission[])('%s with no one signed in: UNAUTHORIZED', (permission) => {
    const error = thrown(() => requirePermission(locals(), permission, '不行'));
    expect([error?.code, error?.message]).toEqual(['UNAUTHORIZED', '请先登录']);
  });

  it('says in general terms what is refused when the caller gives no message', () => {
    const error = thrown(() => requirePermission(locals(user('staff')), 'users.manage'));
    expect([error?.code, error?.message]).toEqual(['FORBIDDEN', '您的角色不能执行这个操作。']);
  });
});
