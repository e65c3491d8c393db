/**
 * Issue 13, walked as an elderly and an English-speaking shopper would: the home screen's clock and
 * tiles, one visual language for the status form, praise worded as praise, the offline-saved screen in
 * both languages, and Back from a search result. Each new screen is fitted in both orientations and
 * kept as a screenshot in test/e2e/.screens/.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { hydrated, LANDSCAPE, PORTRAIT } from './helpers';
import { measure } from './kiosk-measure';

const ORIENTATIONS = [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const;

/** A kiosk context in a language and text size (the cookies the header's buttons set). */
async function kiosk(context: BrowserContext, lang: 'zh-CN' | 'en', large: boolean) {
  const base = new URL(test.info().project.use.baseURL!);
  await context.addCookies([
    { name: 'kiosk_lang', value: lang, domain: base.hostname, path: '/' },
    ...(large ? [{ name: 'kiosk_view', value: 'large', domain: base.hostname, path: '/' }] : []),
  ]);
}

/** Fits the screen as it is now in both orientations, keeping a screenshot of each; returns the problems. */
async function fitBoth(page: Page, name: string) {
  const problems: string[] = [];
  for (const [orientation, size] of ORIENTATIONS) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const p of await measure(page)) problems.push(`${name} · ${orientation}: ${p}`);
    await page.screenshot({ path: `test/e2e/.screens/walk-${name}-${orientation}.png` });
  }
  await page.setViewportSize(PORTRAIT);
  return problems;
}

/** Where an element is on the screen, rounded. */
const box = async (page: Page, selector: string) => {
  const b = (await page.locator(selector).first().boundingBox())!;
  return { right: Math.round(b.x + b.width), bottom: Math.round(b.y + b.height) };
};

test('home: the mall’s mark and name, a clock in the mall’s time, four tiles filling the screen both ways', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  for (const large of [false, true]) {
    await context.clearCookies();
    await kiosk(context, 'zh-CN', large);
    await page.goto('/kiosk');
    const bar = page.locator('.kiosk-bar');
    await expect(bar.locator('.kiosk-logo')).toBeVisible();
    await expect(bar).toContainText('星河购物中心');
    const clock = page.locator('time.kiosk-clock');
    await expect(clock).toHaveAttribute('aria-label', '现在时间');
    // The browser runs in Asia/Shanghai (playwright.config.ts), as the mall does.
    const now = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    await expect(clock.locator('.kiosk-clock-time')).toHaveText(/^\d\d:\d\d$/);
    const shown = (await clock.locator('.kiosk-clock-time').textContent())!;
    const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
    expect(Math.abs(minutes(shown) - minutes(now.format(new Date()))) % 1439).toBeLessThanOrEqual(1);
    await expect(clock.locator('.kiosk-clock-date')).toHaveText(/^\d{1,2}月\d{1,2}日 周[一二三四五六日]$/);
    for (const [orientation, size] of ORIENTATIONS) {
      await page.setViewportSize(size);
      // The tiles take the height the screen has left: the last row ends near the content's bottom edge.
      const geometry = await page.evaluate(() => {
        const main = document.querySelector('.kiosk-main')!.getBoundingClientRect();
        const tiles = [...document.querySelectorAll('.kiosk-tile')].map((t) => t.getBoundingClientRect());
        return {
          count: tiles.length,
          gapBelow: main.bottom - Math.max(...tiles.map((t) => t.bottom)),
          share: (Math.max(...tiles.map((t) => t.bottom)) - Math.min(...tiles.map((t) => t.top))) / main.height,
          minSide: Math.min(...tiles.map((t) => Math.min(t.width, t.height))),
        };
      });
      expect(geometry.count).toBe(4);
      expect(geometry.gapBelow, `${orientation}: space under the tiles`).toBeLessThanOrEqual(64);
      expect(geometry.share, `${orientation}: share of the height`).toBeGreaterThan(0.7);
      expect(geometry.minSide).toBeGreaterThan(200);
      expect(await measure(page)).toEqual([]);
      await page.screenshot({ path: `test/e2e/.screens/walk-home-${orientation}${large ? '-large' : ''}.png` });
    }
  }
  // In English the date is written the English way.
  await context.clearCookies();
  await kiosk(context, 'en', false);
  await page.setViewportSize(PORTRAIT);
  await page.goto('/kiosk');
  await expect(page.locator('.kiosk-clock-date')).toHaveText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}$/);
  await expect(page.locator('.kiosk-bar')).toContainText('Galaxy Shopping Mall');
  await context.close();
});

