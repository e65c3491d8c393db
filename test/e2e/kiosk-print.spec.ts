/**
 * Receipt printing at 80 mm: the print button appears only where the kiosk has a printer, and the
 * print stylesheet leaves just the receipt (feedback) or the result (return check) on the paper.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalOverflow, hydrated, PORTRAIT, reachAllowedReturn, snap } from './helpers';

/** 80 mm paper less 2 × 3 mm margins, in CSS pixels. */
const PAPER = { width: Math.round((74 / 25.4) * 96), height: 1200 };

async function expectOnlyReceipt(page: Page, name: string) {
  await page.setViewportSize(PAPER);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.kiosk-bar')).toBeHidden();
  await expect(page.locator('.kiosk-foot')).toBeHidden();
  for (const b of await page.getByRole('button').all()) await expect(b).toBeHidden();
  await expectNoHorizontalOverflow(page);
  await snap(page, name);
}

test('a kiosk with a printer prints the feedback receipt on 80 mm paper', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  const base = new URL(test.info().project.use.baseURL!);
  await context.addCookies([{ name: 'kiosk_printer', value: '1', domain: base.hostname, path: '/' }]);
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^建议/ }).tap();
  await page.getByRole('button', { name: '清洁卫生' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel('情况说明').fill('希望停车场多放几个垃圾桶。');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByRole('button', { name: '打印回执' })).toBeVisible();
  await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toHaveJSProperty('complete', true);
  const no = (await page.getByTestId('ticket-no').textContent())!;

  await expectOnlyReceipt(page, 'print-feedback-receipt-80mm');
  await expect(page.getByTestId('ticket-no')).toHaveText(no);
  await expect(page.getByTestId('verify-code')).toBeVisible();
  await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toBeVisible();
  const qr = (await page.getByRole('img', { name: '扫描二维码查看进度' }).boundingBox())!;
  expect(qr.width).toBeGreaterThan(120);
  expect(qr.width).toBeLessThanOrEqual(PAPER.width);
  await expect(page.getByText('星河购物中心 · 客服热线：400-800-1234')).toBeVisible();
  await context.close();
});

test('the return-check result prints its outcome, reasons, last day and where to go; no button without a printer', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  const result = () => reachAllowedReturn(page);
  // content/mall/mall.yaml has `printer: false`: no button.
  await result();
  await expect(page.getByRole('button', { name: '打印结果' })).toHaveCount(0);

  const base = new URL(test.info().project.use.baseURL!);
  await context.addCookies([{ name: 'kiosk_printer', value: '1', domain: base.hostname, path: '/' }]);
  await result();
  await expect(page.getByRole('button', { name: '打印结果' })).toBeVisible();
  await expectOnlyReceipt(page, 'print-return-result-80mm');
  await expect(page.getByRole('heading', { level: 2, name: '可以退换' })).toBeVisible();
  await expect(page.locator('.rc-reasons li').first()).toBeVisible();
  await expect(page.locator('.rc-lastday')).toBeVisible();
  await expect(page.locator('.rc-where')).toBeVisible();
  await expect(page.locator('.rc-answers')).toBeHidden();
  await context.close();
});
