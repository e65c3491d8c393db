/**
 * The head office (集团客服): an hq user reads every mall's month side by side (in JSON mode, this
 * server's one mall) with a chain total equal to the mall's own report, drills into the mall's
 * report (read-only) and downloads the table as CSV; other roles are turned away.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectNoHorizontalOverflow, expectNoSeriousA11yViolations, signedIn, snap } from './helpers';

const MALL = { id: 'galaxy-sh', name: '星河购物中心' };

/** The cell of a row (by its header text) in the column whose data-col is `col`. */
const cell = (page: Page, row: string | RegExp, col: string) =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: row }) })
    .locator(`td[data-col="${col}"]`);

/** The mall's own figures for a month, as /staff/reports and its API give them. */
async function ownReport(page: Page, month: string) {
  const res = await page.request.get(`/api/staff/reports/monthly?month=${month}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { total: number; byChannel: Record<string, number>; byKind: Record<string, number> };
}

test.beforeAll(async ({ request }) => {
  // Two tickets this month, from the kiosk: the month has something to count whatever ran before.
  for (const description of ['集团总览测试：洗手间没有纸巾。', '集团总览测试：空调太冷。']) {
    const res = await request.post('/api/feedback', {
      data: { kind: 'complaint', category: 'facilities', description },
      headers: { 'X-Kiosk-Id': 'K-HQ' },
    });
    expect(res.status()).toBe(201);
  }
});

test('head office: every mall side by side, a total equal to the mall’s own report, drill-down and CSV', async ({
  browser,
}) => {
  const hq = await signedIn(browser, 'hq', { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  // The head office's nav: the chain view and the reports, no ticket queue.
  const nav = hq.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '集团总览' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '报表' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '工单', exact: true })).toHaveCount(0);
  await nav.getByRole('link', { name: '集团总览' }).click();
  await expect(hq.getByRole('heading', { level: 1, name: '集团总览：各商场月度对比' })).toBeVisible();
  const month = await hq.getByLabel('月份').inputValue();
  expect(month).toMatch(/^\d{4}-\d{2}$/);

  // Other journeys add tickets in parallel: compare a reading of /hq taken between two equal
  // readings of the mall's own report.
  const [year, mm] = month.split('-');
  const label = `${year} 年 ${Number(mm)} 月`;
  const table = hq.getByRole('table', { name: `${label} 各商场对比` });
  await expect(table).toBeVisible();
  let checked = false;
  for (let attempt = 0; attempt < 5 && !checked; attempt++) {
    const before = await ownReport(hq, month);
    await hq.goto(`/hq?month=${month}`);
    const mallTotal = Number(await cell(hq, MALL.name, 'total').innerText());
    const chainTotal = Number(await cell(hq, '全集团合计', 'total').innerText());
    const kiosk = Number(await cell(hq, MALL.name, 'channel.kiosk').innerText());
    const complaints = Number(await cell(hq, '全集团合计', 'kind.complaint').innerText());
    const after = await ownReport(hq, month);
    if (before.total !== after.total) continue;
    expect(mallTotal).toBeGreaterThanOrEqual(2);
    expect(mallTotal).toBe(before.total);
    // One mall (JSON mode): the chain total is that mall's figure.
    expect(chainTotal).toBe(before.total);
    expect(kiosk).toBe(before.byChannel.kiosk);
    expect(complaints).toBe(before.byKind.complaint);
    // And the mall's own report page says the same.
    const own = await hq.context().newPage();
    await own.goto(`/staff/reports?month=${month}`);
    await expect(own.getByText(`本月共受理 ${before.total} 件`)).toBeVisible();
    await own.close();
    checked = true;
  }
  expect(checked, 'the month kept changing under the comparison').toBe(true);
  // Only this server's mall in JSON mode, named from chain.yaml.
  await expect(table.locator('tbody tr')).toHaveCount(1);
  // Tickets still open this month are overdue or not; the column is there and alerts when non-zero.
  await expect(cell(hq, MALL.name, 'overdue')).toHaveText(/^\d+$/);
  await expectNoSeriousA11yViolations(hq);

  // Sort by a column: the header link flips the order and says so.
  await hq.getByRole('link', { name: /^件数/ }).click();
  await expect(hq).toHaveURL(/sort=total&dir=desc/);
  await expect(hq.getByRole('columnheader', { name: /^件数/ })).toHaveAttribute('aria-sort', 'descending');

  // CSV: BOM, heading, the mall and the chain total.
  const downloading = hq.waitForEvent('download');
  await hq.getByRole('link', { name: '导出 CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`hq-${month}.csv`);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0]).toMatch(/^商场编号,商场,件数,/);
  expect(lines[1]).toMatch(new RegExp(`^${MALL.id},${MALL.name},\\d+,`));
  expect(lines.at(-1)).toMatch(/^,全集团合计,\d+,/);
  expect(lines).toHaveLength(3);

  // Drill-down: the mall's monthly report, read-only.
  await hq.goto(`/hq?month=${month}`);
  await hq.getByRole('link', { name: MALL.name }).click();
  await expect(hq).toHaveURL(new RegExp(`/hq/${MALL.id}\\?month=${month}$`));
  await expect(hq.getByRole('heading', { level: 1, name: `${MALL.name} 月度报表 · ${label}` })).toBeVisible();
  await expect(hq.getByText(/本月共受理 \d+ 件/)).toBeVisible();
  await expect(hq.getByRole('heading', { name: '按时完成率' })).toBeVisible();
  // Nothing to submit in the page itself (the header's sign-out form aside).
  await expect(hq.locator('#main form[method="POST"], #main form[method="post"]')).toHaveCount(0);
  await expectNoSeriousA11yViolations(hq);
  await hq.getByRole('link', { name: '返回集团总览' }).click();
  await expect(hq).toHaveURL(new RegExp(`/hq\\?month=${month}$`));

  // The head office works no ticket.
  expect((await hq.goto('/staff/tickets'))?.status()).toBe(403);
  // Bad input answers 400 naming the field; an unknown mall is not found.
  expect((await hq.goto('/hq?month=2026-13'))?.status()).toBe(400);
  await expect(hq.getByRole('alert')).toContainText('month');
  const bad = await hq.request.get('/hq/export.csv?dir=sideways');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { fields: Record<string, unknown> } }).error.fields).toHaveProperty('dir');
  expect((await hq.goto('/hq/no-such-mall'))?.status()).toBe(404);
});

test('other roles get no head office view; anonymous visitors are sent to sign in', async ({ browser }) => {
  const staff = await signedIn(browser, 'staff');
  await expect(staff.getByRole('link', { name: '集团总览' })).toHaveCount(0);
  expect((await staff.goto('/hq'))?.status()).toBe(403);
  await expect(staff.getByRole('alert')).toContainText('只有集团客服和系统管理员');
  expect((await staff.goto(`/hq/${MALL.id}`))?.status()).toBe(403);
  expect((await staff.request.get('/hq/export.csv')).status()).toBe(403);

  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto('/hq');
  await expect(anonymous).toHaveURL(/\/login\?next=%2Fhq/);
});

test('the head office table at 1440 × 900 and on a phone: the table scrolls in its box, the page does not', async ({
  browser,
}) => {
  const admin = await signedIn(browser, 'admin', { viewport: { width: 1440, height: 900 } });
  await admin.goto('/hq');
  await expect(admin.getByRole('link', { name: MALL.name })).toBeVisible();
  await expectNoHorizontalOverflow(admin);
  await snap(admin, 'hq-1440');
  const month = await admin.getByLabel('月份').inputValue();
  await admin.goto(`/hq/${MALL.id}?month=${month}`);
  await expectNoHorizontalOverflow(admin);
  await snap(admin, 'hq-mall-1440');

  const phone = await signedIn(browser, 'hq', {
    // A plain 390 px window (a mobile emulation would zoom a too-wide page out and hide the overflow).
    viewport: { width: 390, height: 844 },
  });
  await phone.goto('/hq');
  await expect(phone.getByRole('link', { name: MALL.name })).toBeVisible();
  await expectNoHorizontalOverflow(phone);
  // The table is wider than the phone and scrolls inside its own region.
  const region = phone.getByRole('region', { name: /各商场对比/ });
  const { scroll, client } = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll).toBeGreaterThan(client);
  expect(client).toBeLessThanOrEqual(390);
  await snap(phone, 'hq-390');
  await phone.goto(`/hq/${MALL.id}?month=${month}`);
  await expectNoHorizontalOverflow(phone);
  await snap(phone, 'hq-mall-390');
});
