/**
 * The staff API (/api/staff/) for the hotline system, WeChat, the mall's app and scripts: bearer
 * tokens and the session cookie, every endpoint's errors and permissions, and a property: no
 * body ever makes it answer 500.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const tokens = () =>
  JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'e2e-api-tokens.json'), 'utf8')) as Record<
    'staff' | 'staff2' | 'manager' | 'trainer' | 'revoked',
    string
  >;

async function call(base: string, token: string | undefined, method: string, p: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${p}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the assertions on status say enough.
  }
  return { status: res.status, json, text };
}

const phoneCall = {
  channel: 'phone',
  receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
  kind: 'complaint',
  category: 'order',
  description: '热线来电：家具送货安装迟迟未上门。',
  demand: '要求今天内安排安装',
  contact: { name: '钱女士', phone: '13700001111' },
  consent: true,
};

test('a hotline system records and works a ticket through the API with bearer tokens', async ({ baseURL }) => {
  const base = baseURL!;
  const t = tokens();

  // Who may ask.
  expect((await call(base, undefined, 'GET', '/api/staff/tickets')).status).toBe(401);
  expect((await call(base, t.revoked, 'GET', '/api/staff/tickets')).status).toBe(401);
  expect((await call(base, 'sdk_' + 'x'.repeat(43), 'GET', '/api/staff/tickets')).status).toBe(401);
  expect((await call(base, t.trainer, 'GET', '/api/staff/tickets')).status).toBe(403);
  expect((await call(base, t.trainer, 'POST', '/api/staff/tickets', phoneCall)).status).toBe(403);

  // POST: 400 naming the bad field, then 201 with the number and code.
  const bad = await call(base, t.staff, 'POST', '/api/staff/tickets', { ...phoneCall, channel: 'fax', consent: false });
  expect(bad.status).toBe(400);
  expect(Object.keys((bad.json.error as { fields: object }).fields).sort()).toEqual(['channel', 'consent']);
  const created = await call(base, t.staff, 'POST', '/api/staff/tickets', phoneCall);
  expect(created.status).toBe(201);
  const { ticketNo, verifyCode, channel } = created.json as { ticketNo: string; verifyCode: string; channel: string };
  expect(verifyCode).toMatch(/^\d{6}$/);
  expect(channel).toBe('phone');

  // GET one: the staff view, personal data masked, deadlines with their clauses.
  const one = await call(base, t.staff, 'GET', `/api/staff/tickets/${ticketNo}`);
  expect(one.status).toBe(200);
  expect(one.json).toMatchObject({
    ticketNo,
    channel: 'phone',
    status: 'received',
    phone: '137****1111',
    name: '钱**',
  });
  expect(one.text).not.toContain('13700001111');
  expect(one.text).not.toContain(verifyCode);
  const rules = (one.json.deadlines as { rule: string; clause: string }[]).map((d) => [d.rule, d.clause]);
  expect(rules).toEqual([
    ['handoff', 'complaints-3.1'],
    ['reply', 'complaints-3.2'],
  ]);
  expect((await call(base, t.staff, 'GET', '/api/staff/tickets/FK20000101-0001')).status).toBe(404);
  expect((await call(base, t.staff, 'GET', '/api/staff/tickets/not-a-number')).status).toBe(404);

  // GET list: filters, and a bad filter named.
  const list = await call(base, t.staff, 'GET', '/api/staff/tickets?channel=phone&assignee=none');
  expect(list.status).toBe(200);
  expect((list.json.tickets as { ticketNo: string }[]).map((x) => x.ticketNo)).toContain(ticketNo);
  // One person's tickets, by username (or id); an unknown person is named.
  const byUser = await call(base, t.staff, 'GET', '/api/staff/tickets?assignee=staff&status=all');
  expect(byUser.status).toBe(200);
  expect((byUser.json.tickets as { assignee: string | null }[]).every((x) => x.assignee === '张客服')).toBe(true);
  const noOne = await call(base, t.staff, 'GET', '/api/staff/tickets?assignee=nobody-here');
  expect([noOne.status, Object.keys((noOne.json.error as { fields: object }).fields)]).toEqual([400, ['assignee']]);
  const badList = await call(base, t.staff, 'GET', '/api/staff/tickets?channel=fax&cursor=0');
  expect(badList.status).toBe(400);
  expect(Object.keys((badList.json.error as { fields: object }).fields).sort()).toEqual(['channel', 'cursor']);

  // Actions: 409 for a step the state does not allow, 400 for an unknown assignee, then the life cycle.
  const act = (token: string, body: unknown) =>
    call(base, token, 'POST', `/api/staff/tickets/${ticketNo}/actions`, body);
  expect((await act(t.staff, { action: 'start' })).json).toMatchObject({ error: { code: 'illegal_transition' } });
  expect((await act(t.staff, { action: 'start' })).status).toBe(409);
  const unknown = await act(t.staff, { action: 'assign', department: 'sales', assigneeId: 'no-such-user' });
  expect(unknown.status).toBe(400);
  expect(Object.keys((unknown.json.error as { fields: object }).fields)).toEqual(['assigneeId']);
  expect((await act(t.staff, { action: 'fly' })).status).toBe(400);
  const users = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'users.json'), 'utf8')) as {
    records: { id: string; username: string }[];
  };
  const staffId = users.records.find((u) => u.username === 'staff')!.id;
  expect((await act(t.staff, { action: 'assign', department: 'sales', assigneeId: staffId })).status).toBe(200);
  const mine = await call(base, t.staff2, 'GET', `/api/staff/tickets?assignee=${staffId}`);
  expect((mine.json.tickets as { ticketNo: string }[]).map((x) => x.ticketNo)).toContain(ticketNo);
  expect((await act(t.staff, { action: 'setCause', cause: 'tenant' })).status).toBe(200);
  expect((await act(t.staff, { action: 'setCause', cause: 'weather' })).status).toBe(400);
  expect((await act(t.staff, { action: 'start' })).status).toBe(200);
  const replied = await act(t.staff, { action: 'reply', note: '已安排今天 16:00 上门安装。' });
  expect(replied.status).toBe(200);
  expect(replied.json.status).toBe('replied');
  // The handler may not make the follow-up call; a colleague does.
  expect((await act(t.staff, { action: 'followUp', satisfaction: 5 })).status).toBe(403);
  const followed = await act(t.staff2, { action: 'followUp', satisfaction: 2, note: '顾客仍不满意' });
  expect(followed.status).toBe(200);
  expect((await act(t.staff2, { action: 'close' })).json).toMatchObject({ error: { code: 'not_satisfied' } });
  const reopened = await act(t.staff2, { action: 'reopen', note: '顾客要求经理处理' });
  expect(reopened.json).toMatchObject({ status: 'assigned', level: 1 });
  const rounds = reopened.json.rounds as { round: number; followUp?: { satisfaction: number } }[];
  expect(rounds.map((r) => [r.round, r.followUp?.satisfaction])).toEqual([
    [1, 2],
    [2, undefined],
  ]);

  // The monthly report: managers yes, staff no; a bad month named.
  expect((await call(base, t.staff, 'GET', '/api/staff/reports/monthly')).status).toBe(403);
  const report = await call(base, t.manager, 'GET', '/api/staff/reports/monthly');
  expect(report.status).toBe(200);
  expect((report.json.byChannel as Record<string, number>).phone).toBeGreaterThanOrEqual(1);
  expect(report.json.reopened).toBeGreaterThanOrEqual(1);
  expect((await call(base, t.manager, 'GET', '/api/staff/reports/monthly?month=2026-13')).status).toBe(400);
});

test('a 催办单 issued through the API reaches its addressee’s inbox and is answered by them only', async ({
  baseURL,
}) => {
  const base = baseURL!;
  const t = tokens();
  const users = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'users.json'), 'utf8')) as {
    records: { id: string; username: string }[];
  };
  const idOf = (username: string) => users.records.find((u) => u.username === username)!.id;
  const created = await call(base, t.staff, 'POST', '/api/staff/tickets', {
    ...phoneCall,
    description: '热线来电：催办单测试，空调不制冷。',
  });
  const ticketNo = created.json.ticketNo as string;
  const act = (token: string, body: unknown) =>
    call(base, token, 'POST', `/api/staff/tickets/${ticketNo}/actions`, body);
  expect((await act(t.staff, { action: 'assign', department: 'sales', assigneeId: idOf('staff2') })).status).toBe(200);

  // Issuing: each bad field named (400), a slip the state does not allow (409).
  const slip = { action: 'issueSlip', kind: 'reminder', addresseeId: idOf('staff2'), note: '顾客再次来电催问' };
  const fields = async (body: unknown) => {
    const res = await act(t.manager, body);
    expect(res.status).toBe(400);
    return Object.keys((res.json.error as { fields: object }).fields);
  };
  expect(await fields({ ...slip, addresseeId: 'no-such-user' })).toEqual(['addresseeId']);
  expect(await fields({ ...slip, rule: 'no-such-rule' })).toEqual(['rule']);
  expect(await fields({ ...slip, dueBy: '2020-01-01T10:00:00+08:00' })).toEqual(['dueBy']);
  expect(await fields({ ...slip, dueBy: 'tomorrow' })).toEqual(['dueBy']);
  expect(await fields({ ...slip, note: ' ' })).toEqual(['note']);
  const early = await act(t.manager, { ...slip, kind: 'inquiry' });
  expect([early.status, (early.json.error as { code: string }).code]).toEqual([409, 'slip_ticket_not_finished']);
  const dueBy = new Date(Date.now() + 2 * 3_600_000).toISOString();
  const issued = await act(t.manager, { ...slip, rule: 'reply', dueBy });
  expect(issued.status).toBe(200);
  expect(issued.json.slips).toEqual([
    expect.objectContaining({ id: 'CB-1', kind: 'reminder', addresseeId: idOf('staff2'), reason: '顾客再次来电催问' }),
  ]);

  // The addressee's inbox holds it (and counts it); nobody else's does.
  const inbox = async (token: string) => (await call(base, token, 'GET', '/api/staff/inbox')).json;
  const before = await inbox(t.staff2);
  expect(before.slips).toEqual(
    expect.arrayContaining([expect.objectContaining({ no: ticketNo, slip: expect.objectContaining({ id: 'CB-1' }) })]),
  );
  expect(before.count as number).toBeGreaterThanOrEqual((before.slips as unknown[]).length);
  expect(((await inbox(t.staff)).slips as { no: string }[]).some((x) => x.no === ticketNo)).toBe(false);

  // Answering: only the addressee (403), a slip that exists (400), once (409).
  const answer = { action: 'answerSlip', slip: 'CB-1', note: '已约顾客今天 16:00 上门检修' };
  const other = await act(t.staff, answer);
  expect([other.status, (other.json.error as { code: string }).code]).toEqual([403, 'slip_not_addressee']);
  const missing = await act(t.staff2, { ...answer, slip: 'CB-9' });
  expect([missing.status, Object.keys((missing.json.error as { fields: object }).fields)]).toEqual([400, ['slip']]);
  expect((await act(t.staff2, { ...answer, slip: 'XX-1' })).status).toBe(400);
  const answered = await act(t.staff2, answer);
  expect(answered.status).toBe(200);
  expect((answered.json.slips as { answer?: { note: string } }[])[0].answer?.note).toBe('已约顾客今天 16:00 上门检修');
  const again = await act(t.staff2, answer);
  expect([again.status, (again.json.error as { code: string }).code]).toEqual([409, 'slip_answered']);
  expect(((await inbox(t.staff2)).slips as { no: string }[]).some((x) => x.no === ticketNo)).toBe(false);
  const view = await call(base, t.staff, 'GET', `/api/staff/tickets/${ticketNo}`);
  expect((view.json.slips as { id: string; answer?: object }[]).map((x) => [x.id, !!x.answer])).toEqual([
    ['CB-1', true],
  ]);
  expect((await call(base, t.trainer, 'POST', `/api/staff/tickets/${ticketNo}/actions`, answer)).status).toBe(403);
});

test('no body, query or ticket number makes the staff API answer 500', async ({ baseURL }) => {
  test.setTimeout(90_000);
  const base = baseURL!;
  const { staff } = tokens();
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      'phone',
      'desk',
      'complaint',
      'inquiry',
      'other',
      'assign',
      'reply',
      'start',
      'issueSlip',
      'answerSlip',
      'reminder',
      'CB-1',
      '2026-11-30T10:00',
    ),
  );
  const body = fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'channel',
        'kind',
        'category',
        'description',
        'receivedAt',
        'contact',
        'consent',
        'answer',
        'action',
        'note',
        'satisfaction',
        'assigneeId',
        'department',
        'cause',
        'urgency',
        'kind',
        'slip',
        'rule',
        'dueBy',
        'measures',
        'x',
      ),
      fc.oneof(value, fc.dictionary(fc.constantFrom('name', 'phone', 'address'), value)),
    ),
    fc.jsonValue(),
    fc.string(),
  );
  await fc.assert(
    fc.asyncProperty(
      body,
      fc.constantFrom('tickets', 'actions'),
      fc.string({ maxLength: 20 }),
      async (b, where, no) => {
        const p =
          where === 'tickets'
            ? '/api/staff/tickets'
            : `/api/staff/tickets/${encodeURIComponent(no || 'FK20261130-0001')}/actions`;
        const res = await call(base, staff, 'POST', p, typeof b === 'string' ? b : JSON.stringify(b));
        expect(res.status).toBeLessThan(500);
        const q = await call(
          base,
          staff,
          'GET',
          `/api/staff/tickets?${new URLSearchParams({ status: String(no), cursor: String(no) })}`,
        );
        expect(q.status).toBeLessThan(500);
      },
    ),
    { numRuns: 60 },
  );
});

test('an admin creates a token on /admin/users, it works for its user’s role, and revoking it ends it', async ({
  browser,
  baseURL,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('admin-pass-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/admin/users');
  await page.getByLabel('所属用户').selectOption({ label: 'manager（经理）' });
  await page.getByLabel('用途').fill('热线系统');
  await page.getByRole('button', { name: '创建令牌' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^sdk_/);
  await page.screenshot({ path: 'test/e2e/.screens/admin-tokens-1440.png' });
  expect((await call(baseURL!, token, 'GET', '/api/staff/reports/monthly')).status).toBe(200);

  const row = page.getByRole('row', { name: /热线系统/ });
  await row.getByRole('button', { name: '吊销' }).click();
  await expect(page.getByRole('status')).toContainText('令牌已吊销');
  expect((await call(baseURL!, token, 'GET', '/api/staff/reports/monthly')).status).toBe(401);
});
