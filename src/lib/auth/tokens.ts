/**
 * API tokens for the staff API (`Authorization: Bearer <token>`): created for a user by an
 * admin (`npm run users -- token <username>`), shown once, stored only as a SHA-256 hash (a
 * token is 32 random bytes, so a fast hash is enough), carrying that user's role, revocable.
 * Pure; stored by src/lib/store/tokens.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'astro/zod';

/** A token as stored. */
export const apiTokenSchema = z.strictObject({
  /** Random id (shown in lists, used to revoke). */
  id: z.string().min(1),
  /** The user whose role the token carries. */
  userId: z.string().min(1),
  /** What it is for, e.g. "hotline". */
  label: z.string().max(60),
  /** SHA-256 of the token, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  /** When it was revoked; a revoked token counts for nothing. */
  revokedAt: z.string().optional(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** Tokens start with this, so a leaked one is easy to recognise in logs and scanners. */
export const TOKEN_PREFIX = 'sdk_';
const TOKEN_PATTERN = /^sdk_[A-Za-z0-9_-]{43}$/;

/** A new random token (returned once, never stored). */
export const generateToken = () => TOKEN_PREFIX + randomBytes(32).toString('base64url');

/** The stored form of a token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The token of an `Authorization` header, if it is a well-formed bearer token. */
export function bearerToken(header: string | null): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m && TOKEN_PATTERN.test(m[1]) ? m[1] : undefined;
}
