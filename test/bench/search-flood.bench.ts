/**
 * Fair search (issue 16): 100 connections sending long searches as fast as they can must not
 * starve the rest of the server. While they run, GET /api/health is timed every 50 ms: p95 <= 100 ms.
 * (Before: health p50 3,039 ms at 100 connections of 200-character queries.)
 *
 *  - one client (one address), the default limits: most searches get 429 at once (cheap);
 *  - limits off (as if 100 clients each stayed within theirs): only the turn queue is left, one
 *    search per turn of the event loop, so health is answered between two searches.
 *
 * SEARCH_BENCH_SECONDS changes the duration (default 10).
 */
import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { percentile, report } from './report';
import { startBuiltServer } from './server';

const DURATION = Number(process.env.SEARCH_BENCH_SECONDS ?? 10);
const QUERY = '顾客在商场购买的商品出现质量问题要求退货退款但是没有购物小票只有电子发票和付款记录'
  .repeat(5)
  .slice(0, 200);

async function flood(name: string, env: Record<string, string>) {
  const server = await startBuiltServer({ env: { LOG_REQUESTS: '0', FEEDBACK_SWEEP_SECONDS: '0', ...env } });
  try {
    // Warm up: the index loads on the first search.
    await fetch(`${server.url}/api/search?q=${encodeURIComponent('退货')}`);
    const timeHealth = async (until: () => boolean) => {
      const times: number[] = [];
      while (!until()) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/health`);
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
      return times;
    };
    // The same probe without the flood, on the same (shared, possibly busy) machine, for comparison.
    const idleUntil = Date.now() + 3000;
    const idle = await timeHealth(() => Date.now() > idleUntil);
    const statuses = new Map<number, number>();
    let stop = false;
    const probe = timeHealth(() => stop);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: `${server.url}/api/search?q=${encodeURIComponent(QUERY)}&limit=10`,
          connections: 100,
          duration: DURATION,
          // The load generator in its own thread, so it does not delay the health probe's own timing.
          workers: 1,
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
    });
    stop = true;
    const health = await probe;
    const byStatus =
      (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
    for (const [code, { count }] of Object.entries(byStatus)) statuses.set(Number(code), count);
    const answered = (statuses.get(200) ?? 0) / DURATION;
    const limited = (statuses.get(429) ?? 0) / DURATION;
    report(`${name}: /api/health p95 while 100 connections search`, percentile(health, 95), 'ms', { max: 100 });
    report(`${name}: /api/health p50`, percentile(health, 50), 'ms');
    report(`${name}: /api/health p95 with no flood (same machine, for comparison)`, percentile(idle, 95), 'ms');
    report(`${name}: searches answered`, answered, 'req/s');
    report(`${name}: searches refused (429)`, limited, 'req/s');
    report(`${name}: errors and timeouts`, result.errors + result.timeouts, 'count', { max: 0 });
  } finally {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

await flood('one client, default limits', {});
await flood('limits off, turn queue only', { SEARCH_RATE_LIMIT: '0', SEARCH_CONCURRENCY: '1000' });
