/**
 * `npm run store:copy`: a JSON store with a few of everything (tickets compacted into the day files
 * and tickets still in the journal, users, tokens, quizzes and attempts, kiosks, audit of two
 * months) copied into a throwaway PostgreSQL cluster, read back through the PostgreSQL store; the
 * refusals (a mall with data, a locked data directory, no URL) and the verification's failures.
 */
import { firstVersion, nextVersion } from '../../../src/lib/quiz/questions';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/lib/auth/password';
import { loadFeedbackConfig } from '../../../src/lib/feedback/config-files';
import { queueFilterSchema } from '../../../src/lib/feedback/queue';
import type { Ticket } from '../../../src/lib/feedback/schema';
import { openJsonStore } from '../../../src/lib/store/json-store';
import { readJsonStore, storeCopy, StoreCopyRefused, verify } from '../../../src/lib/store/pg/copy';
import { openPgStore } from '../../../src/lib/store/pg/pg-store';
import type { AuditEntry } from '../../../src/lib/store/port';
import { pgAvailable, startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { attemptFixture, makeTicket, quizFixture } from './contract';

const available = pgAvailable();
const config = loadFeedbackConfig(process.cwd());
const mall = () => `copy-${randomBytes(4).toString('hex')}`;
const PASSWORD = 'correct horse battery';

interface Fixture {
  dir: string;
  tickets: Ticket[];
  token: string;
  audit: AuditEntry[];
}

/** A data directory holding a few of everything; returns what the tests compare with. */
async function buildJsonStore(): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sdk-copy-'));
  const store = await openJsonStore(dir, 'json-mall');
  const now = Date.now();
  try {
    const created: string[] = [];
    const add = async (day: string, at: number, over: Partial<Ticket> = {}) => {
      const r = await store.tickets.create(day, (seq) => makeTicket(day, seq, at, over));
      created.push(r.ticket.no);
      return r.ticket;
    };
    await add('2026-10-30', Date.parse('2026-10-30T02:00:00.000Z'));
    await add('2026-10-30', Date.parse('2026-10-30T03:00:00.000Z'), { status: 'closed', phone: '13800138000' });
    await add('2026-11-20', now - 3_600_000, { kioskId: 'K-1', idempotencyKey: 'k-fresh', channel: 'kiosk' });
    await store.compact();
    // Written after the compaction: in the journal only.
    const first = await add('2026-11-21', now - 1_800_000, { kind: 'suggestion', category: 'environment' });
    await add('2026-11-21', now - 600_000, { urgency: 'urgent' });
    const changed = {
      ...first,
      status: 'assigned' as const,
      assignee: '王五',
      assigneeId: 'u-wangwu',
      department: 'service-desk',
      updatedAt: new Date(now - 60_000).toISOString(),
    };
    expect(await store.tickets.update(changed, first.updatedAt)).toBe(true);

    const admin = await store.users.add({ username: 'zhangsan', name: '张三', role: 'admin', password: PASSWORD });
    const staff = await store.users.add({ username: 'lisi', name: '李四', role: 'staff', password: PASSWORD });
    await store.users.update(staff!.id, { active: false });
    const { token } = await store.tokens.create(admin!.id, 'api');
    const old = await store.tokens.create(admin!.id, 'old');
    await store.tokens.revoke(old.record.id);

    await store.quizzes.insertQuiz(quizFixture('q1', '11111111', '2026-11-20T01:00:00.000Z'));
    await store.quizzes.insertQuiz(quizFixture('q2', '22222222', '2026-11-21T01:00:00.000Z', 'ended'));
    await store.quizzes.insertAttempt(attemptFixture('a1', 'q1', admin!.id));
    await store.quizzes.insertAttempt({
      ...attemptFixture('a2', 'q1', staff!.id),
      startedAt: '2026-11-20T02:01:00.000Z',
    });
    await store.quizzes.insertAttempt({
      ...attemptFixture('a3', 'q2', admin!.id),
      startedAt: '2026-11-21T02:00:00.000Z',
    });

    await store.kiosks.putHeartbeat({
      id: 'K-1',
      lastSeen: '2026-11-21T01:00:00.000Z',
      pending: 1,
      failed: 0,
      version: '1',
    });
    await store.kiosks.putEnrolment({
      id: 'K-1',
      secretHash: 'f'.repeat(64),
      enrolledAt: '2026-11-20T01:00:00.000Z',
      enrolledBy: { id: admin!.id, username: 'zhangsan' },
    });
    await store.cases.insert({
      id: 'case-1',
      sourceNo: 'FK20261101-0001',
      title: '试衣间遗失手机',
      kind: 'complaint',
      category: 'service',
      month: '2026-11',
      happened: '顾客在试衣间遗失手机。',
      handling: '',
      outcome: '',
      lesson: '先安抚，再查监控。',
      clauses: ['complaints-8.3'],
      createdAt: '2026-11-21T01:00:00.000Z',
    });
    for (const id of ['as-1', 'as-2'])
      await store.assignments.insert({
        id,
        quizId: 'q1',
        title: '复训',
        userIds: [admin!.id],
        roles: ['staff'],
        due: '2026-12-01',
        reason: 'manual',
        createdBy: { id: admin!.id, name: '张三' },
        createdAt: '2026-11-21T02:00:00.000Z',
      });

    // A trainer-written question in two versions: both are copied.
    const by = { id: admin!.id, name: '张三' };
    const v1 = firstVersion(
      {
        id: 'tq-copy0001',
        type: 'truefalse',
        prompt: '顾客投诉时应先安抚情绪。',
        answer: true,
        explanation: '先安抚情绪，不争辩对错。',
        clauses: ['complaints-1.2'],
      },
      by,
      new Date('2026-11-20T01:00:00.000Z'),
    );
    await store.questions.put(v1);
    await store.questions.put(nextVersion(v1, { status: 'retired' }, by, new Date('2026-11-21T01:00:00.000Z')));

    const audit: AuditEntry[] = [
      { at: '2026-10-30T02:00:00.000Z', actor: { id: 'system' }, action: 'sweep.escalate', target: created[0] },
      { at: '2026-11-20T01:00:00.000Z', actor: { id: admin!.id, username: 'zhangsan' }, action: 'user.signIn' },
      // Same second, appended in this order: the order is kept.
      {
        at: '2026-11-20T01:00:00.000Z',
        actor: { id: admin!.id },
        action: 'ticket.revealPhone',
        detail: { tail: '8000' },
      },
    ];
    for (const e of audit) await store.audit.append(e);
    const tickets = await Promise.all(created.map(async (no) => (await store.tickets.get(no))!));
    return { dir, tickets, token, audit };
  } finally {
    await store.close();
  }
}

