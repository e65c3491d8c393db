/**
 * The embedded JSON store at 0 / 50,000 / 200,000 tickets (issue 17), in-process against the
 * store itself (no HTTP): start-up, resident memory loaded and after a burst of inserts, bytes
 * written per new ticket, how long a filtered queue view holds the event loop after a write, an
 * fsync'd store insert against an fsync'd append side by side, and the event-loop stall of the
 * overdue sweep (sweepOverdue from feedback.server.ts, as it is on the branch measured).
 *
 * Each size is generated (test/bench/generate-tickets.ts, 730 days) into a temporary data
 * directory, then measured in a fresh child process so the figures hold only the store.
 * By default 0 and 50,000 (about a minute on a quiet machine); 200,000 is behind a flag because
 * generating and loading it, and its first sweep (90,000 changes), take several minutes:
 * `STORE_BENCH_SIZES=0,50000,200000 npm run bench store` (about 5 minutes here, longer when the
 * machine is shared). STORE_BENCH_BURST sets the burst (default 20,000 inserts from 10 writers).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { percentile, report } from './report';

const SIZES = (process.env.STORE_BENCH_SIZES ?? '0,50000').split(',').map(Number);
const BURST = Number(process.env.STORE_BENCH_BURST ?? 20_000);
const WRITERS = 10;
/** The figures measured before this work (issue 17 and the performance review), per size. */
const BEFORE: Record<number, { start: number; rss: number }> = {
  0: { start: 0.5, rss: 105 },
  50_000: { start: 2.9, rss: 403 },
  200_000: { start: 8.7, rss: 995 },
};
const label = (n: number) => (n === 0 ? 'empty' : `${n / 1000}k`);
const ms = (from: number) => performance.now() - from;

