/**
 * A server of its own for specs that need special settings or a restart: a free port, a fresh
 * DATA_DIR, optional users created with the users CLI before it starts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestUser {
  username: string;
  role: string;
  password: string;
}

export interface OwnServer {
  baseURL: string;
  dataDir: string;
  /** Stops the server and waits for its process to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
}

/** Creates users in a data directory with `npm run users -- add …` (the users CLI). */
export function addUsers(dataDir: string, users: TestUser[]) {
  for (const u of users) {
    const run = spawnSync('npm', ['run', '--silent', 'users', '--', 'add', u.username, '--role', u.role, '--password', u.password], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`users CLI failed for ${u.username}: ${run.stderr || run.stdout}`);
  }
}

/** Starts `node src/serve.mjs` with extra environment and waits until /kiosk answers. */
export async function startServer(env: Record<string, string> = {}, users: TestUser[] = []): Promise<OwnServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-own-'));
  const baseURL = `http://127.0.0.1:${port}`;
  if (users.length) addUsers(dataDir, users);
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    log = '';
    child = spawn(process.execPath, ['src/serve.mjs'], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, FEEDBACK_SWEEP_SECONDS: env.FEEDBACK_SWEEP_SECONDS ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
      try {
        const res = await fetch(`${baseURL}/kiosk`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };

  await start();
  return { baseURL, dataDir, stop, start };
}
