import { afterAll, describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  COMPRESS_THRESHOLD,
  compressResponse,
  isCompressibleType,
  isEventStream,
  pickDynamicEncoding,
} from '../../../../src/lib/http/compress.js';

describe('pickDynamicEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'gzip'],
    ['br', 'br'],
    ['gzip;q=0, br', 'br'],
    ['gzip;q=0.5', 'gzip'],
    ['GZIP', 'gzip'],
    ['*', 'gzip'],
    ['*, gzip;q=0', undefined],
    ['identity', undefined],
    ['deflate', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => expect(pickDynamicEncoding(header)).toBe(expected));
});

describe('isCompressibleType', () => {
  it.each([
    ['text/html; charset=utf-8', true],
    ['application/json', true],
    ['application/problem+json; charset=utf-8', true],
    ['application/manifest+json', true],
    ['text/javascript', true],
    ['image/svg+xml', true],
    ['text/csv; charset=utf-8', true],
    ['text/event-stream', false],
    ['text/event-stream; charset=utf-8', false],
    ['image/png', false],
    ['application/octet-stream', false],
    ['application/zip', false],
    ['font/woff2', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => expect(isCompressibleType(type)).toBe(expected));

  it('recognises an event stream', () => {
    expect(isEventStream('text/event-stream; charset=utf-8')).toBe(true);
    expect(isEventStream('text/html')).toBe(false);
  });
});

const big = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, text: `退货 第${i}条` })) });
const page = '<!doctype html><html lang="zh-CN"><body>' + '<p>客服中心 service desk</p>'.repeat(200) + '</body></html>';
const small = JSON.stringify({ error: { code: 'bad_request', message: '请求有误' } });

