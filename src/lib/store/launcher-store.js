// @ts-check
/**
 * The two things the launcher (src/serve.mjs) asks the store before the bundled server loads:
 * is there an active admin, and if not, save a one-time setup token. Plain JavaScript (checked
 * by TypeScript) because the launcher runs before anything is bundled. The JSON store's files are
 * read directly here (users.json, setup-token.json, as json-store.ts keeps them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * @typedef {object} LauncherStore
 * @property {() => Promise<boolean>} hasActiveAdmin
 * @property {(sha256: string, now?: Date) => Promise<void>} issueSetupToken
 *   Replaces any saved setup token with this one (its SHA-256, hex).
 */

/**
 * The launcher's view of the configured store: PostgreSQL when `databaseUrl` is given (its
 * migrations run first, under their advisory lock), else the JSON files in `dataDir`.
 * @param {{ dataDir: string; databaseUrl?: string; mallId?: string }} options
 * @returns {LauncherStore}
 */
export function openLauncherStore({ dataDir, databaseUrl, mallId }) {
  if (databaseUrl) {
    if (!mallId) throw new Error('openLauncherStore: a mall id is needed with DATABASE_URL');
    return {
      async hasActiveAdmin() {
        const { pgHasActiveAdmin } = await import('./pg/launcher.js');
        return pgHasActiveAdmin(databaseUrl, mallId);
      },
      async issueSetupToken(sha256) {
        const { pgIssueSetupToken } = await import('./pg/launcher.js');
        await pgIssueSetupToken(databaseUrl, mallId, sha256);
      },
    };
  }
  return {
    async hasActiveAdmin() {
      try {
        const file = JSON.parse(readFileSync(path.join(dataDir, 'users.json'), 'utf8'));
        return (
          Array.isArray(file.records) &&
          file.records.some((/** @type {{ role?: string; active?: boolean }} */ u) => u.role === 'admin' && u.active)
        );
      } catch {
        return false;
      }
    },
    async issueSetupToken(sha256, now = new Date()) {
      writeFileSync(path.join(dataDir, 'setup-token.json'), JSON.stringify({ sha256, createdAt: now.toISOString() }));
    },
  };
}

/**
 * The mall this server serves, as the bundled server will see it: MALL_ID, else the `id` in
 * content/mall/mall.yaml (validated there by the bundle's schema).
 * @param {string | undefined} fromEnv
 * @param {string} [root]
 * @returns {string}
 */
export function launcherMallId(fromEnv, root = process.cwd()) {
  if (fromEnv) return fromEnv;
  const raw = parse(readFileSync(path.join(root, 'content', 'mall', 'mall.yaml'), 'utf8'));
  const id = raw && typeof raw === 'object' && 'id' in raw ? raw.id : undefined;
  if (typeof id !== 'string' || !id) throw new Error('content/mall/mall.yaml: no mall id (set MALL_ID)');
  return id;
}
