/**
 * The store contract against the embedded JSON store: the same tests as PostgreSQL
 * (pg-store.test.ts), each on a fresh data directory. One process holds a data directory, so
 * the "two nodes" races run on one store here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openJsonStore } from '../../../src/lib/store/json-store';
import { storeContract } from './contract';
import { liveContract } from './live-contract';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const openFresh = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sdk-contract-'));
  dirs.push(dir);
  return openJsonStore(dir, 'contract-mall');
};

storeContract('json', { open: openFresh });
liveContract('json', { open: openFresh });
