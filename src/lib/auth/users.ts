/** Staff accounts: schema and the rules for changing them. Pure; stored by src/lib/store/users.ts. */
import { z } from 'astro/zod';
import { translator } from '../i18n/dict';
import { ROLES, type Role, type SessionUser } from './roles';
import { cleanText } from '../input/hygiene';

const t = translator('zh-CN');

/** A user as stored. */
export const userSchema = z.strictObject({
  /** Random id; sessions refer to it. */
  id: z.string().min(1),
  /** Sign-in name: lower-case letters, digits, dot, dash, underscore. */
  username: z.string().regex(/^[a-z0-9._-]{2,32}$/),
  /** Display name (Chinese name, as given). */
  name: z.string().min(1).max(50),
  role: z.enum(ROLES),
  /**
   * The department the person works in (a content/mall/departments.yaml id): the assignee picker
   * lists the ticket's department's people first. None for people of no one department.
   */
  department: z.string().min(1).max(40).optional(),
  /** scrypt hash (src/lib/auth/password.ts); never logged, never sent to a browser. */
  passwordHash: z.string().min(1),
  /** A disabled user cannot sign in; their history stays. */
  active: z.boolean(),
  /**
   * Bumped whenever the password, role or account state changes, or the user signs out
   * everywhere: a session remembers the version it began with and ends when it differs.
   */
  sessionVersion: z.number().int().min(0).default(0),
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
    .regex(/^[a-z0-9._-]{2,32}$/, t('auth.field.username.format')),
  name: z
    .string()
    .transform(cleanText)
    .pipe(z.string().trim().min(1, t('auth.field.name.required')).max(50)),
  role: z.enum(ROLES),
  password: z.string().min(10, t('auth.field.password.short')).max(200),
  /** Department id (checked against the mall's list by the caller); blank for none. */
  department: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.string().trim().min(1).max(40).optional(),
  ),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** Whether a session that began at `version` (undefined for sessions older than versions) is still good. */
export const sessionIsCurrent = (user: User, version: unknown): boolean =>
  user.active && user.sessionVersion === (typeof version === 'number' ? version : 0);

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
  return after.some((u) => u.role === 'admin' && u.active) ? undefined : t('users.error.lastAdmin');
}

const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** What an account change may set (the password already hashed: hashing is slow and happens first). */
export interface UserChange {
  role?: User['role'];
  active?: boolean;
  name?: string;
  passwordHash?: string;
  /** A department id, or null to clear it. */
  department?: string | null;
}

/** A new account's record (both stores keep the same shape). */
export const newUserRecord = (input: Omit<NewUser, 'password'>, passwordHash: string, id: string, now: Date): User => ({
  id,
  username: input.username,
  name: input.name,
  role: input.role,
  ...(input.department ? { department: input.department } : {}),
  passwordHash,
  active: true,
  sessionVersion: 0,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

/**
 * An account after a change. A new role, a change of the active flag or a new password ends every
 * session of the user (sessionVersion + 1); a name change does not.
 */
export function changedUser(before: User, change: UserChange, now: Date): User {
  const user: User = { ...before, updatedAt: now.toISOString() };
  if (change.role) user.role = change.role;
  if (change.active !== undefined) user.active = change.active;
  if (change.name) user.name = change.name;
  if (change.passwordHash) user.passwordHash = change.passwordHash;
  if (change.department) user.department = change.department;
  else if (change.department === null) delete user.department;
  const endsSessions =
    (change.role !== undefined && change.role !== before.role) ||
    (change.active !== undefined && change.active !== before.active) ||
    change.passwordHash !== undefined;
  if (endsSessions) user.sessionVersion = before.sessionVersion + 1;
  return user;
}
