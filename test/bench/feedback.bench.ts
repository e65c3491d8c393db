/**
 * Feedback budgets (issue 4), against the built server (run `npm run build` first):
 *  - POST /api/feedback, 50 concurrent clients, empty store and 200,000 stored tickets:
 *    p95 <= 50 ms and >= 300 requests/s at 200,000;
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
const ENV = { FEEDBACK_RATE_LIMIT: '0', FEEDBACK_SWEEP_SECONDS: '0' };
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
  const instance = autocannon({ ...options, duration: DURATION });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 400) errors++;
    times.push(ms);
  });
  const result = await instance;
  errors += result.errors + result.timeouts;
  return { p95: percentile(times, 95), p50: percentile(times, 50), rps: times.length / DURATION, errors, count: times.length };
}

async function waitForStore(url: string) {
  // The store loads in the background after the first request; a submission waits for it.
  const started = Date.now();
  const res = await fetch(`${url}/api/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: BODY });
  if (res.status !== 201) throw new Error(`warm-up POST answered ${res.status}`);
  return Date.now() - started;
}

async function postRun(url: string): Promise<Run> {
  // A short warm-up so the JIT and the first partition write are not measured.
  await load({ url: `${url}/api/feedback`, connections: 10, amount: 200, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY } as autocannon.Options);
  return load({ url: `${url}/api/feedback`, connections: 50, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
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
    const run = await postRun(server.url);
    report('POST /api/feedback, empty store, 50 clients: p95', run.p95, 'ms', { max: 50 });
    report('POST /api/feedback, empty store: throughput', run.rps, 'req/s');
    report('POST /api/feedback, empty store: errors', run.errors, 'responses', { max: 0 });
  } finally {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

// 2. 200,000 stored tickets.
{
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-bench-fb-'));
  try {
    let t = Date.now();
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
      const run = await postRun(server.url);
      report(`POST /api/feedback, ${STORED} stored, 50 clients: p95`, run.p95, 'ms', { max: 50 });
      report(`POST /api/feedback, ${STORED} stored: throughput`, run.rps, 'req/s', { min: 300 });
      report(`POST /api/feedback, ${STORED} stored: errors`, run.errors, 'responses', { max: 0 });

      const cookie = await signIn(server.url, 'bench', 'bench-password-2026');
      const queue = await load({ url: `${server.url}/staff/tickets`, connections: 10, headers: { cookie } });
      report(`GET /staff/tickets, ${STORED} stored, 10 clients: p95`, queue.p95, 'ms', { max: 200 });
      report(`GET /staff/tickets, ${STORED} stored: errors`, queue.errors, 'responses', { max: 0 });
      const all = await load({ url: `${server.url}/staff/tickets?status=all&page=3`, connections: 10, headers: { cookie } });
      report(`GET /staff/tickets?status=all, ${STORED} stored: p95`, all.p95, 'ms');
      t = Date.now();
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
