import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  expectNoHorizontalOverflow,
  expectNoSeriousA11yViolations,
  hydrated,
  LANDSCAPE,
  PORTRAIT,
  snap,
} from './helpers';

/** Opens the kiosk search from the home tile (in the kiosk's current language), ready for taps. */
/** From the kiosk home: the guide tile, then the guide's search button (home has no second tile for the guide). */
async function openKioskSearch(page: Page, tile: RegExp, search: RegExp) {
  await page.getByRole('link', { name: tile }).tap();
  await page.getByRole('link', { name: search }).tap();
  await expect(page).toHaveURL(/\/kiosk\/search$/);
  await hydrated(page);
}

/** Taps each letter of `text` on the on-screen keyboard, then waits for the answer to all of it. */
async function tapKeys(keyboard: Locator, text: string) {
  for (const ch of text) await keyboard.getByRole('button', { name: ch, exact: true }).tap();
  await expect(keyboard.page().locator('.kiosk-search-results')).toHaveAttribute('aria-busy', 'false');
}

test('staff search: type in the header box, pick a result with the keyboard, land on the highlighted clause', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/policies');
  await hydrated(page);
  // `/` is handled by the island once it has hydrated.
  await page.locator('astro-island:not([ssr])').first().waitFor({ state: 'attached' });
  await page.keyboard.press('/');
  const box = page.getByRole('combobox', { name: '搜索制度条款' });
  await expect(box).toBeFocused();
  await box.pressSequentially('十五天怎么算');
  const listbox = page.getByRole('listbox', { name: '搜索结果' });
  const options = listbox.getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(options.first().locator('mark').first()).toBeVisible();
  await box.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
  await snap(page, 'staff-search-dropdown');
  const firstId = (await options.first().locator('.opt-where').innerText()).split('·').pop()!.trim();
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/policies/[a-z-]+/[a-z-]+#${firstId.replace('.', '\\.')}$`));
  const clause = page.locator(`section.clause[id="${firstId}"]`);
  await expect(clause).toBeVisible();
  // :target paints the clause (src/styles/policy.css).
  await expect.poll(() => clause.evaluate((el) => el.matches(':target'))).toBe(true);
  await expect(clause).toHaveCSS('border-left-color', 'rgb(154, 103, 0)');
});

test('staff search: Escape closes the list, and Enter without a pick opens the full results page', async ({ page }) => {
  await page.goto('/policies');
  await hydrated(page);
  const box = page.getByRole('combobox', { name: '搜索制度条款' });
  await box.click();
  await box.pressSequentially('tuihuo');
  await expect(page.getByRole('option').first()).toBeVisible();
  await box.press('Escape');
  await expect(page.getByRole('listbox', { name: '搜索结果' })).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=tuihuo$/);
  await expect(page.getByRole('heading', { level: 1, name: '搜索制度' })).toBeVisible();
});

test('/search works without JavaScript, from the header form to a clause', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/policies');
  await page.getByRole('combobox', { name: '搜索制度条款' }).fill('退貨要帶發票嗎');
  await page.getByRole('button', { name: '搜索', exact: true }).first().click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.locator('.search-page').getByRole('status')).toContainText('条相关条款');
  const results = page.locator('.search-results > li');
  await expect(results.first()).toBeVisible();
  await expect(results.first().locator('mark').first()).toBeVisible();
  const link = results.first().getByRole('link');
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/policies\/[a-z-]+\/[a-z.-]+#[a-z-]+-[\d.]+$/);
  await link.click();
  await expect(page).toHaveURL(href);

  const empty = await page.goto('/search?q=%20');
  expect(empty!.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('请输入');
  await context.close();
});

