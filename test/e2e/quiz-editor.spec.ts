/**
 * Questions written in the browser, and what trainers see (#18), on a server of its own: a trainer
 * writes a question citing a clause (the form keeps what was typed when a field is wrong, the
 * clause picker searches the library), saves a second version, exports the bank file, copies a
 * bank question into the editor, uses the question in a quiz; a staff member answers it on a
 * phone; the trainer reads the answer key, the spread of answers with the distractor flagged, and
 * the person's answers marked right and wrong; a retired question is no longer offered.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsersRepo } from '../../src/lib/store/users';
import { parseBanks } from '../../src/lib/quiz/bank-parse';
import { loadLibrary } from '../../src/lib/policies/library-files';
import { indexClauses } from '../../src/lib/policies/library';
import { expectNoHorizontalOverflow, expectNoSeriousA11yViolations, hydrated, snap } from './helpers';
import { startServer, type RunningServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';

const root = path.resolve(import.meta.dirname, '../..');
const clauseIds = new Set(indexClauses(loadLibrary(root).pages).keys());
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const PROMPT = '顾客对楼层处理结果不满意，要求升级投诉。下一步应由谁接手处理？';

let server: RunningServer;

test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-qedit-'));
  const repo = await UsersRepo.open(dataDir);
  for (const key of ['trainer', 'staff'] as const) await repo.add(TEST_USERS[key]);
  server = await startServer({ dataDir });
});
test.afterAll(async () => {
  await server?.stop();
});

async function signedIn(browser: Browser, who: TestUserKey, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport, hasTouch: viewport === PHONE });
  const page = await context.newPage();
  await page.goto('/login?next=/training');
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '培训考试' })).toBeVisible();
  return page;
}

test('a trainer writes a question, uses it in a quiz, a staff member answers it, and the trainer reads the answers', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await signedIn(browser, 'trainer');

  // ---- write a question: a wrong field is named beside it, and nothing typed is lost
  await page.getByRole('link', { name: '题目编辑' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '题目编辑' })).toBeVisible();
  await expect(page.getByText('没有符合条件的题目。')).toBeVisible();
  await page.getByRole('link', { name: '新建题目' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新建题目' })).toBeVisible();
  await page.getByLabel('题干').fill(PROMPT);
  await page.getByLabel('选项 A').fill('楼层主管');
  await page.getByLabel('选项 B').fill('营运经理');
  await page.getByLabel('选项 C').fill('保安主管');
  await page.getByLabel('依据条款（编号，用逗号分隔）').fill('complaints-99.9');
  await page.getByRole('button', { name: '保存题目' }).click();
  await expect(page.getByRole('alert').first()).toContainText('题目没有保存');
  await expect(page.locator('#explanation-error')).toHaveText('请填写解析，说明为什么这样答');
  await expect(page.locator('#clauses-error')).toContainText('complaints-99.9');
  await expect(page.locator('#answer-error')).toHaveText('单选题只能有一个正确答案');
  await expect(page.getByLabel('题干')).toHaveValue(PROMPT);
  await expect(page.getByLabel('选项 B')).toHaveValue('营运经理');
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'qedit-new-errors');

  // The clause picker searches the library and adds the clause id to the field.
  await page.getByLabel('依据条款（编号，用逗号分隔）').fill('');
  await page.getByRole('searchbox', { name: '搜索制度条款' }).scrollIntoViewIfNeeded();
  await hydrated(page);
  await page.getByRole('searchbox', { name: '搜索制度条款' }).fill('投诉升级');
  await page.getByRole('searchbox', { name: '搜索制度条款' }).press('Enter');
  const add = page.getByRole('button', { name: /^添加 complaints-/ }).first();
  await expect(add).toBeVisible();
  const picked = (await add.getAttribute('aria-label'))!.replace('添加 ', '');
  expect(clauseIds.has(picked)).toBe(true);
  await add.click();
  await expect(page.getByLabel('依据条款（编号，用逗号分隔）')).toHaveValue(picked);
  // The ladder clause itself, typed beside the picked one.
  await page
    .getByLabel('依据条款（编号，用逗号分隔）')
    .fill(picked === 'complaints-4.1' ? picked : `${picked}, complaints-4.1`);
  await page.getByRole('checkbox', { name: '正确答案' }).nth(1).check();
  await page.getByLabel('解析（交卷后显示给员工）').fill('楼层处理不了或顾客不满意时，投诉升级到营运经理。');
  await snap(page, 'qedit-new-filled');
  await page.getByRole('button', { name: '保存题目' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存为第 1 版。');
  const questionUrl = page.url().replace(/\?.*$/, '');
  const id = questionUrl.split('/').pop()!;
  expect(id).toMatch(/^tq-[a-z0-9]{8}$/);
  await expect(page.getByText('员工答题时看到的样子')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // ---- a second version: the id stays, the history lists both
  await page
    .getByLabel('解析（交卷后显示给员工）')
    .fill('顾客不满意楼层的处理时，投诉升级到营运经理（complaints-4.1）。');
  await page.getByRole('button', { name: '保存（生成新版本）' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存为第 2 版。');
  await expect(page.getByRole('region', { name: '版本记录' }).getByRole('listitem')).toHaveCount(2);
  await snap(page, 'qedit-question');

  // ---- export: a bank file that parses and passes the build's checks
  const exported = await page.request.get('/training/questions/export.yaml?bank=trainer-e2e');
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-disposition']).toContain('trainer-e2e.yaml');
  const yaml = await exported.text();
  const parsed = parseBanks([{ file: 'content/quizzes/trainer-e2e.yaml', source: yaml }], clauseIds);
  expect(parsed.problems).toEqual([]);
  expect(parsed.banks[0].bank.questions.map((q) => q.prompt)).toEqual([PROMPT]);
  expect((await page.request.get('/training/questions/export.yaml?bank=complaints')).status()).toBe(400);

  // ---- copy a bank question into the editor; the prefill from a case link
  await page.goto('/training/questions?q=投诉');
  await expect(page.getByRole('link', { name: new RegExp(PROMPT.slice(0, 10)) })).toBeVisible();
  await page
    .getByRole('link', { name: /^复制到编辑器 complaints-/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '新建题目' })).toBeVisible();
  await expect(page.getByText(/复制自题库题目：complaints-\d{3}/)).toBeVisible();
  await expect(page.getByLabel('题干')).not.toHaveValue('');
  await page.goto(
    '/training/questions/new?stem=顾客要求退换已拆封的化妆品&clauses=returns-1.2,returns-2.1&case=case-42',
  );
  await expect(page.getByLabel('题干')).toHaveValue('顾客要求退换已拆封的化妆品');
  await expect(page.getByLabel('依据条款（编号，用逗号分隔）')).toHaveValue('returns-1.2, returns-2.1');
  await expect(page.getByText('来自案例：case-42')).toBeVisible();

  // ---- a quiz with the trainer's question, picked by hand
  await page.goto('/training/new');
  await page.getByLabel('测验名称').fill('自编题 e2e');
  await page.getByRole('checkbox', { name: new RegExp(PROMPT.slice(0, 10)) }).check();
  await page.getByLabel('题目数量').fill('1');
  await page.getByRole('checkbox', { name: /选项顺序随机/ }).uncheck();
  await page.getByRole('button', { name: '创建测验' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '自编题 e2e' })).toBeVisible();
  await page.getByRole('button', { name: '开始测验' }).click();
  await expect(page).toHaveURL(/\/live$/);
  const code = (await page.locator('.code').textContent())!.trim();
  const quizUrl = page.url().replace(/\/live$/, '');

  // A later edit does not change the quiz: it keeps version 2.
  await page.goto(questionUrl);
  await page.getByLabel('题干').fill(`${PROMPT}（第三版）`);
  await page.getByRole('button', { name: '保存（生成新版本）' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存为第 3 版。');

  // ---- a staff member answers it on a phone, and falls for the distractor
  const staff = await signedIn(browser, 'staff', PHONE);
  await staff.getByLabel('8 位参加码').fill(code);
  await staff.getByRole('button', { name: '加入', exact: true }).click();
  await staff.getByRole('button', { name: '开始答题' }).click();
  await expect(staff.getByText(PROMPT, { exact: true })).toBeVisible();
  await staff.getByRole('radio', { name: /楼层主管/ }).check();
  await expect(staff.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await expectNoHorizontalOverflow(staff);
  await snap(staff, 'qedit-answer-phone');
  await staff.getByRole('button', { name: '交卷', exact: true }).click();
  await expect(staff.getByRole('heading', { name: '答题结果' })).toBeVisible();
  await expect(staff.getByText(PROMPT, { exact: true })).toBeVisible();
  await expect(staff.getByText(/营运经理/).first()).toBeVisible();
  await snap(staff, 'qedit-result-phone');

  // ---- what the trainer sees: the spread with the distractor flagged, the person's answers, the key
  await page.goto(`${quizUrl}/results`);
  await expect(page.getByRole('heading', { name: '选项分布' })).toBeVisible();
  const spread = page.getByRole('listitem', { name: new RegExp(`1\\. ${PROMPT.slice(0, 10)}`) });
  await expect(spread.getByRole('row').filter({ hasText: '楼层主管' })).toContainText('1 人 · 100%');
  await expect(spread.getByRole('row').filter({ hasText: '楼层主管' })).toContainText('最多人误选');
  await expect(spread.getByRole('row').filter({ hasText: '营运经理' })).toContainText('0 人 · 0%');
  await expect(page.getByRole('note')).toContainText('第 1 题选项 A，1 人（100%）');
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'qedit-results');
  await page.getByRole('heading', { name: '选项分布' }).scrollIntoViewIfNeeded();
  await snap(page, 'qedit-results-spread');
  // The CSV carries each person's answer per question.
  const csv = (await (await page.request.get(`/api/training/quizzes/${quizUrl.split('/').pop()}/results.csv`)).text())
    .slice(1)
    .trim()
    .split('\r\n');
  expect(csv[0]).toContain(`第 1 题 ${id}`);
  expect(csv[1]).toMatch(/张客服.*,✗ A$/);
  await page
    .getByRole('row', { name: /张客服/ })
    .getByRole('link', { name: '查看答卷' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '张客服 的答卷（第 1 次）' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: PROMPT });
  await expect(item.getByLabel('答错')).toBeVisible();
  await expect(item).toContainText('A. 楼层主管');
  await expect(item).toContainText('B. 营运经理');
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'qedit-attempt');
  // The same sheet opens from the person's history.
  await page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '张客服' }).click();
  await page.getByRole('link', { name: '自编题 e2e' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '张客服 的答卷（第 1 次）' })).toBeVisible();
  await page.goto(`${quizUrl}/key`);
  await expect(page.getByRole('heading', { level: 1, name: '答案：自编题 e2e' })).toBeVisible();
  await expect(page.getByText(`${id} · v2`)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '营运经理' }).last()).toContainText('✓');
  await expect(page.getByRole('link', { name: /4\.1/ }).first()).toHaveAttribute('href', /#complaints-4\.1$/);
  await snap(page, 'qedit-key');

  // ---- retired: no longer offered for new quizzes, still listed under 已停用
  await page.goto(questionUrl);
  await page.getByRole('button', { name: '停用' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存为第 4 版。');
  await page.goto('/training/new');
  await expect(page.getByText('还没有启用的自编题。')).toBeVisible();
  await page.goto('/training/questions?status=retired');
  await expect(page.getByRole('link', { name: new RegExp(PROMPT.slice(0, 10)) })).toBeVisible();
  await snap(page, 'qedit-list');
});
