/**
 * Every kiosk screen, in portrait and landscape with touch: no sideways scrolling, every visible
 * control at least 64×64 px, zero serious/critical axe-core violations, a visible focus ring on
 * every control reached by Tab. And zero serious/critical violations on every staff page, signed
 * in with a role that may see it.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  expectNoHorizontalOverflow,
  expectNoSeriousA11yViolations,
  hydrated,
  LANDSCAPE,
  PORTRAIT,
  reachAllowedReturn,
  signedIn,
  snap,
} from './helpers';

/** Visible controls smaller than 64×64 px (a checkbox or radio counts with its label; inline links in reading text are text). */
async function smallControls(page: Page) {
  return page.locator('a[href], button, input:not([type=hidden]), textarea, select, [role=button]').evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.kiosk-reading, .kiosk-idle'))
      .map((el) => {
        const box = (
          ['checkbox', 'radio'].includes((el as HTMLInputElement).type) ? (el.closest('label') ?? el) : el
        ).getBoundingClientRect();
        return {
          control: (el.textContent || el.getAttribute('aria-label') || el.id || el.tagName).trim().slice(0, 40),
          w: Math.round(box.width),
          h: Math.round(box.height),
        };
      })
      .filter((x) => x.w < 64 || x.h < 64),
  );
}

/** Controls that show no focus ring when reached with the keyboard. */
async function focusWithoutRing(page: Page, max = 40) {
  const missing: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return undefined;
      const cs = getComputedStyle(el);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
      const path = `${el.tagName}#${el.id}.${el.className}:${(el.textContent ?? '').trim().slice(0, 30)}`;
      return { path, ring };
    });
    if (!info || seen.has(info.path)) break;
    seen.add(info.path);
    if (!info.ring) missing.push(info.path);
  }
  return missing;
}

async function auditKiosk(page: Page, name: string) {
  await expectNoHorizontalOverflow(page);
  expect(await smallControls(page), `${name}: small controls`).toEqual([]);
  await expectNoSeriousA11yViolations(page);
  expect(await focusWithoutRing(page), `${name}: focus not visible`).toEqual([]);
  await snap(page, `sweep-${name}`);
}

const STATIC_SCREENS = [
  '/kiosk',
  '/kiosk/guide',
  '/kiosk/guide/feedback',
  '/kiosk/guide/returns',
  '/kiosk/guide/privacy',
  '/kiosk/search',
  '/kiosk/returns',
  '/kiosk/policy/returns-1.1',
  '/kiosk/status',
  '/kiosk/setup',
];

for (const [orientation, viewport] of [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const) {
  test(`every kiosk page fits, has large controls, visible focus and no serious a11y issues (${orientation})`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ viewport, hasTouch: true });
    const page = await context.newPage();
    for (const path of STATIC_SCREENS) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await hydrated(page);
      await auditKiosk(page, `${path.replace(/\W+/g, '-')}-${orientation}`);
    }

    // The return check's result.
    await reachAllowedReturn(page);
    await auditKiosk(page, `returns-result-${orientation}`);

    // Each step of the feedback flow, then the receipt and the status page it links to.
    await page.goto('/kiosk/feedback');
    await hydrated(page);
    await auditKiosk(page, `feedback-kind-${orientation}`);
    await page.getByRole('button', { name: /^投诉/ }).tap();
    await auditKiosk(page, `feedback-category-${orientation}`);
    await page.getByRole('button', { name: '环境设施' }).tap();
    await page.getByRole('button', { name: /^1F/ }).tap();
    await auditKiosk(page, `feedback-where-${orientation}`);
    await page.getByRole('button', { name: '下一步 ›' }).tap();
    await page.getByLabel('情况说明').fill('一楼洗手间的烘手机坏了。');
    await auditKiosk(page, `feedback-description-${orientation}`);
    await page.getByRole('button', { name: '下一步 ›' }).tap();
    const keypad = page.getByRole('group', { name: '数字键盘' });
    for (const d of '13800138000') await keypad.getByRole('button', { name: d, exact: true }).tap();
    await page.getByRole('checkbox', { name: /我同意商场/ }).check();
    await auditKiosk(page, `feedback-contact-${orientation}`);
    await page.getByRole('button', { name: '下一步 ›' }).tap();
    await auditKiosk(page, `feedback-review-${orientation}`);
    await page.getByRole('button', { name: '提交 ›' }).tap();
    await expect(page.getByRole('heading', { name: /已收到您的反馈/ })).toBeVisible();
    await expect(page.getByRole('img', { name: '扫描二维码查看进度' })).toHaveJSProperty('complete', true);
    await auditKiosk(page, `feedback-receipt-${orientation}`);
    const no = (await page.getByTestId('ticket-no').textContent())!;
    const code = (await page.getByTestId('verify-code').textContent())!;
    await page.goto(`/kiosk/status?t=${no}&c=${code}`);
    await hydrated(page);
    await expect(page.getByText(no).first()).toBeVisible();
    await auditKiosk(page, `status-ticket-${orientation}`);
    await context.close();
  });
}

test('every staff page has no serious or critical a11y issues', async ({ browser }) => {
  test.setTimeout(180_000);
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto('/login');
  await expectNoSeriousA11yViolations(anonymous);

  const created = await anonymous.request.post('/api/feedback', {
    data: { kind: 'complaint', category: 'service', description: '服务台无人值守，等了二十分钟。' },
    headers: { 'X-Kiosk-Id': 'K-A11Y' },
  });
  expect(created.status()).toBe(201);
  const { ticketNo } = (await created.json()) as { ticketNo: string };

  const manager = await signedIn(browser, 'manager');
  for (const path of [
    '/staff',
    '/staff/tickets',
    `/staff/tickets/${ticketNo}`,
    '/staff/reports',
    '/staff/kiosks',
    '/search?q=退货',
    '/policies',
    '/policies/returns',
    '/policies/returns/basic-rules',
    '/training',
    '/training/new',
  ]) {
    const response = await manager.goto(path);
    expect(response?.status(), path).toBe(200);
    await hydrated(manager);
    await test.step(path, () => expectNoSeriousA11yViolations(manager));
  }
  // A quiz's own pages.
  await manager.goto('/training/new');
  await manager.getByLabel('测验名称').fill('无障碍检查');
  await manager
    .getByRole('group', { name: '题库' })
    .getByRole('checkbox', { name: /投诉处理/ })
    .check();
  await manager.getByLabel('题目数量').fill('3');
  await manager.getByRole('button', { name: '创建测验' }).click();
  await expect(manager.getByRole('heading', { level: 1, name: '无障碍检查' })).toBeVisible();
  await expectNoSeriousA11yViolations(manager);
  await manager.getByRole('button', { name: '开始测验' }).click();
  await expect(manager).toHaveURL(/\/live$/);
  await expectNoSeriousA11yViolations(manager);
  const live = manager.url();
  const code = (await manager.locator('.code').textContent())!.trim();
  await manager.goto(`/training/join?code=${code}`);
  await expectNoSeriousA11yViolations(manager);
  await manager.goto(live);
  await manager.goto(manager.url().replace(/\/live$/, '/results'));
  await expectNoSeriousA11yViolations(manager);

  const admin = await signedIn(browser, 'admin');
  await admin.goto('/admin/users');
  await expectNoSeriousA11yViolations(admin);
});
