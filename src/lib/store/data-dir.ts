/**
 * The data directory and its owner lock. One server process owns a data directory: a second
 * one pointed at it refuses to start (two writers would overwrite each other's files).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** `DATA_DIR` or ./data, absolute. */
export function resolveDataDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.DATA_DIR ?? 'data');
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the lock file `<dir>/.lock` for this process (a stale lock of a dead process is taken
 * over). Throws a clear error when a live process holds it. Returns a release function.
 */
export function acquireDataDirLock(dir: string, pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`store: cannot create ${file}`, { cause: error });
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder === pid) return () => rmSync(file, { force: true });
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(
          `store: the data directory ${dir} is in use by another server (pid ${holder}). ` +
            `Stop that server, or start this one with a different DATA_DIR.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`store: could not take the lock ${file}`);
}
