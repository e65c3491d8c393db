/**
 * The store contract against PostgreSQL (a throwaway cluster started here), plus what only
 * PostgreSQL has: migrations, the launcher helpers, malls side by side in one database, and
 * recovery when the database goes away and comes back.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/lib/store/errors';
import { pgHasActiveAdmin, pgIssueSetupToken } from '../../../src/lib/store/pg/launcher.js';
import { migrate, MIGRATIONS } from '../../../src/lib/store/pg/migrations.js';
import { openPgStore } from '../../../src/lib/store/pg/pg-store';
import { pgImport } from '../../../src/lib/store/pg/import';
import { FEEDBACK_CONFIG } from '../../../src/lib/feedback/config';
import { queueFilterSchema } from '../../../src/lib/feedback/queue';
import type { Store } from '../../../src/lib/store/port';
import { pgAvailable, startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { makeTicket, storeContract } from './contract';
import { liveContract } from './live-contract';
import { tallyTickets } from '../../../src/lib/feedback/reports';
import { reportTickets } from '../lib/feedback/report-tickets';

const available = pgAvailable();
const mall = () => `m-${randomBytes(5).toString('hex')}`;

describe.skipIf(!available)('PostgreSQL store', { timeout: 60_000 }, () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  storeContract('postgres', {
    open: () => openPgStore({ url: cluster.url, mallId: mall(), poolSize: 4 }),
    peer: (store) => openPgStore({ url: cluster.url, mallId: store.mallId, poolSize: 4 }),
  });
  liveContract('postgres', {
    open: () => openPgStore({ url: cluster.url, mallId: mall(), poolSize: 4 }),
    peer: (store) => openPgStore({ url: cluster.url, mallId: store.mallId, poolSize: 4 }),
  });

  it('refuses a ticket built with another number than the one allocated', async () => {
    const store = await openPgStore({ url: cluster.url, mallId: mall(), poolSize: 1 });
    try {
      await expect(store.tickets.create('2026-11-20', () => makeTicket('2026-11-20', 99, Date.now()))).rejects.toThrow(
        /built for/,
      );
      expect(await store.tickets.count()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('computes the report facts of rows written before migration 5 when their month is first reported', async () => {
    const store = await openPgStore({ url: cluster.url, mallId: mall(), poolSize: 2 });
    const sql = new pg.Client({ connectionString: cluster.url });
    await sql.connect();
    try {
      const now = Date.parse('2026-11-20T04:00:00Z');
      const made = reportTickets(FEEDBACK_CONFIG, 80, now, 20);
      for (const t of made)
        await store.tickets.create(t.day, (seq) => ({ ...t, seq, no: `FK${t.day.replaceAll('-', '')}-${seq}` }));
      const month = made.at(-1)!.day.slice(0, 7);
      const before = await store.tickets.report(month, now);
      // As a row of version 4 looks: no facts, no kiosk column, no alerts flag.
      await sql.query('UPDATE tickets SET facts = NULL, kiosk_id = NULL, alerts = NULL WHERE mall_id = $1', [
        store.mallId,
      ]);
      const missing = async () =>
        Number(
          (await sql.query('SELECT count(*) AS n FROM tickets WHERE mall_id = $1 AND facts IS NULL', [store.mallId]))
            .rows[0].n,
        );
      expect(await missing()).toBe(made.length);
      // Until then the inbox reads them too (alerts unknown).
      const open = (await store.tickets.openTickets()).map((t) => t.no);
      expect((await store.tickets.withAlerts()).map((t) => t.no)).toEqual(open);
      expect(await store.tickets.report(month, now)).toEqual(before);
      expect(await store.hq.report(store.mallId, month, now)).toEqual(before);
      expect(before).toEqual(tallyTickets(await store.tickets.ofMonth(month), month, FEEDBACK_CONFIG, now));
      expect(await missing()).toBe(made.filter((t) => !t.day.startsWith(month)).length);
    } finally {
      await sql.end();
      await store.close();
    }
  });

  describe('importing a mall (store:copy)', () => {
    it('keeps numbers and hashes, sets counters, counts and keys, and refuses a mall with data', async () => {
      const mallId = mall();
      const now = Date.now();
      const day = '2026-11-20';
      const tickets = [
        makeTicket(day, 1, now - 30 * 3_600_000),
        makeTicket(day, 7, now - 3_600_000, { kioskId: 'K-1', idempotencyKey: 'fresh' }),
        makeTicket('2026-11-21', 3, now - 25 * 3_600_000, {
          kioskId: 'K-1',
          idempotencyKey: 'stale',
          status: 'closed',
        }),
      ];
      const user = {
        id: 'u1',
        username: 'zhangsan',
        name: '张三',
        role: 'admin' as const,
        passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5',
        active: true,
        sessionVersion: 3,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
      const audit = Array.from({ length: 3 }, (_, i) => ({
        at: `2026-11-20T0${i}:00:00.000Z`,
        actor: { id: 'system' },
        action: `a.${i}`,
      }));
      const counts = await pgImport(
        { url: cluster.url, mallId, config: FEEDBACK_CONFIG, now },
        { tickets, users: [user], audit },
      );
      expect(counts).toMatchObject({ tickets: 3, idempotencyKeys: 1, users: 1, audit: 3 });
      const store = await openPgStore({ url: cluster.url, mallId, poolSize: 2 });
      try {
        expect(await store.tickets.get(tickets[1].no)).toEqual(tickets[1]);
        expect(await store.tickets.statusCounts()).toEqual({ received: 2, closed: 1 });
        expect(await store.users.byUsername('zhangsan')).toEqual(user);
        expect(await store.audit.readMonth('2026-11')).toEqual(audit);
        // The next number follows the highest imported one of its day.
        const next = await store.tickets.create(day, (seq) => makeTicket(day, seq, now));
        expect(next.ticket.seq).toBe(8);
        // A retry of an imported submission is still recognised; an expired key is not.
        const retry = await store.tickets.create(day, (seq) => makeTicket(day, seq, now), {
          kioskId: 'K-1',
          key: 'fresh',
        });
        expect(retry).toEqual({ created: false, ticket: tickets[1] });
        expect(await store.tickets.findByIdempotencyKey({ kioskId: 'K-1', key: 'stale' }, now)).toBeUndefined();
        const viewer = { id: 'u1', role: 'admin' as const };
        expect((await store.tickets.queue(queueFilterSchema.parse({ status: 'all' }), viewer, now)).total).toBe(4);
      } finally {
        await store.close();
      }
      await expect(
        pgImport({ url: cluster.url, mallId, config: FEEDBACK_CONFIG }, { tickets: [makeTicket(day, 99, now)] }),
      ).rejects.toThrow(/already has data/);
    });
  });

  describe('migrations', () => {
    it('applies each migration once, even when nodes start together, and records it', async () => {
      const url = await cluster.createDatabase(`m_${randomBytes(4).toString('hex')}`);
      const clients = Array.from({ length: 3 }, () => new pg.Client({ connectionString: url }));
      await Promise.all(clients.map((c) => c.connect()));
      try {
        const applied = await Promise.all(clients.map((c) => migrate(c)));
        expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
        const { rows } = await clients[0].query('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await migrate(clients[0])).toEqual([]);
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    });

    it('runs alone as npm run db:migrate', async () => {
      const url = await cluster.createDatabase(`cli_${randomBytes(4).toString('hex')}`);
      const run = promisify(execFile);
      const env = { ...process.env, DATABASE_URL: url };
      const first = await run(process.execPath, ['src/lib/store/pg/migrate-cli.js'], { env });
      expect(first.stdout).toMatch(/applied 1/);
      const again = await run(process.execPath, ['src/lib/store/pg/migrate-cli.js'], { env });
      expect(again.stdout).toMatch(/nothing to do/);
    });
  });

  describe('launcher helpers', () => {
    it('tell whether a mall has an active admin and save its setup token', async () => {
      const store = await openPgStore({ url: cluster.url, mallId: mall(), poolSize: 2 });
      try {
        expect(await pgHasActiveAdmin(cluster.url, store.mallId)).toBe(false);
        await pgIssueSetupToken(cluster.url, store.mallId, 'd'.repeat(64));
        expect(await store.setupToken.matches('d'.repeat(64))).toBe(true);
        await store.users.add({ username: 'root', name: '管理员', role: 'admin', password: 'long enough pw' });
        expect(await pgHasActiveAdmin(cluster.url, store.mallId)).toBe(true);
        expect(await pgHasActiveAdmin(cluster.url, mall())).toBe(false);
      } finally {
        await store.close();
      }
    });
  });

  describe('malls in one database', () => {
    it('keeps each mall to itself, and hq sees them all', async () => {
      const [a, b] = await Promise.all([
        openPgStore({ url: cluster.url, mallId: `a-${mall()}`, poolSize: 2 }),
        openPgStore({ url: cluster.url, mallId: `b-${mall()}`, poolSize: 2 }),
      ]);
      try {
        const now = Date.now();
        const ta = await a.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now));
        const tb = await b.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now));
        // Same number in each mall: numbers are per mall.
        expect(ta.ticket.no).toBe(tb.ticket.no);
        await b.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now + 1));
        expect(await a.tickets.count()).toBe(1);
        expect(await b.tickets.count()).toBe(2);
        await a.users.add({ username: 'zhangsan', name: '张三', role: 'staff', password: 'long enough pw' });
        expect(
          await b.users.add({ username: 'zhangsan', name: '张三', role: 'staff', password: 'long enough pw' }),
        ).toBeTruthy();
        const malls = await a.hq.malls();
        expect(malls).toEqual([...malls].sort());
        expect(malls).toEqual(expect.arrayContaining([a.mallId, b.mallId]));
        expect(await a.hq.ofMonth(b.mallId, '2026-11')).toHaveLength(2);
        // Notifications stay within their mall.
        const heard: unknown[] = [];
        b.notifier.subscribe('inbox', (p) => heard.push(p));
        const control: unknown[] = [];
        const a2 = await openPgStore({ url: cluster.url, mallId: a.mallId, poolSize: 1 });
        try {
          a2.notifier.subscribe('inbox', (p) => control.push(p));
          for (let i = 0; i < 100 && control.length === 0; i++) {
            await a.notifier.publish('inbox', { i });
            await new Promise((r) => setTimeout(r, 50));
          }
          expect(control.length).toBeGreaterThan(0);
          expect(heard).toEqual([]);
        } finally {
          await a2.close();
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  // Last: it stops and starts the cluster.
  describe('when the database goes away', () => {
    it('fails to open with StoreUnavailableError when nothing listens', async () => {
      await expect(
        openPgStore({ url: 'postgres://postgres@127.0.0.1:1/none', mallId: 'x', poolSize: 1 }),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    it('answers StoreUnavailableError while it is down and recovers by itself', async () => {
      const store: Store = await openPgStore({ url: cluster.url, mallId: mall(), poolSize: 2 });
      const heard: unknown[] = [];
      store.notifier.subscribe('queue', (p) => heard.push(p));
      try {
        await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, Date.now()));
        cluster.ctl('stop', '-m', 'fast');
        await expect(store.tickets.count()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(
          store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, Date.now())),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.limits.hit('x', 'k', 1, 1000, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.exclusive('sweep', async () => 'ran')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.notifier.publish('queue', {})).rejects.toBeInstanceOf(StoreUnavailableError);
        cluster.ctl('start');
        let count: number | undefined;
        for (let i = 0; i < 50 && count === undefined; i++) {
          count = await store.tickets.count().catch(() => undefined);
          if (count === undefined) await new Promise((r) => setTimeout(r, 100));
        }
        expect(count).toBe(1);
        const next = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, Date.now()));
        expect(next.ticket.seq).toBe(2);
        // The listening connection came back too.
        for (let i = 0; i < 100 && heard.length === 0; i++) {
          await store.notifier.publish('queue', { i });
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(heard.length).toBeGreaterThan(0);
        // Exclusive locks work again.
        expect(await store.exclusive('sweep', async () => 'ran')).toBe('ran');
      } finally {
        await store.close();
      }
    });
  });
});
