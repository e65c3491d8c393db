/**
 * `npm run soak` (after `npm run build`; not part of `npm test`): load and crash safety of the
 * feedback store against the built server on loopback. Figures go to docs/RELIABILITY.md.
 *
 *   load:  SOAK_TOTAL (5000) submissions from SOAK_CONNECTIONS (100) concurrent keep-alive
 *          connections; then every 201 ticket must be in the store files, none twice.
 *   crash: SOAK_CYCLES (200) times: start the server, send a burst of SOAK_BURST (40) concurrent
 *          submissions, SIGKILL it 2–60 ms into the burst, restart; after each kill every store file
 *          must parse with the ticket schema and every acknowledged (201) ticket must be in it.
 *
 * Exit code 1 if any check fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ticketSchema } from '../../src/lib/feedback/schema';
import { TicketRepository } from '../../src/lib/store/tickets';
import { freePort } from '../e2e/server';
import { percentile } from './report';

const root = path.resolve(import.meta.dirname, '../..');
const env = process.env;
const TOTAL = Number(env.SOAK_TOTAL ?? 5000);
const CONNECTIONS = Number(env.SOAK_CONNECTIONS ?? 100);
const CYCLES = Number(env.SOAK_CYCLES ?? 200);
const BURST = Number(env.SOAK_BURST ?? 40);
const failures: string[] = [];

interface Server {
  port: number;
  child: ChildProcess;
  exited: Promise<void>;
}

async function start(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/serve.mjs'], {
    cwd: root,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      FEEDBACK_RATE_LIMIT: '0',
      FEEDBACK_GLOBAL_PER_MINUTE: '0',
      LOG_REQUESTS: '0',
      FEEDBACK_SWEEP_SECONDS: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { port, child, exited };
}

const BODY = (i: number) =>
  JSON.stringify({
    kind: 'complaint',
    category: 'service',
    description: `压力测试第 ${i} 条：排队太久。`,
    floor: '1F',
  });

/** One POST; resolves with status, ticket number and latency (ms); rejects when the connection dies. */
function submit(agent: Agent, port: number, i: number): Promise<{ status: number; ticketNo?: string; ms: number }> {
  const body = BODY(i);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/feedback',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-Kiosk-Id': `soak-${i % 50}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          const ms = performance.now() - t0;
          let ticketNo: string | undefined;
          try {
            ticketNo = res.statusCode === 201 ? (JSON.parse(text) as { ticketNo: string }).ticketNo : undefined;
          } catch {
            // a 201 with a torn body does not count as acknowledged
          }
          resolve({ status: res.statusCode ?? 0, ticketNo, ms });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every ticket in the store files, after checking each file parses and each record passes the schema. */
async function storedTickets(dataDir: string): Promise<string[]> {
  const dir = path.join(dataDir, 'tickets');
  if (!existsSync(dir)) return [];
  // Every day file must parse and pass the schema on its own...
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { version: number; records: unknown[] };
    if (file.version !== 1) throw new Error(`${name}: version ${file.version}`);
    for (const r of file.records) ticketSchema.parse(r);
  }
  // ...and the store is what the server loads: the day files with the journal replayed over them
  // (a ticket stored twice makes the load throw).
  const repo = await TicketRepository.open(dataDir);
  return [...repo.values()].map((t) => t.no);
}

function checkAcknowledged(label: string, acknowledged: Set<string>, stored: string[]) {
  const set = new Set(stored);
  if (set.size !== stored.length)
    failures.push(`${label}: ${stored.length - set.size} duplicate ticket numbers in the store`);
  const missing = [...acknowledged].filter((no) => !set.has(no));
  if (missing.length)
    failures.push(`${label}: ${missing.length} acknowledged tickets missing, e.g. ${missing.slice(0, 3).join(', ')}`);
}

async function load() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-soak-'));
  const server = await start(dataDir);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const acknowledged = new Set<string>();
  const statuses = new Map<number, number>();
  let next = 0;
  let duplicates = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < TOTAL) {
        const r = await submit(agent, server.port, next++);
        latencies.push(r.ms);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.ticketNo) {
          if (acknowledged.has(r.ticketNo)) duplicates++;
          acknowledged.add(r.ticketNo);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  server.child.kill('SIGTERM');
  await server.exited;
  const stored = await storedTickets(dataDir);
  checkAcknowledged('load', acknowledged, stored);
  if (duplicates) failures.push(`load: ${duplicates} ticket numbers answered twice`);
  if ((statuses.get(201) ?? 0) !== TOTAL)
    failures.push(`load: statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  const figures = {
    submissions: TOTAL,
    connections: CONNECTIONS,
    created201: statuses.get(201) ?? 0,
    stored: stored.length,
    seconds: +seconds.toFixed(1),
    perSecond: Math.round(TOTAL / seconds),
    p50ms: +percentile(latencies, 50).toFixed(1),
    p95ms: +percentile(latencies, 95).toFixed(1),
    p99ms: +percentile(latencies, 99).toFixed(1),
    maxMs: +Math.max(...latencies).toFixed(1),
  };
  console.log(`SOAK load ${JSON.stringify(figures)}`);
}

async function crash() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-crash-'));
  const acknowledged = new Set<string>();
  let sent = 0;
  let refusedOrCut = 0;
  let killedMidWrite = 0;
  const t0 = performance.now();
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const server = await start(dataDir);
    const agent = new Agent({ keepAlive: true, maxSockets: BURST });
    const before = acknowledged.size;
    const burst = Array.from({ length: BURST }, () =>
      submit(agent, server.port, sent++).then(
        (r) => (r.ticketNo ? acknowledged.add(r.ticketNo) : refusedOrCut++),
        () => refusedOrCut++,
      ),
    );
    await new Promise((r) => setTimeout(r, 2 + Math.random() * 58));
    server.child.kill('SIGKILL');
    await server.exited;
    await Promise.allSettled(burst);
    agent.destroy();
    if (acknowledged.size - before < BURST) killedMidWrite++;
    try {
      checkAcknowledged(`crash cycle ${cycle}`, acknowledged, await storedTickets(dataDir));
    } catch (error) {
      failures.push(`crash cycle ${cycle}: a store file does not parse: ${(error as Error).message}`);
    }
    if (failures.length) break;
  }
  // The store opens cleanly after the last kill.
  const last = await start(dataDir);
  const health = (await (await fetch(`http://127.0.0.1:${last.port}/api/health`)).json()) as {
    store: { tickets: number };
  };
  last.child.kill('SIGTERM');
  await last.exited;
  if (health.store.tickets < acknowledged.size)
    failures.push(
      `crash: the restarted server sees ${health.store.tickets} tickets, ${acknowledged.size} were acknowledged`,
    );
  const figures = {
    cycles: CYCLES,
    burst: BURST,
    sent,
    acknowledged201: acknowledged.size,
    cutOrRefused: refusedOrCut,
    cyclesKilledMidBurst: killedMidWrite,
    storedAfterLastRestart: health.store.tickets,
    minutes: +((performance.now() - t0) / 60_000).toFixed(1),
  };
  console.log(`SOAK crash ${JSON.stringify(figures)}`);
}

if (!existsSync(path.join(root, 'dist/server/entry.mjs'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}
const only = process.argv[2];
if (!only || only === 'load') await load();
if (!only || only === 'crash') await crash();
for (const f of failures) console.error(`FAIL ${f}`);
console.log(failures.length ? `SOAK failed (${failures.length})` : 'SOAK ok');
process.exit(failures.length ? 1 : 0);
