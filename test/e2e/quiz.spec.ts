/**
 * The training journey on its own server (own DATA_DIR and sign-in limits, so the lockout
 * journey in auth.spec.ts cannot get in its way): a trainer creates and starts a session,
 * three staff join and answer in parallel (one on a phone, one on a kiosk, one with a dropped
 * connection and a reload), the trainer watches live progress, ends it and reads the results.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsersRepo } from '../../src/lib/store/users';
import { loadBanks } from '../../src/lib/quiz/bank-files';
import { expectNoHorizontalOverflow, expectNoSeriousA11yViolations, PORTRAIT, snap } from './helpers';
import { startServer, type RunningServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';

const root = path.resolve(import.meta.dirname, '../..');
const explanations = loadBanks(root).banks.flatMap((b) => b.bank.questions.map((q) => q.explanation));
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

let server: RunningServer;

test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-quiz-'));
  const repo = await UsersRepo.open(dataDir);
  for (const key of ['admin', 'trainer', 'staff', 'staff2', 'staff3'] as const) await repo.add(TEST_USERS[key]);
  server = await startServer({ dataDir });
});
test.afterAll(async () => {
  await server?.stop();
});

async function signedIn(
  browser: Browser,
  who: TestUserKey,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, viewport, hasTouch: viewport !== DESKTOP });
  const page = await context.newPage();
  await page.goto('/login?next=/training');
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '培训考试' })).toBeVisible();
  return { context, page };
}

/** Picks the first option of the question on screen (any type). */
async function answerCurrent(page: Page) {
  const group = page.getByRole('group').first();
  await group.getByRole('radio').or(group.getByRole('checkbox')).first().check();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
}

/** Joins with the code, answers every question and submits; returns the result page. */
async function takeQuiz(
  page: Page,
  code: string,
  options: { offlineAt?: number; reloadAt?: number; shots?: string } = {},
) {
  await page.getByLabel('8 位参加码').fill(code);
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '晨会测验 e2e' })).toBeVisible();
  await expect(page.getByText('全对才得分')).toBeVisible();
  await page.getByRole('button', { name: '开始答题' }).click();
  await expect(page.getByText('第 1 / 5 题').first()).toBeVisible();

  // Before submission, no answer key or explanation is anywhere in the page.
  const html = await page.content();
  for (const text of explanations) expect(html).not.toContain(text);
  expect(html).not.toMatch(/"answer"/);

  for (let i = 0; i < 5; i++) {
    await expect(page.getByText(`第 ${i + 1} / 5 题`).first()).toBeVisible();
    if (options.offlineAt === i) {
      await page.context().setOffline(true);
      const group = page.getByRole('group').first();
      await group.getByRole('radio').or(group.getByRole('checkbox')).first().check();
      await expect(page.getByRole('status').filter({ hasText: '网络中断' })).toBeVisible();
      await page.context().setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
    } else {
      await answerCurrent(page);
    }
    if (options.reloadAt === i) {
      await page.reload();
      await expect(page.getByText(`第 ${i + 1} / 5 题`).first()).toBeVisible();
      await expect(page.getByText(`已答 ${i + 1} / 5`)).toBeVisible();
      const group = page.getByRole('group').first();
      await expect(group.getByRole('radio').or(group.getByRole('checkbox')).first()).toBeChecked();
    }
    if (i === 1 && options.shots) {
      const box = (await page.getByRole('button', { name: '下一题' }).boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(64);
      const option = (await page.locator('label.option').first().boundingBox())!;
      expect(option.height).toBeGreaterThanOrEqual(64);
      await expect(page.getByRole('timer')).toContainText(/\d{2}:\d{2}/);
      await expectNoHorizontalOverflow(page);
      await expectNoSeriousA11yViolations(page);
      await snap(page, `quiz-answer-${options.shots}`);
    }
    if (i < 4) await page.getByRole('button', { name: '下一题' }).click();
  }
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  await expect(page.getByRole('heading', { name: '答题结果' })).toBeVisible();
  await expect(page.getByText(/得分 [\d.]+ \/ 5/)).toBeVisible();
  await expect(page.getByText(/^(✓|✗)\s*(通过|未通过)$/)).toBeVisible();
}

