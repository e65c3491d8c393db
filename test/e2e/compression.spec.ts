/**
 * Dynamic responses compressed by the built server (src/lib/http/compress.js): an SSR page and an
 * API answer decode to exactly what an uncompressed request gets; HEAD, 304 and small bodies go out
 * as before. Raw HTTP (node:http), so nothing is decoded behind the test's back.
 */
import { expect, test } from '@playwright/test';
import { request, type IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ env: { SEARCH_RATE_LIMIT: '0', FEEDBACK_RATE_LIMIT: '0' } });
});
test.afterAll(async () => server?.stop());

interface Raw {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The body decoded per its Content-Encoding. */
  text: string;
}

function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Raw>((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const enc = res.headers['content-encoding'];
        const decoded = enc === 'gzip' ? gunzipSync(body) : enc === 'br' ? brotliDecompressSync(body) : body;
        resolve({ status: res.statusCode!, headers: res.headers, body, text: decoded.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const search = `/api/search?q=${encodeURIComponent('退货')}`;

for (const [path, type] of [
  ['/kiosk/returns', /^text\/html/],
  [search, /^application\/json/],
] as const) {
  test(`${path}: gzip for a browser, br for a br-only client, both decode to the plain answer`, async () => {
    const plain = await raw(path);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(type);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    const gz = await raw(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-length']).toBeUndefined();
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gz.text).toBe(plain.text);
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);

    const br = await raw(path, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.text).toBe(plain.text);
    // The security headers survive the wrapper.
    expect(gz.headers['content-security-policy']).toBe(plain.headers['content-security-policy']);
    expect(gz.headers['x-content-type-options']).toBe('nosniff');
  });
}

test('/kiosk/returns goes out at a quarter of its size (28.6 KB of HTML)', async () => {
  const plain = await raw('/kiosk/returns');
  const gz = await raw('/kiosk/returns', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gz.body.length).toBeLessThan(10 * 1024);
  expect(gz.body.length / plain.body.length).toBeLessThan(0.35);
});

test('HEAD: headers only, no encoding, no body', async () => {
  const head = await raw('/kiosk/returns', { method: 'HEAD', headers: { 'Accept-Encoding': 'gzip' } });
  expect(head.status).toBe(200);
  expect(head.headers['content-encoding']).toBeUndefined();
  expect(head.body.length).toBe(0);
});

test('a small answer goes out as it is, with its exact length', async () => {
  const health = await raw('/api/health', { headers: { 'Accept-Encoding': 'gzip, br' } });
  expect(health.status).toBe(200);
  expect(health.headers['content-encoding']).toBeUndefined();
  expect(Number(health.headers['content-length'])).toBe(health.body.length);
  expect(JSON.parse(health.text).status).toBe('ok');

  const created = await raw('/api/feedback', {
    method: 'POST',
    headers: { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'suggestion', category: 'other', description: '压缩测试：请多设座椅。' }),
  });
  expect(created.status).toBe(201);
  expect(created.headers['content-encoding']).toBeUndefined();
  expect(Number(created.headers['content-length'])).toBe(created.body.length);
  expect(JSON.parse(created.text).ticketNo).toMatch(/^FK\d{8}-\d{4}$/);

  const bad = await raw('/api/feedback', {
    method: 'POST',
    headers: { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/json' },
    body: '{"kind":',
  });
  expect(bad.status).toBe(400);
  expect(bad.headers['content-encoding']).toBeUndefined();
  expect(JSON.parse(bad.text).error.code).toBeTruthy();
});

test('a static file still answers 304 to a revalidation, with nothing compressed on the fly', async () => {
  const html = (await raw('/kiosk/returns')).text;
  const asset = html.match(/\/_astro\/[\w.-]+\.js/)![0];
  const first = await raw(asset, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(first.status).toBe(200);
  expect(first.headers['content-encoding']).toBe('gzip');
  expect(Number(first.headers['content-length'])).toBe(first.body.length);
  const again = await raw(asset, {
    headers: { 'Accept-Encoding': 'gzip', 'If-Modified-Since': String(first.headers['last-modified']) },
  });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
});
