/**
 * A mall chain on PostgreSQL (issue #17): two built app nodes of one mall on one throwaway
 * PostgreSQL cluster, behind nginx (the shipped deploy/nginx/service-desk.conf, rendered by
 * test/support/nginx.ts). What must hold with several nodes: every acknowledged ticket stored
 * once under a unique number; a sign-out on one node ends the session on the other; the sweep
 * escalates an overdue ticket once, and the escalation reaches a manager's inbox on a page the
 * other node serves; a PostgreSQL restart in the middle of a burst is answered with 503 and
 * Retry-After, never a 500, and the nodes recover by themselves; a node killed mid-burst loses
 * nothing acknowledged and stores nothing twice; `/hq` shows three malls of the
 * database, its total the sum of the malls.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import path from 'node:path';
import pg from 'pg';
import { loadFeedbackConfig } from '../../src/lib/feedback/config-files';
import { createTicket, formatTicketNo, ticketDay } from '../../src/lib/feedback/feedback';
import { localMonth } from '../../src/lib/time/mall-time';
import { openPgStore } from '../../src/lib/store/pg/pg-store';
import type { Store } from '../../src/lib/store/port';
import { nginxBinary, startNginx, type RunningNginx } from '../support/nginx';
import { pgAvailable, startPgCluster, type PgCluster } from '../support/pg-cluster';
import { startServer, type RunningServer } from './server';

test.describe.configure({ mode: 'serial' });
// CI installs postgresql and nginx-light (.ci/run) and sets REQUIRE_PG=1: there nothing is skipped.
test.skip(!pgAvailable() || (!nginxBinary() && !process.env.CI), 'PostgreSQL or nginx is not installed');

const root = path.resolve(import.meta.dirname, '../..');
const clientDir = path.join(root, 'dist/client');
const config = loadFeedbackConfig(root);
const MALL = 'galaxy-sh';
const USERS = {
  manager: { username: 'chain-manager', name: '链经理', role: 'manager', password: 'chain-manager-2026' },
  staff: { username: 'chain-staff', name: '链客服', role: 'staff', password: 'chain-staff-2026' },
  hq: { username: 'chain-hq', name: '链集团', role: 'hq', password: 'chain-hq-2026' },
} as const;

let cluster: PgCluster;
let store: Store;
let sql: pg.Client;
const nodes: RunningServer[] = [];
let nginx: RunningNginx;

const nodeEnv = (url: string) => ({
  DATABASE_URL: url,
  MALL_ID: MALL,
  TRUSTED_PROXIES: '127.0.0.1',
  FEEDBACK_RATE_LIMIT: '0',
  FEEDBACK_GLOBAL_PER_MINUTE: '0',
  FEEDBACK_SWEEP_SECONDS: '1',
});

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startPgCluster();
  store = await openPgStore({ url: cluster.url, mallId: MALL, config });
  for (const u of Object.values(USERS)) await store.users.add(u);
  sql = await connect();
  for (let i = 0; i < 2; i++) nodes.push(await startServer({ env: nodeEnv(cluster.url) }));
  nginx = await startNginx({ upstreams: nodes.map((n) => Number(new URL(n.url).port)), clientDir });
});

test.afterAll(async () => {
  await nginx?.stop();
  for (const n of nodes) await n.stop();
  await sql?.end();
  await store?.close();
  await cluster?.stop();
});

/** The test's own connection (checking what is stored); a restart of the cluster ends it quietly. */
async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: cluster.url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function signIn(browser: Browser, base: string, who: keyof typeof USERS): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(USERS[who].username);
  await page.getByLabel('密码').fill(USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/(staff|hq)$/);
  return page;
}

const submission = (i: number, run: string) =>
  JSON.stringify({
    kind: 'suggestion',
    category: 'other',
    description: `连锁压力测试 ${run}-${i}：希望增加休息座椅。`,
    idempotencyKey: `${run}-${String(i).padStart(6, '0')}`,
  });

/** Posts `total` submissions over `connections` concurrent loops; returns the acknowledged ticket numbers and the statuses seen. */
async function burst(url: string, total: number, connections: number, run: string, during?: (sent: number) => void) {
  const acknowledged: string[] = [];
  const statuses = new Map<number, number>();
  const retryAfter: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const i = next++;
        during?.(i);
        for (let attempt = 0; attempt < 40; attempt++) {
          try {
            const res = await fetch(`${url}/api/feedback`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: submission(i, run),
            });
            const status = res.status;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            const body = (await res.json().catch(() => ({}))) as { ticketNo?: string };
            if (status === 201 || status === 200) {
              acknowledged.push(body.ticketNo!);
              break;
            }
            if (status === 503) retryAfter.push(res.headers.get('retry-after') ?? '');
          } catch {
            statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
          }
          // The kiosk outbox retries the same body (same idempotency key) after a pause.
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }),
  );
  return { acknowledged, statuses, retryAfter };
}

