/**
 * The one-time setup token (issue 16): five simultaneous posts with it created five admins,
 * since the check and the removal had a password hash (an await) between them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'setup-token-'));
process.env.DATA_DIR = dir;
const { SETUP_TOKEN_FILE, addUser, checkSetupToken, listUsers, setupFirstAdmin } =
  await import('../../../../src/lib/auth/auth.server');
const token = 'tok-' + 'x'.repeat(30);
const tokenFile = path.join(dir, SETUP_TOKEN_FILE);
const writeToken = () =>
  writeFileSync(tokenFile, JSON.stringify({ sha256: createHash('sha256').update(token).digest('hex') }));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('setupFirstAdmin', () => {
  it('refuses a wrong token and keeps the right one', async () => {
    writeToken();
    expect(await setupFirstAdmin('wrong', { username: 'eve', name: 'Eve', password: 'password-123' })).toEqual({
      ok: false,
      reason: 'invalid_token',
    });
    expect(await checkSetupToken(token)).toBe(true);
  });

  it('gives the token back when the name is taken, so the admin can try again', async () => {
    await addUser({ username: 'taken', name: 'T', role: 'staff', password: 'password-123' });
    expect(await setupFirstAdmin(token, { username: 'taken', name: 'T', password: 'password-123' })).toEqual({
      ok: false,
      reason: 'conflict',
    });
    expect(existsSync(tokenFile)).toBe(true);
  });

  it('creates exactly one admin from twenty concurrent uses of the token', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        setupFirstAdmin(token, { username: `race${i}`, name: `R${i}`, password: 'password-123' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'invalid_token')).toHaveLength(19);
    expect((await listUsers()).filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(existsSync(tokenFile)).toBe(false);
    expect(await checkSetupToken(token)).toBe(false);
  });
});
