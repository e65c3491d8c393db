/**
 * The whole life of a complaint: a shopper sends it at the kiosk, a supervisor works it through
 * every state on the staff workbench, and the shopper's status page shows each public step.
 */
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expectNoSeriousA11yViolations, hydrated, PORTRAIT, snap, signedIn } from './helpers';

/** Sends a complaint through the kiosk API (the kiosk UI itself is covered in feedback-kiosk.spec.ts). */
async function complaint(page: Page, body: Record<string, unknown> = {}) {
  const res = await page.request.post('/api/feedback', {
    data: {
      kind: 'complaint',
      category: 'quality',
      description: '新买的电饭煲第二天就不加热了，要求更换。',
      floor: '4F',
      tenant: '4f-appliance',
      ...body,
    },
    headers: { 'X-Kiosk-Id': `journey-${Math.random().toString(36).slice(2, 8)}` },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { ticketNo: string; verifyCode: string };
}

test('a complaint from the kiosk is worked through every state, and the shopper sees each public step', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // The shopper at the kiosk.
  const kiosk = await (await browser.newContext({ viewport: PORTRAIT, hasTouch: true })).newPage();
  await kiosk.goto('/kiosk/feedback');
  await hydrated(kiosk);
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
  await expect(desk.getByRole('link', { name: '第 3.1 条' })).toHaveAttribute(
    'href',
    /\/policies\/complaints\/[\w-]+#complaints-3\.1$/,
  );
  await expect(desk.getByRole('link', { name: '第 3.2 条' })).toBeVisible();
  await desk.getByRole('button', { name: '显示完整号码' }).click();
  await expect(desk.getByTestId('phone')).toHaveText('13812345678');
  await expect(desk.getByRole('status')).toContainText('已记入审计日志');
  // The reveal is in the append-only audit log.
  const auditDir = path.join(process.env.E2E_DATA_DIR!, 'audit');
  const audit = readdirSync(auditDir)
    .map((f) => readFileSync(path.join(auditDir, f), 'utf8'))
    .join('');
  expect(audit).toContain(`"action":"ticket.revealPhone","target":"${ticketNo}"`);
  expect(audit).not.toContain('13812345678');

  // Assign.
  await desk.getByLabel('责任部门').selectOption({ label: '商管部' });
  // Picked from the people who work tickets, never typed.
  await desk.getByLabel('责任人').selectOption({ label: '张客服（客服人员）' });
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

  // Follow-up, then close. The supervisor replied, so the call is made by someone else (complaints-6.1).
  await desk.getByLabel('满意度（1–5 分）').selectOption({ label: '5 非常满意' });
  await desk.getByLabel('回访记录').fill('顾客已换到新机，满意。');
  await desk.getByRole('button', { name: '记录回访' }).click();
  await expect(desk.getByRole('alert')).toContainText('回访须由处理人以外的人员进行');
  const caller = await signedIn(browser, 'manager');
  await caller.goto(`/staff/tickets/${ticketNo}`);
  await caller.getByLabel('满意度（1–5 分）').selectOption({ label: '5 非常满意' });
  await caller.getByLabel('回访记录').fill('顾客已换到新机，满意。');
  await caller.getByRole('button', { name: '记录回访' }).click();
  await expect(caller.getByRole('status')).toHaveText('已保存：记录回访');
  await desk.goto(`/staff/tickets/${ticketNo}`);
  await shopperSees('已回访');
  await desk.getByRole('button', { name: '结案' }).click();
  await expect(desk.getByRole('status')).toHaveText('已保存：结案');
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('已结案');
  await expectNoSeriousA11yViolations(desk);

  await shopperSees('已结案');
  const steps = await kiosk.locator('.st-timeline li .st-label').allTextContents();
  expect(steps).toEqual(['已受理', '已转办', '处理中', '已答复', '已回访', '已结案']);
  const text = await kiosk.locator('main').textContent();
  for (const secret of ['刘先生', '13812345678', '张客服', '内部', '顾客已换到新机'])
    expect(text).not.toContain(secret);
  await snap(kiosk, 'status-closed-portrait');
});

test('an invalid complaint shows its explanation to the shopper; reopening escalates it', async ({ browser }) => {
  const desk = await signedIn(browser, 'staff');
  const { ticketNo, verifyCode } = await complaint(desk, {
    category: 'other',
    description: '停车场收费太贵了，应该免费。',
    floor: undefined,
    tenant: undefined,
  });
  await desk.goto(`/staff/tickets/${ticketNo}`);
  // Staff propose; the department manager decides, with the explanation the shopper reads (complaints-5.3).
  await desk.getByLabel('判定理由（仅内部可见）').fill('停车收费不属于商场承诺的服务范围。');
  await desk.getByRole('button', { name: '提请判定无效投诉' }).click();
  const manager = await signedIn(browser, 'manager');
  await manager.goto(`/staff/tickets/${ticketNo}`);
  await manager
    .getByLabel('向顾客的解释（确认后顾客可见）')
    .fill('停车收费由物业按物价部门核准标准执行，不属于商场承诺的服务范围。');
  await manager.getByRole('button', { name: '确认无效投诉' }).click();
  await expect(manager.getByRole('heading', { level: 1 })).toContainText('无效投诉');
  await manager.context().close();
  await desk.reload();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('无效投诉');
  const status = await (await desk.request.get(`/api/feedback/${ticketNo}?code=${verifyCode}`)).json();
  expect(status.status).toBe('invalid');
  expect(status.timeline.at(-1)).toEqual({
    at: expect.any(String),
    status: 'invalid',
    note: '停车收费由物业按物价部门核准标准执行，不属于商场承诺的服务范围。',
  });

  await desk.getByLabel('顾客不满意的原因').fill('顾客坚持要求处理，升级到营运经理。');
  await desk.getByRole('button', { name: '重新处理（顾客不满意）' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('已转办');
  await expect(desk.locator('.tk-facts')).toContainText('营运经理');
});

test('a staff member without the reveal permission sees only the masked name and phone and cannot reveal them', async ({
  browser,
}) => {
  const desk = await signedIn(browser, 'staff');
  const { ticketNo } = await complaint(desk, { contact: { name: '欧阳娜娜', phone: '13987654321' }, consent: true });
  await desk.goto(`/staff/tickets/${ticketNo}`);
  await expect(desk.getByTestId('phone')).toHaveText('139****4321');
  await expect(desk.getByTestId('name')).toHaveText('欧***');
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
  const { ticketNo } = await complaint(desk, {
    category: 'cleanliness',
    description: '五楼洗手间地面很滑，有人摔倒。',
    floor: '5F',
    tenant: undefined,
  });
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

test('a repeat from the same phone about the same shop and category is linked for staff, never shown to the shopper', async ({
  browser,
}) => {
  const desk = await signedIn(browser, 'supervisor');
  const body = {
    category: 'price',
    description: '价签写 99 元，结账收了 129 元。',
    floor: '3F',
    tenant: '3f-sport',
    contact: { phone: '13711112222' },
    consent: true,
  };
  const first = await complaint(desk, body);
  const second = await complaint(desk, { ...body, description: '昨天反映的价格问题还没人处理。' });
  await desk.goto(`/staff/tickets/${second.ticketNo}`);
  // Linked as a possible repeat, and listed among the same phone's tickets (repeat complainant).
  await expect(desk.getByRole('link', { name: first.ticketNo }).first()).toBeVisible();
  await expect(desk.getByTestId('repeat-complainant').getByRole('link', { name: first.ticketNo })).toBeVisible();
  await expect(desk.getByText('可能重复：同一电话、商户、类别 72 小时内已有工单')).toBeVisible();
  await desk.goto(`/staff/tickets/${first.ticketNo}`);
  await expect(desk.getByRole('link', { name: second.ticketNo }).first()).toBeVisible();
  await expect(desk.getByTestId('repeat-complainant').getByRole('link', { name: second.ticketNo })).toBeVisible();
  await desk.goto('/staff/tickets?tenant=3f-sport');
  await expect(desk.getByRole('row', { name: new RegExp(second.ticketNo) })).toContainText('可能重复');

  const shopper = await desk.request.get(`/api/feedback/${second.ticketNo}?code=${second.verifyCode}`);
  expect(JSON.stringify(await shopper.json())).not.toContain(first.ticketNo);
  const page = await desk.request.get(`/kiosk/status?t=${second.ticketNo}&c=${second.verifyCode}`);
  expect(await page.text()).not.toContain(first.ticketNo);
});

test('the monthly report counts, charts and exports the month for Excel', async ({ browser }) => {
  const desk = await signedIn(browser, 'manager');
  // A description that a spreadsheet would run as a formula.
  const { ticketNo } = await complaint(desk, {
    category: 'service',
    description: '=HYPERLINK("http://evil.example","点我")，服务员态度差。',
  });
  await desk.getByRole('link', { name: '报表' }).first().click();
  await expect(desk).toHaveURL(/\/staff\/reports$/);
  await expect(desk.getByRole('heading', { name: '月度报表' })).toBeVisible();
  await expect(desk.getByText(/本月共受理 \d+ 件/)).toBeVisible();
  for (const name of ['按时完成率', '满意度', '按类型', '按类别', '按楼层', '按商户', '按责任部门', '按终端']) {
    await expect(desk.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  // chart.js drew the chart (loaded on this page only, from our own server).
  const canvas = desk.getByRole('img', { name: '按类别的件数（图表）' });
  await expect
    .poll(() =>
      canvas.evaluate(
        (c: HTMLCanvasElement) =>
          c.width > 0 &&
          !!c
            .getContext('2d')
            ?.getImageData(0, 0, c.width, c.height)
            .data.some((v) => v !== 0),
      ),
    )
    .toBe(true);
  await snap(desk, 'staff-reports');
  await expectNoSeriousA11yViolations(desk);

  const month = new URL(desk.url()).searchParams.get('month') ?? (await desk.getByLabel('月份').inputValue());
  const csv = await desk.request.get(`/staff/reports/export.csv?month=${month}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv; charset=utf-8');
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text).toContain('单号,受理时间,类型,类别');
  const line = text.split('\r\n').find((l) => l.startsWith(ticketNo))!;
  expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")，服务员态度差。"`);
  // No mobile number (an 11-digit run on its own; kiosk ids such as `sec-<epoch ms>` are longer).
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);

  // Staff without the reports permission: no link, 403 on the page and the export.
  const staff = await signedIn(browser, 'staff');
  await expect(staff.getByRole('link', { name: '报表' })).toHaveCount(0);
  expect((await staff.goto('/staff/reports'))?.status()).toBe(403);
  expect((await staff.request.get(`/staff/reports/export.csv?month=${month}`)).status()).toBe(403);
});

test('only the reports page loads the chart library (bundled, from this server)', async ({ browser }) => {
  const desk = await signedIn(browser, 'manager');
  const scripts: string[] = [];
  desk.on('response', async (r) => {
    if (r.request().resourceType() === 'script') scripts.push(await r.text().catch(() => ''));
  });
  await desk.goto('/staff/tickets');
  await desk.waitForLoadState('networkidle');
  expect(scripts.some((s) => s.includes('is not a registered'))).toBe(false);
  await desk.goto('/staff/reports');
  await desk.waitForLoadState('networkidle');
  expect(scripts.some((s) => s.includes('is not a registered'))).toBe(true);
});
