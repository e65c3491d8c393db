/** Staff accounts: schema and the rules for changing them. Pure; stored by src/lib/store/users.ts. */
import { z } from 'astro/zod';
import { ROLES, type Role, type SessionUser } from './roles';

/** A user as stored. */
export const userSchema = z.strictObject({
  /** Random id; sessions refer to it. */
  id: z.string().min(1),
  /** Sign-in name: lower-case letters, digits, dot, dash, underscore. */
  username: z.string().regex(/^[a-z0-9._-]{2,32}$/),
  /** Display name (Chinese name, as given). */
  name: z.string().min(1).max(50),
  role: z.enum(ROLES),
  /** scrypt hash (src/lib/auth/password.ts); never logged, never sent to a browser. */
  passwordHash: z.string().min(1),
  /** A disabled user cannot sign in; their history stays. */
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

/** Input for a new user (admin page, CLI, first-start setup). */
export const newUserSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,32}$/, '用户名为 2-32 位小写字母、数字或 . _ -'),
  name: z.string().trim().min(1, '请填写姓名').max(50),
  role: z.enum(ROLES),
  password: z.string().min(10, '密码至少 10 位').max(200),
});
export type NewUser = z.infer<typeof newUserSchema>;

export const toSessionUser = (u: User): SessionUser => ({ id: u.id, username: u.username, name: u.name, role: u.role });

/**
 * Whether a change would leave the system without an active admin (the one way to lock
 * everyone out of user management). Returns an error message, or undefined when allowed.
 */
export function checkAdminRemains(
  users: User[],
  changed: { id: string; role?: Role; active?: boolean },
): string | undefined {
  const after = users.map((u) => (u.id === changed.id ? { ...u, ...definedOnly(changed) } : u));
  return after.some((u) => u.role === 'admin' && u.active) ? undefined : '至少要保留一个启用的系统管理员';
}

const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
