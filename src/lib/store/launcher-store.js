// @ts-check
/**
 * The two things the launcher (src/serve.mjs) asks the store before the bundled server loads:
 * is there an active admin, and if not, save a one-time setup token. Plain JavaScript (checked
 * by TypeScript) because the launcher runs before anything is bundled. The JSON store's files are
 * read directly here (users.json, setup-token.json, as json-store.ts keeps them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} LauncherStore
 * @property {() => Promise<boolean>} hasActiveAdmin
 * @property {(sha256: string, now?: Date) => Promise<void>} issueSetupToken
 *   Replaces any saved setup token with this one (its SHA-256, hex).
 */

/**
 * The launcher's view of the configured store.
 * @param {{ dataDir: string }} options
 * @returns {LauncherStore}
 */
export function openLauncherStore({ dataDir }) {
  // DATABASE_URL: the PostgreSQL branch is wired by the lead at merge.
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
