/**
 * What one app node spends per request, the input of the capacity plan (docs/OPERATIONS.md,
 * "Capacity plan"): server CPU per request and requests/s at 10 connections for the requests a
 * mall's kiosks and desk make most, against the built server with the JSON store (empty store,
 * sweep off, limits off). CPU time is the server process's user + system time from /proc (Linux),
 * so it includes zlib and file writes done on the thread pool.
 * No budgets: the figures feed a plan on paper; feedback.bench.ts holds the latency budgets.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { report } from './report';
import { startBuiltServer } from './server';

const REQUESTS = Number(process.env.NODE_COST_REQUESTS ?? 2000);
const TICKS_PER_SECOND = 100; // Linux USER_HZ (getconf CLK_TCK)

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const BODY = JSON.stringify({
  kind: 'complaint',
  category: 'service',
  description: '收银台排队太久，只开了一个收银口，工作人员也不解释。',
  floor: 'B1',
  tenant: 'b1-freshmart',
  contact: { phone: '13800138000' },
  consent: true,
});

async function load(options: autocannon.Options) {
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ connections: 10, amount: REQUESTS, ...options }, (error, done) =>
      error ? reject(error) : resolve(done),
    ),
  );
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`node-cost bench: ${failed} failed requests to ${options.url}`);
  return { rps: (REQUESTS * 1000) / (performance.now() - started), p99: result.latency.p99 };
}

const server = await startBuiltServer({
  env: {
    FEEDBACK_RATE_LIMIT: '0',
    FEEDBACK_GLOBAL_PER_MINUTE: '0',
    FEEDBACK_SWEEP_SECONDS: '0',
    SEARCH_RATE_LIMIT: '0',
    SEARCH_CONCURRENCY: '64',
    LOG_REQUESTS: '1',
  },
});
try {
  const first = await fetch(`${server.url}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: BODY,
  });
  if (first.status !== 201) throw new Error(`node-cost bench: warm-up POST answered ${first.status}`);
  const ticket = (await first.json()) as { ticketNo: string; verifyCode: string };
  const gzip = { 'accept-encoding': 'gzip' };
  const cases: [string, autocannon.Options][] = [
    [
      'POST /api/feedback (JSON store)',
      {
        url: `${server.url}/api/feedback`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      },
    ],
    ['GET /kiosk (gzip)', { url: `${server.url}/kiosk`, headers: gzip }],
    ['GET /kiosk/feedback (gzip)', { url: `${server.url}/kiosk/feedback`, headers: gzip }],
    [
      'GET /api/feedback/:no (status lookup)',
      { url: `${server.url}/api/feedback/${ticket.ticketNo}?code=${ticket.verifyCode}`, headers: gzip },
    ],
  ];
  for (const [label, options] of cases) {
    await load({ ...options, amount: 300 }); // warm-up: JIT, caches
    const before = cpuMs(server.pid);
    const run = await load(options);
    report(`${label}: server CPU per request`, ((cpuMs(server.pid) - before) * 1000) / REQUESTS, 'µs');
    report(`${label}: requests/s, 10 connections`, run.rps, 'req/s');
    report(`${label}: p99`, run.p99, 'ms');
  }
} finally {
  await server.stop();
}
