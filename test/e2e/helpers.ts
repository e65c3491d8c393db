import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { TEST_USERS, type TestUserKey } from './users';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

/** Fails on any serious or critical axe-core violation, listing them. */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Fails when the page scrolls sideways. */
export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Saves a screenshot for a person to look at (test/e2e/.screens, git-ignored). */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test/e2e/.screens/${name}.png`, fullPage: false });
}

/** Waits until the page's islands have hydrated (Astro drops their `ssr` attribute), so a tap reaches the island. */
export async function hydrated(page: Page) {
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
}

/** Opens the kiosk return check and answers it for a return that is allowed (clothing, yesterday, with receipt). */
export async function reachAllowedReturn(page: Page) {
  await page.goto('/kiosk/returns');
  await hydrated(page);
  await page.getByRole('button', { name: '服装' }).tap();
  await page.getByRole('button', { name: /^昨天/ }).tap();
  await page.getByRole('button', { name: /购物小票/ }).tap();
  await page.getByRole('button', { name: /^未使用/ }).tap();
  await page.getByRole('button', { name: /^没有质量问题/ }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '可以退换' })).toBeVisible();
}

/**
 * A request from a chosen loopback source address (all of 127.0.0.0/8 is this machine), so a test
 * can stand for several clients, as the server's per-address limits see them.
 */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Opens the kiosk feedback screen and fills in an anonymous quality complaint, up to the "Send" step. */
export async function fillAnonymousComplaint(page: Page, description: string) {
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^投诉/ }).tap();
  await page.getByRole('button', { name: '商品质量' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel('情况说明').fill(description);
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
}

/** A new browser context signed in as one of the test users, on the staff home page. */
export async function signedIn(
  browser: Browser,
  who: TestUserKey,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}
