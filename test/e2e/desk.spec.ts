/**
 * The service desk: a staff member records requests received at the desk, by phone or by letter,
 * the shopper gets a printable slip, and the queue shows and filters the channel.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, snap, signedIn } from './helpers';

const DESKTOP = { width: 1440, height: 900 };

test('a phone complaint is recorded at the desk, the shopper gets a slip, and the queue shows its channel', async ({
  browser,
}) => {
  const page = await signedIn(browser, 'staff', { viewport: DESKTOP });
  await page.goto('/staff/tickets');
  await page.getByRole('link', { name: /登记新工单/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /登记顾客来访/ })).toBeVisible();

  // A mistake first: a phone number without the customer's consent is refused, and the form keeps what was typed.
  await page.getByLabel('受理渠道 *').selectOption({ label: '电话' });
  await page.getByLabel('类别 *').selectOption({ label: '服务态度' });
  await page.getByLabel('联系电话').fill('13912345678');
  await page.getByLabel('事情经过 *').fill('顾客来电反映 3F 服装店店员态度恶劣。');
  await page.getByLabel('顾客诉求').fill('要求店员道歉');
  await page.getByRole('button', { name: '登记' }).click();
  await expect(page.getByRole('alert')).toContainText('顾客同意我们就此事回电：');
  await expect(page.getByLabel('事情经过 *')).toHaveValue('顾客来电反映 3F 服装店店员态度恶劣。');
  await expect(page.getByLabel('受理渠道 *')).toHaveValue('phone');

  await page.getByRole('checkbox', { name: /顾客同意/ }).check();
  await page.getByLabel('紧急程度').selectOption({ label: '重要' });
  await snap(page, 'desk-new-1440');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: '登记' }).click();

  await expect(page).toHaveURL(/\/staff\/tickets\/FK\d{8}-\d{4,6}\/slip$/);
  await expect(page.getByRole('heading', { name: '顾客意见受理回执' })).toBeVisible();
  const no = (await page.locator('.tk-slip-big').first().textContent())!.trim();
  const code = (await page.locator('.tk-slip-big').nth(1).textContent())!.trim();
  expect(code).toMatch(/^\d{6}$/);
  await expect(page.getByText('电话', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '打印回执' })).toBeVisible();
  await snap(page, 'desk-slip-1440');

  // The shopper's number and code work like a kiosk receipt.
  const status = await page.request.get(`/api/feedback/${no}?code=${code}`);
  expect(status.status()).toBe(200);

  // The queue shows the channel and filters by it.
  await page.goto('/staff/tickets?channel=phone');
  const row = page.getByRole('row', { name: new RegExp(no) });
  await expect(row).toContainText('电话');
  await page.goto('/staff/tickets?channel=letter');
  await expect(page.getByRole('row', { name: new RegExp(no) })).toHaveCount(0);
  await page.goto(`/staff/tickets/${no}`);
  await expect(page.getByText('要求店员道歉')).toBeVisible();
  await snap(page, 'desk-ticket-1440');
});

test('an inquiry answered on the spot is recorded and closed in one step', async ({ browser }) => {
  const page = await signedIn(browser, 'staff2', { viewport: DESKTOP });
  await page.goto('/staff/tickets/new');
  await page.getByLabel('类型 *').selectOption({ label: '咨询' });
  await page.getByLabel('类别 *').selectOption({ label: '其他' });
  await page.getByLabel('事情经过 *').fill('顾客询问停车场几点关门。');
  await page.getByRole('checkbox', { name: /当场答复/ }).check();
  await page.getByLabel('当场答复的内容').fill('停车场 22:30 关闭。');
  await page.getByRole('button', { name: '登记' }).click();
  await expect(page.getByText('已当场答复，本单已结案。')).toBeVisible();
  await page.getByRole('link', { name: '打开工单' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('结案');
});

test('a letter received two days ago keeps its receipt time; a trainer may not record', async ({ browser }) => {
  const page = await signedIn(browser, 'supervisor', { viewport: DESKTOP });
  await page.goto('/staff/tickets/new');
  const received = new Date(Date.now() - 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10) + 'T10:15';
  await page.getByLabel('受理渠道 *').selectOption({ label: '信函/邮件' });
  await page.getByLabel('受理时间').fill(received);
  await page.getByLabel('类别 *').selectOption({ label: '环境设施' });
  await page.getByLabel('事情经过 *').fill('来信反映 B1 卫生间水龙头漏水多日。');
  await page.getByLabel('地址').fill('本市东城区某路 8 号');
  await page.getByRole('button', { name: '登记' }).click();
  await expect(page.getByText(received.replace('T', ' '))).toBeVisible();

  const trainer = await signedIn(browser, 'trainer', { viewport: DESKTOP });
  const res = await trainer.goto('/staff/tickets/new');
  expect(res?.status()).toBe(403);
});

test('a desk ticket is assigned by picker, shows in the assignee’s 我的工单, and is followed up by someone else', async ({
  browser,
}) => {
  const sup = await signedIn(browser, 'supervisor', { viewport: DESKTOP });
  await sup.goto('/staff/tickets/new');
  await sup.getByLabel('受理渠道 *').selectOption({ label: '总服务台' });
  await sup.getByLabel('类别 *').selectOption({ label: '订单处理' });
  await sup.getByLabel('事情经过 *').fill('顾客在总服务台反映家电送货迟迟未到，已超过约定两天。');
  await sup.getByRole('button', { name: '登记' }).click();
  const no = (await sup.locator('.tk-slip-big').first().textContent())!.trim();
  await sup.getByRole('link', { name: '打开工单' }).click();

  // The picker lists real people who work tickets: no trainer, no free text.
  const picker = sup.getByLabel('责任人');
  await expect(picker.getByRole('option', { name: /陈培训/ })).toHaveCount(0);
  await picker.selectOption({ label: '孙客服（客服人员）' });
  await sup.getByRole('button', { name: '转办' }).click();
  await expect(sup.getByRole('status')).toHaveText('已保存：转办');

  const handler = await signedIn(browser, 'staff3', { viewport: DESKTOP });
  await expect(handler.getByRole('link', { name: /我的工单/ })).toContainText(/[1-9]/);
  await snap(handler, 'staff-home-1440');
  await expectNoSeriousA11yViolations(handler);
  await handler.getByRole('link', { name: /我的工单/ }).click();
  await expect(handler).toHaveURL(/view=mine/);
  await expect(handler.getByRole('row', { name: new RegExp(no) })).toBeVisible();
  await snap(handler, 'staff-queue-mine-1440');
  // Not in the supervisor's own list.
  await sup.goto('/staff/tickets?view=mine');
  await expect(sup.getByRole('row', { name: new RegExp(no) })).toHaveCount(0);

  await handler.getByRole('link', { name: no }).click();
  await handler.getByRole('button', { name: '开始处理' }).click();
  await handler.getByLabel('答复内容（顾客可见）').fill('已联系物流，明天上午送达并安装。');
  await handler.getByRole('button', { name: '答复顾客' }).click();
  await expect(handler.getByRole('status')).toHaveText('已保存：答复顾客');
  await handler.getByLabel('满意度（1–5 分）').selectOption({ label: '5 非常满意' });
  await handler.getByRole('button', { name: '记录回访' }).click();
  await expect(handler.getByRole('alert')).toContainText('回访须由处理人以外的人员进行');

  await sup.goto(`/staff/tickets/${no}`);
  await sup.getByLabel('满意度（1–5 分）').selectOption({ label: '5 非常满意' });
  await sup.getByRole('button', { name: '记录回访' }).click();
  await expect(sup.getByRole('status')).toHaveText('已保存：记录回访');
});

test('an escalation reaches the manager’s inbox without a reload, and stays until acknowledged', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const manager = await signedIn(browser, 'manager', { viewport: DESKTOP });
  const badge = manager.locator('[data-inbox-count]');
  const before = Number(await badge.textContent());

  const sup = await signedIn(browser, 'supervisor', { viewport: DESKTOP });
  await sup.goto('/staff/tickets/new');
  await sup.getByLabel('类别 *').selectOption({ label: '价格争议' });
  await sup.getByLabel('事情经过 *').fill('顾客认为标价与结账价格不一致，要求退差价。');
  await sup.getByRole('button', { name: '登记' }).click();
  const no = (await sup.locator('.tk-slip-big').first().textContent())!.trim();
  await sup.goto(`/staff/tickets/${no}`);
  await sup.getByLabel('向顾客的说明（顾客可见）').fill('经核对价签与系统价格一致。');
  await sup.getByRole('button', { name: '判定为无效投诉' }).click();
  await sup.getByLabel('顾客不满意的原因').fill('顾客出示了照片，价签确有错误。');
  await sup.getByRole('button', { name: /重新处理/ }).click();
  await expect(sup.getByRole('status')).toContainText('已保存');

  // The manager's open page learns of it by itself (polling every 15 s), header count included.
  const inbox = manager.getByRole('region', { name: /收件箱/ });
  await expect(inbox.getByRole('link', { name: no })).toBeVisible({ timeout: 40_000 });
  // Other journeys running alongside may add items of their own: the count only grows meanwhile.
  const count = async () => Number(await manager.locator('[data-inbox-count]').textContent());
  await expect.poll(count).toBeGreaterThan(before);
  await expect(inbox).toContainText('顾客不满意，重新处理并升级至营运经理');
  await snap(manager, 'staff-inbox-1440');
  await expectNoSeriousA11yViolations(manager);

  // The supervisor is not the step this escalation reached.
  await sup.goto('/staff');
  await expect(sup.getByRole('region', { name: /收件箱/ }).getByRole('link', { name: no })).toHaveCount(0);

  const item = inbox.getByRole('listitem').filter({ hasText: no });
  await item.getByRole('button', { name: '已知悉' }).click();
  await expect(manager.getByRole('region', { name: /收件箱/ }).getByRole('link', { name: no })).toHaveCount(0);
  await expect(manager.getByRole('region', { name: /收件箱/ })).not.toContainText(no);

  // The monthly report keeps both rounds of the reopened ticket.
  await manager.goto('/staff/reports');
  const rounds = manager.getByRole('table').filter({ has: manager.getByRole('columnheader', { name: '轮次' }) });
  await expect(rounds.getByRole('row', { name: /第 2 轮/ })).toBeVisible();
  await expect(manager.getByText('重新处理（顾客不满意）')).toBeVisible();
  // The acknowledgement is on the ticket's record.
  await manager.goto(`/staff/tickets/${no}`);
  await expect(manager.getByText('已确认收件箱提醒')).toBeVisible();
});
