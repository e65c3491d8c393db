/**
 * The whole life of a complaint: a shopper sends it at the kiosk, a supervisor works it through
 * every state on the staff workbench, and the shopper's status page shows each public step.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expectNoSeriousA11yViolations, PORTRAIT, snap } from './helpers';
import { TEST_USERS, type TestUserKey } from './users';

async function signedIn(browser: Browser, who: TestUserKey, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}

/** Sends a complaint through the kiosk API (the kiosk UI itself is covered in feedback-kiosk.spec.ts). */
async function complaint(page: Page, body: Record<string, unknown> = {}) {
  const res = await page.request.post('/api/feedback', {
    data: { kind: 'complaint', category: 'quality', description: '新买的电饭煲第二天就不加热了，要求更换。', floor: '4F', tenant: '4f-appliance', ...body },
    headers: { 'X-Kiosk-Id': `journey-${Math.random().toString(36).slice(2, 8)}` },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { ticketNo: string; verifyCode: string };
}

test('a complaint from the kiosk is worked through every state, and the shopper sees each public step', async ({ browser }) => {
  test.setTimeout(120_000);
  // The shopper at the kiosk.
  const kiosk = await (await browser.newContext({ viewport: PORTRAIT, hasTouch: true })).newPage();
  await kiosk.goto('/kiosk/feedback');
  await kiosk.getByRole('button', { name: /^投诉/ }).tap();
  await kiosk.getByRole('button', { name: '商品质量' }).tap();
  await kiosk.getByRole('button', { name: /^4F/ }).tap();
  await kiosk.getByRole('button', { name: '智家电器' }).tap();
  await kiosk.getByRole('button', { name: '下一步 ›' }).tap();
  await kiosk.getByLabel('情况说明').fill('新买的电饭煲第二天就不加热了，要求更换。');
  await kiosk.getByRole('button', { name: '下一步 ›' }).tap();
  await kiosk.getByLabel('怎么称呼您').fill('刘先生');
  await kiosk.getByLabel('手机号码').fill('13812345678');
  await kiosk.getByRole('checkbox', { name: /我同意/ }).check();
  await kiosk.getByRole('button', { name: '下一步 ›' }).tap();
  await kiosk.getByRole('button', { name: '提交 ›' }).tap();
  const ticketNo = (await kiosk.getByTestId('ticket-no').textContent())!;
  const code = (await kiosk.getByTestId('verify-code').textContent())!;
  const statusPage = `/kiosk/status?t=${ticketNo}&c=${code}`;
  const shopperSees = async (label: string, note?: string) => {
    await kiosk.goto(statusPage);
    await expect(kiosk.getByTestId('status-current')).toHaveText(label);
    await expect(kiosk.locator('.st-timeline li').last()).toContainText(label);
    if (note) await expect(kiosk.locator('.st-timeline li').last()).toContainText(note);
  };
  await shopperSees('已受理');

  // The supervisor.
  const desk = await signedIn(browser, 'supervisor');
  await desk.getByRole('link', { name: '工单' }).first().click();
  await expect(desk).toHaveURL(/\/staff\/tickets$/);
  const row = desk.getByRole('row', { name: new RegExp(ticketNo) });
  await expect(row).toContainText('已受理');
  await expect(row).toContainText('转交责任人');
  await snap(desk, 'staff-queue');
  await expectNoSeriousA11yViolations(desk);
  await row.getByRole('link', { name: ticketNo }).click();

  await expect(desk.getByRole('heading', { level: 1 })).toContainText(ticketNo);
  await expect(desk.getByTestId('phone')).toHaveText('138****5678');
  // Each deadline cites its clause.
  await expect(desk.getByRole('link', { name: '第 3.1 条' })).toHaveAttribute('href', /\/policies\/complaints\/[\w-]+#complaints-3\.1$/);
  await expect(desk.getByRole('link', { name: '第 3.2 条' })).toBeVisible();
  await desk.getByRole('button', { name: '显示完整号码' }).click();
  await expect(desk.getByTestId('phone')).toHaveText('13812345678');
  await expect(desk.getByRole('status')).toContainText('已记入审计日志');
  // The reveal is in the append-only audit log.
  const auditDir = path.join(process.env.E2E_DATA_DIR!, 'audit');
  const audit = readdirSync(auditDir).map((f) => readFileSync(path.join(auditDir, f), 'utf8')).join('');
  expect(audit).toContain(`"action":"ticket.revealPhone","target":"${ticketNo}"`);
  expect(audit).not.toContain('13812345678');

  // Assign.
  await desk.getByLabel('责任部门').selectOption({ label: '商管部' });
  await desk.getByLabel('责任人姓名').fill('周主管');
  await desk.getByRole('button', { name: '转办' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：转办');
  await expect(desk.getByTestId('phone')).toHaveText('138****5678');
  await shopperSees('已转办');

  // Start.
  await desk.getByRole('button', { name: '开始处理' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：开始处理');
  await desk.getByLabel('备注（顾客不可见）').fill('内部：联系商户核实销售记录');
  await desk.getByRole('button', { name: '添加内部备注' }).click();
  await shopperSees('处理中');
  await expect(kiosk.getByText('内部：联系商户核实销售记录')).toHaveCount(0);

  // Reply to the shopper.
  await desk.getByLabel('答复内容（顾客可见）').fill('商户同意为您更换新机，请携带小票到 4F 智家电器办理。');
  await desk.getByRole('button', { name: '答复顾客' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：答复顾客');
  await shopperSees('已答复', '商户同意为您更换新机');
  await snap(desk, 'staff-ticket');

  // Follow-up, then close.
  await desk.getByLabel('满意度（1–5 分）').selectOption({ label: '5 非常满意' });
  await desk.getByLabel('回访记录').fill('顾客已换到新机，满意。');
  await desk.getByRole('button', { name: '记录回访' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：记录回访');
  await shopperSees('已回访');
  await desk.getByRole('button', { name: '结案' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：结案');
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('已结案');
  await expectNoSeriousA11yViolations(desk);

  await shopperSees('已结案');
  const steps = await kiosk.locator('.st-timeline li .st-label').allTextContents();
  expect(steps).toEqual(['已受理', '已转办', '处理中', '已答复', '已回访', '已结案']);
  const text = await kiosk.locator('main').textContent();
  for (const secret of ['刘先生', '13812345678', '周主管', '内部', '顾客已换到新机']) expect(text).not.toContain(secret);
  await snap(kiosk, 'status-closed-portrait');
});

test('an invalid complaint shows its explanation to the shopper; reopening escalates it', async ({ browser }) => {
  const desk = await signedIn(browser, 'staff');
  const { ticketNo, verifyCode } = await complaint(desk, { category: 'other', description: '停车场收费太贵了，应该免费。', floor: undefined, tenant: undefined });
  await desk.goto(`/staff/tickets/${ticketNo}`);
  await desk.getByLabel('向顾客的说明（顾客可见）').fill('停车收费由物业按物价部门核准标准执行，不属于商场承诺的服务范围。');
  await desk.getByRole('button', { name: '判定为无效投诉' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('无效投诉');
  const status = await (await desk.request.get(`/api/feedback/${ticketNo}?code=${verifyCode}`)).json();
  expect(status.status).toBe('invalid');
  expect(status.timeline.at(-1)).toEqual({ at: expect.any(String), status: 'invalid', note: '停车收费由物业按物价部门核准标准执行，不属于商场承诺的服务范围。' });

  await desk.getByLabel('顾客不满意的原因').fill('顾客坚持要求处理，升级到营运经理。');
  await desk.getByRole('button', { name: '重新处理（顾客不满意）' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('已转办');
  await expect(desk.locator('.tk-facts')).toContainText('营运经理');
});

test('a staff member without the reveal permission sees only the masked phone and cannot reveal it', async ({ browser }) => {
  const desk = await signedIn(browser, 'staff');
  const { ticketNo } = await complaint(desk, { contact: { phone: '13987654321' }, consent: true });
  await desk.goto(`/staff/tickets/${ticketNo}`);
  await expect(desk.getByTestId('phone')).toHaveText('139****4321');
  await expect(desk.getByRole('button', { name: '显示完整号码' })).toHaveCount(0);
  expect(await desk.content()).not.toContain('13987654321');
  // Posting the reveal action directly is refused.
  const res = await desk.request.post(`/staff/tickets/${ticketNo}?_action=tickets.revealPhone`, {
    form: { no: ticketNo },
    headers: { Origin: new URL(desk.url()).origin },
  });
  expect(res.status()).toBe(403);
  expect(await res.text()).not.toContain('13987654321');
});

test('roles without ticket access get 403 and no 工单 link', async ({ browser }) => {
  const trainer = await signedIn(browser, 'trainer');
  await expect(trainer.getByRole('link', { name: '工单' })).toHaveCount(0);
  const res = await trainer.goto('/staff/tickets');
  expect(res?.status()).toBe(403);
  await expect(trainer.getByRole('alert')).toHaveText('您的角色没有查看工单的权限。');
  const staff = await signedIn(browser, 'staff');
  await expect(staff.getByRole('link', { name: '工单' }).first()).toBeVisible();
  await expect(staff.getByRole('link', { name: '报表' })).toHaveCount(0);
});

test('the queue filters work without JavaScript and mark urgent and overdue tickets in words', async ({ browser }) => {
  const desk = await signedIn(browser, 'supervisor', { javaScriptEnabled: false });
  const { ticketNo } = await complaint(desk, { category: 'cleanliness', description: '五楼洗手间地面很滑，有人摔倒。', floor: '5F', tenant: undefined });
  await desk.goto(`/staff/tickets/${ticketNo}`);
  await desk.getByLabel('紧急程度').selectOption({ label: '紧急' });
  await desk.getByRole('button', { name: '设置紧急程度' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：设置紧急程度');

  await desk.goto('/staff/tickets');
  await desk.getByLabel('只看紧急').check();
  await desk.getByLabel('楼层').selectOption('5F');
  await desk.getByRole('button', { name: '筛选' }).click();
  await expect(desk).toHaveURL(/urgent=1/);
  const row = desk.getByRole('row', { name: new RegExp(ticketNo) });
  await expect(row).toContainText('‼ 紧急');
  for (const r of await desk.locator('tbody tr').all()) await expect(r).toContainText('紧急');
  await desk.getByRole('link', { name: /^已受理/ }).click();
  await expect(desk).toHaveURL(/status=received/);
  await expect(desk).toHaveURL(/urgent=1/);
});
