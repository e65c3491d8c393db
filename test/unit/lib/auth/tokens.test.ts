import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerToken, generateToken, hashToken } from '../../../../src/lib/auth/tokens';
import { TokensRepo } from '../../../../src/lib/store/tokens';

describe('API tokens', () => {
  it('are random, prefixed, and stored only as a hash', () => {
    const a = generateToken();
    expect(a).toMatch(/^sdk_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(4, 12));
  });

  it.each([
    ['Bearer sdk_' + 'a'.repeat(43), true],
    ['bearer   sdk_' + 'a'.repeat(43), true],
    ['Bearer sdk_' + 'a'.repeat(42), false],
    ['Basic sdk_' + 'a'.repeat(43), false],
    ['Bearer ' + 'a'.repeat(47), false],
    ['', false],
  ])('reads the header %j: %s', (header, ok) => {
    expect(bearerToken(header) !== undefined).toBe(ok);
  });

  it('a created token finds its user until it is revoked, also after a reload', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sdk-tokens-'));
    const repo = await TokensRepo.open(dir);
    const { token, record } = await repo.create('user-1', 'hotline');
    expect(repo.byToken(token)?.userId).toBe('user-1');
    expect(JSON.stringify(repo.list())).not.toContain(token);
    expect(repo.byToken(generateToken())).toBeUndefined();
    expect(await repo.revoke(record.id)).toBe(true);
    expect(await repo.revoke(record.id)).toBe(false);
    expect(repo.byToken(token)).toBeUndefined();
    expect((await TokensRepo.open(dir)).byToken(token)).toBeUndefined();
  });
});
