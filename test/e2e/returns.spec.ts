import { expect, test, type Page } from '@playwright/test';
import {
  expectNoHorizontalOverflow,
  expectNoSeriousA11yViolations,
  hydrated,
  LANDSCAPE,
  PORTRAIT,
  snap,
} from './helpers';

/** Every link on the page stays inside the kiosk. */
async function expectLinksStayInKiosk(page: Page) {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of hrefs) expect(href, href).toMatch(/^(\/kiosk|#)/);
}

async function expectTapTarget(page: Page, name: string | RegExp) {
  const box = (await page.getByRole('button', { name }).first().boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(64);
  expect(box.width).toBeGreaterThanOrEqual(64);
}

test('a shopper checks a return by touch in portrait: yes, the counter can take it back', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk');
  await page.getByRole('link', { name: /退换货查询/ }).tap();
  await expect(page).toHaveURL(/\/kiosk\/returns$/);
  await hydrated(page);

  await expect(page.getByRole('heading', { level: 2, name: '您买的是什么商品？' })).toBeVisible();
  await expect(page.getByText('第 1 步，共 5 步')).toBeVisible();
  await expect(page.getByRole('main').locator('.rc-grid-cat').getByRole('button')).toHaveCount(19); // every category of returns.yaml, medicine and opened food included
  await expectTapTarget(page, '服装');
  await expectNoHorizontalOverflow(page);
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'returns-1-category-portrait');

  await page.getByRole('button', { name: '服装' }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '什么时候买的？' })).toBeFocused();
  // Back returns to the previous step, with the answer still marked.
  await page.getByRole('button', { name: '上一步' }).tap();
  await expect(page.getByRole('button', { name: '服装' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '服装' }).tap();
  for (const pick of ['今天', '昨天', '3天内', '一周内', '两周内', '更早'])
    await expect(page.getByRole('button', { name: new RegExp(`^${pick}`) })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'returns-2-date-portrait');

  await page.getByRole('button', { name: /^昨天/ }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '您有购物凭证吗？' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'returns-3-proof-portrait');

  await page.getByRole('button', { name: /购物小票/ }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '商品现在是什么状态？' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'returns-4-condition-portrait');

  await page.getByRole('button', { name: /^未使用/ }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '商品有质量问题吗？' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'returns-5-quality-portrait');

  await page.getByRole('button', { name: /^没有质量问题/ }).tap();
  const card = page.locator('article.rc-result');
  await expect(page.getByRole('heading', { level: 2, name: '可以退换' })).toBeVisible();
  await expect(card).toHaveAttribute('data-outcome', 'return_or_exchange');
  await expect(card).toHaveAttribute('data-kiosk-finished', ''); // the idle reset goes home sooner
  await expect(card.locator('svg.rc-result-icon')).toBeVisible();
  await expect(card).toContainText('退换最后一天');
  await expect(card).toContainText('一层中庭客服中心');
  // The rule cited is returns-1.1; the kiosk shows (and numbers) the shopper guide's clause for it.
  await expect(card.locator('a[href="/kiosk/policy/returns-1.1"]')).toHaveAccessibleName(/第 2\.1 条/);
  await expectLinksStayInKiosk(page);
  await expectNoHorizontalOverflow(page);
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'returns-6-result-green-portrait');

  await page.getByRole('button', { name: '重新开始' }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '您买的是什么商品？' })).toBeVisible();
  await expect(page.getByRole('button', { name: '服装' })).toHaveAttribute('aria-pressed', 'false');
  await context.close();
});

test('an older purchase picked on the touch calendar: every failing rule, each clause readable on the kiosk', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/returns');
  await hydrated(page);
  await page.getByRole('button', { name: '化妆品' }).tap();
  await page.getByRole('button', { name: /^更早/ }).tap();
  const calendar = page.getByRole('group', { name: /年/ });
  await expect(calendar).toBeVisible();
  await expect(page.getByRole('button', { name: '下个月' })).toBeVisible();
  await page.getByRole('button', { name: '上个月' }).tap();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'returns-2b-calendar-portrait');
  const firstDay = calendar.getByRole('button', { name: /月1日$/ });
  await expect(firstDay).toBeEnabled();
  const box = (await firstDay.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(64);
  await firstDay.tap();

  await page.getByRole('button', { name: /都没有/ }).tap();
  await page.getByRole('button', { name: /^已使用/ }).tap();
  await page.getByRole('button', { name: /^没有质量问题/ }).tap();
  const card = page.locator('article.rc-result');
  await expect(page.getByRole('heading', { level: 2, name: '专柜不能直接办理' })).toBeVisible();
  await expect(card).toHaveAttribute('data-outcome', 'refer_to_desk');
  await expect(card.locator('.rc-reasons > li')).toHaveCount(4);
  await expect(card.locator('.rc-reasons > li').first()).toContainText('已超过 15 天');
  await expect(card).toContainText('化妆品不在专柜直接退换的范围内');
  await snap(page, 'returns-6-result-red-portrait');

  await card.getByRole('link', { name: /第 2\.2 条/ }).tap();
  await expect(page).toHaveURL(/\/kiosk\/policy\/returns-2\.1$/);
  await expect(page.locator('article.kiosk-reading')).toContainText('化妆品');
  await expect(page.locator('article.kiosk-reading')).toContainText('内衣');
  await expectLinksStayInKiosk(page);
  await expectNoHorizontalOverflow(page);
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'returns-7-clause-portrait');

  // Back from the clause lands on the same result, not on step 1.
  await page.getByRole('link', { name: '返回查询结果' }).tap();
  await expect(page.getByRole('heading', { level: 2, name: '专柜不能直接办理' })).toBeVisible();
  await expect(page).toHaveURL(/\/kiosk\/returns$/);
  await context.close();
});

