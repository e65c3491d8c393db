/**
 * Astro sessions in PostgreSQL: shared by every node of a mall (no node keeps a copy, so a
 * sign-out on one ends the session on all), kept apart between malls, and chosen at run time by
 * the session driver entrypoint when DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/lib/store/errors';
import { pgSessionDriver } from '../../../src/lib/store/pg/pg-session-driver';
import sessionDriver from '../../../src/lib/store/session-driver';
import { pgAvailable, startPgCluster, type PgCluster } from '../../support/pg-cluster';

const available = pgAvailable();

describe.skipIf(!available)('PostgreSQL sessions', { timeout: 60_000 }, () => {
  let cluster: PgCluster;
  const drivers: ReturnType<typeof pgSessionDriver>[] = [];
  const open = (mallId: string, ttlSeconds?: number) => {
    const driver = pgSessionDriver({ url: cluster.url, mallId, ttlSeconds, poolSize: 2 });
    drivers.push(driver);
    return driver;
  };
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.dispose()));
    await cluster?.stop();
  });

  it('shares a session between nodes: written on one, read and ended on the other', async () => {
    const mall = `m-${randomBytes(4).toString('hex')}`;
    const [a, b] = [open(mall), open(mall)];
    await a.setItem('s1', '{"userId":"u1"}');
    expect(await b.getItem('s1')).toBe('{"userId":"u1"}');
    expect(await b.hasItem('s1')).toBe(true);
    await b.setItem('s1', '{"userId":"u1","v":2}');
    expect(await a.getItem('s1')).toBe('{"userId":"u1","v":2}');
    // Sign-out on node b: node a no longer knows the session.
    await b.removeItem('s1');
    expect(await a.getItem('s1')).toBeNull();
    expect(await a.hasItem('s1')).toBe(false);
  });

  it('keeps malls apart, lists and clears keys', async () => {
    const [a, b] = [open(`a-${randomBytes(4).toString('hex')}`), open(`b-${randomBytes(4).toString('hex')}`)];
    await a.setItem('k1', 'a1');
    await a.setItem('k2', 'a2');
    await a.setItem('x_1', 'ax');
    await b.setItem('k1', 'b1');
    expect(await a.getItem('k1')).toBe('a1');
    expect(await b.getItem('k1')).toBe('b1');
    expect(await b.getItem('k2')).toBeNull();
    expect(await a.getKeys()).toEqual(['k1', 'k2', 'x_1']);
    // `_` is a key character here, not a LIKE wildcard.
    expect(await a.getKeys('x_')).toEqual(['x_1']);
    expect(await a.getKeys('k')).toEqual(['k1', 'k2']);
    await a.clear('k');
    expect(await a.getKeys()).toEqual(['x_1']);
    expect(await b.getKeys()).toEqual(['k1']);
  });

  it('forgets a session once its row has expired', async () => {
    const driver = open(`e-${randomBytes(4).toString('hex')}`, 1);
    await driver.setItem('short', 'v');
    expect(await driver.getItem('short')).toBe('v');
    await new Promise((r) => setTimeout(r, 1100));
    expect(await driver.getItem('short')).toBeNull();
  });

  it('is chosen by the entrypoint when DATABASE_URL is set, the data directory otherwise', async () => {
    const previous = process.env.DATABASE_URL;
    try {
      delete process.env.DATABASE_URL;
      expect(sessionDriver().name).toBe('data-dir-sessions');
      process.env.DATABASE_URL = cluster.url;
      const driver = sessionDriver() as ReturnType<typeof pgSessionDriver>;
      drivers.push(driver);
      expect(driver.name).toBe('postgres-sessions');
      await driver.setItem('entry', 'v');
      expect(await driver.getItem('entry')).toBe('v');
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });

  it('answers StoreUnavailableError when the database cannot be reached', async () => {
    const driver = pgSessionDriver({ url: 'postgres://postgres@127.0.0.1:1/none', mallId: 'x', poolSize: 1 });
    drivers.push(driver);
    await expect(driver.getItem('k')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