test('a trainer runs a live quiz that three staff take in parallel, then reads the results', async ({ browser }) => {
  test.setTimeout(180_000);
  const trainer = await signedIn(browser, 'trainer');
  const page = trainer.page;

  // Create
  await page.getByRole('link', { name: '新建测验' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新建测验' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel('测验名称').fill('晨会测验 e2e');
  await page
    .getByRole('group', { name: '题库' })
    .getByRole('checkbox', { name: /投诉处理/ })
    .check();
  await page.getByLabel('题目数量').fill('5');
  await page.getByLabel('及格线（%）').fill('60');
  await page.getByLabel('答题时限').fill('15');
  await page.getByLabel('每人可答次数').fill('1');
  await snap(page, 'quiz-trainer-create');
  await page.getByRole('button', { name: '创建测验' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '晨会测验 e2e' })).toBeVisible();
  await expect(page.getByText('未开始')).toBeVisible();

  // Start and project
  await page.getByRole('button', { name: '开始测验' }).click();
  await expect(page).toHaveURL(/\/live$/);
  const code = (await page.locator('.code').textContent())!.trim();
  expect(code).toMatch(/^\d{8}$/);
  await expect(page.getByRole('img', { name: '加入测验的二维码' }).locator('svg')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '已加入 0 人' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // A staff member cannot run quizzes.
  const staff = await signedIn(browser, 'staff', PHONE);
  expect((await staff.page.goto(page.url()))?.status()).toBe(403);
  await staff.page.goto('/training');
  await expectNoSeriousA11yViolations(staff.page);
  await snap(staff.page, 'quiz-staff-landing-phone');

  const staff2 = await signedIn(browser, 'staff2', PORTRAIT);
  const staff3 = await signedIn(browser, 'staff3');

  // Three people answer at the same time; the trainer sees them join and finish.
  const watching = (async () => {
    await expect(page.getByRole('status').filter({ hasText: '已加入 3 人' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('cell', { name: /刘客服/ })).toBeVisible();
    await snap(page, 'quiz-trainer-live');
  })();
  await Promise.all([
    takeQuiz(staff.page, code, { shots: 'phone', reloadAt: 2 }),
    takeQuiz(staff2.page, code, { shots: 'kiosk' }),
    takeQuiz(staff3.page, code, { offlineAt: 1 }),
  ]);
  await watching;
  await expect(page.getByRole('status').filter({ hasText: '已交卷 3 人' })).toBeVisible({ timeout: 10_000 });
  await snap(page, 'quiz-trainer-live-done');

  // The result shows the explanation and a clause link for each wrong answer.
  const result = staff.page;
  await expectNoSeriousA11yViolations(result);
  const wrong = result.getByRole('heading', { name: /答错或未答全对的题/ });
  if (await wrong.count()) {
    await expect(result.getByText('解析').first()).toBeVisible();
    const link = result.locator('a.clause-link').first();
    await expect(link).toHaveAttribute('href', /^\/policies\/[a-z-]+\/[a-z-]+#[a-z-]+-[\d.]+$/);
  } else {
    await expect(result.getByText('全部答对！')).toBeVisible();
  }
  await snap(result, 'quiz-result-phone');
  await snap(staff2.page, 'quiz-result-kiosk');

  // The server refuses further answers and a second attempt (one allowed).
  const attemptId = result.url().split('/').pop()!;
  const late = await result.request.post(`/api/training/attempts/${attemptId}/answers`, {
    data: { questionId: 'complaints-001', value: ['a'] },
  });
  expect(late.status()).toBe(409);
  expect((await late.json()).error.code).toBe('submitted');
  await result.goto(`/training/join?code=${code}`);
  await expect(result.getByRole('alert')).toHaveText('你的答题次数已用完');
  // Someone else's attempt looks like none.
  expect((await staff3.page.goto(`/training/attempts/${attemptId}`))?.status()).toBe(404);

  // End the session and read the results.
  await page.getByRole('button', { name: '结束测验' }).click();
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.getByRole('heading', { level: 1, name: /成绩与分析/ })).toBeVisible();
  const scores = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '交卷时间' }) });
  await expect(scores.getByRole('row')).toHaveCount(4);
  for (const name of ['张客服', '刘客服', '孙客服']) {
    await expect(scores.getByRole('rowheader', { name })).toBeVisible();
    await expect(scores.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })).toContainText(
      /\d+ \/ \d+（\d+%）.*[✓✗]/,
    );
  }
  await expect(page.getByText('通过率')).toBeVisible();
  const items = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '区分度' }) });
  await expect(items.getByRole('row')).toHaveCount(6);
  await expect(page.getByRole('heading', { name: '最薄弱的条款' })).toBeVisible();
  await expect(page.locator('ol.weakest a').first()).toHaveAttribute('href', /^\/policies\//);
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'quiz-trainer-results');

  const csv = await page.request.get(
    page.url().replace(/\/training\/quizzes\/([^/]+)\/results$/, '/api/training/quizzes/$1/results.csv'),
  );
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const body = await csv.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = body.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(4);
  expect(lines[0]).toContain('姓名');
  // Staff get no CSV.
  expect((await staff3.page.request.get(new URL(csv.url()).pathname)).status()).toBe(403);

  // A person's history across sessions.
  await scores.getByRole('link', { name: '刘客服' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '刘客服 的答题记录' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: '晨会测验 e2e' })).toBeVisible();
  await expect(
    page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '晨会测验 e2e' }) }),
  ).toContainText(/\d+ \/ \d+（\d+%）.*[✓✗]/);

  // The policy page lists the questions citing it, prompts only.
  await page.goto('/policies/complaints');
  await page.locator('main a[href^="/policies/complaints/"]').first().click();
  const related = page.locator('details.clause-questions');
  await expect(related.locator('summary')).toContainText('本页相关考题');
  const relatedHtml = await related.innerHTML();
  for (const text of explanations) expect(relatedHtml).not.toContain(text);

  for (const c of [trainer, staff, staff2, staff3]) await c.context.close();
});