test('5,000 submissions from 100 connections over both nodes: each acknowledged ticket stored once, numbers unique', async () => {
  test.setTimeout(300_000);
  const { acknowledged, statuses } = await burst(nginx.url, 5_000, 100, 'burst');
  expect([...statuses.keys()].filter((s) => s >= 500 || s === -1)).toEqual([]);
  expect(acknowledged, JSON.stringify([...statuses])).toHaveLength(5_000);
  expect(new Set(acknowledged).size).toBe(5_000);
  const { rows } = await sql.query<{ n: string; distinct_no: string }>(
    `SELECT count(*) AS n, count(DISTINCT no) AS distinct_no FROM tickets WHERE mall_id = $1 AND doc->>'description' LIKE '连锁压力测试 burst-%'`,
    [MALL],
  );
  expect(Number(rows[0].n)).toBe(5_000);
  expect(Number(rows[0].distinct_no)).toBe(5_000);
  for (const no of acknowledged.slice(0, 50)) expect(await store.tickets.get(no)).toBeDefined();
  // Both nodes took a share (nginx spreads the connections).
  for (const n of nodes) expect(n.output()).toContain('"route":"/api/feedback"');
});

test('a sign-out on one node ends the session on the other', async ({ browser }) => {
  const [a, b] = nodes;
  const page = await signIn(browser, a.url, 'staff');
  // The session cookie is per host, not per port: node B sees the same session (held in PostgreSQL).
  await page.goto(`${b.url}/staff`);
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(`${a.url}/staff`);
  await page.getByRole('button', { name: /退出/ }).first().click();
  await page.goto(`${b.url}/staff`);
  await expect(page).toHaveURL(/\/login/);
  await page.context().close();
});