test('in English and landscape: a quality problem in an excluded category goes to the service desk', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: LANDSCAPE, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/returns');
  await hydrated(page);
  await page.getByRole('link', { name: /切换语言/ }).tap();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'What did you buy?' })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'returns-1-category-landscape-en');

  await page.getByRole('button', { name: 'Watches and clocks' }).tap();
  await expectNoHorizontalOverflow(page);
  await page.getByRole('button', { name: /^Today/ }).tap();
  await expectNoHorizontalOverflow(page);
  await page.getByRole('button', { name: /^Invoice/ }).tap();
  await expectNoHorizontalOverflow(page);
  await page.getByRole('button', { name: /^Used/ }).tap();
  await expectNoHorizontalOverflow(page);
  await page.getByRole('button', { name: /^Yes, a quality problem/ }).tap();

  const card = page.locator('article.rc-result');
  await expect(page.getByRole('heading', { level: 2, name: 'Go to the Customer Service Centre' })).toBeVisible();
  await expect(card).toHaveAttribute('data-outcome', 'quality_claim');
  await expect(card).toContainText('three-guarantee');
  await expect(card).toContainText('Customer Service Centre, Atrium, 1F');
  await expect(card.getByRole('link', { name: /clause 2\.3/ })).toHaveAttribute('href', '/kiosk/policy/returns-3.1');
  await expectLinksStayInKiosk(page);
  await expectNoHorizontalOverflow(page);
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'returns-6-result-amber-landscape-en');
  await context.close();
});

test('the return check API answers over HTTP, and refuses bad input naming the fields', async ({ request }) => {
  const good = await request.post('/api/returns/check', {
    data: {
      category: 'footwear',
      purchaseDate: '2026-01-31',
      checkDate: '2026-02-16',
      proof: 'receipt',
      condition: 'unused',
      qualityIssue: false,
    },
  });
  expect(good.status()).toBe(200);
  expect(await good.json()).toMatchObject({
    outcome: 'refer_to_desk',
    daysSincePurchase: 16,
    lastDay: '2026-02-15',
    reasons: [{ code: 'window_expired' }],
  });

  const bad = await request.post('/api/returns/check', {
    data: { category: 'pets', purchaseDate: '2026-02-30', proof: 'none', condition: 'unused', extra: 1 },
  });
  expect(bad.status()).toBe(400);
  const { error } = await bad.json();
  expect(error.code).toBe('invalid_input');
  expect(Object.keys(error.fields).sort()).toEqual(['category', 'extra', 'purchaseDate', 'qualityIssue']);
});

test('the returns policy page shows the rule table from the same rules file, each row citing its clause', async ({
  page,
}) => {
  await page.goto('/policies/returns/basic-rules');
  const table = page.getByRole('table', { name: /退换货规则一览/ });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row', { name: /退换期限/ })).toContainText('15 天');
  await expect(table.getByRole('row', { name: /不予专柜退换的商品/ })).toContainText(
    '化妆品、黄金铂金、珠宝玉石、钟表、内衣',
  );
  await expect(table.getByRole('link', { name: '第 2.1 条' })).toHaveAttribute(
    'href',
    '/policies/returns/exclusions#returns-2.1',
  );
  await expect(table.getByRole('link', { name: '第 1.4 条' })).toHaveAttribute(
    'href',
    '/policies/returns/basic-rules#returns-1.4',
  );
  await expect(table.getByRole('row', { name: /天数计算/ })).toContainText('Asia/Shanghai');
});

test('a clause the return check does not cite is not shown on the kiosk', async ({ page }) => {
  const response = await page.goto('/kiosk/policy/complaints-1.1');
  expect(response?.status()).toBe(404);
});
