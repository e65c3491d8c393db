import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoiseCspDigest } from '../../../src/integrations/csp-digest-cache';

/** Runs transformed code whose digest counts its calls; returns the (memoised) function. */
function load(code: string) {
  const state = { calls: 0 };
  const fn = new Function('state', `${code}\nreturn generateCspDigest;`)(state) as (
    data: string,
    algorithm: string,
  ) => Promise<string>;
  return { fn, state };
}

const ORIGINAL = `async function generateCspDigest(data, algorithm) {
  state.calls++;
  if (data === 'boom') throw new Error('digest failed');
  return algorithm + ':' + data;
}`;

describe('memoiseCspDigest', () => {
  it('hashes each distinct text once per algorithm and gives the same answer as before', async () => {
    const { fn, state } = load(memoiseCspDigest(ORIGINAL)!);
    expect(await fn('a', 'SHA-256')).toBe('SHA-256:a');
    expect(await fn('a', 'SHA-256')).toBe('SHA-256:a');
    expect(state.calls).toBe(1);
    expect(await fn('a', 'SHA-384')).toBe('SHA-384:a');
    expect(await fn('b', 'SHA-256')).toBe('SHA-256:b');
    expect(state.calls).toBe(3);
    // Concurrent first requests share one digest.
    await Promise.all([fn('c', 'SHA-256'), fn('c', 'SHA-256')]);
    expect(state.calls).toBe(4);
  });

  it('keeps no failed digest: the next request tries again', async () => {
    const { fn, state } = load(memoiseCspDigest(ORIGINAL)!);
    await expect(fn('boom', 'SHA-256')).rejects.toThrow('digest failed');
    await expect(fn('boom', 'SHA-256')).rejects.toThrow('digest failed');
    expect(state.calls).toBe(2);
  });

  it('stops keeping new texts past its bound (each is still hashed correctly)', async () => {
    const { fn, state } = load(memoiseCspDigest(ORIGINAL)!);
    for (let i = 0; i < 2001; i++) await fn(`t${i}`, 'SHA-256');
    expect(state.calls).toBe(2001);
    await fn('t0', 'SHA-256');
    expect(state.calls).toBe(2001);
    expect(await fn('t2000', 'SHA-256')).toBe('SHA-256:t2000');
    expect(state.calls).toBe(2002);
  });

  it('leaves other code alone, and finds its function in the installed Astro', () => {
    expect(memoiseCspDigest('function other() {}')).toBeUndefined();
    const require = createRequire(import.meta.url);
    const astro = path.dirname(require.resolve('astro/package.json'));
    const source = readFileSync(path.join(astro, 'dist/core/encryption.js'), 'utf8');
    expect(memoiseCspDigest(source)).toContain('cspDigests.get(key)');
  });
});
