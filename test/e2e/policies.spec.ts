import { expect, test } from '@playwright/test';
import path from 'node:path';
import { loadLibrary } from '../../src/lib/policies/library-files';
import { expectNoSeriousA11yViolations, snap } from './helpers';

const library = loadLibrary(path.resolve(import.meta.dirname, '../..'));

test('every policy page returns 200 and shows its title', async ({ request }) => {
  expect(library.pages.length).toBeGreaterThan(20);
  for (const page of library.pages) {
    const response = await request.get(`/policies/${page.data.section}/${page.slug}`);
    expect(response.status(), page.file).toBe(200);
    const html = await response.text();
    const title = page.data.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;');
    expect(html, page.file).toMatch(new RegExp(`<h1[^>]*>${title}</h1>`));
    expect(html).toContain('<meta charset="utf-8">');
  }
});

test('the library lists every section and filters by audience', async ({ page }) => {
  await page.goto('/policies');
  for (const section of library.sections) {
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(section.title) })).toBeVisible();
  }
  await page.getByRole('navigation', { name: '按适用对象筛选' }).getByRole('link', { name: '顾客' }).click();
  await expect(page).toHaveURL(/audience=shopper/);
  await expect(page.getByRole('heading', { level: 2, name: /顾客须知/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /工作纪律/ })).toHaveCount(0);
  await snap(page, 'policies-shopper-filter');
});

test('a clause deep link scrolls to the clause and highlights it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/policies/returns/basic-rules#returns-1.4');
  const clause = page.locator('section#returns-1\\.4');
  await expect(clause).toBeInViewport();
  await expect(clause).toBeFocused();
  const background = await clause.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  // Another clause on the page is not highlighted.
  const other = await page.locator('section#returns-1\\.1').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(other).toBe('rgba(0, 0, 0, 0)');
  await snap(page, 'policy-deep-link');
});

test('the copy-link control points at the clause', async ({ page }) => {
  await page.goto('/policies/returns/basic-rules');
  const link = page.locator('section#returns-1\\.1 .clause-anchor');
  await expect(link).toHaveAttribute('href', '#returns-1.1');
  await link.click();
  await expect(page).toHaveURL(/#returns-1\.1$/);
  await expect(page.locator('section#returns-1\\.1')).toBeFocused();
});

test('cross-references link to the clause they cite', async ({ page }) => {
  const withRef = library.pages.find((p) => /\]\(clause:/.test(p.parsed.clauses.map((c) => c.markdown).join('\n')));
  expect(withRef, 'some page has a cross-reference').toBeDefined();
  await page.goto(`/policies/${withRef!.data.section}/${withRef!.slug}`);
  const href = await page.locator('a.clause-ref').first().getAttribute('href');
  expect(href).toMatch(/^\/policies\/[a-z-]+\/[a-z.-]+#[a-z-]+-\d+(\.\d+)*$/);
  const response = await page.goto(href!);
  expect(response?.status()).toBe(200);
});

test('policy pages have no serious accessibility violations', async ({ page }) => {
  await page.goto('/policies');
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'policies');
  await page.goto('/policies/complaints/time-limits');
  await expectNoSeriousA11yViolations(page);
  await snap(page, 'policy-page');
});

test('a local rule shows its badge, the escalation table comes from the data file, and the page keeps its revisions', async ({
  page,
}) => {
  await page.goto('/policies/complaints/escalation#complaints-4.7');
  const afterHours = page.locator('section#complaints-4\\.7');
  await expect(afterHours.locator('.badge-local-rule')).toHaveText('本商场规定');
  const table = page.getByRole('table', { name: /升级表/ });
  for (const role of ['楼层主管', '营运经理', '店长', '值班经理']) {
    await expect(table.getByRole('rowheader', { name: new RegExp(role) })).toBeVisible();
  }
  await expect(table.getByRole('link', { name: '第 4.7 条' })).toHaveAttribute('href', /#complaints-4\.7$/);
  const history = page.getByRole('region', { name: '修订记录' });
  await expect(history.getByRole('row')).toHaveCount(3); // heading row, 1.1, 1.0
  await expect(history.getByRole('link', { name: '4.8' })).toHaveAttribute('href', '#complaints-4.8');
  await snap(page, 'policies-local-rule-escalation');
  await expectNoSeriousA11yViolations(page);
});

test('recent changes list the revised pages, newest first', async ({ page }) => {
  await page.goto('/policies');
  await page.getByRole('link', { name: '近期修订' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '近期修订' })).toBeVisible();
  const dates = await page
    .locator('table tbody tr td:first-child time')
    .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
  expect(dates.length).toBeGreaterThan(40);
  expect([...dates].sort().reverse()).toEqual(dates);
  await expect(page.getByRole('link', { name: '逐级上报与升级' }).first()).toBeVisible();
});

test('the forms library prints a blank form on A4', async ({ page }) => {
  await page.goto('/policies/forms');
  await expect(page.getByRole('heading', { level: 1, name: '表单库' })).toBeVisible();
  await page.getByRole('link', { name: '顾客投诉记录表' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '顾客投诉记录表' })).toBeVisible();
  await expect(page.getByRole('button', { name: '打印空白表单' })).toBeVisible();
  await expect(page.getByText('投诉人姓名')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印空白表单' })).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await snap(page, 'policies-form-print');
});
