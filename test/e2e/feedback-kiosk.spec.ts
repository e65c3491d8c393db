import { expect, test, type Page } from '@playwright/test';
import {
  expectNoHorizontalOverflow,
  expectNoSeriousA11yViolations,
  hydrated,
  LANDSCAPE,
  PORTRAIT,
  snap,
} from './helpers';

/** Every control on screen is at least 64 px high (touch). */
async function expectLargeTargets(page: Page) {
  const small = await page
    .locator('main button:visible, main a:visible, main input:visible, main textarea:visible')
    .evaluateAll((els) =>
      els
        .filter((el) => (el as HTMLInputElement).type !== 'checkbox')
        .map((el) => ({
          name: (el.textContent || el.getAttribute('aria-label') || el.id).trim(),
          h: el.getBoundingClientRect().height,
        }))
        .filter((x) => x.h < 64),
    );
  expect(small).toEqual([]);
}

async function checkStep(page: Page, name: string) {
  await expectNoHorizontalOverflow(page);
  await expectLargeTargets(page);
  await snap(page, name);
}

for (const [orientation, viewport] of [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const) {
  test(`a shopper sends a complaint step by step (${orientation}, touch) and checks it with the receipt`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport, hasTouch: true });
    const page = await context.newPage();
    await page.goto('/kiosk');
    await page.getByRole('link', { name: /意见反馈/ }).tap();
    await expect(page).toHaveURL(/\/kiosk\/feedback$/);
    await hydrated(page);

    await expect(page.getByRole('heading', { name: '您想告诉我们什么？' })).toBeVisible();
    await expect(page.getByText('第 1 步，共 6 步')).toBeVisible();
    await checkStep(page, `feedback-1-kind-${orientation}`);
    await page.getByRole('button', { name: /^投诉/ }).tap();

    await expect(page.getByRole('heading', { name: '是关于哪方面的？' })).toBeVisible();
    await checkStep(page, `feedback-2-category-${orientation}`);
    await page.getByRole('button', { name: '商品质量' }).tap();

    await expect(page.getByRole('heading', { name: '在哪里？（可不选）' })).toBeVisible();
    await page.getByRole('button', { name: /^2F/ }).tap();
    await page.getByRole('button', { name: '步步高女鞋' }).tap();
    await expect(page.getByRole('button', { name: '步步高女鞋' })).toHaveAttribute('aria-pressed', 'true');
    await checkStep(page, `feedback-3-where-${orientation}`);
    await page.getByRole('button', { name: '下一步 ›' }).tap();

    await expect(page.getByRole('heading', { name: '请说明情况' })).toBeVisible();
    const next = page.getByRole('button', { name: '下一步 ›' });
    await page.getByLabel('情况说明').fill('鞋子');
    await expect(page.getByText('已输入 2 字（需 5–1000 字）')).toBeVisible();
    await expect(next).toBeDisabled();
    await page.getByLabel('情况说明').fill('上周买的鞋子穿了两天就开胶了，专柜说不能退。');
    await expect(page.getByText(/已输入 22 字/)).toBeVisible();
    await checkStep(page, `feedback-4-description-${orientation}`);
    await next.tap();

    await expect(page.getByRole('heading', { name: '联系方式（可不填）' })).toBeVisible();
    await page.getByLabel('怎么称呼您').fill('张女士');
    // The name is typed on the input panel; tapping the phone field brings the number pad back.
    await page.getByLabel('手机号码').tap();
    const keypad = page.getByRole('group', { name: '数字键盘' });
    for (const d of '13800138000') await keypad.getByRole('button', { name: d, exact: true }).tap();
    await expect(page.getByLabel('手机号码')).toHaveValue('13800138000');
    // A phone needs consent before going on: said when the shopper tries to go on, not before.
    await expect(page.getByText('留下电话时，请勾选同意')).toBeHidden();
    await next.tap();
    await expect(page.getByText('留下电话时，请勾选同意')).toBeVisible();
    await expect(page.getByRole('heading', { name: '联系方式（可不填）' })).toBeVisible();
    await page.getByRole('checkbox', { name: /我同意商场/ }).check();
    await expect(page.getByText(/结案 180 天后删除/)).toBeVisible();
    await checkStep(page, `feedback-5-contact-${orientation}`);
    await next.tap();

    await expect(page.getByRole('heading', { name: '请确认以下内容' })).toBeVisible();
    await expect(page.getByText('2F · 步步高女鞋')).toBeVisible();
    await expect(page.getByText('张女士 · 13800138000')).toBeVisible();
    await checkStep(page, `feedback-6-review-${orientation}`);
    await page.getByRole('button', { name: '提交 ›' }).tap();

    await expect(page.getByRole('heading', { name: /已收到您的反馈/ })).toBeVisible();
    const ticketNo = (await page.getByTestId('ticket-no').textContent())!;
    const code = (await page.getByTestId('verify-code').textContent())!;
    expect(ticketNo).toMatch(/^FK\d{8}-\d{4}$/);
    expect(code).toMatch(/^\d{6}$/);
    const qr = page.getByRole('img', { name: '扫描二维码查看进度' });
    await expect(qr).toBeVisible();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await checkStep(page, `feedback-7-receipt-${orientation}`);

    // The QR code encodes the status link; opening it shows the ticket.
    await page.goto(`/kiosk/status?t=${ticketNo}&c=${code}`);
    await expect(page.getByTestId('status-current')).toHaveText('已受理');
    await expect(page.getByText('张女士')).toHaveCount(0);
    await expect(page.getByText('13800138000')).toHaveCount(0);
    await checkStep(page, `status-result-${orientation}`);
    await context.close();
  });
}

