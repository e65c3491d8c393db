/**
 * The page behind the receipt's QR code, opened on a shopper's phone (issue 13): a phone page at
 * 390 px, without the kiosk's chrome (back, home, 长辈模式) or its idle reset, with a language
 * toggle, the status, the next deadline and the timeline readable.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalOverflow, snap } from './helpers';

const PHONE = { width: 390, height: 844 };
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

async function expectPhonePage(page: Page) {
  await expect(page.locator('body')).toHaveClass(/\bphone\b/);
  // No kiosk behaviour: no idle dialog (so no "30 秒后回到首页" and no reset), no kiosk buttons.
  await expect(page.locator('#kiosk-idle')).toHaveCount(0);
  await expect(page.locator('[data-kiosk-countdown]')).toHaveCount(0);
  await expect(page.locator('[data-kiosk-finished]')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /长辈模式|Large text|首页|Home|返回|Back/ })).toHaveCount(0);
  await expectNoHorizontalOverflow(page);
}

test('the receipt QR link opens a phone page: status, deadline and timeline, no kiosk chrome or reset', async ({
  browser,
  request,
}) => {
  const created = await request.post('/api/feedback', {
    data: { kind: 'complaint', category: 'quality', description: '买的保温杯不保温，盖子也漏水。' },
  });
  expect(created.status()).toBe(201);
  const { ticketNo, statusUrl } = await created.json();
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, userAgent: IPHONE_UA });
  const page = await context.newPage();
  await page.goto(new URL(statusUrl).pathname + new URL(statusUrl).search);
  await expectPhonePage(page);
  const no = page.getByTestId('status-ticket-no');
  await expect(no).toHaveText(ticketNo);
  // The number fits the screen on one line, in readable type.
  const box = (await no.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.height).toBeLessThan(48);
  expect(await no.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId('status-current')).toHaveText('已受理');
  await expect(page.getByText('答复期限')).toBeVisible();
  await expect(page.getByRole('list', { name: '处理进度' }).getByRole('listitem')).toHaveCount(1);
  const toggle = page.getByRole('link', { name: /切换语言/ });
  await expect(toggle).toBeVisible();
  expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await snap(page, 'phone-status-zh-390');

  // The toggle keeps the phone page, in English.
  await toggle.tap();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectPhonePage(page);
  await expect(page.getByTestId('status-current')).toHaveText('Received');
  await snap(page, 'phone-status-en-390');
  await context.close();
});

test('a wrong code on the phone page asks again in a phone form; `via=qr` marks a phone whatever the browser', async ({
  browser,
  request,
}) => {
  const created = await request.post('/api/feedback', {
    data: { kind: 'suggestion', category: 'cleanliness', description: '停车场电梯口希望多放垃圾桶。' },
  });
  const { ticketNo, verifyCode } = await created.json();
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
  const page = await context.newPage();
  const wrong = verifyCode === '000000' ? '111111' : '000000';
  await page.goto(`/kiosk/status?t=${encodeURIComponent(ticketNo)}&c=${wrong}&via=qr`);
  await expectPhonePage(page);
  await expect(page.getByRole('alert')).toHaveText(/没有找到这张单/);
  await expect(page.getByLabel(/^单号/)).toHaveValue(ticketNo);
  await page.getByLabel(/^验证码/).fill(verifyCode);
  await page.getByRole('button', { name: '查询' }).tap();
  await expectPhonePage(page);
  await expect(page.getByTestId('status-ticket-no')).toHaveText(ticketNo);
  await snap(page, 'phone-status-form-390');

  // Without the marker and with a desktop browser it is a kiosk again (kiosk chrome, idle dialog).
  await page.goto(`/kiosk/status?t=${encodeURIComponent(ticketNo)}&c=${verifyCode}`);
  await expect(page.locator('#kiosk-idle')).toHaveCount(1);
  await context.close();
});