describe.skipIf(!available)('store:copy', { timeout: 120_000 }, () => {
  let cluster: PgCluster;
  let fixture: Fixture;
  beforeAll(async () => {
    [cluster, fixture] = await Promise.all([startPgCluster(), buildJsonStore()]);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  });

  it('builds a store with tickets both compacted and in the journal', () => {
    const bytes = (sub: string) =>
      readdirSync(path.join(fixture.dir, sub), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .reduce((n, e) => n + statSync(path.join(e.parentPath, e.name)).size, 0);
    expect(bytes('journal')).toBeGreaterThan(0);
    expect(bytes('tickets')).toBeGreaterThan(0);
  });

  it('copies everything, verifies it, and the PostgreSQL store answers the same', async () => {
    const mallId = mall();
    const lines: string[] = [];
    const result = await storeCopy({
      from: fixture.dir,
      url: cluster.url,
      mallId,
      config,
      log: (l) => lines.push(l),
      progressEvery: 2,
    });
    expect(result.differences).toEqual([]);
    const counts = {
      tickets: 5,
      users: 2,
      tokens: 2,
      quizzes: 2,
      attempts: 3,
      heartbeats: 1,
      enrolments: 1,
      questions: 2,
      audit: 3,
      cases: 1,
      assignments: 2,
    };
    expect(result.json).toEqual(counts);
    expect(result.postgres).toEqual(counts);
    expect(result.idempotencyKeys).toBe(1);
    expect(lines.some((l) => /imported 5 of 5 tickets/.test(l))).toBe(true);
    expect(lines.some((l) => /verified 4 of 5 tickets/.test(l))).toBe(true);
    // The data directory's lock was given back.
    const again = await openJsonStore(fixture.dir, 'json-mall');
    await again.close();

    const store = await openPgStore({ url: cluster.url, mallId, config, poolSize: 2 });
    try {
      for (const t of fixture.tickets) expect(await store.tickets.get(t.no)).toEqual(t);
      expect((await store.tickets.get(fixture.tickets[3].no))!.status).toBe('assigned');
      expect((await store.tickets.ofMonth('2026-10')).map((t) => t.no)).toEqual(
        fixture.tickets.slice(0, 2).map((t) => t.no),
      );
      expect(await store.tickets.statusCounts()).toEqual({ received: 3, closed: 1, assigned: 1 });
      const viewer = { id: 'u-admin', role: 'admin' as const };
      const now = Date.now();
      expect((await store.tickets.queue(queueFilterSchema.parse({ status: 'all' }), viewer, now)).total).toBe(5);
      expect((await store.tickets.queue(queueFilterSchema.parse({}), viewer, now)).total).toBe(4);
      // A retry of a copied kiosk submission is still one ticket; the next number follows the copied ones.
      const retry = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now), {
        kioskId: 'K-1',
        key: 'k-fresh',
      });
      expect(retry).toEqual({ created: false, ticket: fixture.tickets[2] });
      const next = await store.tickets.create('2026-11-21', (seq) => makeTicket('2026-11-21', seq, now));
      expect(next.ticket.seq).toBe(3);

      const admin = (await store.users.byUsername('ZhangSan'))!;
      expect(admin.role).toBe('admin');
      expect(await verifyPassword(PASSWORD, admin.passwordHash)).toBe(true);
      expect(await verifyPassword('wrong password!', admin.passwordHash)).toBe(false);
      expect((await store.users.byUsername('lisi'))!.active).toBe(false);
      expect((await store.tokens.byToken(fixture.token))!.userId).toBe(admin.id);
      expect((await store.tokens.list()).filter((t) => t.revokedAt)).toHaveLength(1);

      expect((await store.quizzes.byCode('11111111'))!.id).toBe('q1');
      expect((await store.quizzes.attemptsOf('q1')).map((a) => a.id)).toEqual(['a1', 'a2']);
      expect((await store.cases.bySource('FK20261101-0001'))!.id).toBe('case-1');
      expect((await store.assignments.list()).map((a) => a.id)).toEqual(['as-2', 'as-1']);
      expect((await store.quizzes.attemptById('a3'))!.quizId).toBe('q2');
      expect((await store.kiosks.heartbeats()).map((k) => [k.id, k.pending])).toEqual([['K-1', 1]]);
      expect((await store.kiosks.enrolment('K-1'))!.secretHash).toBe('f'.repeat(64));
      expect((await store.questions.versions('tq-copy0001')).map((r) => [r.version, r.status])).toEqual([
        [1, 'active'],
        [2, 'retired'],
      ]);

      expect(await store.audit.readMonth('2026-10')).toEqual(fixture.audit.slice(0, 1));
      expect(await store.audit.readMonth('2026-11')).toEqual(fixture.audit.slice(1));
    } finally {
      await store.close();
    }

    // A second copy into the same mall is refused and writes nothing.
    const second = storeCopy({ from: fixture.dir, url: cluster.url, mallId, config });
    await expect(second).rejects.toBeInstanceOf(StoreCopyRefused);
    await expect(second).rejects.toThrow(
      new RegExp(`already has data.*DELETE FROM tickets WHERE mall_id = '${mallId}'`, 's'),
    );
    const check = await openPgStore({ url: cluster.url, mallId, config, poolSize: 1 });
    try {
      expect(await check.tickets.count()).toBe(6);
      expect(await check.audit.readMonth('2026-11')).toHaveLength(2);
    } finally {
      await check.close();
    }
  });

  it('names what differs when the database does not hold what the JSON store does', async () => {
    const mallId = mall();
    await storeCopy({ from: fixture.dir, url: cluster.url, mallId, config });
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const no = fixture.tickets[1].no;
      await client.query(
        `UPDATE tickets SET doc = jsonb_set(doc, '{description}', '"改过"') WHERE mall_id = $1 AND no = $2`,
        [mallId, no],
      );
      await client.query(`DELETE FROM audit_log WHERE mall_id = $1 AND month = '2026-10'`, [mallId]);
      await client.query(`DELETE FROM quiz_attempts WHERE mall_id = $1 AND id = 'a2'`, [mallId]);
      const json = await openJsonStore(fixture.dir, 'json-mall');
      const store = await openPgStore({ url: cluster.url, mallId, config, poolSize: 1 });
      try {
        const { counts, differences } = await verify(await readJsonStore(json), store);
        expect(counts).toMatchObject({ tickets: 5, attempts: 2, audit: 2 });
        expect(differences).toEqual(
          expect.arrayContaining([
            `ticket ${no}: content differs`,
            'attempt a2: missing in PostgreSQL',
            'audit 2026-10: 1 entries in JSON, 0 in PostgreSQL',
            'attempts: 3 in JSON, 2 in PostgreSQL',
            'audit: 3 in JSON, 2 in PostgreSQL',
          ]),
        );
        expect(differences).toHaveLength(5);
      } finally {
        await store.close();
        await json.close();
      }
    } finally {
      await client.end();
    }
  });

  it('refuses a data directory a running server holds, and a missing URL, writing nothing', async () => {
    const mallId = mall();
    const lock = path.join(fixture.dir, '.lock');
    // Another live process (this one's parent) holds the directory.
    writeFileSync(lock, String(process.ppid));
    try {
      const locked = storeCopy({ from: fixture.dir, url: cluster.url, mallId, config });
      await expect(locked).rejects.toBeInstanceOf(StoreCopyRefused);
      await expect(locked).rejects.toThrow(/in use by another server.*Nothing was copied/);
    } finally {
      rmSync(lock, { force: true });
    }
    await expect(storeCopy({ from: fixture.dir, url: undefined, mallId, config })).rejects.toThrow(/no database/);
    await expect(storeCopy({ from: fixture.dir, url: ' ', mallId, config })).rejects.toThrow(/no database/);
    await expect(
      storeCopy({ from: path.join(fixture.dir, 'nowhere'), url: cluster.url, mallId, config }),
    ).rejects.toThrow(/no data directory/);
    // A database that does not answer: named without its password, and why.
    await expect(
      storeCopy({ from: fixture.dir, url: 'postgres://sdk:secret@127.0.0.1:1/none', mallId, config }),
    ).rejects.toThrow(
      /cannot reach the database at postgres:\/\/sdk@127\.0\.0\.1:1\/none \(.*ECONNREFUSED.*\); nothing was copied/,
    );
    // A directory that is not a mall's store (a wrong path) copies nothing.
    const empty = mkdtempSync(path.join(tmpdir(), 'sdk-copy-empty-'));
    try {
      await expect(storeCopy({ from: empty, url: cluster.url, mallId, config })).rejects.toThrow(
        /holds no tickets, users, quizzes or audit entries/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const store = await openPgStore({ url: cluster.url, mallId, config, poolSize: 1 });
    try {
      expect(await store.tickets.count()).toBe(0);
      expect(await store.users.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  describe('the CLI (npm run store:copy)', () => {
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const run = (args: string[], env: Record<string, string | undefined> = {}) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const { DATABASE_URL: _url, MALL_ID: _mall, ...rest } = process.env;
        execFile(
          tsx,
          ['src/cli/store-copy.ts', ...args],
          { env: { ...rest, ...env }, timeout: 60_000 },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });

    it('copies and prints the counts and "verified"; refuses a second copy, a locked directory and no URL', async () => {
      const mallId = mall();
      const ok = await run(['--from', fixture.dir, '--mall', mallId], { DATABASE_URL: cluster.url });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^tickets\s+5\s+5$/m);
      expect(ok.stdout).toMatch(/^audit\s+3\s+3$/m);
      expect(ok.stdout.trim().split('\n').at(-1)).toBe('verified');

      const again = await run(['--from', fixture.dir, '--to', cluster.url, '--mall', mallId]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already has data/);
      expect(again.stdout).not.toMatch(/verified/);

      // This test process is alive and is not the CLI: it holds the lock.
      const lock = path.join(fixture.dir, '.lock');
      writeFileSync(lock, String(process.pid));
      try {
        const locked = await run(['--from', fixture.dir, '--to', cluster.url, '--mall', mall()]);
        expect(locked.code).toBe(1);
        expect(locked.stderr).toMatch(/in use by another server/);
      } finally {
        rmSync(lock, { force: true });
      }

      const noUrl = await run(['--from', fixture.dir, '--mall', mall()]);
      expect(noUrl.code).toBe(1);
      expect(noUrl.stderr).toMatch(/--to <postgres URL> or set DATABASE_URL/);
      const noFrom = await run(['--to', cluster.url]);
      expect(noFrom.code).toBe(1);
      expect(noFrom.stderr).toMatch(/--from is required/);
      const badMall = await run(['--from', fixture.dir, '--to', cluster.url, '--mall', 'Not A Mall']);
      expect(badMall.code).toBe(1);
      expect(badMall.stderr).toMatch(/--mall/);
    });
  });
});
