/**
 * The chain on PostgreSQL (issue #17), measured side by side in one run: a throwaway cluster
 * with two databases, `empty` and `full` (CHAIN_BENCH_TICKETS tickets, default 200,000; the
 * issue's figure is 1,000,000: `CHAIN_BENCH_TICKETS=1000000 npm run bench chain`), spread over
 * three malls and twelve months. A built node of galaxy-sh serves each database in turn:
 *  - start-up (spawn to the first answered page) <= 2 s and RSS after warm-up <= 250 MB, and the
 *    ratios full/empty <= 1.2 (neither may grow with the number of stored tickets);
 *  - POST /api/feedback from 50 clients (autocannon, unique idempotency keys) at a fixed 200 requests a
 *    second: p95 <= 25 ms; and in a closed loop (each client posts again at once: the node saturated),
 *    throughput and latency without a budget: p95 there is queueing, 50 / throughput, whatever the code;
 *  - the queue /staff/tickets (signed in), plain and filtered, 10 clients: p95 <= 100 ms;
 *  - the busiest month's report /staff/reports?month= (median of sequential requests) <= 300 ms;
 *  - /hq for that month (three malls' tickets of the month) <= 500 ms.
 * The fill is chain-fill.ts. Without PostgreSQL the bench prints one row and ends.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadFeedbackConfig } from '../../src/lib/feedback/config-files';
import { openPgStore } from '../../src/lib/store/pg/pg-store';
import { freePort } from '../e2e/server';
import { pgAvailable, startPgCluster } from '../support/pg-cluster';
import { fill } from './chain-fill';
import { percentile, report } from './report';

const root = path.resolve(import.meta.dirname, '../..');
const TICKETS = Number(process.env.CHAIN_BENCH_TICKETS ?? 200_000);
const DURATION = Number(process.env.CHAIN_BENCH_SECONDS ?? 5);
const STARTS = 3;
/**
 * The fixed rate of the latency run (requests a second from all 50 clients): 40 times a node's
 * global ceiling (FEEDBACK_GLOBAL_PER_MINUTE, 300 a minute) and a quarter of the chain-wide burst
 * of the capacity plan at 1,000 tickets per mall a day (docs/OPERATIONS.md), on one node.
 */
const POST_RATE = 200;
const MALLS = ['galaxy-sh', 'galaxy-hz', 'galaxy-nj'];
const MALL = MALLS[0];
const config = loadFeedbackConfig(root);
const USERS = {
  manager: { username: 'bench-manager', name: '压测经理', role: 'manager', password: 'bench-manager-2026' },
  hq: { username: 'bench-hq', name: '压测集团', role: 'hq', password: 'bench-hq-2026' },
} as const;
const ENV = { FEEDBACK_RATE_LIMIT: '0', FEEDBACK_GLOBAL_PER_MINUTE: '0', FEEDBACK_SWEEP_SECONDS: '0' };
const SUBMISSION = {
  kind: 'complaint',
  category: 'service',
  description: '收银台排队太久，只开了一个收银口，工作人员也不解释。',
  floor: 'B1',
  tenant: 'b1-freshmart',
  contact: { phone: '13800138000' },
  consent: true,
};
const load1 = () => loadavg()[0].toFixed(1);

// ------------------------------------------------------------------ a node

interface Node {
  url: string;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

/** Starts a built node of galaxy-sh on `databaseUrl`; ready = the first answered /kiosk (polled every 20 ms). */
async function startNode(databaseUrl: string): Promise<Node> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-bench-chain-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['src/serve.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      ...ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      MALL_ID: MALL,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('bench node exited early');
    try {
      if ((await fetch(`${url}/kiosk`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('bench node did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : NaN;
};

interface Run {
  p95: number;
  p50: number;
  rps: number;
  errors: number;
}

/** autocannon with every response time kept (p95 exact; autocannon reports p97.5). */
async function load(options: autocannon.Options, duration = DURATION): Promise<Run> {
  const times: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ duration, ...options }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 400) errors++;
      times.push(ms);
    });
  });
  // Not one answer within the run (a starved machine): its length is the least any took.
  if (!times.length) console.error(`${options.url}: no response within ${duration} s`);
  return {
    p95: times.length ? percentile(times, 95) : duration * 1000,
    p50: times.length ? percentile(times, 50) : duration * 1000,
    rps: times.length / duration,
    errors: errors + result.errors + result.timeouts,
  };
}

