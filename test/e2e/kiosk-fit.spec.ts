/**
 * The fit sweep (issue 13): every step of feedback, return check, status lookup and search, in
 * portrait 1080×1920 and landscape 1920×1080, 长辈模式 off and on, Chinese and English, with the
 * error messages a shopper can provoke shown. On each screen the document does not scroll, nothing
 * is wider than the screen, no label is cut off, and the screen's main buttons are inside the viewport.
 *
 * Kept fast for a shared machine: one browser context and one page; each flow is walked once per
 * language and text size, and every screen is measured in both orientations by resizing the viewport.
 */
import { expect, test } from '@playwright/test';
import { hydrated, LANDSCAPE, PORTRAIT } from './helpers';
import { measure } from './kiosk-measure';

interface Mode {
  lang: 'zh-CN' | 'en';
  large: boolean;
}
const MODES: Mode[] = [
  { lang: 'zh-CN', large: false },
  { lang: 'zh-CN', large: true },
  { lang: 'en', large: false },
  { lang: 'en', large: true },
];
const ORIENTATIONS = [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const;

test('every kiosk step fits the screen in both orientations, both text sizes and both languages', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  const base = new URL(test.info().project.use.baseURL!);
  const problems: string[] = [];
  let mode: Mode = MODES[0];
  const modeName = () => `${mode.lang}${mode.large ? '-large' : ''}`;

  /** Measures the screen as it is now in both orientations and keeps a screenshot of each. */
  async function check(screen: string) {
    for (const [orientation, size] of ORIENTATIONS) {
      await page.setViewportSize(size);
      // Let a resize settle (layout and any orientation media query).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const found = await measure(page);
      for (const p of found) problems.push(`${screen} · ${orientation} · ${modeName()}: ${p}`);
      await page.screenshot({ path: `test/e2e/.screens/fit-${screen}-${orientation}-${modeName()}.png` });
    }
    await page.setViewportSize(PORTRAIT);
  }

  const primary = () => page.locator('.fb-nav .fb-btn.primary');
  let ticket = { no: '', code: '' };

  for (const m of MODES) {
    mode = m;
    await context.clearCookies();
    await context.addCookies([
      { name: 'kiosk_lang', value: m.lang, domain: base.hostname, path: '/' },
      ...(m.large ? [{ name: 'kiosk_view', value: 'large', domain: base.hostname, path: '/' }] : []),
    ]);

    await page.goto('/kiosk');
    await check('home');

    // Feedback: every step, with the messages a shopper can provoke.
    await page.goto('/kiosk/feedback');
    await hydrated(page);
    await check('fb-kind');
    await page.locator('.fb-choice').first().click();
    await check('fb-category');
    await page.locator('.fb-choice').first().click();
    await check('fb-where');
    await page.locator('.fb-grid.floors .fb-choice').first().click();
    await check('fb-where-floor');
    await primary().click();
    await expect(page.locator('.ime')).toBeVisible();
    await check('fb-description');
    await page.locator('#fb-desc').fill('太差');
    await check('fb-description-short');
    await page.locator('#fb-desc').fill(m.lang === 'en' ? 'The lift was out of order.' : '电梯坏了没人修理。');
    await primary().click();
    await check('fb-contact');
    for (const d of '1380013800') await page.locator('.fb-key', { hasText: new RegExp(`^${d}$`) }).click();
    await primary().click();
    await expect(page.locator('#fb-phone-error')).not.toBeEmpty();
    await check('fb-contact-error');
    await page.locator('#fb-name').click();
    await expect(page.locator('.ime')).toBeVisible();
    await check('fb-contact-name');
    await page.locator('#fb-phone').click();
    await page.locator('.fb-key.fn').first().click();
    await primary().click();
    await check('fb-review');
    await primary().click();
    await expect(page.getByTestId('ticket-no')).toBeVisible();
    await check('fb-receipt');
    if (!ticket.no)
      ticket = {
        no: (await page.getByTestId('ticket-no').textContent())!.trim(),
        code: (await page.getByTestId('verify-code').textContent())!.trim(),
      };

    // Return check: every question, the calendar, and a result.
    await page.goto('/kiosk/returns');
    await hydrated(page);
    await check('rc-category');
    await page.locator('.rc-choice').first().click();
    await check('rc-date');
    await page.locator('.rc-choice').last().click();
    await check('rc-date-calendar');
    await page.goto('/kiosk/returns');
    await hydrated(page);
    await page.locator('.rc-choice').first().click();
    await page.locator('.rc-choice').nth(1).click();
    await check('rc-proof');
    await page.locator('.rc-choice').first().click();
    await check('rc-condition');
    await page.locator('.rc-choice').first().click();
    await check('rc-quality');
    await page.locator('.rc-choice').last().click();
    await expect(page.locator('.rc-result')).toBeVisible();
    await check('rc-result');

    // Status lookup: the form, a wrong code, the answer.
    await page.goto('/kiosk/status');
    await hydrated(page);
    await check('st-form');
    await page.goto(`/kiosk/status?t=${encodeURIComponent(ticket.no)}&c=000000`);
    await hydrated(page);
    await check('st-not-found');
    await page.goto(`/kiosk/status?t=${encodeURIComponent(ticket.no)}&c=${ticket.code}`);
    await check('st-result');

    // Search: empty, with results, with none.
    await page.goto('/kiosk/search');
    await hydrated(page);
    await check('search');
    for (const ch of 'tuihuo') await page.locator('.kiosk-key', { hasText: new RegExp(`^${ch}$`, 'i') }).click();
    await expect(page.locator('.kiosk-search-results .kiosk-list li').first()).toBeVisible();
    await check('search-results');
  }
  await context.close();
  expect(problems).toEqual([]);
});
