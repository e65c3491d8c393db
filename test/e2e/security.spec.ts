/**
 * Security headers and guards (docs/RELIABILITY.md, "Security headers"): a CSP header on every
 * page with no violation in Chromium, inline script blocked, cross-site POSTs refused, Secure
 * cookies only over TLS, and no stack trace or store path in an error response.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fillAnonymousComplaint } from './helpers';
import { storedTickets, ticketFilesSnapshot } from './store-files';
import { startServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';

const REQUIRED = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** Parses a CSP header into directive → sources. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

function expectPageCsp(csp: string | null, where: string) {
  expect(csp, `${where}: no CSP header`).toBeTruthy();
  const d = directives(csp!);
  for (const req of REQUIRED) {
    const [name, source] = req.split(' ');
    expect(d.get(name), `${where}: ${req}`).toContain(source);
  }
  const script = d.get('script-src') ?? d.get('default-src')!;
  expect(script, `${where}: script-src`).not.toContain("'unsafe-inline'");
  expect(script, `${where}: script-src`).not.toContain("'unsafe-eval'");
}

async function signIn(page: Page, who: TestUserKey) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Records CSP violations and console CSP errors of a page. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

/** One page per route shape: /policies/complaints/a and /policies/complaints/b are the same route. */
function routeKey(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  if (
    parts.length >= 3 ||
    (parts.length === 2 && ['guide', 'policy', 'tickets', 'people', 'attempts'].includes(parts[0]))
  )
    parts[parts.length - 1] = '*';
  if (parts[0] === 'kiosk' && parts[1] === 'policy') parts[2] = '*';
  return '/' + parts.join('/');
}

const SKIP = /^\/(kiosk\/(reset|lang|view)|_astro|api|staff\/reports\/export)|\.(csv|svg|json|png)$/;

