import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsersRepo } from '../../src/lib/store/users';
import { startServer, type RunningServer } from './server';
import { TEST_USERS } from './users';

/** Clause ids of the sections only signed-in staff may read with the default configuration. */
const STAFF_ONLY = /^(complaints|roles|records|discipline)-/;

async function signIn(page: Page, base: string, next: string) {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(TEST_USERS.staff.username);
  await page.getByLabel('密码').fill(TEST_USERS.staff.password);
  await page.getByRole('button', { name: '登录' }).click();
}

test.describe('with the default POLICIES_PUBLIC (staff-only pages closed)', () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-policies-'));
    const repo = await UsersRepo.open(dataDir);
    await repo.add(TEST_USERS.staff);
    server = await startServer({ dataDir, env: { POLICIES_PUBLIC: '' } });
  });
  test.afterAll(async () => server?.stop());

  test('an anonymous reader gets shopper pages only; signed in, the whole library with the staff header', async ({
    page,
    request,
  }) => {
    const base = server.url;
    // A staff-only page sends the reader to sign in; a shopper page opens.
    const closed = await request.get(`${base}/policies/complaints/escalation`, { maxRedirects: 0 });
    expect(closed.status()).toBe(303);
    expect(closed.headers().location).toBe('/login?next=%2Fpolicies%2Fcomplaints%2Fescalation');
    expect((await request.get(`${base}/policies/returns/basic-rules`)).status()).toBe(200);
    // So does a section with no page for shoppers; a section with shopper pages lists those.
    const section = await request.get(`${base}/policies/roles`, { maxRedirects: 0 });
    expect(section.status()).toBe(303);
    expect(section.headers().location).toBe('/login?next=%2Fpolicies%2Froles');
    expect((await request.get(`${base}/policies/returns`)).status()).toBe(200);

    // Search leaves staff-only clauses out, and their index is not a public file.
    const found = await (await request.get(`${base}/api/search?q=${encodeURIComponent('投诉升级找谁')}`)).json();
    expect(found.results.length).toBeGreaterThan(0);
    for (const r of found.results) expect(r.id).not.toMatch(STAFF_ONLY);
    expect((await request.get(`${base}/api/staff/search-index.json`)).status()).toBe(401);

    await page.goto(`${base}/policies`);
    await expect(page.getByText(/另有 \d+ 篇内部制度/)).toBeVisible();
    await expect(page.getByRole('link', { name: '逐级上报与升级' })).toHaveCount(0);
    await expect(page.getByRole('searchbox')).toHaveCount(0);
    // The built index file (every clause) is not served to anyone.
    const built = readdirSync(path.resolve(import.meta.dirname, '../../dist/client/_astro')).find((f) =>
      /^search-index\.[0-9a-f]+\.json$/.test(f),
    );
    expect(built).toBeDefined();
    expect((await request.get(`${base}/_astro/${built}`)).status()).toBe(404);

    await page.goto(`${base}/policies/complaints/escalation`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await signIn(page, base, '/policies/complaints/escalation');
    await expect(page).toHaveURL(`${base}/policies/complaints/escalation`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link', { name: '工单' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '培训' })).toBeVisible();
    await expect(page.getByText(`${TEST_USERS.staff.name}（`)).toBeVisible();

    // Signed in, the header search finds staff clauses from the signed-in index.
    const indexLoaded = page.waitForResponse((r) => r.url().endsWith('/api/staff/search-index.json') && r.ok());
    await page.getByRole('combobox').fill('投诉升级找谁');
    await indexLoaded;
    await expect(page.getByRole('option').first()).toBeVisible();
    const ids = await page.getByRole('option').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(ids.join(' ')).toMatch(/升级/);
  });
});

test('a policy page loads the search index when the box is first used, not on arrival', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (/search-index/.test(r.url())) fetched.push(r.url());
  });
  await page.goto('/policies/returns/basic-rules', { waitUntil: 'load' });
  // Idle time after load: still nothing fetched.
  await page.waitForTimeout(1500);
  expect(fetched).toEqual([]);
  await page.getByRole('combobox').focus();
  await expect.poll(() => fetched.length).toBe(1);
  await page.getByRole('combobox').fill('退货');
  await expect(page.getByRole('option').first()).toBeVisible();
});

test('the kiosk shows the shopper guide for a cited rule, in the kiosk language', async ({ page }) => {
  await page.goto('/kiosk/policy/returns-2.1');
  await expect(page.getByRole('heading', { name: /不能在专柜直接退换的商品/ })).toBeVisible();
  await expect(page.locator('article.kiosk-reading')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText('以下摘自顾客须知')).toBeVisible();

  await page.goto('/kiosk/lang?to=en&next=/kiosk/policy/returns-3.1');
  await expect(page.getByRole('heading', { name: /Quality problems are always handled/ })).toBeVisible();
  await expect(page.locator('article.kiosk-reading')).toHaveAttribute('lang', 'en');
  await expect(page.locator('article.kiosk-reading')).not.toContainText('营业科');

  // A staff clause no return decision cites is not a kiosk page.
  const other = await page.request.get('/kiosk/policy/complaints-4.8');
  expect(other.status()).toBe(404);
});
