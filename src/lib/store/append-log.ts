/**
 * An append-only log (JSON Lines), one file per month: the audit trail. Appends are
 * serialised so lines never interleave; nothing is ever rewritten. An append resolves once its
 * line is fsync'd; lines appended while a sync is in flight go together in the next write and
 * sync (group commit).
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from './durable';

export class AppendLog<T extends { at: string }> {
  readonly dir: string;
  #waiting: { file: string; line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #running = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Appends one entry to the file of its month (`at` is an ISO time); resolves once it is on disk. */
  append(entry: T): Promise<void> {
    const file = path.join(this.dir, `${entry.at.slice(0, 7)}.jsonl`);
    const line = JSON.stringify(entry) + '\n';
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ file, line, resolve, reject }));
    if (!this.#running) {
      this.#running = true;
      void this.#flush();
    }
    return done;
  }

  async #flush() {
    // What arrives while a round is syncing goes in the next one.
    await Promise.resolve();
    for (;;) {
      if (this.#waiting.length === 0) {
        // In the same step as the check: a later append starts a new writer.
        this.#running = false;
        return;
      }
      const batch = this.#waiting.splice(0);
      const files = new Map<string, string[]>();
      for (const w of batch) {
        const lines = files.get(w.file);
        if (lines) lines.push(w.line);
        else files.set(w.file, [w.line]);
      }
      try {
        await mkdir(this.dir, { recursive: true });
        let created = false;
        for (const [file, lines] of files) {
          created ||= !existsSync(file);
          const handle = await open(file, 'a');
          try {
            await handle.write(lines.join(''));
            await handle.datasync();
          } finally {
            await handle.close();
          }
        }
        if (created) await syncDir(this.dir);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
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
