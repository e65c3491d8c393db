/**
 * Stored XSS (docs/RELIABILITY.md, "Hostile input"): every payload of test/fixtures/xss-payloads.jsonl
 * goes through every free-text field (shopper description and name; staff display name, internal note,
 * reply, invalid explanation, follow-up and reopen notes; a user's display name), then each view that
 * shows them is opened in Chromium. A payload that runs sets window.__xss or opens a dialog: the test
 * fails. The CSV export neutralises cells a spreadsheet would run as a formula.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_USERS } from './users';

const PAYLOADS: string[] = readFileSync(path.resolve(import.meta.dirname, '../fixtures/xss-payloads.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const FORMULAS = PAYLOADS.filter((p) => /^[=+\-@\t\r]/.test(p));

/** Payloads packed into texts of at most `max` characters. */
function pack(list: string[], max: number, sep = ' 。'): string[] {
  const out: string[] = [];
  let cur = '';
  for (const p of list) {
    if (cur && [...cur].length + [...sep].length + [...p].length > max) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? cur + sep + p : p;
  }
  if (cur) out.push(cur);
  return out;
}

async function signIn(base: string, who: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/_actions/auth.login`, {
    method: 'POST',
    headers: { Origin: base },
    body: new URLSearchParams({ username: who.username, password: who.password }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sdk_session='))!
    .split(';')[0];
}

async function act(base: string, cookie: string, action: string, fields: Record<string, string>) {
  const res = await fetch(`${base}/_actions/tickets.${action}`, {
    method: 'POST',
    headers: { Origin: base, Cookie: cookie },
    body: new URLSearchParams(fields),
  });
  expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
}

let kiosk = 0;
async function submit(base: string, description: string, name?: string) {
  const res = await fetch(`${base}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': `xss-${++kiosk}` },
    body: JSON.stringify({
      kind: 'complaint',
      category: 'service',
      description,
      ...(name ? { contact: { name, phone: '13900001234' }, consent: true } : {}),
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { ticketNo: string; verifyCode: string };
}

async function cookiesFor(page: Page, base: string, cookie: string) {
  const [name, value] = cookie.split('=');
  await page.context().addCookies([{ name, value, url: base }]);
}

/** Opens a URL and fails if any payload ran. */
async function visit(page: Page, url: string, ran: string[]) {
  await page.goto(url);
  await page.waitForLoadState('load');
  await page.waitForTimeout(100);
  const marker = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
  if (marker !== undefined) ran.push(`${url}: window.__xss = ${String(marker)}`);
  // The CSP would block an inline handler anyway: check escaping itself, so neither defence hides the other.
  const injected = await page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes]
        .filter(
          (a) =>
            (a.name.startsWith('on') || /^\s*javascript:/i.test(a.value) || a.name === 'srcdoc') &&
            /__xss/.test(a.value),
        )
        .map((a) => `<${el.localName} ${a.name}>`)
        .concat(el.localName === 'script' && /__xss/.test(el.textContent ?? '') ? ['<script>'] : []),
    ),
  );
  for (const i of injected) ran.push(`${url}: injected element ${i}`);
}

