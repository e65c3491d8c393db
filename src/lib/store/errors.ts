/**
 * The store's one failure a client should hear about: a write that did not reach the disk
 * (disk full, read-only, I/O error). The previous file stays as it was (writes go to a temp
 * file, then rename); API routes answer 503 with a bilingual message, never the path.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    // Staff see this text as it is (an action's error message): say what to do, in both languages.
    super('系统暂时无法保存，请稍后再试 / The system cannot save right now, please try again shortly', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Test hook: while the file named by STORE_FAULT_FILE exists, every store write fails as a full
 * or read-only disk would. Unset in production (the variable is not documented for operators).
 */
export function injectedWriteFault(): boolean {
  const file = process.env.STORE_FAULT_FILE;
  return !!file && existsSync(file);
}

/** Writes and removes a small probe file in `dir`: whether a write there would succeed now. */
export async function probeWritable(dir: string): Promise<boolean> {
  if (injectedWriteFault()) return false;
  const file = path.join(dir, `.probe-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    await writeFile(file, 'ok');
    await rm(file, { force: true });
    return true;
  } catch {
    return false;
  }
}
