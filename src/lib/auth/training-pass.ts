/**
 * The training-only pass: a phone that joined a live quiz may keep it for 30 days (cookie
 * `sdk_training`, HttpOnly), so scanning the projector's QR code next week opens the waiting
 * screen without signing in again. It grants nothing but taking quizzes:
 *
 * - the middleware reads it only on the paths where quizzes are taken (`isTrainingPassPath`);
 * - the user it yields carries `scope: 'training'`, and `can()` (roles.ts) refuses such a user
 *   every permission but `training.take`, wherever it is checked;
 * - the token is random, only its SHA-256 is stored, and a password, role or account change ends
 *   it (the user's sessionVersion, as for sessions).
 */
import { randomBytes } from 'node:crypto';
import { hashToken } from './tokens';
import { sessionIsCurrent, type User } from './users';
import type { TrainingPass } from '../quiz/live-schema';

/** The pass's cookie. */
export const TRAINING_COOKIE = 'sdk_training';
/** How long a pass lasts. */
export const TRAINING_PASS_DAYS = 30;
const DAY_MS = 86_400_000;

/** Where a training pass counts: joining and taking quizzes, and their JSON endpoints. */
const PASS_PATHS = [
  '/training/join',
  '/training/live/',
  '/training/attempts/',
  '/api/training/live/',
  '/api/training/attempts/',
];

/** Whether a training pass is read on `pathname` (everywhere else it counts for nothing). */
export function isTrainingPassPath(pathname: string): boolean {
  return PASS_PATHS.some((p) => (p.endsWith('/') ? pathname.startsWith(p) : pathname === p));
}

/** A new pass for `user`: the token for the cookie and the record to store. */
export function newTrainingPass(
  user: Pick<User, 'id' | 'sessionVersion'>,
  now: Date,
): { token: string; pass: TrainingPass } {
  const token = `sdt_${randomBytes(32).toString('base64url')}`;
  return {
    token,
    pass: {
      hash: hashToken(token),
      userId: user.id,
      sessionVersion: user.sessionVersion,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TRAINING_PASS_DAYS * DAY_MS).toISOString(),
    },
  };
}

/** Whether a stored pass still stands for `user` at `now` (not expired, account unchanged). */
export function passIsCurrent(pass: TrainingPass, user: User | undefined, now: Date): user is User {
  return (
    !!user &&
    user.id === pass.userId &&
    now.getTime() < Date.parse(pass.expiresAt) &&
    sessionIsCurrent(user, pass.sessionVersion)
  );
}