/**
 * POSTs sent at a steady rate over at most 50 keep-alive connections (open loop: the next is sent
 * on time whether or not earlier ones were answered), each timed from when it was due, so a late
 * sender counts against the server too. autocannon's own rate limit releases each second's
 * requests together, which measures a burst, not a rate.
 */
async function paced(url: string, rate: number, seconds: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const target = new URL('/api/feedback', url);
  const times: number[] = [];
  let errors = 0;
  const sent: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ ...SUBMISSION, idempotencyKey: `chain-bench-${process.pid}-${++keySeq}` });
    sent.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          target,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => {
              times.push(performance.now() - due);
              if ((res.statusCode ?? 500) >= 400) errors++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(sent);
  agent.destroy();
  return {
    p95: percentile(times, 95),
    p50: percentile(times, 50),
    rps: times.length / ((performance.now() - start) / 1000),
    errors,
  };
}

let keySeq = 0;
/** POSTs of one submission, each with an idempotency key of its own. */
const posts = (url: string): autocannon.Options => ({
  url,
  requests: [
    {
      method: 'POST',
      path: '/api/feedback',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ ...SUBMISSION, idempotencyKey: `chain-bench-${process.pid}-${++keySeq}` }),
      }),
    },
  ],
});

async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login?_action=auth.login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    body: new URLSearchParams({ username, password, next: '/staff/tickets' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sdk_session='));
  if (!cookie) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return cookie.split(';')[0];
}

/** Sequential GETs after one warm-up: median and slowest (ms). */
async function timed(url: string, cookie: string, times = 7) {
  const ms: number[] = [];
  for (let i = 0; i <= times; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    if (i > 0) ms.push(performance.now() - t);
  }
  return { median: percentile(ms, 50), max: Math.max(...ms) };
}

interface Figures {
  tickets: number;
  month: string;
  monthTickets: number;
  rss: number;
  rssEnd: number;
  post: Run;
  postAtRate: Run;
  queue: Run;
  filtered: Run;
  api: Run;
  queueAlone: { median: number; max: number };
  filteredAlone: { median: number; max: number };
  report: { median: number; max: number };
  reportApi: { median: number; max: number };
  hq: { median: number; max: number };
}

/** The busiest month of the node's mall (the current one when there are no tickets). */
async function busiestMonth(databaseUrl: string) {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ month: string; n: string }>(
      `SELECT to_char(day, 'YYYY-MM') AS month, count(*) AS n FROM tickets WHERE mall_id = $1
       GROUP BY 1 ORDER BY 2 DESC, 1 DESC LIMIT 1`,
      [MALL],
    );
    const all = await sql.query<{ n: string }>('SELECT count(*) AS n FROM tickets');
    const now = new Date();
    return {
      month: rows[0]?.month ?? `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`,
      monthTickets: Number(rows[0]?.n ?? 0),
      tickets: Number(all.rows[0].n),
    };
  } finally {
    await sql.end();
  }
}

async function analyze(databaseUrl: string) {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    await sql.query('ANALYZE tickets');
  } finally {
    await sql.end();
  }
}

