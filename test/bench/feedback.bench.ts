/**
 * Feedback budgets (issue 4), against the built server (run `npm run build` first):
 *  - POST /api/feedback, 50 concurrent clients sending as fast as they can (autocannon, closed
 *    loop), empty store and 200,000 stored tickets: p95 <= 50 ms and >= 300 requests/s at 200,000.
 *    (autocannon's fixed-rate mode sends each second's requests in one burst, so it is not used.)
 *  - GET /staff/tickets (the queue, signed in) with 200,000 tickets: p95 <= 200 ms.
 * The 200,000 tickets are generated into a temporary DATA_DIR as day partitions over two years
 * before the server starts. FEEDBACK_BENCH_TICKETS changes the count (e.g. for a quick run).
 */
import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsersRepo } from '../../src/lib/store/users';
import { generateTickets, writeTickets } from './generate-tickets';
import { percentile, report } from './report';
import { startBuiltServer } from './server';

const STORED = Number(process.env.FEEDBACK_BENCH_TICKETS ?? 200_000);
const DURATION = Number(process.env.FEEDBACK_BENCH_SECONDS ?? 10);
const ENV = { FEEDBACK_RATE_LIMIT: '0', FEEDBACK_GLOBAL_PER_MINUTE: '0', FEEDBACK_SWEEP_SECONDS: '0' };
const BODY = JSON.stringify({
  kind: 'complaint',
  category: 'service',
  description: '收银台排队太久，只开了一个收银口，工作人员也不解释。',
  floor: 'B1',
  tenant: 'b1-freshmart',
  contact: { phone: '13800138000' },
  consent: true,
});

interface Run {
  p95: number;
  p50: number;
  rps: number;
  errors: number;
  count: number;
}

/** autocannon with every response time kept, so p95 is exact (autocannon itself reports p97.5). */
async function load(options: autocannon.Options): Promise<Run> {
  const times: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...options, duration: DURATION }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 400) errors++;
      times.push(ms);
    });
  });
  errors += result.errors + result.timeouts;
  return {
    p95: percentile(times, 95),
    p50: percentile(times, 50),
    rps: times.length / DURATION,
    errors,
    count: times.length,
  };
}

async function waitForStore(url: string) {
  // The store loads in the background after the first request; a submission waits for it.
  const started = Date.now();
  const res = await fetch(`${url}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: BODY,
  });
  if (res.status !== 201) throw new Error(`warm-up POST answered ${res.status}`);
  return Date.now() - started;
}

async function postRun(url: string): Promise<Run> {
  const post = {
    url: `${url}/api/feedback`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: BODY,
  };
  // A short warm-up so the JIT and the first partition writes are not measured.
  await load({ ...post, connections: 10, amount: 500 } as autocannon.Options);
  return load({ ...post, connections: 50 });
}

function reportPosts(label: string, run: Run, budgets: boolean) {
  report(`POST /api/feedback, ${label}, 50 clients: p95`, run.p95, 'ms', { max: 50 });
  report(`POST /api/feedback, ${label}, 50 clients: p50`, run.p50, 'ms');
  report(`POST /api/feedback, ${label}, 50 clients: throughput`, run.rps, 'req/s', budgets ? { min: 300 } : undefined);
  report(`POST /api/feedback, ${label}: errors`, run.errors, 'responses', { max: 0 });
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login?_action=auth.login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    body: new URLSearchParams({ username, password, next: '/staff/tickets' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sdk_session='));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0];
}

// 1. Empty store.
{
  const server = await startBuiltServer({ env: ENV });
  try {
    await waitForStore(server.url);
    reportPosts('empty store', await postRun(server.url), false);
  } finally {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

// 2. 200,000 stored tickets.
{
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-bench-fb-'));
  try {
    const t = Date.now();
    const tickets = generateTickets({ count: STORED, days: 730 });
    writeTickets(dataDir, tickets);
    const open = tickets.filter((x) => x.status !== 'closed' && x.status !== 'invalid').length;
    console.error(`generated ${tickets.length} tickets (${open} open) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    tickets.length = 0;
    const users = await UsersRepo.open(dataDir);
    await users.add({ username: 'bench', name: '压测主管', role: 'supervisor', password: 'bench-password-2026' });

    const server = await startBuiltServer({ dataDir, env: ENV });
    try {
      const loadMs = await waitForStore(server.url);
      report(`store load at ${STORED} tickets (first request after start)`, loadMs / 1000, 's');

      // The queue first, on the generated store as it is (open tickets of the last days, years of closed ones).
      const cookie = await signIn(server.url, 'bench', 'bench-password-2026');
      const queue = await load({ url: `${server.url}/staff/tickets`, connections: 10, headers: { cookie } });
      report(`GET /staff/tickets (${open} open), ${STORED} stored, 10 clients: p95`, queue.p95, 'ms', { max: 200 });
      report(`GET /staff/tickets, ${STORED} stored: errors`, queue.errors, 'responses', { max: 0 });
      const all = await load({
        url: `${server.url}/staff/tickets?status=all&page=3`,
        connections: 10,
        headers: { cookie },
      });
      report(`GET /staff/tickets?status=all (full scan), ${STORED} stored: p95`, all.p95, 'ms');

      const run = await postRun(server.url);
      reportPosts(`${STORED} stored`, run, true);

      // Once more after the POST run left thousands of new open tickets in the queue (a stress case).
      const after = await load({ url: `${server.url}/staff/tickets`, connections: 10, headers: { cookie } });
      report(`GET /staff/tickets after the POST run (${run.count + 500} more open): p95`, after.p95, 'ms');
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
