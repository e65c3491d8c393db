/**
 * Sign-in for the running server: the users repository of this process's data directory,
 * password checks with brute-force limits, and the one-time setup token for the first admin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock, resolveDataDir } from '../store/data-dir';
import { TokensRepo } from '../store/tokens';
import { UsersRepo } from '../store/users';
import { DUMMY_HASH, verifyPassword } from './password';
import { config } from '../config/env';
import { RateLimiter } from '../limits/rate-limit';
import type { NewUser, User } from './users';

let repo: Promise<UsersRepo> | undefined;
let tokens: Promise<TokensRepo> | undefined;

/** The API tokens of this server's data directory (opened once, after the users). */
export function getTokens(): Promise<TokensRepo> {
  tokens ??= getUsers().then(() => TokensRepo.open(resolveDataDir()));
  return tokens;
}

/** The user a bearer token stands for: a live (not revoked) token of an active user, else undefined. */
export async function userOfToken(token: string): Promise<User | undefined> {
  const record = (await getTokens()).byToken(token);
  if (!record) return undefined;
  const user = (await getUsers()).byId(record.userId);
  return user?.active ? user : undefined;
}

/** The users of this server's data directory (opened once; takes the data directory lock). */
export function getUsers(): Promise<UsersRepo> {
  repo ??= (async () => {
    const dir = resolveDataDir();
    acquireDataDirLock(dir);
    return UsersRepo.open(dir);
  })();
  return repo;
}

/**
 * Brute-force limits: 5 failed sign-ins for one user name within 15 minutes lock that name for
 * the rest of the window; an address gets more room (staff at a service desk share one), 30.
 */
const nameFailures = new RateLimiter(config().LOGIN_MAX_FAILURES, 15 * 60_000);
const addressFailures = new RateLimiter(config().LOGIN_MAX_FAILURES_PER_ADDRESS, 15 * 60_000);

export type SignInResult =
  { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked'; retryAfterMs?: number };

export async function signIn(username: string, password: string, address: string): Promise<SignInResult> {
  const name = username.trim().toLowerCase();
  for (const lock of [nameFailures.check(name), addressFailures.check(address)]) {
    if (!lock.ok) return { ok: false, reason: 'locked', retryAfterMs: lock.retryAfterMs };
  }
  const users = await getUsers();
  const user = users.byUsername(username);
  // Hash even for unknown users so the response time does not tell which names exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.active) {
    nameFailures.record(name);
    addressFailures.record(address);
    return { ok: false, reason: 'invalid' };
  }
  nameFailures.reset(name);
  return { ok: true, user };
}

/** The setup token file the launcher (src/serve.mjs) writes when no admin exists. */
export const SETUP_TOKEN_FILE = 'setup-token.json';

const setupTokenPath = () => path.join(resolveDataDir(), SETUP_TOKEN_FILE);

/** The saved token file's text when `token` is the setup token (synchronous on purpose). */
function matchSetupToken(token: string): string | undefined {
  if (!token) return undefined;
  try {
    const saved = readFileSync(setupTokenPath(), 'utf8');
    const { sha256 } = JSON.parse(saved) as { sha256: string };
    const given = createHash('sha256').update(token).digest();
    const expected = Buffer.from(sha256, 'hex');
    return expected.length === given.length && timingSafeEqual(given, expected) ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `token` is the current one-time setup token (only while no admin exists). */
export async function checkSetupToken(token: string): Promise<boolean> {
  const users = await getUsers();
  return !users.hasActiveAdmin() && matchSetupToken(token) !== undefined;
}

/**
 * Takes the one-time setup token if `token` is it: checked and removed with no await in between,
 * so of any number of concurrent requests exactly one gets it. Returns a function that puts the
 * token back (for when creating the admin then fails), or undefined when it was not the token.
 */
export async function claimSetupToken(token: string): Promise<(() => void) | undefined> {
  const users = await getUsers();
  // From here on nothing awaits: the check and the removal are one step.
  if (users.hasActiveAdmin()) return undefined;
  const saved = matchSetupToken(token);
  if (saved === undefined) return undefined;
  rmSync(setupTokenPath(), { force: true });
  return () => writeFileSync(setupTokenPath(), saved, { flag: 'wx' });
}

export type SetupResult = { ok: true; user: User } | { ok: false; reason: 'invalid_token' | 'conflict' };

/** Creates the first admin with the setup token; the token is spent once, whatever happens next. */
export async function setupFirstAdmin(token: string, input: Omit<NewUser, 'role'>): Promise<SetupResult> {
  const giveBack = await claimSetupToken(token);
  if (!giveBack) return { ok: false, reason: 'invalid_token' };
  let user: User | undefined;
  try {
    user = await (await getUsers()).add({ ...input, role: 'admin' });
  } catch (error) {
    giveBack();
    throw error;
  }
  if (!user) {
    giveBack();
    return { ok: false, reason: 'conflict' };
  }
  return { ok: true, user };
}