/** Visits every route reachable from the seeds (one URL per route shape) and returns the violations per URL. */
async function crawl(page: Page, seeds: string[], origin: string): Promise<{ visited: string[]; problems: string[] }> {
  const consoleErrors = await watchViolations(page);
  const queue = [...seeds];
  const keys = new Set<string>();
  const visited: string[] = [];
  const problems: string[] = [];
  while (queue.length && visited.length < 60) {
    const href = queue.shift()!;
    const url = new URL(href, origin);
    if (url.origin !== origin || SKIP.test(url.pathname)) continue;
    const key = routeKey(url);
    if (keys.has(key)) continue;
    keys.add(key);
    const response = await page.goto(url.pathname + url.search);
    if (!response || !(response.headers()['content-type'] ?? '').includes('text/html')) continue;
    visited.push(url.pathname + url.search);
    expectPageCsp(response.headers()['content-security-policy'] ?? null, url.pathname);
    await page.waitForLoadState('load');
    const hydrated = await expect(page.locator('astro-island[ssr]'))
      .toHaveCount(0, { timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (!hydrated) problems.push(`${url.pathname}: an island did not hydrate`);
    await page.waitForTimeout(150);
    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    for (const v of [...violations, ...consoleErrors.splice(0)]) problems.push(`${url.pathname}: ${v}`);
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) if (!/logout|signout/.test(link)) queue.push(link);
  }
  return { visited, problems };
}

async function createTicket(origin: string) {
  const res = await fetch(`${origin}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': `sec-${Date.now()}` },
    body: JSON.stringify({
      kind: 'complaint',
      category: 'service',
      description: '安全测试：服务台排队太久。',
      contact: { name: '测试', phone: '13800001111' },
      consent: true,
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { ticketNo: string; verifyCode: string };
}

test.describe.configure({ mode: 'serial' });

test('every page, anonymous and signed in, carries a CSP header and runs without a CSP violation', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const ticket = await createTicket(baseURL!);
  const anonymous = await browser.newPage();
  const anon = await crawl(
    anonymous,
    [
      '/',
      '/kiosk',
      '/kiosk/feedback',
      `/kiosk/status?t=${ticket.ticketNo}&c=${ticket.verifyCode}`,
      '/kiosk/returns',
      '/kiosk/search',
      '/kiosk/guide',
      '/policies',
      '/search?q=退货',
      '/login',
      '/setup?token=wrong',
      '/no-such-page',
    ],
    baseURL!,
  );
  await anonymous.close();
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signIn(admin, 'admin');
  const staff = await crawl(
    admin,
    [
      '/staff',
      '/staff/tickets',
      `/staff/tickets/${ticket.ticketNo}`,
      '/staff/reports',
      '/training',
      '/training/new',
      '/training/join',
      '/admin/users',
    ],
    baseURL!,
  );
  await context.close();
  console.log(`CSP: ${anon.visited.length} anonymous and ${staff.visited.length} signed-in routes visited`);
  expect(anon.visited.length).toBeGreaterThan(10);
  expect(staff.visited.length).toBeGreaterThan(5);
  expect([...anon.problems, ...staff.problems]).toEqual([]);
});

test('an injected inline script or inline event handler does not run', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/kiosk/feedback');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.body.append(s);
    const div = document.createElement('div');
    div.innerHTML =
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__injected = 2"><img src="x:" onerror="window.__injected = 3">';
    document.body.append(div);
  });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
  const blocked = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  expect(blocked.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(violations.length + blocked.length).toBeGreaterThan(0);
});

test('responses that are not pages deny everything; every response has nosniff and no framing', async ({ baseURL }) => {
  const ticket = await createTicket(baseURL!);
  for (const p of [
    '/api/search?q=退货',
    `/api/feedback/${ticket.ticketNo}?code=${ticket.verifyCode}`,
    `/api/feedback/${ticket.ticketNo}/qr.svg?code=${ticket.verifyCode}`,
    '/api/feedback/FK20260101-0001?code=000000',
    '/favicon.svg',
  ]) {
    const res = await fetch(`${baseURL}${p}`, { headers: { 'Accept-Encoding': 'br' } });
    const d = directives(res.headers.get('content-security-policy') ?? '');
    expect(d.get('default-src'), p).toEqual(["'none'"]);
    expect(d.get('frame-ancestors'), p).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), p).toBe('DENY');
  }
  // A prerendered page, compressed (our handler) and not (Astro's static handler), gets the page policy.
  for (const encoding of ['br', 'identity']) {
    const res = await fetch(`${baseURL}/policies`, { headers: { 'Accept-Encoding': encoding } });
    expectPageCsp(res.headers.get('content-security-policy'), `/policies (${encoding})`);
  }
});

test('cross-site POSTs are refused on the API and on actions; same-site and origin-less clients are served', async ({
  baseURL,
}) => {
  const evil = 'http://evil.example';
  const body = JSON.stringify({ kind: 'suggestion', category: 'other', description: '跨站提交测试内容' });
  const attempts: [string, RequestInit][] = [
    ['/api/feedback', { method: 'POST', headers: { Origin: evil, 'Content-Type': 'application/json' }, body }],
    ['/api/feedback', { method: 'POST', headers: { Origin: evil, 'Content-Type': 'text/plain' }, body }],
    [
      '/api/feedback',
      {
        method: 'POST',
        headers: { Origin: evil, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'kind=suggestion',
      },
    ],
    [
      '/api/returns/check',
      { method: 'POST', headers: { Origin: evil, 'Content-Type': 'application/json' }, body: '{}' },
    ],
    [
      '/_actions/auth.login',
      {
        method: 'POST',
        headers: { Origin: evil, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'username=admin&password=x',
      },
    ],
    [
      '/_actions/users.add',
      { method: 'POST', headers: { Origin: evil, 'Content-Type': 'application/json' }, body: '{}' },
    ],
    [
      '/login?_action=auth.login',
      { method: 'POST', headers: { Origin: evil, 'Content-Type': 'multipart/form-data; boundary=x' }, body: '--x--' },
    ],
  ];
  for (const [p, init] of attempts) {
    const res = await fetch(`${baseURL}${p}`, { ...init, redirect: 'manual' });
    expect(res.status, `${p} ${JSON.stringify(init.headers)}`).toBe(403);
  }
  const same = await fetch(`${baseURL}/api/feedback`, {
    method: 'POST',
    headers: { Origin: baseURL!, 'Content-Type': 'application/json', 'X-Kiosk-Id': 'sec-same' },
    body,
  });
  expect(same.status).toBe(201);
  const none = await fetch(`${baseURL}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': 'sec-none' },
    body,
  });
  expect(none.status).toBe(201);
});