test('200+ XSS payloads in every free-text field never run in any view, and the CSV export is formula-safe', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(200);
  const base = baseURL!;
  const supervisor = await signIn(base, TEST_USERS.supervisor);
  // Deciding that a complaint is invalid is a manager's (complaints-5.3): staff propose, the manager confirms.
  const manager = await signIn(base, TEST_USERS.manager);

  // A colleague whose display name is a payload acts on every ticket, so it shows in each timeline.
  const admin = await signIn(base, TEST_USERS.admin);
  const evilName = '<img src=x onerror=window.__xss=1>';
  const add = await fetch(`${base}/_actions/users.add`, {
    method: 'POST',
    headers: { Origin: base, Cookie: admin },
    body: new URLSearchParams({
      username: 'xss-colleague',
      name: evilName,
      role: 'supervisor',
      password: 'xss-colleague-2026',
    }),
  });
  expect([200, 409]).toContain(add.status);
  const colleague = await signIn(base, { username: 'xss-colleague', password: 'xss-colleague-2026' });
  const stored = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'users.json'), 'utf8')) as {
    records: { id: string; username: string }[];
  };
  const colleagueId = stored.records.find((u) => u.username === 'xss-colleague')!.id;

  const descriptions = pack(PAYLOADS, 1000);
  const notes = pack(PAYLOADS, 2000);
  const names = PAYLOADS.filter((p) => [...p].length <= 40);
  const tickets: { ticketNo: string; verifyCode: string }[] = [];
  for (const [i, d] of descriptions.entries()) tickets.push(await submit(base, d, names[i % names.length]));
  for (const name of names.slice(descriptions.length))
    tickets.push(await submit(base, `姓名字段测试 ${tickets.length}`, name));
  for (const f of FORMULAS) tickets.push(await submit(base, `${f} 公式注入`));

  // Staff free text on the packed tickets: the full life cycle on some, the invalid exit on others.
  const worked = tickets.slice(0, descriptions.length);
  for (const [i, t] of worked.entries()) {
    const note = notes[i % notes.length];
    await act(base, colleague, 'edit', { no: t.ticketNo, note });
    if (i % 3 === 2) {
      await act(base, supervisor, 'proposeInvalid', { no: t.ticketNo, note });
      await act(base, manager, 'confirmInvalid', { no: t.ticketNo, note });
      continue;
    }
    // Assigned by picker to the colleague whose display name is a payload (free-text names are gone).
    await act(base, supervisor, 'assign', { no: t.ticketNo, department: 'service-centre', assigneeId: colleagueId });
    await act(base, supervisor, 'start', { no: t.ticketNo });
    await act(base, colleague, 'reply', { no: t.ticketNo, note });
    await act(base, supervisor, 'followUp', { no: t.ticketNo, satisfaction: '2', note });
    if (i % 3 === 1) await act(base, supervisor, 'reopen', { no: t.ticketNo, note });
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  const ran: string[] = [];
  page.on('dialog', (d) => {
    ran.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // Shopper side: the kiosk status page of each worked ticket shows the public reply or explanation.
  for (const t of worked) await visit(page, `/kiosk/status?t=${t.ticketNo}&c=${t.verifyCode}`, ran);
  // Staff side: the queue (several pages and filters), every worked ticket, reports, users, training.
  await cookiesFor(page, base, supervisor);
  for (const q of ['', '?status=all', '?status=invalid', '?status=all&page=2', '?status=all&page=3', '?q=img'])
    await visit(page, `/staff/tickets${q}`, ran);
  for (const t of tickets) await visit(page, `/staff/tickets/${t.ticketNo}`, ran);
  await visit(page, '/staff/reports', ran);
  await visit(page, '/staff', ran);
  await cookiesFor(page, base, admin);
  await visit(page, '/admin/users', ran);
  // The reveal (shows the full name and phone) of one ticket with a payload name.
  await visit(page, `/staff/tickets/${tickets[0].ticketNo}`, ran);
  const reveal = page.getByRole('button', { name: '显示完整号码' }).first();
  if (await reveal.count()) {
    await reveal.click();
    await page.waitForLoadState('load');
    const marker = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
    if (marker !== undefined) ran.push('reveal: payload ran');
  }
  await context.close();
  console.log(
    `xss: ${PAYLOADS.length} payloads, ${tickets.length} tickets, ${worked.length * 5} staff texts, views opened`,
  );
  expect(ran).toEqual([]);

  // CSV export: no cell begins with a formula character.
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const csv = await (
    await fetch(`${base}/staff/reports/export.csv?month=${month}`, { headers: { Cookie: supervisor } })
  ).text();
  const cells = parseCsv(csv.replace(/^\uFEFF/, ''));
  expect(cells.length).toBeGreaterThan(tickets.length);
  const dangerous = cells.flat().filter((c) => /^[=+\-@\t\r]/.test(c));
  expect(dangerous).toEqual([]);
  // Descriptions are stored trimmed: a leading tab or CR is gone, the formula character behind it is neutralised.
  for (const f of FORMULAS) expect(cells.flat()).toContain(`'${f.trim()} 公式注入`);
});

/** RFC 4180 cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
