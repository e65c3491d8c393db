/** Issue 13: the status lookup takes the number as the receipt prints it, and a wrong code keeps it. */
import { expect, test } from '@playwright/test';
import { hydrated, PORTRAIT } from './helpers';

test('typed digits show as FK20261130-0016, and a wrong code keeps the number and asks for the code', async ({
  browser,
  request,
}) => {
  const created = await request.post('/api/feedback', {
    data: { kind: 'suggestion', category: 'cleanliness', description: '二楼洗手间需要多打扫几次。' },
  });
  expect(created.status()).toBe(201);
  const { ticketNo, verifyCode } = await created.json();
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/status');
  await hydrated(page);
  const keypad = page.getByRole('group', { name: '数字键盘' });
  const number = page.getByLabel(/^单号/);
  for (const d of ticketNo.replace(/\D/g, '').slice(0, 9))
    await keypad.getByRole('button', { name: d, exact: true }).tap();
  await expect(number).toHaveValue(`${ticketNo.slice(0, 10)}-${ticketNo.slice(11, 12)}`);
  await keypad.getByRole('button', { name: '删除' }).tap();
  await expect(number).toHaveValue(ticketNo.slice(0, 10));
  for (const d of ticketNo.slice(11)) await keypad.getByRole('button', { name: d, exact: true }).tap();
  await expect(number).toHaveValue(ticketNo);

  await page.getByLabel(/^验证码/).tap();
  const wrong = verifyCode === '000000' ? '111111' : '000000';
  for (const d of wrong) await keypad.getByRole('button', { name: d, exact: true }).tap();
  await page.getByRole('button', { name: '查询' }).tap();
  await expect(page.getByRole('alert')).toHaveText(/没有找到这张单/);
  await hydrated(page);
  await expect(number).toHaveValue(ticketNo);
  await expect(page.getByLabel(/^验证码/)).toHaveValue('');
  // The keys now type the code.
  for (const d of verifyCode) await keypad.getByRole('button', { name: d, exact: true }).tap();
  await page.getByRole('button', { name: '查询' }).tap();
  await expect(page.getByTestId('status-ticket-no')).toHaveText(ticketNo);
  await context.close();
});

test('a finished screen shows its countdown; the receipt without a printer stays at least a minute', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^建议/ }).tap();
  await page.getByRole('button', { name: '清洁卫生' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel('情况说明').fill('洗手间需要多打扫几次。');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByTestId('ticket-no')).toBeVisible();
  const countdown = page.locator('[data-kiosk-countdown]');
  await expect(countdown).toHaveText(/^\d+ 秒后回到首页$/);
  const seconds = Number((await countdown.textContent())!.split(' ')[0]);
  expect(seconds).toBeGreaterThanOrEqual(60);
  await expect(page.getByRole('button', { name: '再看一会儿' })).toBeVisible();
  await page.getByRole('button', { name: '完成' }).tap();
  await expect(page).toHaveURL(/\/kiosk$/);
  await context.close();
});