/** Handlers written the ways Astro's node adapter and our launcher write responses. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  // Astro: writeHead(status, headers object), then chunks, then end().
  '/page': (_req, res) => {
    res.statusMessage = '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] });
    for (let i = 0; i < page.length; i += 500) res.write(page.slice(i, i + 500));
    res.end();
  },
  '/json': (_req, res) => {
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(big);
  },
  '/small': (_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.write(small.slice(0, 10));
    res.end(small.slice(10));
  },
  '/implicit': (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Vary', 'Cookie');
    res.end(big);
  },
  '/with-length': (_req, res) => {
    res.writeHead(200, 'Fine', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) });
    res.end(big);
  },
  '/encoded': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'identity' });
    res.end(big);
  },
  '/png': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(Buffer.alloc(4096, 7));
  },
  '/no-transform': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'private, no-transform' });
    res.end(big);
  },
  '/not-modified': (_req, res) => {
    res.writeHead(304, { 'content-type': 'text/html' });
    res.end();
  },
  '/empty': (_req, res) => {
    res.writeHead(302, { location: '/page', 'content-type': 'text/html' });
    res.end();
  },
  '/events': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': hello\n\n' + 'data: x\n\n'.repeat(200));
    // The rest only after the client has seen the first part (it asks for it with /events-continue).
    eventStreams.push(res);
  },
};
const eventStreams: ServerResponse[] = [];

let server: Server;
const base = new Promise<string>((resolve) => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/events-continue') {
      for (const r of eventStreams.splice(0)) r.end('data: done\n\n');
      res.end('ok');
      return;
    }
    compressResponse(req, res);
    routes[path](req, res);
  }).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
});
afterAll(() => server.close());

interface Got {
  status: number;
  message: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  text: string;
}

async function get(path: string, acceptEncoding?: string, method = 'GET'): Promise<Got> {
  const url = new URL(path, await base);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const text = (enc === 'gzip' ? gunzipSync(raw) : enc === 'br' ? brotliDecompressSync(raw) : raw).toString(
            'utf8',
          );
          resolve({ status: res.statusCode!, message: res.statusMessage!, headers: res.headers, raw, text });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('compressResponse', () => {
  it.each([
    ['/page', 'gzip, deflate, br', 'gzip', page],
    ['/page', 'br', 'br', page],
    ['/page', 'gzip', 'gzip', page],
    ['/json', 'br;q=0, gzip', 'gzip', big],
    ['/json', 'br', 'br', big],
    ['/implicit', 'gzip', 'gzip', big],
    ['/with-length', 'gzip', 'gzip', big],
  ])('%s with Accept-Encoding %s → %s, same content', async (path, accept, expected, content) => {
    const got = await get(path, accept);
    expect(got.headers['content-encoding']).toBe(expected);
    expect(got.headers['content-length']).toBeUndefined();
    expect(got.headers['transfer-encoding']).toBe('chunked');
    expect(got.headers.vary).toMatch(/accept-encoding/i);
    expect(got.raw.length).toBeLessThan(Buffer.byteLength(content) / 2);
    expect(got.text).toBe(content);
  });

  it('keeps the status, its reason and every header the handler set', async () => {
    const pageGot = await get('/page', 'gzip');
    expect(pageGot.status).toBe(200);
    expect(pageGot.message).toBe('OK');
    expect(pageGot.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(pageGot.headers['content-type']).toBe('text/html; charset=utf-8');
    const json = await get('/json', 'gzip');
    expect(json.status).toBe(201);
    expect((await get('/with-length', 'gzip')).message).toBe('Fine');
    expect((await get('/implicit', 'gzip')).headers.vary).toBe('Cookie, Accept-Encoding');
  });

  it('sends a body as it is to a client that accepts no compression, with Vary', async () => {
    const got = await get('/json', undefined);
    expect(got.headers['content-encoding']).toBeUndefined();
    expect(got.headers.vary).toBe('Accept-Encoding');
    expect(got.text).toBe(big);
    expect((await get('/json', 'identity')).headers['content-encoding']).toBeUndefined();
  });

  it(`sends a body under ${COMPRESS_THRESHOLD} bytes as it is, with its exact Content-Length`, async () => {
    const got = await get('/small', 'gzip, br');
    expect(got.status).toBe(400);
    expect(got.headers['content-encoding']).toBeUndefined();
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(small)));
    expect(got.headers.vary).toBe('Accept-Encoding');
    expect(got.text).toBe(small);
  });

  it.each([
    ['/encoded', 'identity', big],
    ['/png', undefined, Buffer.alloc(4096, 7).toString('utf8')],
    ['/no-transform', undefined, big],
  ])('leaves %s alone', async (path, encoding, content) => {
    const got = await get(path, 'gzip, br');
    expect(got.headers['content-encoding']).toBe(encoding);
    expect(got.text).toBe(content);
  });

  it('adds no Vary to a type it never compresses', async () => {
    expect((await get('/png', 'gzip')).headers.vary).toBeUndefined();
  });

  it('answers HEAD, 304 and an empty redirect without a body or an encoding', async () => {
    const head = await get('/json', 'gzip', 'HEAD');
    expect(head.status).toBe(201);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.raw.length).toBe(0);
    const notModified = await get('/not-modified', 'gzip');
    expect(notModified.status).toBe(304);
    expect(notModified.headers['content-encoding']).toBeUndefined();
    expect(notModified.raw.length).toBe(0);
    const redirect = await get('/empty', 'gzip');
    expect(redirect.status).toBe(302);
    expect(redirect.headers['content-encoding']).toBeUndefined();
    expect(redirect.headers['content-length']).toBe('0');
  });

  it('never compresses or holds back an event stream, and tells nginx not to buffer it', async () => {
    const url = new URL('/events', await base);
    const first = await new Promise<{ headers: IncomingMessage['headers']; chunk: string; rest: Promise<string> }>(
      (resolve, reject) => {
        const req = request(url, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
          let all = '';
          let resolveRest: (s: string) => void;
          const rest = new Promise<string>((r) => (resolveRest = r));
          res.setEncoding('utf8');
          res.once('data', (chunk: string) => {
            all += chunk;
            resolve({ headers: res.headers, chunk, rest });
            res.on('data', (c: string) => (all += c));
          });
          res.on('end', () => resolveRest(all));
        });
        req.on('error', reject);
        req.end();
      },
    );
    // The first event arrived while the handler still holds the response open.
    expect(first.chunk.startsWith(': hello')).toBe(true);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers['x-accel-buffering']).toBe('no');
    await get('/events-continue');
    expect(await first.rest).toMatch(/data: done\n\n$/);
  });
});
