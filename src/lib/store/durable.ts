/**
 * Writes that are on disk when their promise resolves: the data is fsync'd, and so is the
 * directory after a file is created or renamed into place (otherwise a power cut can lose the
 * new name even though the bytes were synced).
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/** Flushes a directory's entries (new names, renames, removals) to disk. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `text` atomically and durably: a temp file beside it (a dot-file ending in
 * `.tmp`, which backups skip), fsync'd, renamed over the file, then the directory fsync'd. A
 * crash leaves the old file or the new one, never half of one.
 */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw error;
  }
  await handle.close();
  await rename(tmp, file);
  await syncDir(dir);
}

/** A lowdb adapter for one JSON file, written with writeFileDurably (a missing file reads as null). */
export class DurableJsonAdapter<T> implements Adapter<T> {
  #file: string;
  #stringify: (data: T) => string;

  constructor(file: string, stringify: (data: T) => string) {
    this.#file = file;
    this.#stringify = stringify;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.#file, this.#stringify(data));
  }
}
