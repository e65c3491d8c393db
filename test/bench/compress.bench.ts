/**
 * Compression of dynamic responses (src/lib/http/compress.js), against the built server: for an
 * SSR page (/kiosk/returns, the largest kiosk page) and an API JSON answer (/api/search), the bytes
 * sent and the server's CPU time per request without compression, with gzip and with brotli,
 * measured side by side in the same run (rounds interleaved; median of the rounds).
 * CPU time is the server process's user + system time from /proc (Linux), over a fixed number of
 * requests from 4 connections.
 * (Browsers send "gzip, deflate, br": they get gzip, see the file comment of compress.js; br is
 * measured by asking for br alone.)
 * Budgets: /kiosk/returns gzip <= 10 KB on the wire (29.2 KB uncompressed before issue 17), and
 * compression costs at most 2x the CPU of the uncompressed request.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { report } from './report';
import { startBuiltServer } from './server';

const REQUESTS = Number(process.env.COMPRESS_BENCH_REQUESTS ?? 1500);
const ROUNDS = Number(process.env.COMPRESS_BENCH_ROUNDS ?? 3);
const TICKS_PER_SECOND = 100; // Linux USER_HZ (getconf CLK_TCK)

const ROUTES = [
  { label: '/kiosk/returns (SSR HTML)', path: '/kiosk/returns' },
  { label: '/api/search?q=退货 (JSON)', path: `/api/search?q=${encodeURIComponent('退货')}` },
];
const ENCODINGS = [
  { label: 'none', header: 'identity' },
  { label: 'gzip', header: 'gzip' },
  { label: 'br', header: 'br' },
];

/** The process's CPU time so far, in ms (utime + stime). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Body bytes as sent, and the encoding the server chose. */
function bodySize(url: string, acceptEncoding: string) {
  return new Promise<{ bytes: number; encoding: string }>((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'none') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(url: string, acceptEncoding: string, amount: number) {
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, connections: 4, amount, headers: { 'accept-encoding': acceptEncoding } }, (error, done) =>
      error ? reject(error) : resolve(done),
    ),
  );
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`compress bench: ${failed} failed requests to ${url}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await startBuiltServer({
  env: { SEARCH_RATE_LIMIT: '0', SEARCH_CONCURRENCY: '64', LOG_REQUESTS: '0', FEEDBACK_SWEEP_SECONDS: '0' },
});
try {
  for (const route of ROUTES) {
    const url = `${server.url}${route.path}`;
    const sizes = new Map<string, number>();
    for (const enc of ENCODINGS) {
      const got = await bodySize(url, enc.header);
      if (got.encoding !== enc.label)
        throw new Error(`compress bench: ${route.path} sent ${got.encoding} for ${enc.label}`);
      sizes.set(enc.label, got.bytes);
      report(
        `${route.label}: body sent, ${enc.label}`,
        got.bytes / 1024,
        'KB',
        route.path === '/kiosk/returns' && enc.label === 'gzip' ? { max: 10 } : undefined,
      );
    }
    // Warm-up: the JIT and Astro's route caches, for every encoding.
    for (const enc of ENCODINGS) await load(url, enc.header, 200);
    const cpu = new Map<string, number[]>(ENCODINGS.map((e) => [e.label, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const enc of ENCODINGS) {
        const before = cpuMs(server.pid);
        await load(url, enc.header, REQUESTS);
        cpu.get(enc.label)!.push(((cpuMs(server.pid) - before) * 1000) / REQUESTS);
      }
    }
    const base = median(cpu.get('none')!);
    for (const enc of ENCODINGS) {
      const us = median(cpu.get(enc.label)!);
      report(`${route.label}: server CPU per request, ${enc.label}`, us, 'µs');
      if (enc.label !== 'none')
        report(`${route.label}: CPU ${enc.label} ÷ none (same run)`, us / base, 'x', { max: 2 });
    }
  }
} finally {
  await server.stop();
}