test('a ticket stored through one node is announced at once on the other node’s event stream', async ({ browser }) => {
  const [a, b] = nodes;
  const page = await signIn(browser, b.url, 'manager');
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const controller = new AbortController();
  const res = await fetch(`${b.url}/api/staff/events`, { headers: { cookie }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const heard = (async () => {
    while (!text.includes('event: tickets')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const started = Date.now();
  const posted = await fetch(`${a.url}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: submission(1, 'announce'),
  });
  expect(posted.status).toBe(201);
  await Promise.race([heard, new Promise((r) => setTimeout(r, 5_000))]);
  expect(text).toContain('event: tickets');
  // LISTEN/NOTIFY and the 300 ms coalescing: well under the 15 s poll.
  expect(Date.now() - started).toBeLessThan(5_000);
  controller.abort();
  await page.context().close();
});

test('the sweep escalates an overdue ticket once, and the manager sees it on a page of the other node', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const manager = await signIn(browser, nodes[1].url, 'manager');
  // A complaint received three days ago and never touched: every deadline has passed.
  const at = Date.now() - 3 * 86_400_000;
  const day = ticketDay(at, config.timeZone);
  const { ticket } = await store.tickets.create(day, (seq) =>
    createTicket(
      { kind: 'complaint', category: 'service', description: '三天没人处理的投诉（连锁测试）', consent: false },
      { no: formatTicketNo(day, seq), day, seq, verifyCode: '246810', now: at },
      config,
    ),
  );
  // Both nodes sweep every second; only one may act on each round.
  await expect
    .poll(async () => (await store.tickets.get(ticket.no))!.events.filter((e) => e.type === 'escalation').length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await new Promise((r) => setTimeout(r, 4_000));
  const events = (await store.tickets.get(ticket.no))!.events.filter(
    (e) => e.type === 'escalation' || e.type === 'reminder',
  );
  const keys = events.map((e) => `${e.type}|${e.milestone}|${e.level ?? ''}`);
  expect(new Set(keys).size).toBe(keys.length);
  // Raised by whichever node swept; seen on node B's page without a reload.
  const inbox = manager.getByRole('region', { name: /收件箱/ });
  await expect(inbox.getByRole('link', { name: ticket.no }).first()).toBeVisible({ timeout: 40_000 });
  await manager.context().close();
});

test('a PostgreSQL restart in the middle of a burst: 503 with Retry-After, never a 500; the nodes recover and every acknowledged ticket is stored once', async () => {
  test.setTimeout(240_000);
  let restarted: Promise<void> | undefined;
  const result = await burst(nginx.url, 600, 20, 'restart', (i) => {
    if (i === 150 && !restarted) {
      // Down for two seconds while the burst goes on, then back.
      cluster.ctl('stop', '-m', 'fast');
      restarted = new Promise((resolve) => setTimeout(resolve, 2_000)).then(() => cluster.ctl('start'));
    }
  });
  expect(restarted).toBeDefined();
  await restarted;
  const fiveHundreds = [...result.statuses.entries()].filter(([s]) => s >= 500 && s !== 503);
  const errors = nodes.map((n) =>
    n
      .output()
      .split('\n')
      .filter((l) => /"level":"(error|fatal)"|Error/.test(l))
      .slice(-5),
  );
  expect(fiveHundreds, JSON.stringify(errors)).toEqual([]);
  // The database was away: some requests were told to come back later, and when.
  expect(result.statuses.get(503) ?? 0).toBeGreaterThan(0);
  for (const r of result.retryAfter) expect(Number(r)).toBeGreaterThan(0);
  expect(result.acknowledged, JSON.stringify([...result.statuses])).toHaveLength(600);
  expect(new Set(result.acknowledged).size).toBe(600);
  await sql.end().catch(() => {});
  sql = await connect();
  const { rows } = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM tickets WHERE mall_id = $1 AND doc->>'description' LIKE '连锁压力测试 restart-%'`,
    [MALL],
  );
  expect(Number(rows[0].n)).toBe(600);
});

test('three malls on one database: /hq shows each, its total the sum of the malls', async ({ browser }) => {
  const month = localMonth(Date.now(), config.timeZone);
  const counts: Record<string, number> = {};
  for (const [mall, n] of [
    ['mall-b', 7],
    ['mall-c', 3],
  ] as const) {
    const other = await openPgStore({ url: cluster.url, mallId: mall, config });
    for (let i = 0; i < n; i++) {
      const now = Date.now();
      const day = ticketDay(now, config.timeZone);
      await other.tickets.create(day, (seq) =>
        createTicket(
          { kind: 'complaint', category: 'service', description: `${mall} 的投诉 ${i}`, consent: false },
          { no: formatTicketNo(day, seq), day, seq, verifyCode: '135790', now },
          config,
        ),
      );
    }
    counts[mall] = n;
    await other.close();
  }
  counts[MALL] = (await store.tickets.ofMonth(month)).length;
  const page = await signIn(browser, nginx.url, 'hq');
  await page.goto(`${nginx.url}/hq?month=${month}`);
  const table = page.getByRole('table').first();
  for (const mall of Object.keys(counts)) await expect(table).toContainText(mall);
  // The figures: the CSV export (mall id, name, then the columns; the chain total last).
  const res = await page.request.get(`${nginx.url}/hq/export.csv?month=${month}`);
  expect(res.status()).toBe(200);
  const lines = (await res.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const volume = lines[0].indexOf('件数');
  expect(volume).toBeGreaterThan(1);
  const byMall = new Map(lines.slice(1, -1).map((l) => [l[0], Number(l[volume])]));
  for (const [mall, n] of Object.entries(counts)) expect(byMall.get(mall), mall).toBe(n);
  const total = lines.at(-1)!;
  expect(total[1]).toBe('全集团合计');
  expect(Number(total[volume])).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
  await page.context().close();
});

test('a node killed in the middle of a burst: every acknowledged ticket is stored, once', async () => {
  test.setTimeout(240_000);
  let killed: Promise<void> | undefined;
  const result = await burst(nginx.url, 600, 20, 'kill', (i) => {
    // No goodbye: the process dies with requests in flight (nginx answers 502 for those; the kiosk retries).
    if (i === 200 && !killed) killed = nodes[0].stop('SIGKILL');
  });
  await killed;
  const fiveHundreds = [...result.statuses.entries()].filter(([s]) => s >= 500 && s !== 502 && s !== 503);
  expect(fiveHundreds).toEqual([]);
  expect(result.acknowledged, JSON.stringify([...result.statuses])).toHaveLength(600);
  expect(new Set(result.acknowledged).size).toBe(600);
  const { rows } = await sql.query<{ n: string; distinct_key: string }>(
    `SELECT count(*) AS n, count(DISTINCT doc->>'idempotencyKey') AS distinct_key FROM tickets
      WHERE mall_id = $1 AND doc->>'description' LIKE '连锁压力测试 kill-%'`,
    [MALL],
  );
  expect(Number(rows[0].n)).toBe(600);
  expect(Number(rows[0].distinct_key)).toBe(600);
});