async function measure(label: string, databaseUrl: string): Promise<Figures> {
  const { month, monthTickets, tickets } = await busiestMonth(databaseUrl);
  const node = await startNode(databaseUrl);
  try {
    const manager = await signIn(node.url, USERS.manager.username, USERS.manager.password);
    const hq = await signIn(node.url, USERS.hq.username, USERS.hq.password);
    // Warm-up: the pages and routes measured below once each, and a short burst of submissions.
    for (const p of ['/kiosk', '/staff/tickets', '/staff/tickets?category=service', '/api/staff/tickets'])
      await (await fetch(node.url + p, { headers: { cookie: manager } })).arrayBuffer();
    await load({ ...posts(node.url), connections: 10, amount: 300 } as autocannon.Options);
    const rss = rssMb(node.pid);
    console.error(`${label}: RSS after warm-up ${rss.toFixed(0)} MB (load ${load1()})`);

    // 50 kiosks at a fixed rate far above any mall's (the node's own ceiling is 5 a second), then
    // 50 clients each posting again the moment an answer comes (saturation: throughput and queueing).
    const postAtRate = await paced(node.url, POST_RATE, DURATION);
    const post = await load({ ...posts(node.url), connections: 50 });
    // The bursts above added thousands of rows in seconds (all open, one phone): autovacuum analyses
    // the table within its naptime (1 min); the bench does not wait for it, it asks at once, so the
    // queue below is planned on statistics of the table as it is, not as it was a minute ago.
    await analyze(databaseUrl);
    const queue = await load({ url: `${node.url}/staff/tickets`, connections: 10, headers: { cookie: manager } });
    const filtered = await load({
      url: `${node.url}/staff/tickets?category=service&status=all&page=3`,
      connections: 10,
      headers: { cookie: manager },
    });
    const api = await load({ url: `${node.url}/api/staff/tickets`, connections: 10, headers: { cookie: manager } });
    // One client: the cost of one request, apart from queueing behind the other clients.
    const queueAlone = await timed(`${node.url}/staff/tickets`, manager, 15);
    const filteredAlone = await timed(`${node.url}/staff/tickets?category=service&status=all&page=3`, manager, 15);
    const reportHtml = await timed(`${node.url}/staff/reports?month=${month}`, manager);
    const reportApi = await timed(`${node.url}/api/staff/reports/monthly?month=${month}`, manager);
    const hqPage = await timed(`${node.url}/hq?month=${month}`, hq, 5);
    const rssEnd = rssMb(node.pid);
    console.error(`${label}: done (load ${load1()})`);
    return {
      tickets,
      month,
      monthTickets,
      rss,
      rssEnd,
      post,
      postAtRate,
      queue,
      filtered,
      api,
      queueAlone,
      filteredAlone,
      report: reportHtml,
      reportApi,
      hq: hqPage,
    };
  } finally {
    await node.stop();
  }
}

// ------------------------------------------------------------------ run

