/**
 * Astro session storage inside the data directory (`<DATA_DIR>/sessions`), resolved when the
 * server starts rather than at build time, so DATA_DIR moves sessions with everything else.
 */
import fsLite from 'unstorage/drivers/fs-lite';
import path from 'node:path';
import { resolveDataDir } from './data-dir';

export default function dataDirSessionDriver() {
  return fsLite({ base: path.join(resolveDataDir(), 'sessions') });
}
