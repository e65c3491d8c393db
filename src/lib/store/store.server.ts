/**
 * The store of this server process, opened once, lazily, by configuration: the embedded JSON
 * store in DATA_DIR by default, PostgreSQL when DATABASE_URL is set. The domain services
 * (src/lib/*\/*.server.ts) call `getStore()`; pages, actions and endpoints never do.
 */
import { config } from '../config/env';
import { MALL } from '../mall/mall';
import { resolveDataDir } from './data-dir';
import { openJsonStore } from './json-store';
import type { Store } from './port';

export type { AuditEntry, Store } from './port';

/** The mall this server serves: MALL_ID, else content/mall/mall.yaml `id`. */
export const configuredMallId = (): string => config().MALL_ID ?? MALL.id;

/** Opens the store the environment asks for. */
export async function openConfiguredStore(): Promise<Store> {
  const mallId = configuredMallId();
  const url = config().DATABASE_URL;
  if (url) {
    // Loaded only for a chain: the embedded default never loads the PostgreSQL client.
    const { openPgStore } = await import('./pg/pg-store');
    return openPgStore({ url, mallId, poolSize: config().DATABASE_POOL_SIZE || undefined });
  }
  return openJsonStore(resolveDataDir(), mallId);
}

let store: Promise<Store> | undefined;

/** The process's store, opened on first use (a failed open is retried by the next call). */
export function getStore(): Promise<Store> {
  store ??= openConfiguredStore().catch((error) => {
    store = undefined;
    throw error;
  });
  return store;
}

/** Closes the process's store (tests; a server keeps it until it exits). */
export async function closeStore(): Promise<void> {
  const open = store;
  store = undefined;
  if (open) await (await open.catch(() => undefined))?.close();
}