test('cookies are Secure behind TLS from a trusted proxy only; forwarded headers from others are ignored', async () => {
  const trusted = await startServer({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  const untrusted = await startServer();
  try {
    const cookie = async (url: string, headers: Record<string, string>) =>
      (await fetch(`${url}/kiosk/lang?to=en&next=/kiosk`, { headers, redirect: 'manual' })).headers.get('set-cookie') ??
      '';
    expect(await cookie(trusted.url, { 'X-Forwarded-Proto': 'https' })).toMatch(/;\s*Secure/i);
    expect(await cookie(trusted.url, {})).not.toMatch(/Secure/i);
    expect(await cookie(untrusted.url, { 'X-Forwarded-Proto': 'https' })).not.toMatch(/Secure/i);

    // Sign-in through the proxy: the browser's https origin is accepted, the session cookie is Secure.
    const users = await fetch(`${trusted.url}/login`);
    expect(users.status).toBe(200);
    const host = new URL(trusted.url).host;
    const login = await fetch(`${trusted.url}/_actions/auth.login`, {
      method: 'POST',
      headers: {
        'X-Forwarded-Proto': 'https',
        Origin: `https://${host}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'username=nobody&password=wrong-password',
      redirect: 'manual',
    });
    // The origin check passed (403 would be the cross-site refusal); the sign-in itself fails.
    expect(login.status).not.toBe(403);
    // A forged address from an untrusted peer does not move it out of its own rate-limit bucket.
    const forged = await fetch(`${untrusted.url}/api/feedback`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Forwarded-For': '10.9.9.9',
        'X-Forwarded-Proto': 'https',
        Origin: `https://${new URL(untrusted.url).host}`,
      },
      body: JSON.stringify({ kind: 'suggestion', category: 'other', description: '伪造来源测试内容' }),
    });
    // The forged https origin does not match the real http origin: refused as cross-site.
    expect(forged.status).toBe(403);
  } finally {
    await trusted.stop();
    await untrusted.stop();
  }
});

test('forced failures answer 503 without a stack trace or store path, and keep the files intact', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-fault-'));
  const fault = path.join(dataDir, '.fail-writes');
  const faulty = await startServer({ dataDir, env: { STORE_FAULT_FILE: fault, FEEDBACK_RATE_LIMIT: '0' } });
  try {
    const ok = await createTicket(faulty.url);
    // Day files and journal: nothing at all may be written while the disk refuses.
    const before = ticketFilesSnapshot(faulty.dataDir);
    writeFileSync(fault, '');
    const leaks = (text: string) => {
      expect(text).not.toContain(faulty.dataDir);
      expect(text).not.toMatch(/\bat .+:\d+:\d+|node:internal|Error: store|\.json\b/);
    };
    const body = {
      kind: 'complaint',
      category: 'service',
      description: '写入失败测试：这条不应保存。',
      idempotencyKey: 'fault-key-1',
    };
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${faulty.url}/api/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': 'fault' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      expect(res.status, text).toBe(503);
      expect(JSON.parse(text).error).toEqual({
        code: 'store_unavailable',
        message: expect.stringMatching(/系统暂时无法保存.* \/ The system cannot save/),
      });
      leaks(text);
    }
    const after = ticketFilesSnapshot(faulty.dataDir);
    expect(after).toEqual(before);
    // Odd requests: malformed escapes, huge and wrong-typed queries.
    for (const p of [
      '/api/feedback/%E0%A4%A?code=1',
      '/api/search?q=%FF&limit=abc',
      `/api/search?q=${'退'.repeat(5000)}`,
      '/kiosk/status?t=%00&c=%FF',
      '/policies/%2e%2e/%2e%2e/etc/passwd',
      '/staff/tickets/%E0',
    ]) {
      const res = await fetch(`${faulty.url}${p}`);
      expect(res.status, p).toBeLessThan(500);
      leaks(await res.text());
    }
    rmSync(fault);
    // The refused submission was not kept in memory either: the same key now makes a new ticket.
    const retry = await fetch(`${faulty.url}/api/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': 'fault' },
      body: JSON.stringify(body),
    });
    expect(retry.status).toBe(201);
    const lookup = await fetch(`${faulty.url}/api/feedback/${ok.ticketNo}?code=${ok.verifyCode}`);
    expect(lookup.status).toBe(200);
    expect(existsSync(fault)).toBe(false);
    expect(faulty.output()).toContain('"event":"store.unavailable"');
    expect(faulty.output()).not.toContain('13800001111');
  } finally {
    await faulty.stop();
  }
});

test('a staff action whose write fails answers 503 with the save-failed message, and the ticket stays as it was', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-fault-staff-'));
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/seed.ts'], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  expect(seeded.status, seeded.stderr).toBe(0);
  const fault = path.join(dataDir, '.fail-writes');
  const faulty = await startServer({ dataDir, env: { STORE_FAULT_FILE: fault } });
  try {
    const { ticketNo } = await createTicket(faulty.url);
    const signIn = await fetch(`${faulty.url}/_actions/auth.login`, {
      method: 'POST',
      headers: { Origin: faulty.url },
      body: new URLSearchParams({ username: TEST_USERS.supervisor.username, password: TEST_USERS.supervisor.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('sdk_session='))!
      .split(';')[0];
    const snapshot = () => ticketFilesSnapshot(dataDir);
    const before = snapshot();
    writeFileSync(fault, '');
    const body = new URLSearchParams({ no: ticketNo, note: '重复提交，按无效处理。' });
    // The form on the ticket page (no JavaScript): the page comes back with the message.
    const page = await fetch(`${faulty.url}/staff/tickets/${ticketNo}?_action=tickets.proposeInvalid`, {
      method: 'POST',
      headers: { Origin: faulty.url, Cookie: cookie },
      body,
      redirect: 'manual',
    });
    const html = await page.text();
    expect(page.status).toBe(503);
    expect(html).toContain('系统暂时无法保存');
    expect(html).not.toContain(dataDir);
    // The same action called directly.
    const direct = await fetch(`${faulty.url}/_actions/tickets.proposeInvalid`, {
      method: 'POST',
      headers: { Origin: faulty.url, Cookie: cookie },
      body,
    });
    expect(direct.status).toBe(503);
    expect(await direct.text()).toContain('系统暂时无法保存');
    expect(snapshot()).toEqual(before);
    expect(faulty.output()).toContain('"event":"store.unavailable"');
    // Once the disk is back, the same form goes through.
    rmSync(fault);
    const retry = await fetch(`${faulty.url}/staff/tickets/${ticketNo}?_action=tickets.proposeInvalid`, {
      method: 'POST',
      headers: { Origin: faulty.url, Cookie: cookie },
      body,
      redirect: 'manual',
    });
    expect(retry.status).toBe(303);
    expect(snapshot()).not.toEqual(before);
  } finally {
    await faulty.stop();
  }
});

test('a disk that refuses writes: the kiosk keeps the complaint in its outbox and delivers it once the disk is back', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-fault-kiosk-'));
  const fault = path.join(dataDir, '.fail-writes');
  const server = await startServer({ dataDir, env: { STORE_FAULT_FILE: fault } });
  try {
    const context = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
      baseURL: server.url,
    });
    const page = await context.newPage();
    const description = `磁盘故障测试 ${Date.now() % 100000}：洗手间没有纸巾。`;
    await fillAnonymousComplaint(page, description);
    writeFileSync(fault, '');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/feedback') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交 ›' }).tap();
    expect((await refused).status()).toBe(503);
    await expect(page.getByRole('heading', { name: /已保存，网络恢复后自动提交/ })).toBeVisible();
    const stored = () => storedTickets(dataDir).filter((r) => r.description === description).length;
    expect(stored()).toBe(0);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(503);
    rmSync(fault);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(stored, { timeout: 30_000 }).toBe(1);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    await context.close();
  } finally {
    await server.stop();
  }
});
