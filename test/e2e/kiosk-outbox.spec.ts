/**
 * A kiosk set up by a supervisor, then a network outage: the complaint is kept in the kiosk's
 * outbox (IndexedDB), survives a reload, and lands exactly once when the network is back, even
 * though the server received the first attempt and only its answer was lost. Staff see the
 * pending item on the kiosk-health page meanwhile.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { storedTickets } from './store-files';
import { expectNoSeriousA11yViolations, fillAnonymousComplaint, PORTRAIT, snap } from './helpers';
import { TEST_USERS } from './users';

/** Tickets in the e2e store whose description contains `text`, read from the store's files (day files and journal). */
function ticketsWith(text: string): { no: string; kioskId?: string; idempotencyKey?: string }[] {
  return storedTickets(process.env.E2E_DATA_DIR!).filter((r) => r.description?.includes(text));
}

const outboxItems = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ key: string; ref: string; state: string }[]>((resolve, reject) => {
        const open = indexedDB.open('kiosk-outbox', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('items', { keyPath: 'key' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('items').objectStore('items').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
      }),
  );

async function signIn(page: Page, who: keyof typeof TEST_USERS) {
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function healthRow(browser: Browser, kioskId: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login?next=/staff/kiosks');
  await signIn(page, 'supervisor');
  await expect(page).toHaveURL(/\/staff\/kiosks$/);
  return { page, row: page.locator(`tr[data-kiosk="${kioskId}"]`) };
}

test('a complaint sent during an outage is saved, survives a reload and lands exactly once', async ({ browser }) => {
  test.setTimeout(90_000);
  const tag = Math.random().toString(36).slice(2, 8);
  const kioskId = `K-E2E-${tag}`;
  const description = `离线测试 ${tag}：电梯旁的饮水机一直漏水。`;
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();

  // A supervisor gives the kiosk its id, once; saving signs them out again.
  await page.goto('/kiosk?setup=1');
  await expect(page).toHaveURL(/\/kiosk\/setup$/);
  await page.getByRole('link', { name: '员工登录' }).tap();
  await signIn(page, 'supervisor');
  await expect(page).toHaveURL(/\/kiosk\/setup$/);
  await page.getByLabel('终端编号').fill(kioskId);
  await page.getByRole('radio', { name: '本终端有打印机' }).check();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: '保存并退出登录' }).tap();
  await expect(page.getByTestId('kiosk-setup-saved')).toContainText(kioskId);
  const cookies = await context.cookies();
  const idCookie = cookies.find((c) => c.name === 'kiosk_id')!;
  // The server-issued credential: the id and a random secret (only its hash is stored).
  expect(idCookie).toMatchObject({
    value: expect.stringMatching(new RegExp(`^${kioskId}\\.[A-Za-z0-9_-]{43}$`)),
    httpOnly: true,
  });
  expect(idCookie.expires * 1000 - Date.now()).toBeGreaterThan(300 * 86_400_000);
  const staff = await page.request.get('/staff', { maxRedirects: 0 });
  expect(staff.status()).toBe(303);

  // The shopper fills in a complaint; the network drops before "Send".
  await fillAnonymousComplaint(page, description);
  await context.setOffline(true);
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByRole('heading', { name: /已保存，网络恢复后自动提交/ })).toBeVisible();
  const ref = (await page.getByTestId('local-ref').textContent())!;
  expect(ref).toMatch(/^[2-9A-Z]{6}$/);
  await snap(page, 'kiosk-outbox-saved-1080x1920');
  expect(await outboxItems(page)).toEqual([
    expect.objectContaining({ ref, state: 'pending', key: expect.stringMatching(new RegExp(`^R${ref}-`)) }),
  ]);

  // Back online, but the API answers nothing: the first retry reaches the server and its answer is lost.
  let attempts = 0;
  await page.route('**/api/feedback', async (route) => {
    if (attempts++ === 0) await route.fetch();
    await route.abort('internetdisconnected');
  });
  await context.setOffline(false);
  await expect.poll(() => attempts).toBeGreaterThan(0);
  await expect.poll(() => ticketsWith(description).length).toBe(1);

  // The item survives a reload (the kiosk page itself loads; only the API is unreachable).
  await page.reload();
  // The outbox retries on load; allow for a busy machine.
  await expect.poll(() => attempts, { timeout: 20_000 }).toBeGreaterThan(1);
  expect(await outboxItems(page)).toEqual([expect.objectContaining({ ref, state: 'pending' })]);

  // Staff see it as pending on the kiosk-health page (the heartbeat is not blocked).
  const health = await healthRow(browser, kioskId);
  await expect(health.row.getByTestId('pending')).toHaveText('1');
  await expectNoSeriousA11yViolations(health.page);

  // The API is back: the outbox delivers, the server answers the known key with the first ticket.
  await page.unroute('**/api/feedback');
  await page.evaluate(() => dispatchEvent(new Event('online')));
  await expect.poll(() => outboxItems(page), { timeout: 20_000 }).toEqual([]);
  const tickets = ticketsWith(description);
  expect(tickets).toHaveLength(1);
  expect(tickets[0]).toMatchObject({ kioskId, idempotencyKey: expect.stringMatching(new RegExp(`^R${ref}-`)) });

  await expect(async () => {
    await health.page.reload();
    await expect(health.row.getByTestId('pending')).toHaveText('0');
  }).toPass({ timeout: 20_000 });
  await expect(health.row).toContainText(/正常/);

  // The shopper brings the local reference to the desk: staff find the ticket by it, typed loosely.
  await health.page.goto('/staff/tickets');
  await health.page
    .getByRole('textbox', { name: /终端本机编号/ })
    .fill(`${ref.slice(0, 3).toLowerCase()} ${ref.slice(3)}`);
  await health.page.getByRole('button', { name: '查找', exact: true }).click();
  await expect(health.page).toHaveURL(new RegExp(`/staff/tickets/${tickets[0].no}$`));
  await expect(health.page.locator('dd.tk-mono')).toHaveText(ref);
  const none = await health.page.goto('/staff/tickets/by-ref?ref=0OIL11');
  expect(none?.status()).toBe(400);
  await expect(health.page.getByRole('alert')).toContainText('不是本机编号');
  await context.close();
});