test('a complaint needs no contact detail, and back and cancel work on every step', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^投诉/ }).tap();
  await page.getByRole('button', { name: '上一步' }).first().tap();
  await expect(page.getByRole('button', { name: /^投诉/ })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '服务态度' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel('情况说明').fill('服务台的工作人员态度很不耐烦。');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await expect(page.getByText('未填写')).toHaveCount(2);
  // Change the category from the review.
  await page.getByRole('button', { name: '修改: 类别' }).tap();
  await page.getByRole('button', { name: '环境设施' }).tap();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /下一步 ›|跳过 ›/ }).tap();
  await expect(page.getByRole('heading', { name: '请确认以下内容' })).toBeVisible();
  await expect(page.getByText('环境设施')).toBeVisible();
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByTestId('ticket-no')).toHaveText(/^FK\d{8}-\d{4}$/);
  await page.getByRole('button', { name: '完成' }).tap();
  await expect(page).toHaveURL(/\/kiosk$/);

  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: '取消' }).tap();
  await expect(page).toHaveURL(/\/kiosk$/);
  await context.close();
});

test('the status page finds a ticket by keypad, refuses a wrong code, and accepts a scanned link', async ({
  browser,
  request,
}) => {
  const created = await request.post('/api/feedback', {
    data: { kind: 'suggestion', category: 'cleanliness', description: '五楼洗手间需要多打扫几次。' },
  });
  expect(created.status()).toBe(201);
  const { ticketNo, verifyCode, statusUrl } = await created.json();

  const context = await browser.newContext({ viewport: LANDSCAPE, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk');
  await page.getByRole('link', { name: /查询进度/ }).tap();
  await hydrated(page);
  await expect(page.getByText('请输入单号和验证码，或扫描回执上的二维码。')).toBeVisible();
  await checkStep(page, 'status-form-landscape');
  const keypad = page.getByRole('group', { name: '数字键盘' });
  await page.getByLabel(/^单号/).tap();
  for (const d of ticketNo.replace(/\D/g, '')) await keypad.getByRole('button', { name: d, exact: true }).tap();
  await page.getByLabel(/^验证码/).tap();
  const wrong = verifyCode === '000000' ? '111111' : '000000';
  for (const d of wrong) await keypad.getByRole('button', { name: d, exact: true }).tap();
  await page.getByRole('button', { name: '查询' }).tap();
  await expect(page.getByRole('alert')).toHaveText(/没有找到这张单/);

  await page.getByLabel(/^验证码/).fill(verifyCode);
  await page.getByRole('button', { name: '查询' }).tap();
  await expect(page.getByTestId('status-ticket-no')).toHaveText(ticketNo);
  await expect(page.getByTestId('status-current')).toHaveText('已受理');

  // A receipt scanner types the QR link into the ticket field.
  await page.goto('/kiosk/status');
  await hydrated(page);
  await page.getByLabel(/^单号/).fill(statusUrl);
  await page.getByRole('button', { name: '查询' }).tap();
  await expect(page.getByTestId('status-ticket-no')).toHaveText(ticketNo);
  await context.close();
});

test('the flow speaks English when the kiosk does', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/lang?to=en&next=/kiosk/feedback');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'What would you like to tell us?' })).toBeVisible();
  await page.getByRole('button', { name: /^Praise/ }).tap();
  await expect(page.getByRole('button', { name: 'Service attitude' })).toBeVisible();
  await snap(page, 'feedback-2-category-en-portrait');
  await context.close();
});

test('the feedback and status pages have no serious accessibility violations', async ({ page }) => {
  await page.setViewportSize(PORTRAIT);
  await page.goto('/kiosk/feedback');
  await expect(page.getByRole('heading', { name: '您想告诉我们什么？' })).toBeVisible();
  await hydrated(page);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: /^投诉/ }).click();
  await page.getByRole('button', { name: '其他' }).click();
  await page.getByRole('button', { name: '跳过 ›' }).click();
  await page.getByLabel('情况说明').fill('测试一下无障碍检查。');
  await page.getByRole('button', { name: '下一步 ›' }).click();
  await expectNoSeriousA11yViolations(page);
  await page.goto('/kiosk/status');
  await expectNoSeriousA11yViolations(page);
});

test('large-text mode (长辈模式) keeps the feedback flow and the status page on screen', async ({ browser }) => {
  for (const [orientation, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    const context = await browser.newContext({ viewport, hasTouch: true });
    const page = await context.newPage();
    await page.goto('/kiosk/view?mode=large&next=/kiosk/feedback');
    await hydrated(page);
    await page.getByRole('button', { name: /^咨询/ }).tap();
    await page.getByRole('button', { name: '退换货' }).tap();
    await page.getByRole('button', { name: /^1F/ }).tap();
    await expectNoHorizontalOverflow(page);
    await page.getByRole('button', { name: '下一步 ›' }).tap();
    await page.getByLabel('情况说明').fill('金饰可以换款吗？');
    await page.getByRole('button', { name: '下一步 ›' }).tap();
    await expect(page.getByRole('group', { name: '数字键盘' })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await snap(page, `feedback-large-contact-${orientation}`);
    await page.goto('/kiosk/status');
    await expectNoHorizontalOverflow(page);
    await context.close();
  }
});
