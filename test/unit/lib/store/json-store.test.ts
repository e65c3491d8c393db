/**
 * The JSON store behind the store port: the queries and guarantees the adapter adds on top of the
 * repositories (compare-and-set updates, idempotent creates, sequence numbers never reused, the
 * retention candidates, the setup token, join codes, limits, the exclusive lock, live updates).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatTicketNo } from '../../../../src/lib/feedback/feedback';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import type { Attempt, Quiz } from '../../../../src/lib/quiz/schema';
import { firstVersion, nextVersion } from '../../../../src/lib/quiz/questions';
import { openJsonStore, setupTokenHash, type JsonStore } from '../../../../src/lib/store/json-store';
import { openLauncherStore } from '../../../../src/lib/store/launcher-store.js';
import { bj, storeTicket, ticketAt } from '../feedback/fixtures';

let dir: string;
let store: JsonStore;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'json-store-'));
  store = await openJsonStore(dir, 'test-mall');
});
afterEach(async () => {
  await store.close();
  delete process.env.STORE_FAULT_FILE;
  rmSync(dir, { recursive: true, force: true });
});

const DAY = '2026-11-22';
/** A ticket of DAY built for whatever number the store allocates. */
const build =
  (over: Partial<Ticket> = {}) =>
  (seq: number): Ticket =>
    ticketAt(`${DAY} 10:00`, { no: formatTicketNo(DAY, seq), seq, ...over });

describe('tickets.create', () => {
  it('numbers each day from 1 and stores the ticket on disk', async () => {
    const a = await store.tickets.create(DAY, build());
    const b = await store.tickets.create(DAY, build());
    const other = await store.tickets.create('2026-11-23', (seq) =>
      ticketAt('2026-11-23 09:00', { no: formatTicketNo('2026-11-23', seq), seq }),
    );
    expect([a.ticket.seq, b.ticket.seq, other.ticket.seq]).toEqual([1, 2, 1]);
    expect(a.created && b.created).toBe(true);
    await store.close();
    store = await openJsonStore(dir, 'test-mall');
    expect(await store.tickets.count()).toBe(3);
    expect((await store.tickets.get(b.ticket.no))?.seq).toBe(2);
  });

  it('returns the first ticket for a claim already stored, storing nothing', async () => {
    const claim = { kioskId: 'K-1F-01', key: 'key-1' };
    const over = { kioskId: 'K-1F-01', idempotencyKey: 'key-1', createdAt: new Date().toISOString() };
    const first = await store.tickets.create(DAY, build(over), claim);
    const again = await store.tickets.create(DAY, build(over), claim);
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, ticket: first.ticket });
    // Another kiosk's same key is another claim.
    const elsewhere = await store.tickets.create(DAY, build({ ...over, kioskId: 'K-2F-01' }), {
      kioskId: 'K-2F-01',
      key: 'key-1',
    });
    expect(elsewhere.created).toBe(true);
    expect(await store.tickets.count()).toBe(2);
    expect(await store.tickets.findByIdempotencyKey(claim, Date.now())).toEqual(first.ticket);
  });

  it('stores one ticket for ten concurrent creates with one claim', async () => {
    const claim = { key: 'same' };
    const over = { idempotencyKey: 'same', createdAt: new Date().toISOString() };
    const results = await Promise.all(Array.from({ length: 10 }, () => store.tickets.create(DAY, build(over), claim)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticket.no)).size).toBe(1);
    expect(await store.tickets.count()).toBe(1);
  });

  it('never hands out a number twice, even after a failed insert', async () => {
    await store.tickets.create(DAY, build());
    const fault = path.join(dir, '.fault');
    process.env.STORE_FAULT_FILE = fault;
    writeFileSync(fault, '');
    await expect(store.tickets.create(DAY, build())).rejects.toThrow();
    expect(await store.tickets.get(formatTicketNo(DAY, 2))).toBeUndefined();
    rmSync(fault);
    const next = await store.tickets.create(DAY, build());
    expect(next.ticket.seq).toBe(3);
    expect(await store.tickets.count()).toBe(2);
  });

  it('refuses a built ticket that does not carry the allocated number', async () => {
    await expect(store.tickets.create(DAY, () => ticketAt(`${DAY} 10:00`, { seq: 7 }))).rejects.toThrow(/seq 1/);
  });
});

