import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

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
