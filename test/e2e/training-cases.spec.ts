/**
 * The case library, assignments and re-certification (issue 18), on a server of their own whose
 * data directory holds a quiz passed before the returns rules changed on 2026-11-29
 * (test/e2e/seed-training.ts):
 * - a closed complaint becomes a case with no personal data in the page;
 * - the re-certification view flags the question citing a changed clause and the person who
 *   passed before the change, not the one who passed on the day it took effect;
 * - the one-step re-certification quiz shows as 待完成 on /staff and disappears once passed.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoSeriousA11yViolations, snap } from './helpers';
import { startServer, type RunningServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';

const root = path.resolve(import.meta.dirname, '../..');
let server: RunningServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-cases-'));
  const env = { ...process.env, DATA_DIR: dataDir };
  for (const script of ['test/e2e/seed.ts', 'test/e2e/seed-training.ts'])
    execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: 'inherit' });
  // The supervisor works in engineering (for the assignment to a department).
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/users.ts', 'department', TEST_USERS.supervisor.username, 'engineering'],
    { cwd: root, env, stdio: 'inherit' },
  );
  server = await startServer({ dataDir, env: { POLICIES_PUBLIC: '1' } });
});

test.afterAll(async () => {
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

async function signIn(browser: Browser, who: TestUserKey, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}

async function api(token: string, method: string, p: string, body?: unknown) {
  const res = await fetch(`${server.url}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** What must never reach a case page. */
const SHOPPER = { name: '钱晓燕', phone: '13700001111' };
const STAFF_NAMES = [TEST_USERS.staff.name, TEST_USERS.staff2.name];

