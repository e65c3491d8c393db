/**
 * `npm run restore -- <backup folder>`: replaces DATA_DIR with a backup made by `npm run backup`,
 * after checking it against its manifest and its schemas. Refuses while a server runs on DATA_DIR;
 * the replaced directory is kept beside it (`<DATA_DIR>.before-restore-<time>`).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { isDir, restore } from '../lib/ops/backup.server';
import { resolveDataDir } from '../lib/store/data-dir';

const { positionals } = parseArgs({ allowPositionals: true });
const from = positionals[0];
if (!from || !isDir(from)) {
  console.error('usage: npm run restore -- <backup folder>   (made by npm run backup)');
  process.exit(1);
}
try {
  const { keptAs, manifest } = await restore(path.resolve(from), resolveDataDir());
  console.log(
    `restore: ${manifest.files.length} files, ${manifest.tickets} tickets from ${manifest.createdAt}${keptAs ? `; the previous data is kept in ${keptAs}` : ''}`,
  );
} catch (error) {
  console.error(`restore refused: ${(error as Error).message}`);
  process.exit(1);
}
