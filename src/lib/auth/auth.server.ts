/**
 * Sign-in for the running server: users and API tokens from the store, password checks with
 * brute-force limits (kept by the store, so every node of a mall counts together), and the
 * one-time setup token for the first admin.
 */
import { createHash } from 'node:crypto';
import { getStore } from '../store/store.server';
import type { ApiToken } from './tokens';
import { DUMMY_HASH, verifyPassword } from './password';
import { config } from '../config/env';
import type { NewUser, User } from './users';

/** The setup token's file in a JSON data directory (the launcher, src/serve.mjs, writes it). */
export { SETUP_TOKEN_FILE } from '../store/json-store';

/** The user a bearer token stands for: a live (not revoked) token of an active user, else undefined. */
export async function userOfToken(token: string): Promise<User | undefined> {
  const store = await getStore();
  const record = await store.tokens.byToken(token);
  if (!record) return undefined;
  const user = await store.users.byId(record.userId);
  return user?.active ? user : undefined;
}

/** A user by id (sessions: the middleware checks the account is still what the session says). */
export async function userById(id: string): Promise<User | undefined> {
  return (await getStore()).users.byId(id);
}

/** Every user, by username. */
export async function listUsers(): Promise<User[]> {
  return (await getStore()).users.list();
}

/** Adds a user; undefined when the username is taken. */
export async function addUser(input: NewUser): Promise<User | undefined> {
  return (await getStore()).users.add(input);
}

/** Changes role, active flag or password (ending the user's sessions); undefined when there is no such user. */
export async function updateUser(
  id: string,
  change: { role?: User['role']; active?: boolean; password?: string; name?: string; department?: string | null },
): Promise<User | undefined> {
  return (await getStore()).users.update(id, change);
}

/** Ends every session of a user ("sign out everywhere"); false when the user does not exist. */
export async function endSessions(id: string): Promise<boolean> {
  return (await getStore()).users.endSessions(id);
}

/** Every API token (revoked ones too). */
export async function listTokens(): Promise<ApiToken[]> {
  return (await getStore()).tokens.list();
}

/** Creates an API token for a user; the plain token is returned once and never stored. */
export async function createToken(userId: string, label: string): Promise<{ token: string; record: ApiToken }> {
  return (await getStore()).tokens.create(userId, label);
}

/** Revokes a live token; false when there is none with this id. */
export async function revokeToken(id: string): Promise<boolean> {
  return (await getStore()).tokens.revoke(id);
}

/**
 * Brute-force limits: 5 failed sign-ins for one user name within 15 minutes lock that name for
 * the rest of the window; an address gets more room (staff at a service desk share one), 30.
 */
const SIGN_IN_WINDOW_MS = 15 * 60_000;
const NAME_LIMIT = 'signIn.name';
const ADDRESS_LIMIT = 'signIn.address';

export type SignInResult =
  { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked'; retryAfterMs?: number };

export async function signIn(username: string, password: string, address: string): Promise<SignInResult> {
  const name = username.trim().toLowerCase();
  const { limits, users } = await getStore();
  const now = Date.now();
  const locks = await Promise.all([
    limits.check(NAME_LIMIT, name, config().LOGIN_MAX_FAILURES, SIGN_IN_WINDOW_MS, now),
    limits.check(ADDRESS_LIMIT, address, config().LOGIN_MAX_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS, now),
  ]);
  for (const lock of locks) {
    if (!lock.ok) return { ok: false, reason: 'locked', retryAfterMs: lock.retryAfterMs };
  }
  const user = await users.byUsername(username);
  // Hash even for unknown users so the response time does not tell which names exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.active) {
    await Promise.all([
      config().LOGIN_MAX_FAILURES > 0 ? limits.record(NAME_LIMIT, name, now) : undefined,
      config().LOGIN_MAX_FAILURES_PER_ADDRESS > 0 ? limits.record(ADDRESS_LIMIT, address, now) : undefined,
    ]);
    return { ok: false, reason: 'invalid' };
  }
  await limits.reset(NAME_LIMIT, name);
  return { ok: true, user };
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether `token` is the current one-time setup token (only while no admin exists). */
export async function checkSetupToken(token: string): Promise<boolean> {
  if (!token) return false;
  const store = await getStore();
  return !(await store.users.hasActiveAdmin()) && (await store.setupToken.matches(hashOf(token)));
}

export type SetupResult = { ok: true; user: User } | { ok: false; reason: 'invalid_token' | 'conflict' };

/**
 * Creates the first admin with the setup token. The token is claimed first (of any number of
 * concurrent requests exactly one gets it) and spent, unless creating the admin fails.
 */
export async function setupFirstAdmin(token: string, input: Omit<NewUser, 'role'>): Promise<SetupResult> {
  if (!token) return { ok: false, reason: 'invalid_token' };
  const store = await getStore();
  const sha256 = hashOf(token);
  if (await store.users.hasActiveAdmin()) return { ok: false, reason: 'invalid_token' };
  if (!(await store.setupToken.claim(sha256))) return { ok: false, reason: 'invalid_token' };
  let user: User | undefined;
  try {
    user = await store.users.add({ ...input, role: 'admin' });
  } catch (error) {
    await store.setupToken.restore(sha256);
    throw error;
  }
  if (!user) {
    await store.setupToken.restore(sha256);
    return { ok: false, reason: 'conflict' };
  }
  return { ok: true, user };
}