test('kiosk setup needs a supervisor: staff get the sign-in link, not the form', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: PORTRAIT, hasTouch: true })).newPage();
  await page.goto('/kiosk/setup');
  await expect(page.getByRole('link', { name: '员工登录' })).toBeVisible();
  await expect(page.getByLabel('终端编号')).toHaveCount(0);
  const forbidden = await page.request.post('/kiosk/setup', {
    form: { kioskId: 'K-X' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(forbidden.status()).toBe(403);
  await page.getByRole('link', { name: '员工登录' }).tap();
  await signIn(page, 'staff');
  await expect(page).toHaveURL(/\/kiosk\/setup$/);
  await expect(page.getByLabel('终端编号')).toHaveCount(0);
  const staffPage = await page.request.get('/staff/kiosks');
  expect(staffPage.status()).toBe(403);
});

// Issue 16: a 429 (the kiosk's budget, or the global ceiling) used to show 提交太频繁 and drop the
// complaint; now the outbox keeps it and sends it after Retry-After.
test('a complaint answered 429 is kept in the outbox and sent after Retry-After, once', async ({ browser }) => {
  test.setTimeout(60_000);
  const tag = Math.random().toString(36).slice(2, 8);
  const description = `限流测试 ${tag}：三楼洗手间没有纸巾。`;
  const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true });
  const page = await context.newPage();
  let refused = 0;
  await page.route('**/api/feedback', async (route) => {
    if (refused++ === 0)
      await route.fulfill({
        status: 429,
        headers: { 'Retry-After': '2', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: { code: 'rate_limited', message: '提交太频繁，请稍后再试 / Too many' } }),
      });
    else await route.continue();
  });
  await fillAnonymousComplaint(page, description);
  const sentAt = Date.now();
  await page.getByRole('button', { name: '提交 ›' }).tap();
  await expect(page.getByTestId('local-ref')).toBeVisible();
  expect(await outboxItems(page)).toEqual([expect.objectContaining({ state: 'pending' })]);
  expect(ticketsWith(description)).toHaveLength(0);
  await expect.poll(() => ticketsWith(description).length, { timeout: 20_000 }).toBe(1);
  expect(Date.now() - sentAt).toBeGreaterThanOrEqual(2000);
  await expect.poll(() => outboxItems(page), { timeout: 10_000 }).toEqual([]);
  expect(ticketsWith(description)).toHaveLength(1);
  await context.close();
});
