/**
 * The workbench and reports with a realistic store (weeks of generated tickets, some overdue
 * and urgent), for screenshots and for the overdue handling: the sweep records reminders (催办)
 * and escalations, and the queue marks overdue and urgent rows in words, not colour alone.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsersRepo } from '../../src/lib/store/users';
import { generateTickets, writeTickets } from '../bench/generate-tickets';
import { expectNoSeriousA11yViolations, snap } from './helpers';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
const stale: string[] = [];

test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-screens-'));
  const now = Date.now();
  const tickets = generateTickets({ count: 3000, days: 45, now, seed: 7 });
  // A few tickets from two days ago that nobody handed on: overdue, two of them urgent.
  const old = tickets
    .filter((t) => now - Date.parse(t.createdAt) > 2 * 86_400_000 && now - Date.parse(t.createdAt) < 3 * 86_400_000)
    .slice(0, 5);
  old.forEach((t, i) => {
    const { assignee: _a, satisfaction: _s, ...rest } = t;
    const created = t.events[0];
    Object.keys(t).forEach((k) => delete (t as Record<string, unknown>)[k]);
    Object.assign(t, {
      ...rest,
      status: 'received',
      level: 0,
      urgency: i < 2 ? 'urgent' : 'normal',
      events: [created],
    });
    stale.push(t.no);
  });
  writeTickets(dataDir, tickets);
  const users = await UsersRepo.open(dataDir);
  await users.add({ username: 'screens', name: '孙主管', role: 'supervisor', password: 'screens-pass-2026' });
  server = await startServer({ dataDir, env: { FEEDBACK_SWEEP_SECONDS: '60' } });
});
test.afterAll(async () => server?.stop());

async function signIn(page: Page) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('用户名').fill('screens');
  await page.getByLabel('密码').fill('screens-pass-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

test('the queue marks overdue and urgent tickets, and the sweep has recorded reminders and escalations', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page);
  await page.goto(`${server.url}/staff/tickets`);
  const first = page.locator('tbody tr').first();
  await expect(first).toContainText('⚠ 已逾期');
  await expect(page.getByRole('row', { name: new RegExp(stale[0]) })).toContainText('‼ 紧急');
  await snap(page, 'staff-queue-busy');
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel('只看逾期').check();
  await page.getByRole('button', { name: '筛选' }).click();
  for (const no of stale) await expect(page.getByRole('row', { name: new RegExp(no) })).toBeVisible();
  for (const row of await page.locator('tbody tr').all()) await expect(row).toContainText('已逾期');

  await page.getByRole('link', { name: stale[0] }).click();
  const timeline = page.getByRole('region', { name: '处理记录' });
  await expect(timeline).toContainText('催办：转交责任人已逾期');
  await expect(timeline).toContainText('升级至营运经理');
  await expect(page.locator('.tk-facts')).toContainText('店长');
  await snap(page, 'staff-ticket-overdue');
});

test('the monthly report of a busy month', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page);
  const month = new Date(Date.now() - 20 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 7);
  await page.goto(`${server.url}/staff/reports?month=${month}`);
  await expect(page.getByText(/本月共受理 [1-9]\d* 件/)).toBeVisible();
  await expect(page.getByText(/平均 [1-5]\.\d\d 分/)).toBeVisible();
  await page.waitForTimeout(300);
  await snap(page, 'staff-reports-busy');
  await page.setViewportSize({ width: 1440, height: 2400 });
  await snap(page, 'staff-reports-busy-full');
});
