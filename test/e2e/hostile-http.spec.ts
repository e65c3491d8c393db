/**
 * Hostile input over HTTP against the built server (the larger run is test/unit/pages/api/hostile.test.ts):
 * a sample of arbitrary JSON, prototype keys and odd query strings on every public API. Never a 5xx,
 * always JSON with the error envelope on a refusal, never a stack or a path.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { startServer, type RunningServer } from './server';

// A server of its own: wrong codes lock the asking address, which would disturb other journeys.
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ env: { FEEDBACK_RATE_LIMIT: '0' } });
});
test.afterAll(async () => server?.stop());

const RUNS = 60;

async function expectSane(res: Response, where: string) {
  const text = await res.text();
  expect(res.status, `${where}: ${text.slice(0, 200)}`).toBeLessThan(500);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node:internal|\/tmp\/|sdk-srv/);
  if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
    expect(JSON.parse(text).error).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    );
  }
}

const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc
    .constantFrom('__proto__', 'constructor', 'prototype')
    .chain((k) =>
      fc
        .jsonValue({ maxDepth: 2 })
        .map(
          (v) =>
            `{"kind":"complaint","category":"service","description":"原型键测试内容","${k}":${JSON.stringify(v) ?? 'null'}}`,
        ),
    ),
);

test('arbitrary bodies on every public POST endpoint: never a 5xx or a leak', async () => {
  test.setTimeout(120_000);
  const baseURL = server.url;
  for (const p of ['/api/feedback', '/api/returns/check', '/api/kiosk/heartbeat']) {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await fetch(`${baseURL}${p}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': 'hostile-http' },
          body: text,
        });
        await expectSane(res, p);
      }),
      { numRuns: RUNS },
    );
  }
  const big = await fetch(`${baseURL}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ description: 'x'.repeat(70_000) }),
  });
  expect(big.status).toBe(413);
});

test('arbitrary query strings and path segments on the GET endpoints: never a 5xx or a leak', async () => {
  test.setTimeout(120_000);
  const baseURL = server.url;
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 20 }), async (a, b) => {
      for (const p of [
        `/api/search?q=${encodeURIComponent(a)}&limit=${encodeURIComponent(b)}&audience=${encodeURIComponent(b)}`,
        `/api/feedback/${encodeURIComponent(a || 'x')}?code=${encodeURIComponent(b)}`,
        `/kiosk/status?t=${encodeURIComponent(a)}&c=${encodeURIComponent(b)}`,
      ]) {
        await expectSane(await fetch(`${baseURL}${p}`), p);
      }
    }),
    { numRuns: RUNS },
  );
});
