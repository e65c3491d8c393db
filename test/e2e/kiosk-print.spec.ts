/**
 * Receipt printing at 80 mm: the print button appears only where the kiosk has a printer, and the
 * print stylesheet leaves just the receipt (feedback) or the result (return check) on the paper.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoHorizontalOverflow, hydrated, PORTRAIT, reachAllowedReturn, snap } from './helpers';

/** 80 mm paper less 2 × 3 mm margins, in CSS pixels. */
const PAPER = { width: Math.round((74 / 25.4) * 96), height: 1200 };

/**
 * Prints the page to PDF as Chromium would to the receipt printer (the page's own `@page` size) and
 * returns each page's size in mm; the PDF is kept for a person to look at (pdftoppm -png).
 */
async function printedPages(page: Page, name: string) {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  writeFileSync(`test/e2e/.screens/${name}.pdf`, pdf);
  const text = pdf.toString('latin1');
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
  return boxes.map((m) => ({ width: (Number(m[1]) * 25.4) / 72, height: (Number(m[2]) * 25.4) / 72 }));
}

/** One 80 mm page, as long as its content and not the 279 mm Chromium makes of `size: 80mm auto`. */
async function expectOneFittedPage(page: Page, name: string, maxMm: number) {
  const pages = await printedPages(page, name);
  expect(pages, 'one page: nothing cut onto a second').toHaveLength(1);
  expect(pages[0].width).toBeCloseTo(80, 0);
  expect(pages[0].height).toBeGreaterThan(60);
  expect(pages[0].height).toBeLessThanOrEqual(maxMm);
}

async function expectOnlyReceipt(page: Page, name: string) {
  await page.setViewportSize(PAPER);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.kiosk-bar')).toBeHidden();
  await expect(page.locator('.kiosk-foot')).toBeHidden();
  for (const b of await page.getByRole('button').all()) await expect(b).toBeHidden();
  await expectNoHorizontalOverflow(page);
  await snap(page, name);
}

/** A portrait kiosk with a receipt printer sends one piece of feedback (no floor, no contact). */
async function sendOnPrinterKiosk(browser: Browser, kind: RegExp, category: string, field: string, text: string) {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  const base = new URL(test.info().project.use.baseURL!);
  await context.addCookies([{ name: 'kiosk_printer', value: '1', domain: base.hostname, path: '/' }]);
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: kind }).tap();
  await page.getByRole('button', { name: category }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel(field).fill(text);
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByRole('button', { name: '提交 ›' }).tap();
  return { context, page };
}

test('a kiosk with a printer prints the feedback receipt on 80 mm paper', async ({ browser }) => {
  const { context, page } = await sendOnPrinterKiosk(
    browser,
    /^建议/,
    '清洁卫生',
    '情况说明',
    '希望停车场多放几个垃圾桶。',
  );
  await expect(page.getByRole('button', { name: '打印回执' })).toBeVisible();
  await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toHaveJSProperty('complete', true);
  const no = (await page.getByTestId('ticket-no').textContent())!;
  // The receipt says what was sent and when (mall time), as well as its number.
  await expect(page.getByTestId('receipt-kind')).toHaveText('建议 · 清洁卫生');
  await expect(page.getByTestId('receipt-at')).toHaveText(/^\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}$/);
  await expectOneFittedPage(page, 'print-feedback-receipt-80mm', 170);

  await expectOnlyReceipt(page, 'print-feedback-receipt-80mm');
  await expect(page.getByTestId('receipt-kind')).toBeVisible();
  await expect(page.getByTestId('receipt-at')).toBeVisible();
  await expect(page.getByTestId('ticket-no')).toHaveText(no);
  await expect(page.getByTestId('verify-code')).toBeVisible();
  await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toBeVisible();
  const qr = (await page.getByRole('img', { name: '扫描二维码查看进度' }).boundingBox())!;
  expect(qr.width).toBeGreaterThan(120);
  expect(qr.width).toBeLessThanOrEqual(PAPER.width);
  await expect(page.getByText('星河购物中心 · 客服热线：400-800-1234')).toBeVisible();
  await context.close();
});

test('a praise receipt prints its thank-you and what happens next on one 80 mm page, with no reply time', async ({
  browser,
}) => {
  const { context, page } = await sendOnPrinterKiosk(
    browser,
    /^表扬/,
    '服务态度',
    '表扬内容',
    '客服中心的李姐帮我找回了丢失的钱包，非常感谢。',
  );
  await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toHaveJSProperty('complete', true);
  await expectOneFittedPage(page, 'print-praise-receipt-80mm', 185);
  await expectOnlyReceipt(page, 'print-praise-receipt-80mm');
  await expect(page.getByRole('heading', { name: /谢谢您的表扬/ })).toBeVisible();
  await expect(page.getByTestId('receipt-next')).toBeVisible();
  await expect(page.getByTestId('receipt-due')).toHaveCount(0);
  await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toBeInViewport();
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
  await expectOneFittedPage(page, 'print-return-result-80mm', 230);
  await expectOnlyReceipt(page, 'print-return-result-80mm');
  await expect(page.getByRole('heading', { level: 2, name: '可以退换' })).toBeVisible();
  await expect(page.locator('.rc-reasons li').first()).toBeVisible();
  await expect(page.locator('.rc-lastday')).toBeVisible();
  await expect(page.locator('.rc-where')).toBeVisible();
  await expect(page.locator('.rc-answers')).toBeHidden();
  await context.close();
});