async function parent() {
  const { generateTickets, writeTickets } = await import('./generate-tickets');
  for (const n of SIZES) {
    const dir = mkdtempSync(path.join(tmpdir(), `sdk-store-bench-${n}-`));
    try {
      const t = performance.now();
      writeTickets(dir, n > 0 ? generateTickets({ count: n, days: 730 }) : []);
      console.error(`${label(n)}: generated ${n} tickets in ${(ms(t) / 1000).toFixed(1)} s`);
      const run = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          '--import',
          path.join(import.meta.dirname, 'raw-hooks.mjs'),
          import.meta.filename,
          '--child',
          dir,
          String(n),
        ],
        { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DATA_DIR: dir } },
      );
      if (run.status !== 0) throw new Error(`store bench: the ${label(n)} run failed (${run.status})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Bytes this process has passed to write(2) so far (files, journal and compactions alike). */
const written = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
const rssMB = () => process.memoryUsage.rss() / 1024 / 1024;

async function child(dir: string, n: number) {
  const { openJsonStore } = await import('../../src/lib/store/json-store');
  const { queryQueue, parseQueueFilter } = await import('../../src/lib/feedback/queue');
  const { loadFeedbackConfig } = await import('../../src/lib/feedback/config-files');
  const { createTicket, formatTicketNo, ticketDay } = await import('../../src/lib/feedback/feedback');
  const config = loadFeedbackConfig(path.resolve(import.meta.dirname, '../..'));
  const at = label(n);
  const before = BEFORE[n];

  let t = performance.now();
  const store = await openJsonStore(dir, 'bench-mall');
  const startup = ms(t) / 1000;
  report(`start-up (load), ${at}`, startup, 's', before ? { max: before.start } : undefined);
  const loaded = rssMB();
  // The server's figure (before) held the whole app; this process holds the store, tsx and the bench.
  report(`RSS loaded, ${at}${before ? ` (server before: ${before.rss} MB)` : ''}`, loaded, 'MB');

  const repo = store.ticketRepository;
  let k = 0;
  const fresh = () => {
    const now = Date.now();
    const day = ticketDay(now, config.timeZone);
    const seq = repo.allocateSeq(day);
    const categories = ['quality', 'service', 'price', 'facilities'];
    return createTicket(
      {
        kind: 'complaint',
        category: categories[k++ % categories.length],
        description: '收银台排队太久，只开了一个收银口，工作人员也不解释。',
        floor: 'B1',
        phone: '13800138000',
        consent: true,
        idempotencyKey: `bench-${k}`,
      },
      { no: formatTicketNo(day, seq), day, seq, verifyCode: '123456', now },
      config,
    );
  };

  // Filtered views: a rescan of every ticket (every view after every write, before) and the kept view after a write (now).
  const filters = ['category=quality', 'channel=desk', 'status=all'].map((q) =>
    parseQueueFilter(new URLSearchParams(q)),
  );
  const uncached = {
    values: () => repo.values(),
    openTickets: () => repo.openTickets(),
    statusCounts: () => repo.statusCounts(),
  };
  const rescans: number[] = [];
  for (const f of filters) {
    queryQueue(uncached, f, config, Date.now());
    t = performance.now();
    queryQueue(uncached, f, config, Date.now());
    rescans.push(ms(t));
  }
  report(`filtered view, full rescan (each view after a write, before), ${at}`, Math.max(...rescans), 'ms');
  const viewsAfterWrites = async (when: string) => {
    for (const f of filters) queryQueue(repo, f, config, Date.now());
    const stalls: number[] = [];
    for (let round = 0; round < 30; round++) {
      await repo.insert(fresh());
      if (round % 3 === 2) {
        // An update too: a ticket changing status moves between lists and counts.
        const open = repo.openTickets().next().value;
        if (open) await repo.update({ ...open, status: 'closed', updatedAt: new Date().toISOString() });
      }
      for (const f of filters) {
        t = performance.now();
        queryQueue(repo, f, config, Date.now());
        stalls.push(ms(t));
      }
    }
    report(`queue view after a write${when}: p95 of 120, ${at}`, percentile(stalls, 95), 'ms', { max: 20 });
    report(`queue view after a write${when}: worst of 120, ${at}`, Math.max(...stalls), 'ms');
  };
  await viewsAfterWrites('');

  // An fsync'd store insert against an fsync'd append of the same line, side by side (3 alternating rounds).
  const line = JSON.stringify(fresh()) + '\n';
  const floorFile = path.join(mkdtempSync(path.join(tmpdir(), 'sdk-append-')), 'floor.jsonl');
  const appendTimes: number[] = [];
  const insertTimes: number[] = [];
  const groupTimes: number[] = [];
  const handle = await open(floorFile, 'a');
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 200; i++) {
      t = performance.now();
      await handle.write(line);
      await handle.datasync();
      appendTimes.push(ms(t));
    }
    for (let i = 0; i < 200; i++) {
      const ticket = fresh();
      t = performance.now();
      await repo.insert(ticket);
      insertTimes.push(ms(t));
    }
    // Ten writers at once: per ticket, the group commit shares one fsync among them.
    t = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < 50; i++) await repo.insert(fresh());
      }),
    );
    groupTimes.push(ms(t) / (WRITERS * 50));
  }
  await handle.close();
  rmSync(path.dirname(floorFile), { recursive: true, force: true });
  const floor = percentile(appendTimes, 50);
  report(`fsync'd append (floor), p50, ${at}`, floor, 'ms');
  report(`fsync'd store insert, one writer, p50, ${at}`, percentile(insertTimes, 50), 'ms');
  report(`  ratio to the fsync'd append, ${at}`, percentile(insertTimes, 50) / floor, '×', { max: 2 });
  report(
    `fsync'd store insert, ${WRITERS} writers (group commit), per ticket, ${at}`,
    percentile(groupTimes, 50),
    'ms',
  );
  report(`  ratio to the fsync'd append, ${at}`, percentile(groupTimes, 50) / floor, '×', { max: 2 });

  // A burst: bytes written per new ticket (journal and the compactions it causes) and memory after it.
  const w0 = written();
  t = performance.now();
  let left = BURST;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (left-- > 0) await repo.insert(fresh());
    }),
  );
  const burstS = ms(t) / 1000;
  const rssAfter = rssMB();
  // Conservative: the compaction still to come for this burst is counted as well.
  await repo.compact();
  const perTicket = (written() - w0) / BURST / 1024;
  report(`burst of ${BURST} inserts (${WRITERS} writers), ${at}`, BURST / burstS, 'tickets/s');
  await viewsAfterWrites(` (after the burst, ${repo.statusCounts().received ?? 0} received)`);
  report(`written per new ticket (journal + compaction), ${at}`, perTicket, 'KB', { max: 10 });
  report(`RSS after the burst, ${at}`, rssAfter, 'MB');
  report(`  ratio to loaded, ${at}`, rssAfter / loaded, '×', n >= 50_000 ? { max: 1.5 } : undefined);

  // The overdue sweep as the branch has it: the longest the event loop is held while it runs.
  const { sweepOverdue } = await import('../../src/lib/feedback/feedback.server');
  let last = performance.now();
  let worst = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  t = performance.now();
  const changed = await sweepOverdue(store, Date.now());
  const sweepS = ms(t) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(probe);
  console.error(`${at}: the sweep changed ${changed} tickets in ${sweepS.toFixed(1)} s`);
  report(`sweep: longest event-loop stall (first sweep, ${changed} changed), ${at}`, worst, 'ms', { max: 50 });
  await repo.compact();
  await store.close();
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else await parent();
