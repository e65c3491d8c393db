import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from '../../../../src/lib/config/env';

describe('parseEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 4321,
      DATA_DIR: 'data',
      LOGIN_MAX_FAILURES: 5,
      LOGIN_MAX_FAILURES_PER_ADDRESS: 30,
      FEEDBACK_RATE_LIMIT: 10,
      FEEDBACK_LOOKUP_MAX_FAILURES: 5,
      FEEDBACK_LOOKUP_LOCK_MINUTES: 15,
      FEEDBACK_SWEEP_SECONDS: 60,
      LOG_REQUESTS: true,
      POLICIES_PUBLIC: false,
    });
    expect(parseEnv({}).PUBLIC_BASE_URL).toBeUndefined();
  });

  // The cases of the former envInt, now typed: empty is the default, a good number is kept.
  it.each([
    [undefined, 10],
    ['', 10],
    ['  ', 10],
    ['0', 0],
    ['120', 120],
    [' 7 ', 7],
  ])('FEEDBACK_RATE_LIMIT=%j → %i', (value, out) => {
    expect(parseEnv({ FEEDBACK_RATE_LIMIT: value }).FEEDBACK_RATE_LIMIT).toBe(out);
  });

  // A bad value no longer falls back silently: it stops the server, naming the variable.
  it.each([
    ['FEEDBACK_RATE_LIMIT', '-1'],
    ['FEEDBACK_RATE_LIMIT', 'abc'],
    ['FEEDBACK_RATE_LIMIT', '1.5'],
    ['LOGIN_MAX_FAILURES', 'five'],
    ['PORT', '70000'],
    ['PORT', '80a'],
    ['LOG_REQUESTS', 'yes'],
    ['PUBLIC_BASE_URL', 'javascript:alert(1)'],
    ['PUBLIC_BASE_URL', 'kiosk.mall.lan'],
    ['SEARCH_CONCURRENCY', '-2'],
    ['POLICIES_PUBLIC', 'true'],
    ['POLICIES_PUBLIC', 'yes'],
  ])('%s=%j is refused with the name in the message', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^config: .*\\n  ${name}=`, 's'));
  });

  it('takes MALL_ID and DATABASE_URL, optional, and never echoes a bad database URL (it may hold a password)', () => {
    expect(parseEnv({}).MALL_ID).toBeUndefined();
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ MALL_ID: ' galaxy-sh ', DATABASE_URL: 'postgres://kiosk:pw@db/kiosk' })).toMatchObject({
      MALL_ID: 'galaxy-sh',
      DATABASE_URL: 'postgres://kiosk:pw@db/kiosk',
    });
    expect(() => parseEnv({ MALL_ID: 'Galaxy SH' })).toThrow(/MALL_ID="Galaxy SH"/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://root:secret@db/x' })).toThrow(/DATABASE_URL=\(hidden\)/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://root:secret@db/x' })).not.toThrow(/secret/);
  });

  it('names every bad variable at once', () => {
    expect(() => parseEnv({ PORT: 'x', LOG_REQUESTS: '2' })).toThrow(/PORT=.*\n.*LOG_REQUESTS=/);
  });

  // Staff-only policy pages are closed unless the mall opens them with 1 (README "Configuration").
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['1', true],
  ])('POLICIES_PUBLIC=%j → %s', (value, out) => {
    expect(parseEnv({ POLICIES_PUBLIC: value }).POLICIES_PUBLIC).toBe(out);
  });

  it('turns the access log off with 0', () => {
    expect(parseEnv({ LOG_REQUESTS: '0' }).LOG_REQUESTS).toBe(false);
  });
});

describe('the launcher', () => {
  it('refuses to start on a bad value and names the variable', () => {
    const run = spawnSync(process.execPath, ['src/serve.mjs'], {
      cwd: path.resolve(import.meta.dirname, '../../../..'),
      env: { ...process.env, FEEDBACK_RATE_LIMIT: 'ten', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sdk-env-')) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    // One JSON line, like every other line the server prints, whose message names the variable.
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as { level: string; message: string };
    expect(line.level).toBe('error');
    expect(line.message).toContain('FEEDBACK_RATE_LIMIT="ten"');
  });
});