describe('tickets.update', () => {
  it('replaces the ticket while its updatedAt is the expected one, and refuses a stale one', async () => {
    const { ticket } = await store.tickets.create(DAY, build());
    const later = new Date(bj(`${DAY} 11:00`)).toISOString();
    expect(await store.tickets.update({ ...ticket, urgency: 'urgent', updatedAt: later }, ticket.updatedAt)).toBe(true);
    // A second writer that read before the first change.
    expect(await store.tickets.update({ ...ticket, cause: 'staff', updatedAt: later }, ticket.updatedAt)).toBe(false);
    expect(await store.tickets.get(ticket.no)).toMatchObject({ urgency: 'urgent', cause: 'general', updatedAt: later });
    await expect(store.tickets.update({ ...ticket, no: 'FK20261122-9999' }, ticket.updatedAt)).rejects.toThrow();
  });

  it('lets exactly one of two racing writers through', async () => {
    const { ticket } = await store.tickets.create(DAY, build());
    const at = (m: number) => new Date(bj(`${DAY} 11:0${m}`)).toISOString();
    const results = await Promise.all([
      store.tickets.update({ ...ticket, urgency: 'urgent', updatedAt: at(1) }, ticket.updatedAt),
      store.tickets.update({ ...ticket, cause: 'staff', updatedAt: at(2) }, ticket.updatedAt),
    ]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('hands out copies: a caller changing what it read changes nothing stored', async () => {
    const { ticket } = await store.tickets.create(DAY, build());
    const read = (await store.tickets.get(ticket.no))!;
    read.status = 'closed';
    expect((await store.tickets.get(ticket.no))!.status).toBe('received');
  });

  it('keeps copies of what it is given and hands out deep copies from every read', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const now = Date.now();
    const claim = { kioskId: 'K-1F-01', key: 'copies' };
    const over = { kioskId: 'K-1F-01', idempotencyKey: 'copies', phone: '13800138000', tenant: '2f-shoes' };
    let given: Ticket | undefined;
    const { ticket } = await store.tickets.create(
      day,
      (seq) => (given = ticketAt(`${day} 10:00`, { ...over, no: formatTicketNo(day, seq), seq, day })),
      claim,
    );
    const stored = () => store.tickets.get(ticket.no);
    const pristine = structuredClone(await stored());
    // The object the builder made, and the one handed back.
    given!.description = 'changed by the builder';
    ticket.events[0].by.name = 'changed by the caller';
    expect(await stored()).toEqual(pristine);
    // An update's input, after the update.
    const next = { ...ticket, ...pristine!, urgency: 'urgent' as const, updatedAt: new Date(now + 1).toISOString() };
    expect(await store.tickets.update(next, pristine!.updatedAt)).toBe(true);
    next.events.push({ ...next.events[0], type: 'note', note: 'not stored' });
    next.status = 'closed';
    const updated = structuredClone(await stored());
    expect(updated).toMatchObject({ urgency: 'urgent', status: 'received' });
    expect(updated!.events).toHaveLength(1);
    // Every read.
    const reads: Ticket[] = [
      (await store.tickets.get(ticket.no))!,
      (await store.tickets.findByIdempotencyKey(claim, now))!,
      (await store.tickets.latestWith(over.phone, over.tenant, 'service', 0))!,
      ...(await store.tickets.openTickets()),
      ...(await store.tickets.ofMonth(day.slice(0, 7))),
      ...(await store.tickets.queue({ status: 'all', page: 1 } as never, undefined, now)).rows.map((r) => r.ticket),
    ];
    expect(reads).toHaveLength(6);
    for (const read of reads) {
      expect(read).toEqual(updated);
      read.status = 'closed';
      read.events[0].by.name = 'changed by a reader';
      read.events.push({ ...read.events[0] });
    }
    expect(await stored()).toEqual(updated);
    expect((await store.tickets.queue({ status: 'all', page: 1 } as never, undefined, now)).rows[0].ticket).toEqual(
      updated,
    );
    expect(await store.tickets.statusCounts()).toEqual({ received: 1 });
  });

  it('holds a claim the ticket does not carry, and a ticket carrying another claim does not take it', async () => {
    const createdAt = new Date().toISOString();
    const first = await store.tickets.create(DAY, build({ createdAt }), { kioskId: 'K-1F-01', key: 'bare' });
    // Carries K-1F-01/bare but was created under K-2F-01/bare.
    const other = await store.tickets.create(DAY, build({ createdAt, kioskId: 'K-1F-01', idempotencyKey: 'bare' }), {
      kioskId: 'K-2F-01',
      key: 'bare',
    });
    expect(first.created && other.created).toBe(true);
    const again = await store.tickets.create(DAY, build({ createdAt }), { kioskId: 'K-1F-01', key: 'bare' });
    expect(again).toEqual({ created: false, ticket: first.ticket });
    expect(await store.tickets.findByIdempotencyKey({ kioskId: 'K-2F-01', key: 'bare' }, Date.now())).toEqual(
      other.ticket,
    );
    expect(await store.tickets.count()).toBe(2);
  });

  it('publishes every insert and update on the notifier, with the new version', async () => {
    const seen: unknown[] = [];
    const off = store.notifier.subscribe('tickets', (p) => seen.push(p));
    const { ticket } = await store.tickets.create(DAY, build());
    const v1 = await store.tickets.version();
    await store.tickets.update({ ...ticket, urgency: 'urgent' }, ticket.updatedAt);
    const v2 = await store.tickets.version();
    off();
    await store.tickets.create(DAY, build());
    expect(v2).toBeGreaterThan(v1);
    expect(seen).toEqual([
      { no: ticket.no, version: v1 },
      { no: ticket.no, version: v2 },
    ]);
  });
});

describe('ticket queries', () => {
  it('repeatsOf: the numbers marked as repeats of a ticket, oldest first', async () => {
    const { ticket: first } = await store.tickets.create(DAY, build());
    // Built once before any repeat exists, then kept up to date by create.
    expect(await store.tickets.repeatsOf(first.no)).toEqual([]);
    const r1 = await store.tickets.create(DAY, build({ repeatOf: first.no }));
    await store.tickets.create(DAY, build());
    const r2 = await store.tickets.create(DAY, build({ repeatOf: first.no }));
    expect(await store.tickets.repeatsOf(first.no)).toEqual([r1.ticket.no, r2.ticket.no]);
    await store.close();
    store = await openJsonStore(dir, 'test-mall');
    expect(await store.tickets.repeatsOf(first.no)).toEqual([r1.ticket.no, r2.ticket.no]);
  });

  it('ofMonth: the tickets received in a month by their day, oldest first', async () => {
    for (const day of ['2026-10-31', '2026-11-01', '2026-11-30', '2026-12-01', '2026-11-01'])
      await store.tickets.create(day, (seq) => ticketAt(`${day} 10:00`, { no: formatTicketNo(day, seq), seq }));
    expect((await store.tickets.ofMonth('2026-11')).map((t) => t.no)).toEqual([
      'FK20261101-0001',
      'FK20261101-0002',
      'FK20261130-0001',
    ]);
    expect(await store.tickets.ofMonth('2026-01')).toEqual([]);
  });

  it('latestWith: only a ticket created at or after `since`', async () => {
    const over = { phone: '13800138000', tenant: 'uniqlo', consent: true };
    const { ticket } = await store.tickets.create(DAY, build({ ...over, createdAt: new Date().toISOString() }));
    const created = Date.parse(ticket.createdAt);
    expect((await store.tickets.latestWith(over.phone, over.tenant, 'service', created - 1))?.no).toBe(ticket.no);
    expect(await store.tickets.latestWith(over.phone, over.tenant, 'service', created + 1)).toBeUndefined();
    expect(await store.tickets.latestWith(over.phone, 'other', 'service', created - 1)).toBeUndefined();
  });

  it('contactHeldBefore: final tickets still holding a name or phone, last changed before the cutoff, oldest first', async () => {
    const at = (d: string) => new Date(bj(`2026-01-${d} 10:00`)).toISOString();
    const held = { status: 'closed' as const, phone: '13800138000', consent: true };
    const day = '2026-01-01';
    const put = (over: Partial<Ticket>) =>
      storeTicket(store, ticketAt(`${day} 09:00`, { ...over, no: formatTicketNo(day, n), seq: n++ }));
    let n = 1;
    const c = await put({ ...held, updatedAt: at('05') });
    const a = await put({ ...held, updatedAt: at('02') });
    await put({ ...held, status: 'invalid', name: '王', phone: undefined, updatedAt: at('20') }); // after the cutoff
    await put({ status: 'closed', updatedAt: at('01') }); // nothing to erase
    await put({ status: 'in_progress', phone: '13900139000', consent: true, updatedAt: at('01') }); // still open
    const b = await put({ ...held, status: 'invalid', updatedAt: at('03') });
    const cutoff = at('10');
    expect((await store.tickets.contactHeldBefore(cutoff, 10)).map((t) => t.no)).toEqual([a.no, b.no, c.no]);
    expect((await store.tickets.contactHeldBefore(cutoff, 2)).map((t) => t.no)).toEqual([a.no, b.no]);
    // Erased: no longer a candidate.
    const { phone: _p, ...erased } = a;
    expect(await store.tickets.update({ ...erased, updatedAt: at('04') }, a.updatedAt)).toBe(true);
    expect((await store.tickets.contactHeldBefore(cutoff, 10)).map((t) => t.no)).toEqual([b.no, c.no]);
    // Closed with a phone now: a new candidate once its change is old enough.
    const open = (await store.tickets.get(formatTicketNo(day, 5)))!;
    expect(await store.tickets.update({ ...open, status: 'closed', updatedAt: at('06') }, open.updatedAt)).toBe(true);
    expect((await store.tickets.contactHeldBefore(cutoff, 10)).map((t) => t.no)).toEqual([b.no, c.no, open.no]);
  });

  it('queue, counts and the open set read through the port', async () => {
    await store.tickets.create(DAY, build());
    await store.tickets.create(DAY, build({ status: 'closed' }));
    expect(await store.tickets.statusCounts()).toEqual({ received: 1, closed: 1 });
    expect((await store.tickets.openTickets()).map((t) => t.seq)).toEqual([1]);
    const page = await store.tickets.queue({ status: 'all', page: 1 } as never, undefined, Date.now());
    expect(page.total).toBe(2);
  });
});

describe('the rest of the port', () => {
  it('setup token: of twenty concurrent claims exactly one wins; restore puts it back', async () => {
    const sha = setupTokenHash('the-token');
    await store.setupToken.issue(sha);
    expect(await store.setupToken.matches(setupTokenHash('wrong'))).toBe(false);
    expect(await store.setupToken.matches(sha)).toBe(true);
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.setupToken.claim(sha)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.setupToken.matches(sha)).toBe(false);
    await store.setupToken.restore(sha);
    expect(await store.setupToken.claim(sha)).toBe(true);
  });

  it('launcher: sees an active admin in users.json and saves a setup token the store recognises', async () => {
    const launcher = openLauncherStore({ dataDir: dir });
    expect(await launcher.hasActiveAdmin()).toBe(false);
    const sha = setupTokenHash('launch-token');
    await launcher.issueSetupToken(sha);
    expect(await store.setupToken.matches(sha)).toBe(true);
    const staff = await store.users.add({ username: 'lina', name: '李娜', role: 'staff', password: 'password-123' });
    expect(await launcher.hasActiveAdmin()).toBe(false);
    const admin = await store.users.add({ username: 'root', name: '管理员', role: 'admin', password: 'password-123' });
    expect(staff && admin).toBeTruthy();
    expect(await launcher.hasActiveAdmin()).toBe(true);
    await store.users.update(admin!.id, { active: false });
    expect(await launcher.hasActiveAdmin()).toBe(false);
  });

  it('users: copies out, so a user read earlier keeps its values; of two adds of one name one wins', async () => {
    const input = { username: 'lina', name: '李娜', role: 'staff' as const, password: 'password-123' };
    const [a, b] = await Promise.all([store.users.add(input), store.users.add({ ...input, username: 'LiNa ' })]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const user = (a ?? b)!;
    const held = structuredClone(user);
    const byId = (await store.users.byId(user.id))!;
    const listed = (await store.users.list())[0];
    const changed = await store.users.update(user.id, { password: 'another-password-456', role: 'admin' });
    expect(changed).toMatchObject({ role: 'admin', sessionVersion: 1 });
    expect(changed!.passwordHash).not.toBe(held.passwordHash);
    for (const read of [user, byId, listed]) expect(read).toEqual(held);
    // And a reader changing its copy changes nothing stored.
    changed!.role = 'staff';
    (await store.users.byUsername('lina'))!.active = false;
    expect(await store.users.byId(user.id)).toMatchObject({ role: 'admin', active: true });
    expect(await store.users.hasActiveAdmin()).toBe(true);
  });

  it('quizzes, attempts, kiosks and tokens: copies in and out', async () => {
    const quiz = {
      id: 'q1',
      code: '12345678',
      status: 'live',
      createdAt: new Date().toISOString(),
      settings: { title: '测验' },
    } as never as Quiz;
    expect(await store.quizzes.insertQuiz(quiz)).toBe(true);
    quiz.settings.title = 'changed';
    (await store.quizzes.byId('q1'))!.settings.title = 'changed';
    (await store.quizzes.list())[0].status = 'ended';
    expect(await store.quizzes.byCode('12345678')).toMatchObject({ status: 'live', settings: { title: '测验' } });

    const attempt = { id: 'a1', quizId: 'q1', userId: 'u1', answers: {} } as never as Attempt;
    await store.quizzes.insertAttempt(attempt);
    attempt.answers.x = { value: true, at: 'now' };
    (await store.quizzes.attemptById('a1'))!.answers.y = { value: true, at: 'now' };
    (await store.quizzes.attemptsOf('q1'))[0].answers.z = { value: true, at: 'now' };
    (await store.quizzes.attemptsByUser('u1'))[0].answers.w = { value: true, at: 'now' };
    expect((await store.quizzes.attemptById('a1'))!.answers).toEqual({});
    const saved = { ...attempt, answers: { q: { value: false, at: 'then' } } };
    await store.quizzes.saveAttempt(saved);
    saved.answers.q.value = true;
    expect((await store.quizzes.attemptById('a1'))!.answers).toEqual({ q: { value: false, at: 'then' } });

    const beat = { id: 'K-1F-01', lastSeen: new Date().toISOString(), pending: 0, failed: 0, version: '' };
    await store.kiosks.putHeartbeat(beat);
    beat.pending = 9;
    (await store.kiosks.heartbeats())[0].failed = 9;
    expect(await store.kiosks.heartbeats()).toEqual([{ ...beat, pending: 0 }]);

    const { token, record } = await store.tokens.create('u1', 'hotline');
    record.revokedAt = 'now';
    (await store.tokens.list())[0].userId = 'u2';
    expect(await store.tokens.byToken(token)).toMatchObject({ userId: 'u1', label: 'hotline' });
    expect((await store.tokens.byToken(token))!.revokedAt).toBeUndefined();
  });

  it('quizzes: a join code held by a session not ended is refused', async () => {
    const quiz = { id: 'q1', code: '12345678', status: 'live', createdAt: new Date().toISOString() };
    expect(await store.quizzes.insertQuiz(quiz as never)).toBe(true);
    expect(await store.quizzes.insertQuiz({ ...quiz, id: 'q2' } as never)).toBe(false);
    expect((await store.quizzes.list()).map((q) => q.id)).toEqual(['q1']);
  });

  it('limits: sliding windows and lockouts by name and key', async () => {
    const { limits } = store;
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect((await limits.hit('submit', 'a', 3, 60_000, t0 + i)).ok).toBe(true);
    expect(await limits.hit('submit', 'a', 3, 60_000, t0 + 10)).toMatchObject({ ok: false, retryAfterSec: 60 });
    expect((await limits.check('submit', 'b', 3, 60_000, t0)).ok).toBe(true);
    expect((await limits.check('other', 'a', 3, 60_000, t0)).ok).toBe(true);
    expect((await limits.check('submit', 'a', 3, 60_000, t0 + 60_000)).ok).toBe(true);
    await limits.reset('submit', 'a');
    expect((await limits.check('submit', 'a', 3, 60_000, t0 + 20)).ok).toBe(true);

    expect((await limits.fail('code', 'k', 2, 60_000, 300_000, t0)).ok).toBe(true);
    expect(await limits.fail('code', 'k', 2, 60_000, 300_000, t0 + 1)).toMatchObject({ ok: false, retryAfterSec: 300 });
    expect(await limits.lockCheck('code', 'k', t0 + 2)).toMatchObject({ ok: false });
    await limits.succeed('code', 'k'); // a running lock stays
    expect((await limits.lockCheck('code', 'k', t0 + 2)).ok).toBe(false);
    expect((await limits.lockCheck('code', 'k', t0 + 1 + 300_000)).ok).toBe(true);
  });

  it('exclusive: a second call while the first runs does not run', async () => {
    let release!: () => void;
    const first = store.exclusive('sweep', () => new Promise<string>((r) => (release = () => r('first'))));
    expect(await store.exclusive('sweep', async () => 'second')).toBeUndefined();
    expect(await store.exclusive('other', async () => 'other')).toBe('other');
    release();
    expect(await first).toBe('first');
    expect(await store.exclusive('sweep', async () => 'third')).toBe('third');
  });

  it('hq: the one mall of a JSON store', async () => {
    expect(await store.hq.malls()).toEqual(['test-mall']);
    await store.tickets.create(DAY, build());
    expect(store.mallId).toBe('test-mall');
    expect(await store.hq.malls()).toEqual(['test-mall']);
    expect(await store.hq.ofMonth('test-mall', '2026-11')).toHaveLength(1);
    expect(await store.hq.ofMonth('another', '2026-11')).toEqual([]);
  });
});

describe('questions', () => {
  it('keeps every version on disk: a reopened store reads them back, and a refused version is not written', async () => {
    const by = { id: 'u-t', name: '培训师' };
    const v1 = firstVersion(
      {
        id: 'tq-disk0001',
        type: 'single',
        prompt: '题干',
        options: [
          { id: 'a', text: '甲' },
          { id: 'b', text: '乙' },
          { id: 'c', text: '丙' },
        ],
        answer: ['b'],
        explanation: '解析',
        clauses: ['complaints-1'],
      },
      by,
      new Date('2026-11-20T01:00:00.000Z'),
      { caseId: 'case-1' },
    );
    const v2 = nextVersion(v1, { status: 'retired' }, by, new Date('2026-11-20T02:00:00.000Z'));
    expect(await store.questions.put(v1)).toBe(true);
    expect(await store.questions.put(v2)).toBe(true);
    expect(await store.questions.put(v2)).toBe(false);
    await store.close();
    store = await openJsonStore(dir, 'test-mall');
    expect(await store.questions.versions('tq-disk0001')).toEqual([v1, v2]);
    expect(await store.questions.list()).toEqual([v2]);
  });
});
