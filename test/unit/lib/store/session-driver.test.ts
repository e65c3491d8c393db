import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dataDirSessionDriver from '../../../../src/lib/store/session-driver';

const dir = mkdtempSync(path.join(tmpdir(), 'sessions-'));
const previous = process.env.DATA_DIR;
process.env.DATA_DIR = dir;
const driver = dataDirSessionDriver();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (previous === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previous;
});

describe('the session driver', () => {
  it('writes through to DATA_DIR/sessions and reads back', async () => {
    await driver.setItem('abc', '{"userId":"u1"}');
    expect(readFileSync(path.join(dir, 'sessions', 'abc'), 'utf8')).toBe('{"userId":"u1"}');
    expect(await driver.getItem('abc')).toBe('{"userId":"u1"}');
    await driver.setItem('abc', '{"userId":"u2"}');
    expect(await driver.getItem('abc')).toBe('{"userId":"u2"}');
  });

  it('serves a seen session from memory (one process owns the directory)', async () => {
    await driver.setItem('cached', 'v1');
    rmSync(path.join(dir, 'sessions', 'cached'));
    expect(await driver.getItem('cached')).toBe('v1');
  });

  it('forgets a removed session, in memory and on disk', async () => {
    await driver.setItem('gone', 'v');
    await driver.removeItem('gone');
    expect(existsSync(path.join(dir, 'sessions', 'gone'))).toBe(false);
    expect(await driver.getItem('gone')).toBeNull();
  });

  it('does not cache a read that raced a write', async () => {
    await driver.setItem('race', 'old');
    const fresh = dataDirSessionDriver();
    const read = fresh.getItem('race');
    await fresh.setItem('race', 'new');
    await read;
    expect(await fresh.getItem('race')).toBe('new');
  });

  it('reads an unknown session as null', async () => {
    expect(await driver.getItem('nobody')).toBeNull();
  });
});
