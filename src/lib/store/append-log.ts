/**
 * An append-only log (JSON Lines), one file per month: the audit trail. Appends are
 * serialised so lines never interleave; nothing is ever rewritten.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export class AppendLog<T extends { at: string }> {
  readonly dir: string;
  #queue: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Appends one entry to the file of its month (`at` is an ISO time). */
  append(entry: T): Promise<void> {
    const file = path.join(this.dir, `${entry.at.slice(0, 7)}.jsonl`);
    const line = JSON.stringify(entry) + '\n';
    const next = this.#queue.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(file, line, 'utf8');
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Entries of one month (`YYYY-MM`); a torn last line (crash mid-append) is skipped. */
  async readMonth(month: string): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(path.join(this.dir, `${month}.jsonl`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: T[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // only the last line can be torn by a crash; skip it
      }
    }
    return out;
  }
}
