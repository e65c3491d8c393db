/**
 * Trust at the edge (issue 16), as a hostile client on the mall network would try it, against a
 * server of its own (seeded users, default limits). Loopback only; other clients are other
 * 127.0.0.0/8 source addresses; every loop is bounded.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requestFrom } from './helpers';
import { startServer, type RunningServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';

test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let fault: string;
test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-trust-'));
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/seed.ts'], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  expect(seeded.status, seeded.stderr).toBe(0);
  fault = path.join(dataDir, '.fail-writes');
  server = await startServer({ dataDir, env: { STORE_FAULT_FILE: fault } });
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(fault, { force: true });
});

const complaint = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: 'suggestion', category: 'other', description: `边界测试 ${i}：请多设座椅。`, ...extra });

function postFeedback(from: string, body: string, headers: Record<string, string> = {}) {
  return requestFrom(from, `${server.url}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
}

/** Signs in through the login action; returns the session cookie. */
async function signIn(who: TestUserKey): Promise<string> {
  const res = await fetch(`${server.url}/_actions/auth.login`, {
    method: 'POST',
    headers: { Origin: server.url },
    body: new URLSearchParams({ username: TEST_USERS[who].username, password: TEST_USERS[who].password }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sdk_session='))!
    .split(';')[0];
}

/** Enrols a kiosk as a supervisor on /kiosk/setup; returns its credential cookie. */
async function enrol(id: string): Promise<string> {
  const res = await fetch(`${server.url}/kiosk/setup`, {
    method: 'POST',
    headers: { Origin: server.url, Cookie: await signIn('supervisor') },
    body: new URLSearchParams({ kioskId: id, printer: 'default' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('kiosk_id='))!
    .split(';')[0];
  expect(cookie).toMatch(new RegExp(`^kiosk_id=${id}\\.[A-Za-z0-9_-]{43}$`));
  return cookie;
}

const heartbeat = (cookie?: string, pending = 0) =>
  fetch(`${server.url}/api/kiosk/heartbeat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ pending, failed: 0, version: 'e2e' }),
  });

const kiosksFile = () =>
  JSON.parse(readFileSync(path.join(server.dataDir, 'kiosks', 'kiosks.json'), 'utf8')) as {
    records: { id: string; pending: number }[];
  };

test('kiosk ids a client makes up escape nothing: thirty forged ids from one address get its 10 a minute', async () => {
  const from = '127.0.5.1';
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++) {
    // The three ways a kiosk id used to be taken from a client: header, body and cookie.
    const way = i % 3;
    const res = await postFeedback(
      from,
      complaint(i, way === 1 ? { kioskId: `spoof-${i}` } : {}),
      way === 0 ? { 'X-Kiosk-Id': `spoof-${i}` } : way === 2 ? { Cookie: `kiosk_id=K-SPOOF-${i}` } : {},
    );
    statuses.push(res.status);
  }
  expect(statuses.filter((s) => s === 201)).toHaveLength(10);
  expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
});

test('an enrolled kiosk is counted on its own, even behind a busy address, and its heartbeats count', async () => {
  const cookie = await enrol('K-1F-01');
  const from = '127.0.5.2';
  for (let i = 0; i < 10; i++) expect((await postFeedback(from, complaint(100 + i))).status).toBe(201);
  expect((await postFeedback(from, complaint(120))).status).toBe(429);
  // The kiosk behind the same address (NAT) still has its own budget.
  const mine = await postFeedback(from, complaint(121), { Cookie: cookie });
  expect(mine.status).toBe(201);
  expect((await heartbeat(cookie, 7)).status).toBe(204);
  expect(kiosksFile().records.find((r) => r.id === 'K-1F-01')?.pending).toBe(7);
});

test('a forged kiosk cookie cannot overwrite a heartbeat, and a flood of made-up ids stores nothing', async () => {
  expect((await heartbeat('kiosk_id=K-1F-01', 0)).status).toBe(403);
  expect((await heartbeat(`kiosk_id=K-1F-01.${'A'.repeat(43)}`, 0)).status).toBe(403);
  expect(kiosksFile().records.find((r) => r.id === 'K-1F-01')?.pending).toBe(7);
  const statuses = await Promise.all(
    Array.from({ length: 600 }, (_, i) => heartbeat(`kiosk_id=FAKE-${i}`).then((r) => r.status)),
  );
  expect(statuses.every((s) => s === 403)).toBe(true);
  // No cookie at all: a kiosk not set up yet; answered, not recorded.
  expect((await heartbeat()).status).toBe(204);
  expect(kiosksFile().records.map((r) => r.id)).toEqual(['K-1F-01']);
});

test('a supervisor revokes a kiosk on /staff/kiosks; its credential then counts for nothing', async () => {
  const cookie = await enrol('K-2F-09');
  expect((await heartbeat(cookie)).status).toBe(204);
  const staff = await signIn('supervisor');
  const page = await fetch(`${server.url}/staff/kiosks`, { headers: { Cookie: staff } });
  const html = await page.text();
  expect(html).toContain('撤销 K-2F-09');
  const revoked = await fetch(`${server.url}/staff/kiosks?_action=kiosks.revoke`, {
    method: 'POST',
    headers: { Origin: server.url, Cookie: staff },
    body: new URLSearchParams({ id: 'K-2F-09' }),
  });
  expect(revoked.status).toBe(200);
  expect(await revoked.text()).toContain('已撤销终端 K-2F-09');
  expect((await heartbeat(cookie)).status).toBe(403);
  const audit = readFileSync(
    path.join(server.dataDir, 'audit', `${new Date().toISOString().slice(0, 7)}.jsonl`),
    'utf8',
  );
  expect(audit).toContain('"action":"kiosk.revoke","target":"K-2F-09"');
});

test('kiosk setup refuses a JSON or text body with 415, never 500', async () => {
  for (const type of ['application/json', 'text/plain']) {
    const res = await fetch(`${server.url}/kiosk/setup`, {
      method: 'POST',
      headers: { Origin: server.url, Cookie: await signIn('supervisor'), 'Content-Type': type },
      body: type === 'application/json' ? '{"kioskId":"K-9"}' : 'kioskId=K-9',
    });
    expect(res.status, type).toBe(415);
  }
});

test('unknown methods answer 405 without rendering, and the verification code never reaches the log', async () => {
  const code = '654321';
  for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'OPTIONS']) {
    const res = await requestFrom('127.0.5.3', `${server.url}/kiosk/status?t=FK20261129-0001&c=${code}`, { method });
    expect(res.status, method).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
  }
  await new Promise((r) => setTimeout(r, 300));
  expect(server.output()).not.toContain(code);
});

test('next= with any control or separator character stays on this site and never answers 500', async () => {
  const cookie = await signIn('staff');
  for (const c of ['%09', '%0A', '%0B', '%0C', '%0D', '%00', '%7F', '%C2%85', '%E2%80%A8', '%E2%80%AE', '%E3%80%80']) {
    for (const next of [`/${c}/evil.example/x`, `${c}//evil.example/x`, `/%5C${c}evil.example`]) {
      const res = await fetch(`${server.url}/login?next=${next}`, { headers: { Cookie: cookie }, redirect: 'manual' });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/staff');
    }
  }
});

test('staff see zero-width characters; bidirectional overrides and NUL never reach them', async () => {
  const created = await postFeedback(
    '127.0.5.4',
    JSON.stringify({
      kind: 'complaint',
      category: 'service',
      description: '收银\u200B员态度差\u202Etxt.exe\u0000，请处理。',
    }),
  );
  expect(created.status).toBe(201);
  const { ticketNo } = JSON.parse(created.text) as { ticketNo: string };
  const page = await fetch(`${server.url}/staff/tickets/${ticketNo}`, { headers: { Cookie: await signIn('staff') } });
  const html = await page.text();
  expect(html).toContain('收银⟦U+200B⟧员态度差txt.exe，请处理。');
  expect(html).not.toContain('\u202E');
  expect(html).not.toContain('\u0000');
});

test('sign-in while the disk refuses writes answers 503 with the message, not an empty 500', async () => {
  writeFileSync(fault, '');
  try {
    const res = await fetch(`${server.url}/login?_action=auth.login`, {
      method: 'POST',
      headers: { Origin: server.url },
      body: new URLSearchParams({ username: TEST_USERS.staff2.username, password: TEST_USERS.staff2.password }),
      redirect: 'manual',
    });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('系统暂时无法保存');
  } finally {
    rmSync(fault, { force: true });
  }
});

test('every line the server wrote is one JSON object, with the client address on access lines', async () => {
  await new Promise((r) => setTimeout(r, 300));
  const lines = server
    .output()
    .split('\n')
    .filter((l) => l.trim() !== '');
  // The operator's start-up notes come before the server takes requests: the setup link (none here,
  // users are seeded) and nothing else.
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  });
  expect(lines.filter((_, i) => !parsed[i])).toEqual([]);
  const access = parsed.filter((p) => p?.event === 'request');
  expect(access.length).toBeGreaterThan(100);
  expect(access.every((p) => typeof p!.address === 'string' && String(p!.address).includes('127.0.'))).toBe(true);
  expect(access.some((p) => p!.address === '127.0.5.1' || p!.address === '::ffff:127.0.5.1')).toBe(true);
  expect(lines.some((l) => l.includes('?t=') || l.includes('&c='))).toBe(false);
});

test('a global ceiling of new tickets per minute answers 429 and stores nothing', async () => {
  const busy = await startServer({ env: { FEEDBACK_GLOBAL_PER_MINUTE: '5' } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await requestFrom(`127.0.6.${i + 1}`, `${busy.url}/api/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: complaint(300 + i),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const health = (await (await fetch(`${busy.url}/api/health`)).json()) as { store: { tickets: number } };
    expect(health.store.tickets).toBe(5);
  } finally {
    await busy.stop();
  }
});