test('the status form speaks the flows’ visual language: progress line, card, Cancel left, the primary button where Next is', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  for (const [orientation, size] of ORIENTATIONS) {
    await page.setViewportSize(size);
    await page.goto('/kiosk/feedback');
    await hydrated(page);
    const next = await box(page, '.fb-nav .fb-btn.primary');
    await page.goto('/kiosk/status');
    await hydrated(page);
    await expect(page.locator('.fb-progress')).toContainText('查询进度');
    await expect(page.locator('.fb-progress')).toContainText('第 1 步，共 2 步');
    await expect(page.getByRole('heading', { level: 2, name: '凭回执查询' })).toBeVisible();
    await expect(page.locator('.fb-nav').getByRole('link', { name: '取消' })).toBeVisible();
    const check = page.locator('.fb-nav .fb-btn.primary');
    await expect(check).toHaveText('查询 ›');
    // The same place on the screen as Next in the feedback flow (the bottom-right corner of the content).
    expect(await box(page, '.fb-nav .fb-btn.primary'), orientation).toEqual(next);
  }
  await page.locator('.fb-nav').getByRole('link', { name: '取消' }).tap();
  await expect(page).toHaveURL(/\/kiosk$/);
  await context.close();
});

test('praise is thanked and passed on: worded as praise from the question to the receipt, no reply deadline promised', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  await kiosk(context, 'zh-CN', true);
  const page = await context.newPage();
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^表扬/ }).tap();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('您想表扬哪方面？');
  await page.getByRole('button', { name: '服务态度' }).tap();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('在哪里让您满意？（可不选）');
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('请写下您要表扬的人和事');
  await expect(page.locator('#fb-desc-hint')).toContainText('哪位员工或哪家商户');
  await page.getByLabel('表扬内容').fill('二楼童装店的王店员耐心帮我找到合适的尺码。');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await expect(page.locator('.fb-step > .fb-hint')).toContainText('转达');
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await expect(page.locator('.fb-review')).toContainText('表扬内容');
  await expect(page.locator('.fb-review')).not.toContainText('情况说明');
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByRole('heading', { level: 2, name: /谢谢您的表扬/ })).toBeVisible();
  await expect(page.getByTestId('receipt-kind')).toHaveText('表扬 · 服务态度');
  await expect(page.getByTestId('receipt-next')).toContainText('转达');
  await expect(page.getByTestId('receipt-due')).toHaveCount(0);
  await expect(page.locator('.fb-receipt')).not.toContainText('答复');
  expect(await fitBoth(page, 'praise-receipt-large')).toEqual([]);
  // The one-line ticket number never runs into the QR code, in either orientation.
  for (const [orientation, size] of ORIENTATIONS) {
    await page.setViewportSize(size);
    // The text's own extent (a grid cell's box does not grow with text that overflows it).
    const no = await page.getByTestId('ticket-no').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      return { right: r.right, bottom: r.bottom };
    });
    const qr = (await page.locator('.fb-qr').boundingBox())!;
    const apart = no.right <= qr.x || qr.y >= no.bottom;
    expect(apart, `${orientation}: ticket number clear of the QR code`).toBe(true);
  }
  await page.setViewportSize(PORTRAIT);

  // The status page for a praise ticket shows its progress, without a reply deadline.
  const no = (await page.getByTestId('ticket-no').textContent())!.trim();
  const code = (await page.getByTestId('verify-code').textContent())!.trim();
  await page.goto(`/kiosk/status?t=${encodeURIComponent(no)}&c=${code}`);
  await expect(page.getByTestId('status-ticket-no')).toHaveText(no);
  await expect(page.locator('.st-status')).not.toContainText('答复期限');
  await context.close();
});