test('/search has no serious accessibility violations', async ({ page }) => {
  await page.goto('/search?q=投诉多久有答复');
  await expect(page.locator('.search-results > li').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  // With the header list open too.
  const box = page.getByRole('combobox', { name: '搜索制度条款' });
  await box.click();
  await box.pressSequentially('回访');
  await expect(page.getByRole('option').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('kiosk: a shopper finds a shopper-guide clause by tapping pinyin on the on-screen keyboard', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk');
  await openKioskSearch(page, /^顾客须知/, /搜索顾客须知/);
  const keyboard = page.getByRole('group', { name: '拼音字母键盘' });
  await tapKeys(keyboard, 'tuihuo');
  await expect(page.getByLabel('搜索内容（拼音或字母）')).toHaveValue('tuihuo');
  const results = page.locator('.kiosk-search-results').getByRole('link');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/^找到 [1-9]\d* 条$/);
  for (const button of await keyboard.getByRole('button').all()) {
    const b = (await button.boundingBox())!;
    expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(64);
  }
  const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  // Each result carries the query, so Back from the guide page finds the search again (kiosk-walk.spec.ts).
  for (const href of hrefs) expect(href).toMatch(/^\/kiosk\/guide\/[a-z-]+\?q=tuihuo#shopper-guide-[\d.]+$/);
  await expectNoHorizontalOverflow(page);
  await snap(page, 'kiosk-search-portrait');
  await expectNoSeriousA11yViolations(page);

  // Backspace and clear work; clearing empties the results.
  await keyboard.getByRole('button', { name: /退格/ }).tap();
  await expect(page.getByLabel('搜索内容（拼音或字母）')).toHaveValue('tuihu');
  await keyboard.getByRole('button', { name: '清空' }).tap();
  await expect(page.getByLabel('搜索内容（拼音或字母）')).toHaveValue('');
  await expect(results).toHaveCount(0);
  await tapKeys(keyboard, 'thh');
  await expect(results.first()).toBeVisible();
  const href = (await results.first().getAttribute('href'))!;
  await results.first().tap();
  await expect(page).toHaveURL(href);
  const id = href.split('#')[1];
  await expect.poll(() => page.locator(`[id="${id}"]`).evaluate((el) => el.matches(':target'))).toBe(true);
  await context.close();
});

test('kiosk in English: a shopper types English words and reads the answer in English', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk');
  await page.getByRole('link', { name: /切换语言/ }).tap();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await openKioskSearch(page, /^Shopper guide/, /Search the shopper guide/);
  const keyboard = page.getByRole('group', { name: 'Letter keyboard' });
  await tapKeys(keyboard, 'refund');
  await expect(page.getByLabel('Search text (English or pinyin)')).toHaveValue('refund');
  const results = page.locator('.kiosk-search-results').getByRole('link');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/^[1-9]\d* found$/);
  // Titles and excerpts in English, the typed word (or a synonym: return, exchange) marked.
  const first = results.first();
  await expect(first).not.toContainText(/\p{Script=Han}/u);
  await expect(page.locator('.kiosk-search-results mark').first()).toHaveText(/^(refund|return|exchange)/i);
  await expectNoHorizontalOverflow(page);
  await snap(page, 'kiosk-search-english');
  const href = (await first.getAttribute('href'))!;
  expect(href).toMatch(/^\/kiosk\/guide\/[a-z-]+\?q=refund#shopper-guide-2(\.\d+)?$/);
  await first.tap();
  await expect(page).toHaveURL(href);
  const id = href.split('#')[1];
  await expect.poll(() => page.locator(`[id="${id}"]`).evaluate((el) => el.matches(':target'))).toBe(true);
  await expect(page.locator(`[id="${id}"]`)).not.toContainText(/\p{Script=Han}/u);
  await context.close();
});

test('kiosk search fits the landscape screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: LANDSCAPE, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/search');
  await hydrated(page);
  const keyboard = page.getByRole('group', { name: '拼音字母键盘' });
  await tapKeys(keyboard, 'tousu');
  await expect(page.locator('.kiosk-search-results').getByRole('link').first()).toBeVisible();
  // Keyboard and first result side by side, both on screen without scrolling.
  await expect(keyboard).toBeInViewport({ ratio: 1 });
  await expect(page.locator('.kiosk-search-results').getByRole('link').first()).toBeInViewport();
  await expectNoHorizontalOverflow(page);
  await snap(page, 'kiosk-search-landscape');
  await expectNoSeriousA11yViolations(page);
  await context.close();
});

test('search API: results and error envelope', async ({ request }) => {
  const ok = await request.get('/api/search', { params: { q: '化妆品能退吗', limit: '3' } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.query).toBe('化妆品能退吗');
  expect(body.results.length).toBeLessThanOrEqual(3);
  expect(body.results[0]).toMatchObject({
    id: expect.any(String),
    url: expect.stringMatching(/^\/policies\//),
    score: expect.any(Number),
  });
  for (const [params, code] of [
    [{ q: '   ' }, 'empty_query'],
    [{ q: 'x'.repeat(201) }, 'query_too_long'],
    [{ q: 'x', limit: '51' }, 'invalid_input'],
    [{ q: 'x', audience: 'boss' }, 'invalid_input'],
  ] as const) {
    const r = await request.get('/api/search', { params });
    expect(r.status(), code).toBe(400);
    expect((await r.json()).error.code).toBe(code);
  }
  const syntax = await request.get('/api/search', { params: { q: 'title:退货^10 ~2 *款 +投诉 -回访' } });
  expect(syntax.status()).toBe(200);
});
