/**
 * Astro session storage inside the data directory (`<DATA_DIR>/sessions`), resolved when the
 * server starts rather than at build time, so DATA_DIR moves sessions with everything else.
 *
 * Sessions are read on every signed-in request but written only at sign-in and sign-out, so
 * reads are served from memory once a session has been seen (write-through; one process owns
 * the data directory, see data-dir.js, so nothing else changes the files behind our back).
 * Without this, a room of staff submitting a quiz at once queues hundreds of file reads.
 */
import fsLite from 'unstorage/drivers/fs-lite';
import path from 'node:path';
import { resolveDataDir } from './data-dir';

/** Sessions kept in memory at most (oldest seen first out); the files stay the source of truth. */
const MAX_CACHED = 10_000;

export default function dataDirSessionDriver() {
  const files = fsLite({ base: path.join(resolveDataDir(), 'sessions') });
  const cache = new Map<string, string>();
  // Bumped by every write or removal of a key, so a read that raced one is not cached.
  const generation = new Map<string, number>();
  const bump = (key: string) => generation.set(key, (generation.get(key) ?? 0) + 1);
  const remember = (key: string, value: string) => {
    cache.delete(key);
    cache.set(key, value);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  };

  return {
    ...files,
    name: 'data-dir-sessions',
    async getItem(key: string) {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const before = generation.get(key);
      const value = (await files.getItem(key, {})) as string | null;
      if (typeof value === 'string' && generation.get(key) === before) remember(key, value);
      return value;
    },
    async setItem(key: string, value: string) {
      bump(key);
      cache.delete(key);
      await files.setItem!(key, value, {});
      bump(key);
      remember(key, value);
    },
    async removeItem(key: string) {
      bump(key);
      cache.delete(key);
      await files.removeItem!(key, {});
    },
    async clear(base: string) {
      cache.clear();
      generation.clear();
      await files.clear?.(base, {});
    },
  };
}