test('a complaint ticket still shows its reply deadline on the receipt and the status page', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^投诉/ }).tap();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('是关于哪方面的？');
  await page.getByRole('button', { name: '服务态度' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel('情况说明').fill('收银台排队太久，没有人来开新的收银台。');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByRole('heading', { level: 2, name: /已收到您的反馈/ })).toBeVisible();
  await expect(page.getByTestId('receipt-due')).toBeVisible();
  await expect(page.getByTestId('receipt-next')).toHaveCount(0);
  const no = (await page.getByTestId('ticket-no').textContent())!.trim();
  const code = (await page.getByTestId('verify-code').textContent())!.trim();
  await page.goto(`/kiosk/status?t=${encodeURIComponent(no)}&c=${code}`);
  await expect(page.locator('.st-status')).toContainText('答复期限');
  await context.close();
});

test('offline: the saved screen says, in English and in Chinese, that nothing is lost and what the reference is', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  await kiosk(context, 'en', false);
  const page = await context.newPage();
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^Complaint/ }).tap();
  await page.getByRole('button', { name: 'Product quality' }).tap();
  await page.getByRole('button', { name: 'Skip ›' }).tap();
  await page.getByLabel('Description').fill('The zip of the coat I bought broke on the first day.');
  await page.getByRole('button', { name: 'Next ›' }).tap();
  const keypad = page.getByRole('group', { name: 'Number pad' });
  for (const d of '13800138000') await keypad.getByRole('button', { name: d, exact: true }).tap();
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next ›' }).tap();
  // The network is down: the kiosk cannot reach the server.
  await page.route('**/api/feedback', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Send ›' }).tap();
  await expect(
    page.getByRole('heading', { level: 2, name: /Saved — it will be sent when the network is back/ }),
  ).toBeVisible();
  const points = page.getByTestId('outbox-points');
  await expect(points).toContainText('You do not need to fill it in again');
  await expect(points).toContainText('not a ticket number');
  await expect(points).toContainText('we will call you');
  await expect(points).toContainText('Customer Service Centre, Atrium, 1F');
  // No full-width punctuation in English.
  expect(await page.locator('.fb-saved').textContent()).not.toMatch(/[，。：；！？“”（）]/);
  // The reference and its meaning sit together, right under the heading.
  const ref = (await page.getByTestId('local-ref').boundingBox())!;
  const lastPoint = (await points.locator('li').last().boundingBox())!;
  expect(lastPoint.y - ref.y).toBeLessThan(600);
  expect(await fitBoth(page, 'outbox-saved-en')).toEqual([]);
  await context.close();

  // In Chinese, 长辈模式, without a phone: the desk is where to ask.
  const zh = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  await kiosk(zh, 'zh-CN', true);
  const page2 = await zh.newPage();
  await page2.goto('/kiosk/feedback');
  await hydrated(page2);
  await page2.getByRole('button', { name: /^建议/ }).tap();
  await page2.getByRole('button', { name: '清洁卫生' }).tap();
  await page2.getByRole('button', { name: '跳过 ›' }).tap();
  await page2.getByLabel('情况说明').fill('洗手间的洗手液经常用完。');
  await page2.getByRole('button', { name: '下一步 ›' }).tap();
  await page2.getByRole('button', { name: '跳过 ›' }).tap();
  await page2.route('**/api/feedback', (route) => route.abort('internetdisconnected'));
  await page2.getByRole('button', { name: '提交 ›' }).tap();
  const points2 = page2.getByTestId('outbox-points');
  await expect(points2).toContainText('不用再填写一次');
  await expect(points2).toContainText('不是受理单号');
  await expect(points2).toContainText('一层中庭客服中心');
  await expect(points2).not.toContainText('电话');
  expect(await fitBoth(page2, 'outbox-saved-zh-large')).toEqual([]);
  await zh.close();
});

