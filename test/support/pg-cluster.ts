/**
 * A throwaway PostgreSQL cluster for tests: Debian's binaries (`/usr/lib/postgresql/<n>/bin`),
 * `initdb` into a fresh temp dir, started on a free port on 127.0.0.1 with its socket in that
 * dir, nothing durable (fsync off; `settings` changes that), one database created. PostgreSQL refuses to run as root, so as root its
 * commands run as the `postgres` user (`runuser`). `stop()` stops it and removes the dir.
 *
 * Without the binaries: `pgAvailable()` is false; tests then skip, unless REQUIRE_PG=1 (CI),
 * where `startPgCluster` throws.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url: string;
  /** A URL of another database of the same cluster (created on demand). */
  createDatabase(name: string): Promise<string>;
  /** Runs `pg_ctl` with these arguments (restart, stop, start: fault tests). */
  ctl(...args: string[]): void;
  stop(): Promise<void>;
}

/** The directory holding initdb, pg_ctl and postgres (newest version first), if any. */
export function findPgBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(path.join(fromEnv, 'pg_ctl'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** Whether PostgreSQL tests can run here; throws when REQUIRE_PG=1 and they cannot. */
export function pgAvailable(): boolean {
  const bin = findPgBin();
  if (!bin && process.env.REQUIRE_PG === '1')
    throw new Error('REQUIRE_PG=1 but no PostgreSQL binaries found (apt-get install postgresql)');
  if (!bin) console.warn('PostgreSQL binaries not found (/usr/lib/postgresql/*/bin): PostgreSQL tests skipped');
  return !!bin;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Settings a caller may change (`postgres -c name=value`); the defaults suit tests: nothing durable
 * (fsync, synchronous commit and full-page writes off) and little memory.
 */
const TEST_SETTINGS: Record<string, string> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '200',
  shared_buffers: '32MB',
};

export async function startPgCluster(options: { settings?: Record<string, string> } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL binaries not found (apt-get install postgresql)');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-test-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, full, { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    if (result.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error}`);
    return result.stdout;
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = { ...TEST_SETTINGS, ...options.settings };
  for (const [name, value] of Object.entries(settings))
    if (!/^[a-z_]+$/.test(name) || !/^[A-Za-z0-9._]+$/.test(value)) throw new Error(`bad setting ${name}=${value}`);
  const flags = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const ctl = (...args: string[]) => {
    run('pg_ctl', ['-D', data, '-o', flags, '-l', path.join(dir, 'log'), '-w', '-t', '60', ...args]);
  };
  try {
    ctl('start');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const createDatabase = async (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `${base}/${name}`;
  };
  let url: string;
  try {
    url = await createDatabase('test');
  } catch (error) {
    ctl('stop', '-m', 'immediate');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    createDatabase,
    ctl,
    async stop() {
      try {
        ctl('stop', '-m', 'immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
