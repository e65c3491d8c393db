// @ts-check
/**
 * The data directory and its owner lock. One server process owns a data directory: a second
 * one pointed at it refuses to start (two writers would overwrite each other's files).
 * Plain JavaScript (checked by TypeScript) because the launcher src/serve.mjs takes the lock
 * before the bundled server loads.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * `DATA_DIR` or ./data, absolute.
 * @param {Record<string, string | undefined>} [env]
 */
export function resolveDataDir(env = process.env) {
  return path.resolve(env.DATA_DIR ?? 'data');
}

/** @param {number} pid */
const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
};

/**
 * Takes the lock file `<dir>/.lock` for this process (a stale lock of a dead process is taken
 * over). Throws a clear error when a live process holds it. Returns a release function.
 * @param {string} dir
 * @param {number} [pid]
 * @returns {() => void}
 */
export function acquireDataDirLock(dir, pid = process.pid) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '.lock');
  const release = () => rmSync(file, { force: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(pid));
      closeSync(fd);
      return release;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST')
        throw new Error(`store: cannot create ${file}`, { cause: error });
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder === pid) return release;
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(
          `store: the data directory ${dir} is in use by another server (pid ${holder}). ` +
            `Stop that server, or start this one with a different DATA_DIR.`,
          { cause: error },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`store: could not take the lock ${file}`);
}