test('Back from a search result comes back to the same query and results', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/kiosk/search');
  await hydrated(page);
  const keyboard = page.getByRole('group', { name: '拼音字母键盘' });
  for (const ch of 'tuihuo') await keyboard.getByRole('button', { name: ch, exact: true }).tap();
  const results = page.locator('.kiosk-search-results');
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(page).toHaveURL(/\/kiosk\/search\?q=tuihuo$/);
  const titles = await results.getByRole('link').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  await results.getByRole('link').first().tap();
  await expect(page).toHaveURL(/\/kiosk\/guide\/[a-z-]+\?q=tuihuo#/);
  await page.screenshot({ path: 'test/e2e/.screens/walk-search-result-page.png' });

  // The button above the text, and the header's Back, both return to the search as it was.
  await page.getByRole('link', { name: '‹ 返回“tuihuo”的搜索结果' }).tap();
  await expect(page).toHaveURL(/\/kiosk\/search\?q=tuihuo$/);
  await hydrated(page);
  await expect(page.getByLabel('搜索内容（拼音或字母）')).toHaveValue('tuihuo');
  await expect(results).toHaveAttribute('aria-busy', 'false');
  expect(await results.getByRole('link').allTextContents()).toEqual(titles);

  await results.getByRole('link').first().tap();
  await expect(page).toHaveURL(/\?q=tuihuo#/);
  await page.locator('.kiosk-bar').getByRole('link', { name: '返回' }).tap();
  await expect(page).toHaveURL(/\/kiosk\/search\?q=tuihuo$/);
  await expect(page.getByLabel('搜索内容（拼音或字母）')).toHaveValue('tuihuo');
  await expect(results.getByRole('link')).toHaveCount(titles.length);

  // The browser's own Back too (the address kept the query as it was typed).
  await results.getByRole('link').first().tap();
  await expect(page).toHaveURL(/\?q=tuihuo#/);
  await page.goBack();
  await expect(page).toHaveURL(/\/kiosk\/search\?q=tuihuo$/);
  await expect(page.getByLabel('搜索内容（拼音或字母）')).toHaveValue('tuihuo');
  await expect(results.getByRole('link')).toHaveCount(titles.length);
  await context.close();
});

test('guide pages: clause headings are larger than the text, in both languages and both text sizes', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const large of [false, true]) {
      await context.clearCookies();
      await kiosk(context, lang, large);
      for (const slug of ['returns', 'feedback', 'privacy']) {
        await page.goto(`/kiosk/guide/${slug}`);
        const sizes = await page.locator('.kiosk-reading').evaluate((article) => {
          const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
          return {
            headings: [...article.querySelectorAll('.clause-title')].map(px),
            text: Math.max(...[...article.querySelectorAll('p, li')].map(px)),
          };
        });
        expect(sizes.headings.length, `${lang} ${slug}`).toBeGreaterThan(2);
        for (const h of sizes.headings)
          expect(h, `${lang}${large ? ' large' : ''} ${slug}`).toBeGreaterThan(sizes.text);
      }
    }
  }
  await context.close();
});

test('English phone messages: one digit missing, then what is wrong with a full number', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  await kiosk(context, 'en', false);
  const page = await context.newPage();
  await page.goto('/kiosk/feedback');
  await hydrated(page);
  await page.getByRole('button', { name: /^Suggestion/ }).tap();
  await page.getByRole('button', { name: 'Cleanliness' }).tap();
  await page.getByRole('button', { name: 'Skip ›' }).tap();
  await page.getByLabel('Description').fill('More bins near the food court, please.');
  await page.getByRole('button', { name: 'Next ›' }).tap();
  const keypad = page.getByRole('group', { name: 'Number pad' });
  const message = page.locator('#fb-phone-error');
  for (const d of '13800') await keypad.getByRole('button', { name: d, exact: true }).tap();
  await expect(message).toHaveText('6 digits missing');
  for (const d of '13800') await keypad.getByRole('button', { name: d, exact: true }).tap();
  await expect(message).toHaveText('One digit missing');
  await keypad.getByRole('button', { name: 'Clear' }).tap();
  for (const d of '12345678901') await keypad.getByRole('button', { name: d, exact: true }).tap();
  await expect(message).toHaveText(/^This is not a mobile number/);
  expect(await message.textContent()).not.toMatch(/\p{Script=Han}|[，。：；！？（）]/u);
  await context.close();
});

test('buttons answer the finger: the flow buttons and the header buttons look pressed while held', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT });
  const page = await context.newPage();
  await page.goto('/kiosk/status');
  await hydrated(page);
  for (const selector of ['.fb-nav .fb-btn.primary', '.fb-nav .fb-btn.secondary', '.kiosk-bar .kiosk-btn']) {
    const button = page.locator(selector).first();
    const look = () =>
      button.evaluate((el) => `${getComputedStyle(el).backgroundColor} ${getComputedStyle(el).transform}`);
    const before = await look();
    const b = (await button.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    expect(await look(), selector).not.toBe(before);
    // Released away from the button, so nothing is followed.
    await page.mouse.move(5, b.y + b.height / 2 + 300);
    await page.mouse.up();
  }
  await context.close();
});