if (!pgAvailable()) {
  console.log(
    `BENCH ${JSON.stringify({ name: 'skipped: PostgreSQL binaries not found (apt-get install postgresql)', value: 0, unit: '' })}`,
  );
  process.exit(0);
}
if (!existsSync(path.join(root, 'dist/server/entry.mjs'))) {
  console.error('chain bench: dist/ missing, running npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error('npm run build failed');
}

console.error(`chain bench: ${TICKETS} tickets over ${MALLS.length} malls (CHAIN_BENCH_TICKETS), load ${load1()}`);
// A database as a chain would run it: durable commits (fsync, synchronous commit, full-page writes:
// an acknowledged ticket is on disk) and shared buffers a server would give it, not the test defaults.
const cluster = await startPgCluster({
  settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', shared_buffers: '512MB' },
});
try {
  const urls = { empty: await cluster.createDatabase('chain_empty'), full: await cluster.createDatabase('chain_full') };
  for (const url of Object.values(urls)) {
    // Migrates, and the two users the bench signs in with (galaxy-sh's).
    const store = await openPgStore({ url, mallId: MALL, config, poolSize: 1 });
    try {
      for (const u of Object.values(USERS)) await store.users.add(u);
    } finally {
      await store.close();
    }
  }
  const started = Date.now();
  const fillTimes = await fill(urls.full, TICKETS, MALLS, config);
  report(
    `fill: ${TICKETS} tickets, 3 malls, 12 months (generate, COPY, indexes, VACUUM)`,
    (Date.now() - started) / 1000,
    's',
  );
  report('fill: of which generating and CSV', fillTimes.generateMs / 1000, 's');

  // Start-up, alternating so a burst of load elsewhere on the machine hits both alike.
  const ready: Record<'empty' | 'full', number[]> = { empty: [], full: [] };
  for (let i = 0; i < STARTS; i++)
    for (const db of ['empty', 'full'] as const) {
      const node = await startNode(urls[db]);
      ready[db].push(node.readyMs);
      await node.stop();
    }
  console.error(
    `start-up (ms): empty ${ready.empty.map(Math.round).join(', ')}; full ${ready.full.map(Math.round).join(', ')}`,
  );
  const readyEmpty = percentile(ready.empty, 50);
  const readyFull = percentile(ready.full, 50);

  const empty = await measure('empty', urls.empty);
  const full = await measure('full', urls.full);
  const n = full.tickets.toLocaleString('en');

  report(`start-up to first page, empty (median of ${STARTS})`, readyEmpty / 1000, 's', { max: 2 });
  report(`start-up to first page, ${n} tickets (median of ${STARTS})`, readyFull / 1000, 's', { max: 2 });
  report('start-up ratio full/empty', readyFull / readyEmpty, '×', { max: 1.2 });
  report('RSS after warm-up, empty', empty.rss, 'MB', { max: 250 });
  report(`RSS after warm-up, ${n} tickets`, full.rss, 'MB', { max: 250 });
  report('RSS ratio full/empty', full.rss / empty.rss, '×', { max: 1.2 });
  for (const [label, f] of [
    ['empty', empty],
    [`${n} tickets`, full],
  ] as const) {
    report(`POST /api/feedback, ${label}, 50 clients at ${POST_RATE} req/s: p95`, f.postAtRate.p95, 'ms', { max: 25 });
    report(`POST /api/feedback, ${label}, 50 clients at ${POST_RATE} req/s: p50`, f.postAtRate.p50, 'ms');
    report(`POST /api/feedback, ${label}, 50 clients closed loop (saturation): p95`, f.post.p95, 'ms');
    report(`POST /api/feedback, ${label}, 50 clients closed loop (saturation): p50`, f.post.p50, 'ms');
    report(`POST /api/feedback, ${label}, 50 clients closed loop: throughput`, f.post.rps, 'req/s');
    report(`GET /staff/tickets (queue), ${label}, 10 clients: p95`, f.queue.p95, 'ms', { max: 100 });
    report(`GET /staff/tickets?category=service&status=all&page=3, ${label}: p95`, f.filtered.p95, 'ms', { max: 100 });
    report(`GET /staff/tickets, ${label}, 1 client: median`, f.queueAlone.median, 'ms');
    report(
      `GET /staff/tickets?category=service&status=all&page=3, ${label}, 1 client: median`,
      f.filteredAlone.median,
      'ms',
    );
    report(`GET /api/staff/tickets, ${label}, 10 clients: p95`, f.api.p95, 'ms', { max: 100 });
    report(
      `errors (POST, queue, filtered, api), ${label}`,
      f.postAtRate.errors + f.post.errors + f.queue.errors + f.filtered.errors + f.api.errors,
      'responses',
      {
        max: 0,
      },
    );
    const m = `${f.month}, ${f.monthTickets.toLocaleString('en')} tickets`;
    report(`/staff/reports?month= (${m}), ${label}: median`, f.report.median, 'ms', { max: 300 });
    report(`/staff/reports?month=, ${label}: slowest`, f.report.max, 'ms');
    report(`/api/staff/reports/monthly?month=, ${label}: median`, f.reportApi.median, 'ms', { max: 300 });
    report(`/hq?month=${f.month} (3 malls), ${label}: median`, f.hq.median, 'ms', { max: 500 });
    report(`/hq, ${label}: slowest`, f.hq.max, 'ms');
    report(`RSS at the end (after reports and /hq), ${label}`, f.rssEnd, 'MB');
  }
  report('load average (1 min) at the end', loadavg()[0], '');
} finally {
  await cluster.stop();
}
