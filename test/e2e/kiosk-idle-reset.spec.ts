/**
 * The idle reset with a fake clock: a half-filled feedback form with a phone number typed on the
 * keypad is gone afterwards — from the page, from storage and IndexedDB (only the outbox database
 * may stay, and it holds submitted feedback only), and Back does not bring it back.
 */
import { expect, test } from '@playwright/test';
import { hydrated, PORTRAIT } from './helpers';

const PHONE = '13912345678';

test('a half-filled feedback form with a phone number is gone after the idle reset, and Back does not bring it back', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto('/kiosk');
  await page.getByRole('link', { name: /意见反馈/ }).tap();
  await expect(page).toHaveURL(/\/kiosk\/feedback$/);
  await hydrated(page);
  await page.getByRole('button', { name: /^投诉/ }).tap();
  await page.getByRole('button', { name: '商品质量' }).tap();
  await page.getByRole('button', { name: '跳过 ›' }).tap();
  await page.getByLabel('情况说明').fill('收银台排队太久，没有人维持秩序。');
  await page.getByRole('button', { name: '下一步 ›' }).tap();
  const keypad = page.getByRole('group', { name: '数字键盘' });
  for (const d of PHONE) await keypad.getByRole('button', { name: d, exact: true }).tap();
  await expect(page.getByLabel('手机号码')).toHaveValue(PHONE);
  // What a page might have kept for the shopper, next to a kiosk setting that must stay.
  await page.evaluate(async (phone) => {
    sessionStorage.setItem('draft', phone);
    localStorage.setItem('draft', phone);
    localStorage.setItem('kiosk.volume', 'low');
    await new Promise<void>((resolve) => {
      const open = indexedDB.open('scratch', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('drafts').put(phone, 'phone');
      open.onsuccess = () => (open.result.close(), resolve());
    });
  }, PHONE);

  await page.clock.fastForward(61_000);
  await expect(page.getByRole('alertdialog', { name: '还在吗？' })).toBeVisible();
  await page.clock.fastForward(21_000);
  await expect(page).toHaveURL(/\/kiosk$/);
  await expect(page.getByRole('link', { name: /意见反馈/ })).toBeVisible();

  const left = await page.evaluate(async () => ({
    html: document.documentElement.outerHTML,
    session: Object.keys(sessionStorage),
    local: Object.fromEntries(Object.entries(localStorage)),
    databases: (await indexedDB.databases()).map((d) => d.name),
  }));
  expect(left.html).not.toContain(PHONE);
  expect(left.session).toEqual([]);
  expect(left.local).toEqual({ 'kiosk.volume': 'low' });
  expect(left.databases.filter((name) => name !== 'kiosk-outbox')).toEqual([]);

  // Back stays at home: the form's page was replaced in history, and it is never restored from cache.
  await page.goBack();
  await expect(page).toHaveURL(/\/kiosk$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/kiosk$/);
  expect(await page.content()).not.toContain(PHONE);
  await expect(page.getByLabel('手机号码')).toHaveCount(0);
  await context.close();
});
