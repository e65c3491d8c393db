/**
 * Backup and restore of a data directory (docs/OPERATIONS.md).
 *
 * Consistency: every store file is replaced whole by a rename (json-file.ts), so a file read at
 * any moment is either the previous or the next complete version: a backup taken while the server
 * runs copies complete files without pausing it. Each copied file is checked: JSON files must parse
 * and every record must pass its schema (the backup is opened like a store); for the append-only
 * audit log and the journals (JSON Lines) only complete lines are copied. Journals (`journal/`)
 * sort, and so are copied, before the partition files they are compacted into: a segment deleted
 * by a compaction meanwhile is already in the partition files read after it, and each partition
 * file names the journal lines it includes, so replay never applies one twice. Across files a backup is a snapshot within
 * the seconds it takes: a ticket file may be one write newer than the audit line about it.
 * Sessions, the lock, the setup token and temp files are not copied (sign-ins start afresh).
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock } from '../store/data-dir';
import { openJsonStore } from '../store/json-store';

export const MANIFEST = 'backup-manifest.json';

export interface ManifestEntry {
  /** Path relative to the data directory, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}
export interface Manifest {
  createdAt: string;
  files: ManifestEntry[];
  tickets: number;
  users: number;
}

const SKIP = (rel: string) =>
  rel === '.lock' ||
  rel === MANIFEST ||
  rel === 'setup-token.json' ||
  rel.startsWith('sessions/') ||
  /(^|\/)\.[^/]*(tmp|health-)/.test(rel) ||
  /\.tmp$/.test(rel);

function walk(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) return walk(path.join(dir, e.name), `${rel}/`);
    return e.isFile() && !SKIP(rel) ? [rel] : [];
  });
}

/** A file's bytes, complete: JSON must parse (re-read a few times should a rename race the read); JSON Lines up to the last newline. */
function readComplete(file: string): Buffer {
  for (let attempt = 0; ; attempt++) {
    const bytes = readFileSync(file);
    if (file.endsWith('.jsonl')) {
      const end = bytes.lastIndexOf(0x0a);
      return bytes.subarray(0, end + 1);
    }
    if (!file.endsWith('.json')) return bytes;
    try {
      JSON.parse(bytes.toString('utf8'));
      return bytes;
    } catch (error) {
      if (attempt >= 5) throw new Error(`backup: ${path.basename(file)} does not parse`, { cause: error });
    }
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Opens a copied data directory as the server would: every record of every collection must pass its schema. */
export async function verifyDataDir(dir: string): Promise<{ tickets: number; users: number }> {
  // The mall id plays no part in reading files back.
  const store = await openJsonStore(dir, 'backup');
  try {
    const [tickets, users] = await Promise.all([store.tickets.count(), store.users.list()]);
    return { tickets, users: users.length };
  } finally {
    await store.close();
  }
}

/** Copies `dataDir` into a new folder `<outDir>/sdk-backup-<time>` and verifies it. Safe while the server runs. */
export async function backup(
  dataDir: string,
  outDir: string,
  now = new Date(),
): Promise<{ dir: string; manifest: Manifest }> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const target = path.join(outDir, `sdk-backup-${stamp}`);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const files: ManifestEntry[] = [];
  for (const rel of walk(dataDir).sort()) {
    let bytes: Buffer;
    try {
      bytes = readComplete(path.join(dataDir, rel));
    } catch (error) {
      // A journal segment compacted away since the listing: its lines are in the partition files.
      if (rel.startsWith('journal/') && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    mkdirSync(path.dirname(path.join(partial, rel)), { recursive: true });
    writeFileSync(path.join(partial, rel), bytes);
    files.push({ path: rel, bytes: bytes.length, sha256: sha256(bytes) });
  }
  const counts = await verifyDataDir(partial);
  rmSync(path.join(partial, '.lock'), { force: true });
  const manifest: Manifest = { createdAt: now.toISOString(), files, ...counts };
  writeFileSync(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2));
  renameSync(partial, target);
  return { dir: target, manifest };
}

/** Checks a backup folder against its manifest; returns the manifest. */
export function checkBackup(dir: string): Manifest {
  const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  for (const f of manifest.files) {
    const bytes = readFileSync(path.join(dir, f.path));
    if (sha256(bytes) !== f.sha256) throw new Error(`restore: ${f.path} differs from the manifest (damaged backup)`);
  }
  return manifest;
}

/**
 * Replaces `dataDir` with a backup. Refuses while a server holds the data directory's lock. The
 * current directory is kept beside it as `<dataDir>.before-restore-<time>`.
 */
export async function restore(
  backupDir: string,
  dataDir: string,
  now = new Date(),
): Promise<{ keptAs?: string; manifest: Manifest }> {
  const manifest = checkBackup(backupDir);
  await verifyDataDir(backupDir).finally(() => rmSync(path.join(backupDir, '.lock'), { force: true }));
  mkdirSync(dataDir, { recursive: true });
  const release = acquireDataDirLock(dataDir); // throws while a server runs on it
  let keptAs: string | undefined;
  try {
    const current = readdirSync(dataDir).filter((n) => n !== '.lock');
    if (current.length) {
      keptAs = `${dataDir}.before-restore-${now
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z')}`;
      mkdirSync(keptAs, { recursive: true });
      for (const name of current) renameSync(path.join(dataDir, name), path.join(keptAs, name));
    }
    for (const f of manifest.files) {
      mkdirSync(path.dirname(path.join(dataDir, f.path)), { recursive: true });
      cpSync(path.join(backupDir, f.path), path.join(dataDir, f.path));
    }
  } finally {
    release();
  }
  return { keptAs, manifest };
}

/** Size of a backup folder in bytes. */
export const backupBytes = (m: Manifest) => m.files.reduce((n, f) => n + f.bytes, 0);
export const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
