/**
 * nginx in front of app nodes, for tests: renders the shipped deploy/nginx/service-desk.conf for
 * a temporary port, a list of upstream addresses and a build's dist/client, and runs it from a
 * temporary directory (logs, pid, temp files inside it). The test config is the shipped file with
 * three kinds of line swapped, each of which must be found, so an edit that changes the file's
 * shape fails here rather than leaving the tests on a config nobody ships.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../e2e/server';

const root = path.resolve(import.meta.dirname, '../..');

/** The shipped configuration. */
export const NGINX_TEMPLATE = path.join(root, 'deploy', 'nginx', 'service-desk.conf');

/** Where nginx is, or undefined when it is not installed (Debian: apt-get install nginx-light). */
export function nginxBinary(): string | undefined {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface RenderOptions {
  /** Upstream app nodes as `host:port` (or a bare port on 127.0.0.1), one `server` line each. */
  upstreams: (string | number)[];
  /** Address and port nginx listens on, e.g. `127.0.0.1:8080`. */
  listen: string;
  /** The build's client directory (dist/client). */
  clientDir: string;
}

/**
 * The shipped server configuration with its app nodes, listen lines and root replaced.
 * Pure: throws when a marker is missing, so the template and the harness cannot drift apart.
 */
export function renderServiceDeskConf(template: string, options: RenderOptions): string {
  if (options.upstreams.length === 0) throw new Error('nginx harness: at least one upstream');
  const nodes = /( *)# BEGIN app nodes[^\n]*\n((?: *server [^\n]+\n)+)( *)# END app nodes/;
  const found = nodes.exec(template);
  if (!found) throw new Error('nginx harness: no "# BEGIN app nodes" … "# END app nodes" block of server lines');
  // Keep the shipped per-server parameters (max_fails, fail_timeout) on every test node.
  const params = /server \S+((?: [^;\n]+)?);/.exec(found[2])?.[1] ?? '';
  const servers = options.upstreams
    .map((u) => `${found[1]}server ${typeof u === 'number' ? `127.0.0.1:${u}` : u}${params};\n`)
    .join('');
  let out = template.replace(nodes, `${found[1]}# BEGIN app nodes (test)\n${servers}${found[3]}# END app nodes`);

  const listens = out.match(/^ *listen (?:\[::\]:)?80;\n/gm) ?? [];
  if (listens.length !== 2)
    throw new Error(`nginx harness: expected "listen 80;" and "listen [::]:80;", got ${listens}`);
  out = out.replace(/^( *)listen 80;\n/m, `$1listen ${options.listen};\n`).replace(/^ *listen \[::\]:80;\n/m, '');

  const roots = out.match(/^ *root [^\n]+;\n/gm) ?? [];
  if (roots.length !== 1) throw new Error(`nginx harness: expected one root line, got ${roots.length}`);
  out = out.replace(/^( *)root [^\n]+;\n/m, `$1root ${options.clientDir};\n`);
  return out;
}

/** The main nginx.conf around the rendered file: everything under `dir`, one worker. */
export function mainConf(dir: string, runAsRoot: boolean): string {
  return [
    // As root the workers would switch to nobody, who cannot read a temp dir made by root.
    runAsRoot ? 'user root;' : '',
    'worker_processes 1;',
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 512; }',
    'http {',
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    '    sendfile on;',
    `    access_log ${dir}/access.log;`,
    `    client_body_temp_path ${dir}/tmp/body;`,
    `    proxy_temp_path ${dir}/tmp/proxy;`,
    `    fastcgi_temp_path ${dir}/tmp/fastcgi;`,
    `    uwsgi_temp_path ${dir}/tmp/uwsgi;`,
    `    scgi_temp_path ${dir}/tmp/scgi;`,
    `    include ${dir}/service-desk.conf;`,
    '}',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export interface RunningNginx {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The temporary directory: nginx.conf, service-desk.conf, error.log, access.log. */
  dir: string;
  errorLog: () => string;
  stop: () => Promise<void>;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts nginx for `upstreams` (app node ports or `host:port`) serving `clientDir` (default: this
 * checkout's dist/client) on a free port of 127.0.0.1; resolves once it accepts connections.
 */
export async function startNginx(options: {
  upstreams: (string | number)[];
  clientDir?: string;
  template?: string;
}): Promise<RunningNginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx harness: nginx is not installed (apt-get install nginx-light)');
  const dir = mkdtempSync(path.join(tmpdir(), 'sdk-nginx-'));
  mkdirSync(path.join(dir, 'tmp'));
  const port = await freePort();
  const conf = renderServiceDeskConf(readFileSync(options.template ?? NGINX_TEMPLATE, 'utf8'), {
    upstreams: options.upstreams,
    listen: `127.0.0.1:${port}`,
    clientDir: path.resolve(options.clientDir ?? path.join(root, 'dist', 'client')),
  });
  writeFileSync(path.join(dir, 'service-desk.conf'), conf);
  writeFileSync(path.join(dir, 'nginx.conf'), mainConf(dir, process.getuid?.() === 0));
  const args = ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf')];
  const checked = spawnSync(binary, [...args, '-t', '-q', '-g', `pid ${dir}/nginx.pid;`], { encoding: 'utf8' });
  if (checked.status !== 0) throw new Error(`nginx harness: config test failed:\n${checked.stderr}`);

  const child: ChildProcess = spawn(binary, [...args, '-g', `daemon off; pid ${dir}/nginx.pid;`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    try {
      return readFileSync(path.join(dir, 'error.log'), 'utf8') + stderr;
    } catch {
      return stderr;
    }
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited early:\n${errorLog()}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`nginx did not start:\n${errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    errorLog,
    stop: async () => {
      // SIGQUIT: graceful (workers finish what they serve), then the master exits.
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