test('a closed complaint becomes an anonymised case, searchable in the library', async ({ browser }) => {
  const tokens = JSON.parse(readFileSync(path.join(server.dataDir, 'e2e-api-tokens.json'), 'utf8')) as Record<
    string,
    string
  >;
  const users = JSON.parse(readFileSync(path.join(server.dataDir, 'users.json'), 'utf8')) as {
    records: { id: string; username: string }[];
  };
  const idOf = (u: string) => users.records.find((r) => r.username === u)!.id;

  // A complaint through the hotline, worked to the end: reply by 张客服, follow-up and close by 刘客服.
  const created = await api(tokens.staff, 'POST', '/api/staff/tickets', {
    channel: 'phone',
    receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
    kind: 'complaint',
    category: 'quality',
    tenant: 'b1-food-court',
    description: `${SHOPPER.name}女士在味道美食广场的面里吃到异物，电话 137 0000 1111，由${TEST_USERS.staff.name}接待。`,
    demand: '退款并道歉',
    contact: SHOPPER,
    consent: true,
  });
  expect(created.status).toBe(201);
  const { ticketNo: no, verifyCode } = created.json as { ticketNo: string; verifyCode: string };
  const act = async (token: string, body: Record<string, unknown>) =>
    expect((await api(token, 'POST', `/api/staff/tickets/${no}/actions`, body)).status).toBe(200);
  await act(tokens.staff, { action: 'assign', department: 'food-beverage', assigneeId: idOf('staff') });
  await act(tokens.staff, { action: 'start' });
  await act(tokens.staff, {
    action: 'reply',
    note: `${TEST_USERS.staff.name}已致电钱女士（${SHOPPER.phone}），商户同意退款并书面道歉。`,
  });
  await act(tokens.staff2, { action: 'followUp', satisfaction: 5, note: `${SHOPPER.name}表示满意` });
  await act(tokens.staff2, { action: 'close' });

  // The supervisor opens the closed ticket and makes it a case from the anonymised draft.
  const sup = await signIn(browser, 'supervisor');
  await sup.goto(`/staff/tickets/${no}`);
  await sup.getByRole('link', { name: '整理为案例' }).click();
  await expect(sup.getByRole('heading', { level: 1, name: '整理为案例' })).toBeVisible();
  await expect(sup.getByRole('status').filter({ hasText: '已隐去' })).toBeVisible();
  const happened = await sup.getByLabel('经过').inputValue();
  expect(happened).toContain('面里吃到异物');
  const handling = await sup.getByLabel('处理过程').inputValue();
  for (const text of [happened, handling, await sup.getByRole('textbox', { name: '结果', exact: true }).inputValue()])
    for (const gone of [SHOPPER.name, '钱女士', SHOPPER.phone, '137 0000 1111', ...STAFF_NAMES])
      expect(text).not.toContain(gone);
  await snap(sup, 'cases-make-1440');
  await expectNoSeriousA11yViolations(sup);

  // An unknown clause is refused by name and the form stays.
  await sup.getByLabel('案例标题').fill('美食广场餐品异物投诉');
  await sup.getByLabel('涉及条款').fill('complaints-8.3, complaints-99.9');
  // The supervisor types the shopper's name back in: the server removes it again.
  await sup.getByLabel('经验和教训').fill(`先向${SHOPPER.name}致歉，再请商户到场，当场确认退款。`);
  await sup.getByRole('button', { name: '保存到案例库' }).click();
  await expect(sup.getByRole('alert')).toContainText('complaints-99.9');
  await sup.getByLabel('涉及条款').fill('complaints-8.3, complaints-3.1');
  await sup.getByLabel('经验和教训').fill(`先向${SHOPPER.name}致歉，再请商户到场，当场确认退款。`);
  await sup.getByRole('button', { name: '保存到案例库' }).click();
  await expect(sup.getByRole('heading', { level: 1, name: '美食广场餐品异物投诉' })).toBeVisible();
  const caseUrl = sup.url();
  expect(caseUrl).toMatch(/\/training\/cases\/[0-9a-f-]{36}$/);

  // Staff read it: no personal data anywhere in the page, the tenant stood in for, clause deep links.
  const staff = await signIn(browser, 'staff3');
  await staff.goto(caseUrl);
  const html = await staff.content();
  for (const gone of [
    SHOPPER.name,
    '钱女士',
    SHOPPER.phone,
    '137 0000 1111',
    verifyCode,
    no,
    ...STAFF_NAMES,
    '味道美食广场',
  ])
    expect(html).not.toContain(gone);
  for (const id of Object.values(users.records.map((r) => r.id))) expect(html).not.toContain(id);
  await expect(staff.getByText('某餐饮商户').first()).toBeVisible();
  await expect(staff.getByText('先向顾客致歉')).toBeVisible();
  await expect(staff.getByRole('link', { name: /8\.3/ })).toHaveAttribute('href', /#complaints-8\.3$/);
  // Only trainers write questions; staff see no such link.
  await expect(staff.getByRole('link', { name: '据此案例出题' })).toHaveCount(0);
  await snap(staff, 'cases-case-1440');
  await expectNoSeriousA11yViolations(staff);

  await staff.goto('/training/cases?q=异物');
  await expect(staff.getByRole('link', { name: '美食广场餐品异物投诉' })).toBeVisible();
  await staff.goto('/training/cases?q=没有这个词');
  await expect(staff.getByText('没有符合条件的案例')).toBeVisible();
  await staff.goto('/training/cases?clause=complaints-3.1&category=quality');
  await expect(staff.getByRole('link', { name: '美食广场餐品异物投诉' })).toBeVisible();
  await snap(staff, 'cases-list-1440');

  // The trainer writes a question from it (the editor gets the stem, clauses and case id).
  const trainer = await signIn(browser, 'trainer');
  await trainer.goto(caseUrl);
  const href = await trainer.getByRole('link', { name: '据此案例出题' }).getAttribute('href');
  const url = new URL(href!, server.url);
  expect(url.pathname).toBe('/training/questions/new');
  expect(url.searchParams.get('clauses')).toBe('complaints-8.3,complaints-3.1');
  expect(url.searchParams.get('case')).toBe(caseUrl.split('/').at(-1));
  await trainer.getByRole('link', { name: '据此案例出题' }).click();
  await expect(trainer.getByLabel('题干')).toHaveValue(/美食广场餐品异物投诉/);
  await expect(trainer.getByLabel(/依据条款/)).toHaveValue('complaints-8.3, complaints-3.1');

  // A second case from the same ticket is refused; bad fields are 400 naming the field, never 500.
  await sup.goto(`/staff/tickets/${no}/case`);
  await expect(sup.getByRole('status').filter({ hasText: '已整理为案例' })).toBeVisible();
  const post = (fields: Record<string, string>) =>
    sup.request.post('/_actions/training.createCase', { form: fields, headers: { origin: server.url } });
  const bad = await post({ no: 'nope', title: '', clauses: 'x', happened: 'h', lesson: 'l' });
  expect(bad.status()).toBe(400);
  const body = await bad.text();
  for (const field of ['no', 'title', 'clauses']) expect(body).toContain(field);
  expect((await post({ no, title: 't', clauses: 'complaints-8.3', happened: 'h', lesson: 'l' })).status()).toBe(409);
  for (const p of [sup, staff, trainer]) await p.context().close();
});

test('a clause change flags the question and the person who passed before; the re-certification quiz is 待完成 until passed', async ({
  browser,
}) => {
  const trainer = await signIn(browser, 'trainer');
  await trainer.goto('/training');
  const returnsRow = trainer.locator('tr[data-section="returns"]');
  await expect(returnsRow).toContainText('1 人');
  await snap(trainer, 'recert-training-1440');

  await trainer.goto('/training/recert');
  const row = trainer.locator('tr[data-section="returns"]');
  await expect(row).toContainText(TEST_USERS.staff2.name);
  await expect(row).toContainText('上次通过 2026-11-20');
  // Passed on the day the change took effect: certified on the current version.
  await expect(row).not.toContainText(TEST_USERS.staff3.name);
  await expect(row).toContainText('2026-11-29');
  // returns-040 cites returns-5.3 (changed 2026-11-29, never reviewed); returns-043 was reviewed that day.
  await expect(trainer.locator('tr[data-question="returns-040"]')).toContainText('待复核');
  await expect(trainer.locator('tr[data-question="returns-043"]')).toHaveCount(0);
  await snap(trainer, 'recert-1440');
  await expectNoSeriousA11yViolations(trainer);

  await row.getByRole('button', { name: '一键指派复训测验' }).click();
  await expect(trainer.getByRole('heading', { level: 1, name: /^复训：退换货/ })).toBeVisible();
  await expect(trainer.getByRole('row', { name: new RegExp(TEST_USERS.staff2.name) })).toContainText('未开始');
  await expect(trainer.getByRole('row')).toHaveCount(2); // the header and 刘客服 only

  // 刘客服 sees it on /staff (also on a phone), takes it, and it is gone.
  const phone = await signIn(browser, 'staff2', { width: 390, height: 844 });
  const todo = phone.getByRole('region', { name: /待完成/ });
  await expect(todo).toContainText('复训：退换货');
  await snap(phone, 'recert-staff-todo-390');
  await expectNoSeriousA11yViolations(phone);
  await todo.getByRole('link', { name: '去答题' }).click();
  await phone.getByRole('button', { name: '开始答题' }).click();
  // Two current questions citing the changed clauses: returns-043 (药品) and returns-044 (已拆封食品).
  // Wait for each question to be on screen (the second replaces the first) before choosing.
  let shown = '';
  for (let i = 0; i < 2; i++) {
    const group = phone.getByRole('group').first();
    await expect(group).not.toHaveText(shown);
    await group
      .getByRole('radio', { name: /除质量原因外售出后不退换|正确/ })
      .first()
      .check();
    await expect(phone.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
    shown = (await group.textContent()) ?? '';
    if (i === 0) await phone.getByRole('button', { name: '下一题' }).click();
  }
  await phone.getByRole('button', { name: '交卷', exact: true }).click();
  await expect(phone.getByRole('heading', { name: '答题结果' })).toBeVisible();
  await phone.goto('/staff');
  await expect(phone.getByRole('region', { name: /待完成/ })).toHaveCount(0);

  // The trainer sees who passed; the section is fully certified again for those who had passed.
  await trainer.reload();
  await expect(trainer.getByRole('row', { name: new RegExp(TEST_USERS.staff2.name) })).toContainText('已通过');
  await snap(trainer, 'assignment-1440');
  await trainer.goto('/training/recert');
  await expect(trainer.locator('tr[data-section="returns"]')).not.toContainText(TEST_USERS.staff2.name);
  for (const p of [trainer, phone]) await p.context().close();
});

test('a trainer assigns a quiz to a role; staff see 待完成; the trainer sees who has not done it', async ({
  browser,
}) => {
  const trainer = await signIn(browser, 'trainer');
  await trainer.goto('/training/new');
  await trainer.getByLabel('测验名称').fill('退换货指派测验');
  await trainer
    .getByRole('group', { name: '题库' })
    .getByRole('checkbox', { name: /退换货/ })
    .check();
  await trainer.getByLabel('题目数量').fill('3');
  await trainer.getByRole('button', { name: '创建测验' }).click();
  await expect(trainer.getByRole('heading', { level: 1, name: '退换货指派测验' })).toBeVisible();
  await trainer.getByRole('button', { name: '开始测验' }).click();
  await expect(trainer).toHaveURL(/\/live$/);
  await trainer.goto(trainer.url().replace(/\/live$/, ''));
  await trainer.getByRole('link', { name: '指派给员工' }).click();
  const quizId = trainer.url().split('quiz=')[1];
  await expect(trainer.getByLabel('测验', { exact: true })).toHaveValue(quizId);
  await trainer.getByRole('group', { name: '按岗位指派' }).getByRole('checkbox', { name: '客服人员' }).check();
  await trainer.getByRole('button', { name: '指派', exact: true }).click();
  await expect(trainer.getByRole('heading', { level: 1, name: '退换货指派测验' })).toBeVisible();
  await expect(trainer.getByRole('row', { name: new RegExp(TEST_USERS.staff.name) })).toContainText('未开始');
  await expect(trainer.getByRole('row', { name: new RegExp(TEST_USERS.supervisor.name) })).toHaveCount(0);

  const staff = await signIn(browser, 'staff');
  await expect(staff.getByRole('region', { name: /待完成/ })).toContainText('退换货指派测验');
  await snap(staff, 'assign-staff-todo-1440');
  const sup = await signIn(browser, 'supervisor');
  await expect(sup.getByRole('region', { name: /待完成/ })).toHaveCount(0);
  for (const p of [trainer, staff, sup]) await p.context().close();
});

test('a quiz assigned to a department reaches the people in it, whatever their role', async ({ browser }) => {
  const trainer = await signIn(browser, 'trainer');
  await trainer.goto('/training/new');
  await trainer.getByLabel('测验名称').fill('工程部安全测验');
  await trainer
    .getByRole('group', { name: '题库' })
    .getByRole('checkbox', { name: /退换货/ })
    .check();
  await trainer.getByLabel('题目数量').fill('2');
  await trainer.getByRole('button', { name: '创建测验' }).click();
  await trainer.getByRole('button', { name: '开始测验' }).click();
  await expect(trainer).toHaveURL(/\/live$/);
  await trainer.goto(trainer.url().replace(/\/live$/, ''));
  await trainer.getByRole('link', { name: '指派给员工' }).click();
  await trainer.getByRole('group', { name: '按部门指派' }).getByRole('checkbox', { name: '工程部' }).check();
  await trainer.getByRole('button', { name: '指派', exact: true }).click();
  await expect(trainer.getByRole('heading', { level: 1, name: '工程部安全测验' })).toBeVisible();
  await expect(trainer.getByText(/指派部门：工程部/)).toBeVisible();
  await expect(trainer.getByRole('row', { name: new RegExp(TEST_USERS.supervisor.name) })).toContainText('未开始');
  await expect(trainer.getByRole('row', { name: new RegExp(TEST_USERS.staff.name) })).toHaveCount(0);

  const sup = await signIn(browser, 'supervisor');
  await expect(sup.getByRole('region', { name: /待完成/ })).toContainText('工程部安全测验');
  const staff = await signIn(browser, 'staff');
  await expect(staff.getByRole('region', { name: /待完成/ })).not.toContainText('工程部安全测验');
  for (const p of [trainer, staff, sup]) await p.context().close();
});
