/**
 * `npm run backup [-- --out <dir>]`: a verified copy of DATA_DIR in `<dir>/sdk-backup-<time>`
 * (default dir: BACKUP_DIR, else `<DATA_DIR>.backups`). Safe while the server runs; see
 * src/lib/ops/backup.server.ts for what "consistent" means, and docs/OPERATIONS.md.
 */
import { parseArgs } from 'node:util';
import { backup, backupBytes } from '../lib/ops/backup.server';
import { config } from '../lib/config/env';
import { resolveDataDir } from '../lib/store/data-dir';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const dataDir = resolveDataDir();
const out = values.out ?? config().BACKUP_DIR ?? `${dataDir}.backups`;
try {
  const { dir, manifest } = await backup(dataDir, out);
  console.log(
    `backup: ${dir} (${manifest.files.length} files, ${backupBytes(manifest)} bytes, ${manifest.tickets} tickets, ${manifest.users} users; verified)`,
  );
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exit(1);
}
