import { expect, test } from '@playwright/test';
import { expectNoHorizontalOverflow, expectNoSeriousA11yViolations, LANDSCAPE, PORTRAIT, snap } from './helpers';

for (const [name, viewport] of [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const) {
  test(`kiosk home fits the ${name} screen with large touch tiles`, async ({ browser }) => {
    const context = await browser.newContext({ viewport, hasTouch: true });
    const page = await context.newPage();
    await page.goto('/kiosk');
    await expect(page.getByRole('heading', { level: 1, name: '您好，欢迎使用自助服务' })).toBeVisible();
    const tile = page.getByRole('link', { name: /顾客须知/ });
    const box = (await tile.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(64);
    await expectNoHorizontalOverflow(page);
    await snap(page, `kiosk-${name}`);
    await context.close();
  });
}

test('the shopper guide is readable on the kiosk, in Chinese and English', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk');
  await page.getByRole('link', { name: /顾客须知/ }).tap();
  await expect(page).toHaveURL(/\/kiosk\/guide$/);
  await page.getByRole('link', { name: /退换/ }).first().tap();
  await expect(page.locator('article.kiosk-reading')).toContainText('15');
  await expectNoHorizontalOverflow(page);
  await snap(page, 'kiosk-guide-page');

  // No link on a kiosk guide page leaves the kiosk.
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of hrefs) expect(href, href).toMatch(/^(\/kiosk|#)/);

  await page.getByRole('link', { name: /切换语言/ }).tap();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Return/i);
  await page.getByRole('link', { name: 'Home' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to self-service' })).toBeVisible();
  await context.close();
});

test('the kiosk language switch refuses to leave the kiosk', async ({ request }) => {
  const response = await request.get('/kiosk/lang?to=en&next=https://example.com/', { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers()['location']).toBe('/kiosk');
});

test('the kiosk has no serious accessibility violations', async ({ page }) => {
  await page.setViewportSize(PORTRAIT);
  await page.goto('/kiosk');
  await expectNoSeriousA11yViolations(page);
  await page.goto('/kiosk/guide');
  await expectNoSeriousA11yViolations(page);
});

test('the landing page offers the kiosk and the staff portal', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: /顾客自助终端/ })).toHaveAttribute('href', '/kiosk');
  await expect(page.getByRole('link', { name: /员工制度门户/ })).toHaveAttribute('href', '/policies');
});
