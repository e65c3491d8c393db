import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createSearchGate } from '../../../../src/lib/http/search-gate.js';

describe('search gate (issue 16: refusals must be cheap under a flood)', () => {
  const gate = createSearchGate({ perAddress: 2, total: 10, holdMs: 200 });
  let answer = 200;
  let reached = 0;
  let server: Server;
  const base = new Promise<string>((resolve) => {
    server = createServer((req, res) => {
      if (gate(req, res)) return;
      reached++;
      // A slow search: long enough for the other requests to arrive meanwhile.
      setTimeout(() => {
        res.statusCode = req.url?.startsWith('/api/search') ? answer : 200;
        res.end('{}');
      }, 100);
    }).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
  });
  afterAll(() => server.close());

  const timed = async (path: string) => {
    const t0 = performance.now();
    const res = await fetch(`${await base}${path}`);
    await res.text();
    return { status: res.status, ms: performance.now() - t0, retryAfter: res.headers.get('retry-after') };
  };

  it('lets perAddress searches through and answers the rest 429 after holding them', async () => {
    reached = 0;
    const all = await Promise.all(Array.from({ length: 6 }, () => timed('/api/search?q=x')));
    expect(all.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = all.filter((r) => r.status === 429);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.retryAfter).toBe('1');
      expect(r.ms).toBeGreaterThanOrEqual(190);
    }
    expect(reached).toBe(2);
  });

  it('never holds other paths', async () => {
    const all = await Promise.all(Array.from({ length: 6 }, () => timed('/api/health')));
    expect(all.every((r) => r.status === 200)).toBe(true);
  });

  it('after the endpoint answers 429, refuses that address here for holdMs', async () => {
    answer = 429;
    expect((await timed('/api/search?q=x')).status).toBe(429);
    answer = 200;
    reached = 0;
    expect((await timed('/api/search?q=x')).status).toBe(429);
    expect(reached).toBe(0);
    await new Promise((r) => setTimeout(r, 250));
    expect((await timed('/api/search?q=x')).status).toBe(200);
    expect(reached).toBe(1);
  });
});
