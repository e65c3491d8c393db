/**
 * The live, paced quiz (晨会) on its own server: a trainer creates a paced quiz and projects it;
 * three staff join from phones by the QR link (one tap) and answer in step; the projector shows
 * the distribution, the right answer, its clause and the explanation; a phone reloads and
 * resumes; a countdown ends by itself; a late joiner enters at the current question; the
 * leaderboard at the end, with initials only. Then the 30-day training pass: it opens the live
 * screen in one tap and nothing else. Screenshots of the projector (1920×1080) and a phone
 * (390×844) at each stage go to test/e2e/.screens/.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsersRepo } from '../../src/lib/store/users';
import { expectNoHorizontalOverflow, expectNoSeriousA11yViolations, hydrated, LANDSCAPE, snap } from './helpers';
import { startServer, type RunningServer } from './server';
import { TEST_USERS, type TestUserKey } from './users';

const PHONE = { width: 390, height: 844 };
const SECONDS = 10;

let server: RunningServer;

test.beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-quiz-live-'));
  const repo = await UsersRepo.open(dataDir);
  for (const key of ['trainer', 'staff', 'staff2', 'staff3', 'supervisor'] as const) await repo.add(TEST_USERS[key]);
  server = await startServer({ dataDir });
});
test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page, who: TestUserKey, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** A phone that scans the QR code (the join link), signs in, and taps 加入 once. */
async function phoneJoins(browser: Browser, who: TestUserKey, joinUrl: string, keep = true) {
  const context = await browser.newContext({ baseURL: server.url, viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(joinUrl);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('用户名').fill(TEST_USERS[who].username);
  await page.getByLabel('密码').fill(TEST_USERS[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/training\/live\//);
  if (!keep) await page.getByLabel(/保持培训登录 30 天/).uncheck();
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await hydrated(page);
  return { context, page };
}

const optionButtons = (page: Page) => page.locator('.lplay-options').getByRole('button');

/** Taps option `n`; on a multiple-choice question also 提交 (one tick is a complete answer there). */
async function answer(page: Page, n: number) {
  await optionButtons(page).nth(n).click();
  const submit = page.getByRole('button', { name: '提交', exact: true });
  if (await submit.isVisible()) await submit.click();
}

test('a paced quiz: the room answers in step, the projector shows the answers, the leaderboard, a late joiner', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const trainer = await browser.newContext({ baseURL: server.url, viewport: LANDSCAPE });
  const projector = await trainer.newPage();
  await signIn(projector, 'trainer', '/training/new');
  await expect(projector.getByRole('heading', { level: 1, name: '新建测验' })).toBeVisible();
  await projector.getByLabel('测验名称').fill('晨会现场答题 e2e');
  await projector
    .getByRole('group', { name: '题库' })
    .getByRole('checkbox', { name: /投诉处理/ })
    .check();
  await projector.getByLabel('题目数量').fill('3');
  await projector.getByRole('radio', { name: /现场同步/ }).check();
  await projector.getByLabel(/每题限时/).fill(String(SECONDS));
  await projector.getByRole('button', { name: '创建测验' }).click();
  await expect(projector.getByRole('heading', { level: 1, name: '晨会现场答题 e2e' })).toBeVisible();
  await projector.getByRole('button', { name: /开始测验/ }).click();

  // The projector: waiting screen with the code and the QR code.
  await expect(projector).toHaveURL(/\/projector$/);
  await hydrated(projector);
  const quizId = /quizzes\/([\w-]+)\/projector/.exec(projector.url())![1];
  const code = (await projector.locator('.lp-code').textContent())!.trim();
  expect(code).toMatch(/^\d{8}$/);
  await expect(projector.getByRole('img', { name: '加入测验的二维码' })).toBeVisible();
  await expect(projector.locator('.lp-big-count')).toHaveText('已加入 0 人');
  await expectNoSeriousA11yViolations(projector);
  await expectNoHorizontalOverflow(projector);
  await snap(projector, 'live-projector-1-waiting');

  // Three phones scan the code: sign-in (first time on this phone), then one tap.
  const joinUrl = `/training/join?code=${code}`;
  const a = await phoneJoins(browser, 'staff', joinUrl);
  const b = await phoneJoins(browser, 'staff2', joinUrl);
  const c = await phoneJoins(browser, 'staff3', joinUrl, false);
  for (const p of [a, b, c]) await expect(p.page.getByText('已加入，等待培训师开始…')).toBeVisible();
  await expect(projector.locator('.lp-big-count')).toHaveText('已加入 3 人');
  await snap(a.page, 'live-phone-1-waiting');
  await expectNoSeriousA11yViolations(a.page);

  // Question 1: everyone sees it within a second of the start.
  await projector.getByRole('button', { name: '开始第一题' }).click();
  await expect(projector.getByText('第 1 / 3 题')).toBeVisible();
  for (const p of [a, b, c]) await expect(p.page.getByText('第 1 / 3 题')).toBeVisible({ timeout: 2_000 });
  const prompt = (await projector.locator('.lp-prompt').textContent())!.trim();
  await expect(a.page.locator('.lplay-prompt')).toHaveText(prompt);
  // Large buttons: shape and letter as well as colour.
  const first = optionButtons(a.page).first();
  expect((await first.boundingBox())!.height).toBeGreaterThanOrEqual(64);
  await expect(first).toContainText('A');
  await expect(first.locator('.lplay-shape')).toHaveText('▲');
  await snap(projector, 'live-projector-2-question');
  await snap(a.page, 'live-phone-2-question');
  await expectNoHorizontalOverflow(a.page);
  await expectNoSeriousA11yViolations(a.page);

  // Two choose A, one B; the phone locks after its answer.
  await answer(a.page, 0);
  await answer(b.page, 0);
  await answer(c.page, 1);
  await expect(a.page.getByText('已提交，等待揭晓')).toBeVisible();
  await expect(optionButtons(a.page).nth(1)).toBeDisabled();
  await expect(projector.getByText('已答 3 / 3 人')).toBeVisible({ timeout: 2_000 });
  await snap(a.page, 'live-phone-3-answered');
  // A second answer is refused by the server too.
  const trueFalse = (await optionButtons(a.page).first().locator('.lplay-text').textContent()) === '对';
  const again = await a.page.request.post(`/api/training/live/${quizId}/answer`, {
    data: { index: 0, value: trueFalse ? false : ['b'] },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe('already');
  // Bad input names the field.
  const bad = await a.page.request.post(`/api/training/live/${quizId}/answer`, { data: { index: 'x', value: ['a'] } });
  expect(bad.status()).toBe(400);
  expect(Object.keys((await bad.json()).error.fields)).toContain('index');

  // Reveal: the distribution, the right answer, its clause and the explanation.
  await projector.getByRole('button', { name: '揭晓答案' }).click();
  const bars = projector.locator('.lp-bar-row');
  await expect(bars.nth(0).locator('.lp-bar-n')).toHaveText('2');
  await expect(bars.nth(1).locator('.lp-bar-n')).toHaveText('1');
  await expect(projector.getByText('正确答案：')).toBeVisible();
  const clause = projector.locator('a.lp-clause').first();
  await expect(clause).toHaveAttribute('href', /^\/policies\/[\w-]+\/[\w-]+#[\w.-]+$/);
  await expect(projector.locator('.lp-explain')).toContainText('解析');
  await expect(projector.locator('.lp-board')).toBeVisible();
  await snap(projector, 'live-projector-3-reveal');
  for (const p of [a, b, c]) await expect(p.page.locator('.lplay-verdict')).toBeVisible({ timeout: 2_000 });
  // A alone is right only if A is the one right option (a multiple-choice question needs them all).
  const rightIsA = (await bars.nth(0).getAttribute('class'))!.includes('lp-right');
  const onlyA = rightIsA && (await projector.locator('.lp-bar-row.lp-right').count()) === 1;
  await expect(a.page.locator('.lplay-verdict')).toContainText(onlyA ? '答对了' : '答错了');
  await snap(a.page, 'live-phone-4-reveal');
  await expectNoHorizontalOverflow(a.page);

  // A double click on 下一题 moves on once.
  const next = projector.getByRole('button', { name: '下一题' });
  await next.dblclick();
  await expect(projector.getByText('第 2 / 3 题')).toBeVisible();
  await projector.waitForTimeout(500);
  await expect(projector.getByText('第 2 / 3 题')).toBeVisible();

  // Question 2: one phone answers, then reloads and resumes where it was; the countdown ends by itself.
  await expect(b.page.getByText('第 2 / 3 题')).toBeVisible({ timeout: 2_000 });
  await answer(b.page, 0);
  await expect(b.page.getByText('已提交，等待揭晓')).toBeVisible();
  await b.page.reload();
  await hydrated(b.page);
  await expect(b.page.getByText('第 2 / 3 题')).toBeVisible();
  await expect(optionButtons(b.page).nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(b.page.getByText('已提交，等待揭晓')).toBeVisible();
  // The countdown runs out: answers stop and the projector reveals without a click.
  await expect(projector.locator('.lp-bars')).toBeVisible({ timeout: (SECONDS + 5) * 1000 });
  await expect(c.page.getByText('本题未作答')).toBeVisible({ timeout: 2_000 });
  const late = await c.page.request.post(`/api/training/live/${quizId}/answer`, { data: { index: 1, value: true } });
  expect(late.status()).toBe(409);
  expect((await late.json()).error.code).toBe('locked');

  // Question 3: a late joiner enters at the current question.
  await projector.getByRole('button', { name: '下一题' }).click();
  await expect(projector.getByText('第 3 / 3 题')).toBeVisible();
  const d = await phoneJoins(browser, 'supervisor', joinUrl);
  await expect(d.page.getByText('第 3 / 3 题')).toBeVisible();
  await expect(projector.getByText('已加入 4 人').first()).toBeVisible();
  for (const p of [a, b, c, d]) await answer(p.page, 0);
  await expect(projector.getByText('已答 4 / 4 人')).toBeVisible({ timeout: 2_000 });
  await projector.getByRole('button', { name: '揭晓答案' }).click();
  await expect(projector.locator('.lp-bars')).toBeVisible();

  // The end: the leaderboard on the projector, each phone's points and rank.
  await projector.getByRole('button', { name: '结束并公布排名' }).click();
  await expect(projector.getByRole('heading', { name: /测验结束/ })).toBeVisible();
  await expect(projector.locator('.lp-board-list li')).toHaveCount(4);
  await expect(projector.locator('.lp-board-list')).toContainText('张客服');
  await snap(projector, 'live-projector-4-final');
  for (const p of [a, b, c, d]) await expect(p.page.getByText(/第 \d 名 \/ 共 4 人/)).toBeVisible({ timeout: 2_000 });
  await snap(a.page, 'live-phone-5-final');
  await expectNoSeriousA11yViolations(a.page);

  // Initials only, then off: names leave the projector.
  await projector.getByLabel('排行榜').selectOption('initials');
  await expect(projector.locator('.lp-board-list')).toContainText('张**');
  await expect(projector.locator('.lp-board-list')).not.toContainText('张客服');
  await snap(projector, 'live-projector-5-initials');
  await projector.getByLabel('排行榜').selectOption('off');
  await expect(projector.locator('.lp-board-list')).toHaveCount(0);
  await expect(a.page.getByText(/第 \d 名/)).toHaveCount(0, { timeout: 2_000 });

  // The results page reads the paced session like any other: one attempt per player.
  const results = await trainer.newPage();
  await results.goto(`/training/quizzes/${quizId}/results`);
  for (const name of ['张客服', '刘客服', '孙客服', '李主管'])
    await expect(results.getByRole('rowheader', { name })).toBeVisible();

  // Staff cannot drive the session.
  const refused = await a.page.request.post(`/api/training/live/${quizId}/control`, {
    data: { action: 'finish', expect: { phase: 'finished', index: 2 } },
  });
  expect(refused.status()).toBe(403);

  // The training pass: staff's phone (a) kept one. A new browser with only that cookie joins next
  // time without signing in, and gets nothing else.
  const pass = (await a.context.cookies()).find((k) => k.name === 'sdk_training');
  expect(pass?.httpOnly).toBe(true);
  expect((await c.context.cookies()).find((k) => k.name === 'sdk_training')).toBeUndefined();
  const later = await browser.newContext({ baseURL: server.url, viewport: PHONE });
  await later.addCookies([pass!]);
  const phone = await later.newPage();
  expect((await phone.goto(`/training/live/${quizId}`))?.status()).toBe(200);
  await expect(phone.getByRole('heading', { name: '晨会现场答题 e2e' })).toBeVisible();
  await phone.goto('/staff');
  await expect(phone).toHaveURL(/\/login/);
  expect((await phone.request.get('/api/staff/events')).status()).toBe(401);
  expect((await phone.request.get(`/api/training/live/${quizId}/state?view=projector`)).status()).toBe(403);
  expect((await phone.request.get(`/api/training/live/${quizId}/state`)).status()).toBe(200);

  // Signing out on the phone that holds the pass ends the pass too (a shared phone keeps nothing).
  await a.page.goto('/staff');
  await a.page.getByRole('button', { name: '退出登录', exact: true }).click();
  await expect(a.page).toHaveURL(/\/login/);
  expect((await a.context.cookies()).find((k) => k.name === 'sdk_training')).toBeUndefined();
  expect((await phone.request.get(`/api/training/live/${quizId}/state`)).status()).not.toBe(200);

  for (const ctx of [trainer, a.context, b.context, c.context, d.context, later]) await ctx.close();
});
