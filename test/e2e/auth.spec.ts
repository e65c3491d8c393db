import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';
import { expectNoSeriousA11yViolations } from './helpers';

async function signIn(page: Page, who: TestUserKey, next = '') {
  await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('staff pages send an anonymous visitor to sign in, then back', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers/);
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(TEST_USERS.admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { name: '用户管理' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('a wrong password is refused without saying which part was wrong', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('staff');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确');
  await page.getByLabel('用户名').fill('nobody-here');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('用户名或密码不正确');
});

test('the session cookie is HttpOnly and SameSite, and sign-out ends the session', async ({ page, context }) => {
  await signIn(page, 'staff');
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { name: '张客服，您好' })).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'sdk_session')!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Lax');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('status')).toHaveText('您已退出登录。');
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/login/);
});

test('only an admin manages users; an admin adds a user who can then sign in', async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, 'staff');
  const forbidden = await staffPage.goto('/admin/users');
  expect(forbidden?.status()).toBe(403);
  await expect(staffPage.getByRole('link', { name: '用户管理' })).toHaveCount(0);
  await staffContext.close();

  const adminContext = await browser.newContext();
  const page = await adminContext.newPage();
  await signIn(page, 'admin', '/admin/users');
  const username = `new${Date.now() % 100000}`;
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('姓名').fill('新同事');
  await page.getByLabel('角色', { exact: true }).selectOption('staff');
  await page.getByLabel('初始密码（至少 10 位）').fill('short');
  // Past the browser's own minlength check, the server still refuses.
  await page.locator('form:has(#new-password)').evaluate((form: HTMLFormElement) => (form.noValidate = true));
  await page.getByRole('button', { name: '添加用户' }).click();
  await expect(page.getByRole('alert').first()).toContainText('密码至少 10 位');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('姓名').fill('新同事');
  await page.getByLabel('初始密码（至少 10 位）').fill('new-colleague-2026');
  await page.getByRole('button', { name: '添加用户' }).click();
  await expect(page.getByRole('status')).toHaveText(`已添加用户 ${username}`);
  await expect(page.getByRole('cell', { name: '新同事' })).toBeVisible();

  // The last admin cannot be disabled.
  const row = page.getByRole('row', { name: /admin/ }).filter({ hasText: '王管理' });
  await row.getByLabel('admin 的状态').selectOption('false');
  await row.getByRole('button', { name: '保存 admin' }).click();
  await expect(page.getByRole('alert')).toHaveText('至少要保留一个启用的系统管理员');
  await adminContext.close();

  const newContext = await browser.newContext();
  const newPage = await newContext.newPage();
  await newPage.goto('/login');
  await newPage.getByLabel('用户名').fill(username);
  await newPage.getByLabel('密码').fill('new-colleague-2026');
  await newPage.getByRole('button', { name: '登录' }).click();
  await expect(newPage.getByRole('heading', { name: '新同事，您好' })).toBeVisible();
  await newContext.close();
});

test('a password reset and "sign out everywhere" end the sessions on other devices', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin', '/admin/users');
  const username = `sess${Date.now() % 100000}`;
  await admin.getByLabel('用户名', { exact: true }).fill(username);
  await admin.getByLabel('姓名').fill('会话测试');
  await admin.getByLabel('角色', { exact: true }).selectOption('staff');
  await admin.getByLabel('初始密码（至少 10 位）').fill('session-test-2026');
  await admin.getByRole('button', { name: '添加用户' }).click();
  await expect(admin.getByRole('status')).toHaveText(`已添加用户 ${username}`);

  const device = async (password: string) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/staff$/);
    return page;
  };
  const [a, b] = [await device('session-test-2026'), await device('session-test-2026')];
  await b.getByRole('button', { name: '退出所有设备' }).click();
  await expect(b.getByRole('status')).toHaveText('您已在所有设备上退出登录。');
  await a.goto('/staff/tickets');
  await expect(a).toHaveURL(/\/login\?next=/);

  const c = await device('session-test-2026');
  const row = admin.getByRole('row').filter({ hasText: username });
  await row.getByLabel(`${username} 的新密码`).fill('session-test-new-2026');
  await row.getByRole('button', { name: `保存 ${username}` }).click();
  await expect(admin.getByRole('status')).toContainText(username);
  await c.goto('/staff/tickets');
  await expect(c).toHaveURL(/\/login\?next=/);
  await device('session-test-new-2026');
});

test('repeated wrong passwords lock the account for a while, while others from the same address still sign in', async ({
  page,
}) => {
  for (let i = 0; i < 5; i++) {
    await page.goto('/login');
    await page.getByLabel('用户名').fill('lockout');
    await page.getByLabel('密码').fill(`wrong-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
  }
  await page.getByLabel('用户名').fill('lockout');
  await page.getByLabel('密码').fill(TEST_USERS.lockout.password);
  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: '登录' }).click();
  expect((await response).status()).toBe(429);
  await expect(page.getByRole('alert')).toContainText('尝试次数过多');
  await signIn(page, 'staff2');
  await expect(page).toHaveURL(/\/staff$/);
});

test('a fresh server prints a one-time setup link that creates the first admin', async ({ page }) => {
  const server = await startServer();
  try {
    const link = /http:\/\/[^\s"]+\/setup\?token=[\w-]+/.exec(server.output())?.[0];
    expect(link, server.output()).toBeDefined();
    expect((await fetch(`${server.url}/setup?token=wrong`)).status).toBe(403);
    await page.goto(link!);
    await page.getByLabel('用户名').fill('boss');
    await page.getByLabel('姓名').fill('首任管理员');
    await page.getByLabel('密码（至少 10 位）').fill('first-admin-2026');
    await page.getByRole('button', { name: '创建管理员并登录' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole('cell', { name: '首任管理员' })).toBeVisible();
    // The link is spent.
    await page.goto(link!);
    await expect(page.getByRole('alert')).toContainText('设置链接无效或已使用');
    const users = JSON.parse(readFileSync(path.join(server.dataDir, 'users.json'), 'utf8'));
    expect(JSON.stringify(users)).not.toContain('first-admin-2026');
  } finally {
    await server.stop();
  }
});

test('a second server on the same data directory refuses to start', async () => {
  const first = await startServer();
  try {
    // Touch a store-backed route so the first server takes the lock.
    await fetch(`${first.url}/login`);
    writeFileSync(path.join(first.dataDir, 'probe'), '');
    await expect(startServer({ dataDir: first.dataDir })).rejects.toThrow(/in use by another server/);
  } finally {
    await first.stop();
  }
});
