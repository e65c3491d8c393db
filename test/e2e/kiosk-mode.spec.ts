import { expect, test } from '@playwright/test';
import { expectNoHorizontalOverflow, expectNoSeriousA11yViolations, LANDSCAPE, PORTRAIT, snap } from './helpers';

test('after a minute idle the kiosk asks "still there?", then clears language and text size and goes home', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto('/kiosk/guide');
  await page.getByRole('button', { name: /长辈模式/ }).tap();
  await page.getByRole('link', { name: /切换语言/ }).tap();
  await expect(page.locator('body')).toHaveClass(/kiosk-large/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.clock.fastForward(59_000);
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await page.clock.fastForward(2_000);
  const dialog = page.getByRole('alertdialog', { name: 'Still there?' });
  await expect(dialog).toBeVisible();
  await snap(page, 'kiosk-idle-overlay');
  // A tap on "Continue" keeps everything.
  // force: with the fake clock, animation frames only run when the test advances time.
  await dialog.getByRole('button', { name: 'Continue' }).tap({ force: true });
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/kiosk\/guide$/);

  await page.clock.fastForward(61_000);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/In \d+ s/);
  await page.clock.fastForward(21_000);
  await expect(page).toHaveURL(/\/kiosk$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('body')).not.toHaveClass(/kiosk-large/);
  await context.close();
});

test('large-text mode is one tap away on every kiosk screen and fits both orientations', async ({ browser }) => {
  for (const viewport of [PORTRAIT, LANDSCAPE]) {
    const context = await browser.newContext({ viewport, hasTouch: true });
    const page = await context.newPage();
    for (const path of ['/kiosk', '/kiosk/guide', '/kiosk/guide/returns', '/kiosk/returns']) {
      await page.goto(path);
      const toggle = page.getByRole('button', { name: /长辈模式/ });
      await expect(toggle).toHaveAttribute('aria-pressed', 'false');
      await toggle.tap();
      await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, '\\/')}$`));
      await expect(page.getByRole('button', { name: /标准模式/ })).toHaveAttribute('aria-pressed', 'true');
      await expectNoHorizontalOverflow(page);
      if (path === '/kiosk' || path === '/kiosk/returns')
        await snap(page, `kiosk-large${path.replace(/\//g, '-')}-${viewport.width}x${viewport.height}`);
      await page.getByRole('button', { name: /标准模式/ }).tap();
      await expect(page.getByRole('button', { name: /长辈模式/ })).toBeVisible();
    }
    await context.close();
  }
});

test('kiosk chrome: touch targets of at least 64 px, no context menu, no caching', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  const response = await page.goto('/kiosk/guide');
  expect(response?.headers()['cache-control']).toBe('no-store');
  const small = await page.locator('a, button').evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.kiosk-reading'))
      .map((el) => ({ text: el.textContent?.trim(), ...el.getBoundingClientRect().toJSON() }))
      .filter((r) => r.height < 64 || r.width < 64),
  );
  expect(small).toEqual([]);
  const prevented = await page.evaluate(() => {
    const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(prevented).toBe(true);
  await expectNoSeriousA11yViolations(page);
  await context.close();
});
