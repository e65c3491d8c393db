import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync, brotliDecompressSync } from 'node:zlib';
import { createStaticHandler, pickEncoding } from '../../../../src/lib/http/static.js';

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', undefined],
    ['', undefined],
    [undefined, undefined],
    ['BR', 'br'],
  ])('%s → %s', (header, expected) => expect(pickEncoding(header)).toBe(expected));
});

describe('createStaticHandler', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'static-'));
  mkdirSync(path.join(dir, '_astro'));
  mkdirSync(path.join(dir, 'page'));
  const js = 'console.log("你好")'.repeat(100);
  writeFileSync(path.join(dir, '_astro', 'app.js'), js);
  writeFileSync(path.join(dir, '_astro', 'app.js.br'), brotliCompressSync(js));
  writeFileSync(path.join(dir, '_astro', 'app.js.gz'), gzipSync(js));
  writeFileSync(path.join(dir, 'page', 'index.html'), '<p>x</p>');
  writeFileSync(path.join(dir, 'page', 'index.html.br'), brotliCompressSync('<p>x</p>'));
  writeFileSync(path.join(dir, 'plain.js'), 'x');
  writeFileSync(path.join(dir, '.lock'), '1');
  mkdirSync(path.join(dir, '.vite'));
  writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{}');
  // Links out of the root (a file and a folder) and a link inside it: none may be served.
  const outside = mkdtempSync(path.join(tmpdir(), 'static-outside-'));
  writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'passwd.txt'));
  symlinkSync(outside, path.join(dir, 'linked'));
  symlinkSync(path.join(dir, 'plain.js'), path.join(dir, 'alias.js'));
  writeFileSync(path.join(dir, 'swapped.js'), 'original');
  const handle = createStaticHandler(dir, { 'X-Test': '1' });
  let server: Server;
  const base = new Promise<string>((resolve) => {
    server = createServer((req, res) => {
      if (!handle(req, res)) {
        res.statusCode = 299;
        res.end('fallthrough');
      }
    }).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const get = async (p: string, encoding?: string) => {
    const { request } = await import('node:http');
    const url = new URL(p, await base);
    return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
  };

  it('sends the Brotli file with immutable caching for hashed assets', async () => {
    const res = await get('/_astro/app.js', 'gzip, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['x-test']).toBe('1');
    expect(brotliDecompressSync(res.body).toString()).toBe(js);
  });

  it('serves a directory index for an extensionless path', async () => {
    const res = await get('/page', 'br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toContain('text/html');
  });

  it.each([
    ['no accepted encoding', '/_astro/app.js', undefined, Buffer.byteLength(js)],
    ['no compressed variant', '/plain.js', 'br', 1],
    ['a gzip-only client without .gz', '/page', 'gzip', '<p>x</p>'.length],
  ])('sends the plain file for %s', async (_n, p, enc, length) => {
    const res = await get(p, enc);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.length).toBe(length);
  });

  it('answers a conditional GET with 304', async () => {
    const first = await get('/plain.js');
    const { request } = await import('node:http');
    const url = new URL('/plain.js', await base);
    const status = await new Promise<number>((resolve, reject) => {
      request(url, { headers: { 'if-modified-since': String(first.headers['last-modified']) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(304);
  });

  it.each([
    ['a missing file', '/nope.js', 'br'],
    ['a directory without an index', '/_astro', 'br'],
    ['a dot-file', '/.lock', 'br'],
    ['a file in a dot-folder', '/.vite/manifest.json', 'br'],
    ['an encoded NUL', '/plain.js%00', 'br'],
    ['a traversal attempt', '/../../etc/passwd', 'br'],
    ['an encoded traversal attempt', '/%2e%2e/%2e%2e/etc/passwd', 'br'],
  ])('falls through for %s', async (_n, p, enc) => {
    expect((await get(p, enc)).status).toBe(299);
  });

  it('lists the files once: a file written later is not served (the build does not change under a running server)', async () => {
    writeFileSync(path.join(dir, 'late.js'), 'x');
    expect((await get('/late.js')).status).toBe(299);
    expect((await get('/page/', 'br')).status).toBe(200);
  });

  it('serves only regular files inside its root: symbolic links are neither listed nor followed', async () => {
    for (const p of ['/passwd.txt', '/linked/secret.txt', '/alias.js']) {
      const res = await get(p);
      expect(res.status, p).toBe(299);
      expect(res.body.toString()).not.toContain('secret');
    }
    expect((await get('/plain.js')).status).toBe(200);
  });

  it('refuses a listed file that became a symbolic link after the listing', async () => {
    unlinkSync(path.join(dir, 'swapped.js'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'swapped.js'));
    const res = await get('/swapped.js');
    expect(res.status).toBe(299);
    expect(res.body.toString()).not.toContain('secret');
  });
});
