/**
 * The public feedback API's contract: shapes, every error, idempotency, the per-minute limit,
 * wrong codes and the lockout. Runs against a server of its own with a low rate limit.
 */
import { expect, test } from '@playwright/test';
import { requestFrom } from './helpers';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({
    env: { FEEDBACK_RATE_LIMIT: '5', FEEDBACK_LOOKUP_MAX_FAILURES: '5', FEEDBACK_LOOKUP_LOCK_MINUTES: '15' },
  });
});
test.afterAll(async () => server?.stop());

let client = 0;
/** A loopback address of its own: a client the per-address limit counts apart. */
const newClient = () => `127.0.${1 + Math.floor(++client / 250)}.${1 + (client % 250)}`;
/**
 * POSTs as a fresh client (each call has its own rate-limit bucket unless given an address). Kiosk
 * ids a client names itself no longer make buckets: only enrolled kiosks (see trust-edge.spec.ts).
 */
async function post(body: unknown, from = newClient()) {
  const res = await requestFrom(from, `${server.url}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: JSON.parse(res.text) };
}
const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, headers: res.headers, body: await res.json() };
};

const valid = {
  kind: 'complaint',
  category: 'quality',
  description: '买的保温杯漏水，要求退货。',
  floor: '4F',
  tenant: '4f-home',
};

test('201 with a receipt; the status GET shows only what the shopper may see', async () => {
  const created = await post({
    ...valid,
    contact: { name: '王先生', phone: '13912345678' },
    consent: true,
    kioskId: 'K-4F-01',
  });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    ticketNo: expect.stringMatching(/^FK\d{8}-\d{4}$/),
    verifyCode: expect.stringMatching(/^\d{6}$/),
    status: 'received',
    replyDueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    statusUrl: `${server.url}/kiosk/status?t=${created.body.ticketNo}&c=${created.body.verifyCode}&via=qr`,
  });
  const due = Date.parse(created.body.replyDueAt) - Date.now();
  expect(due).toBeGreaterThan(23.9 * 3_600_000);
  expect(due).toBeLessThanOrEqual(24 * 3_600_000);

  const status = await get(`/api/feedback/${created.body.ticketNo}?code=${created.body.verifyCode}`);
  expect(status.status).toBe(200);
  expect(status.body).toEqual({
    ticketNo: created.body.ticketNo,
    status: 'received',
    statusLabel: { zh: '已受理', en: 'Received' },
    replyDueAt: created.body.replyDueAt,
    timeline: [{ at: expect.any(String), status: 'received' }],
  });
  const text = JSON.stringify(status.body);
  for (const secret of ['13912345678', '王先生', 'K-4F-01', created.body.verifyCode])
    expect(text).not.toContain(secret);
});

test('a complaint needs no contact detail', async () => {
  const created = await post({ kind: 'complaint', category: 'service', description: '服务台员工态度冷淡。' });
  expect(created.status).toBe(201);
});

test.describe('400 invalid_input names every bad field in Chinese and English', () => {
  for (const [name, body, field] of [
    ['unknown category', { ...valid, category: 'weather' }, 'category'],
    ['description too short', { ...valid, description: '差' }, 'description'],
    ['description too long', { ...valid, description: '长'.repeat(1001) }, 'description'],
    ['phone not a mainland mobile', { ...valid, contact: { phone: '021-5555-1234' }, consent: true }, 'contact.phone'],
    ['phone without consent', { ...valid, contact: { phone: '13912345678' } }, 'consent'],
    ['unknown key', { ...valid, priority: 'high' }, 'priority'],
    ['tenant not on the floor', { ...valid, floor: '1F' }, 'tenant'],
    ['unknown kind', { ...valid, kind: 'rant' }, 'kind'],
  ] as const) {
    test(name, async () => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toContain(' / ');
      expect(res.body.error.fields[field]).toEqual({ zh: expect.any(String), en: expect.any(String) });
    });
  }

  test('all at once', async () => {
    const res = await post({ kind: 'x', category: 'y', description: 'ab', contact: { phone: '1' }, extra: true });
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      'category',
      'consent',
      'contact.phone',
      'description',
      'extra',
      'kind',
    ]);
  });

  test('a body that is not JSON, and one that is too large', async () => {
    expect((await post('{"kind":')).body.error.code).toBe('invalid_json');
    const big = await post({ ...valid, description: 'x'.repeat(70_000) });
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
  });
});

test('the same idempotencyKey returns the first ticket (200), never a second one', async () => {
  const from = newClient();
  const body = { ...valid, idempotencyKey: 'retry-0f3a9c2e' };
  const first = await post(body, from);
  const again = await Promise.all([post(body, from), post(body, from)]);
  expect(first.status).toBe(201);
  for (const r of again) {
    expect(r.status).toBe(200);
    expect(r.body).toEqual(first.body);
  }
  const conflict = await post({ ...body, description: '换了内容但用同一个请求标识。' }, from);
  expect([conflict.status, conflict.body.error.code]).toEqual([409, 'idempotency_conflict']);
  // The next new ticket follows the first: no ticket was made in between by the retries.
  const next = await post(valid, from);
  const seq = (no: string) => Number(no.split('-')[1]);
  expect(next.status).toBe(201);
  expect(seq(next.body.ticketNo) - seq(first.body.ticketNo)).toBe(1); // this server runs only this file, in order
});

test('more than the configured submissions per minute from one client → 429 with Retry-After', async () => {
  const from = newClient();
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await post(valid, from));
  expect(results.slice(0, 5).map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  expect(results[5].status).toBe(429);
  expect(results[5].body.error.code).toBe('rate_limited');
  const retry = Number(results[5].headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  // Another client is not affected.
  expect((await post(valid, newClient())).status).toBe(201);
});

test('an unknown ticket and a wrong code get the same 404; repeated wrong codes lock the number out', async () => {
  const created = await post(valid);
  const { ticketNo, verifyCode } = created.body;
  const wrong = verifyCode === '000000' ? '111111' : '000000';
  const [unknownTicket, wrongCode] = await Promise.all([
    get(`/api/feedback/FK20000101-9999?code=${wrong}`),
    get(`/api/feedback/${ticketNo}?code=${wrong}`),
  ]);
  expect(unknownTicket.status).toBe(404);
  expect(wrongCode).toEqual({ ...unknownTicket, headers: wrongCode.headers });
  expect(unknownTicket.body).toEqual(wrongCode.body);

  // 5 wrong codes in 15 minutes (one above, four here) lock the number: even the right code gets 429 then.
  for (let i = 0; i < 4; i++) expect((await get(`/api/feedback/${ticketNo}?code=${wrong}`)).status).toBe(404);
  const locked = await get(`/api/feedback/${ticketNo}?code=${verifyCode}`);
  expect(locked.status).toBe(429);
  expect(locked.body.error.code).toBe('too_many_attempts');
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);

  // The lockout looks the same for a number that does not exist.
  for (let i = 0; i < 4; i++) await get(`/api/feedback/FK20000101-9999?code=${wrong}`);
  const lockedUnknown = await get(`/api/feedback/FK20000101-9999?code=${wrong}`);
  expect(lockedUnknown.status).toBe(429);
  expect(lockedUnknown.body).toEqual(locked.body);

  // Other tickets still answer.
  const other = await post(valid);
  expect((await get(`/api/feedback/${other.body.ticketNo}?code=${other.body.verifyCode}`)).status).toBe(200);
});

test('the receipt QR code is an SVG made by the server', async () => {
  const { body } = await post(valid);
  const res = await fetch(`${server.url}/api/feedback/${body.ticketNo}/qr.svg?code=${body.verifyCode}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('image/svg+xml');
  expect(await res.text()).toMatch(/^<svg[^>]+viewBox/);
  expect((await fetch(`${server.url}/api/feedback/${body.ticketNo}/qr.svg?code=x`)).status).toBe(404);
});
