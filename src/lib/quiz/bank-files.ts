/**
 * Reads the question banks from disk (build-time check, tests, bench). The running server
 * uses the bundled copy in banks.ts instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBanks, type RawBank } from './bank-parse';

/** Raw banks of `<dir>/*.yaml` (none when the folder is missing); `root` makes paths relative for messages. */
export function readBankFiles(dir: string, root = dir): RawBank[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return names.map((n) => ({
    file: path.relative(root, path.join(dir, n)),
    source: readFileSync(path.join(dir, n), 'utf8'),
  }));
}

/** Reads and checks `content/quizzes` under a project root against the given clause ids. */
export function loadBanks(root: string, clauseIds?: ReadonlySet<string>) {
  return parseBanks(readBankFiles(path.join(root, 'content', 'quizzes'), root), clauseIds);
}
