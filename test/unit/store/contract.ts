/**
 * The store contract: the same tests for every implementation of the store port
 * (src/lib/store/port.ts). A test file calls `storeContract(name, { open, peer })`:
 *
 * - `open()` opens a store for a fresh, empty mall;
 * - `peer(store)`, when the implementation supports several nodes, opens a second store on the
 *   same mall (another node); without it the races run on the one store.
 *
 * Nothing here knows which storage is behind the port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FEEDBACK_CONFIG } from '../../../src/lib/feedback/config';
import { milestonesOf, queryQueue, queueFilterSchema, type QueueResult } from '../../../src/lib/feedback/queue';
import { workbenchCounts } from '../../../src/lib/feedback/workbench';
import { STATUSES, type Status, type Ticket, type TicketEvent } from '../../../src/lib/feedback/schema';
import type { Attempt, Quiz } from '../../../src/lib/quiz/schema';
import type { Store } from '../../../src/lib/store/port';
import { firstVersion, nextVersion, type TrainerQuestion } from '../../../src/lib/quiz/questions';
import type { Case } from '../../../src/lib/cases/schema';
import type { Assignment } from '../../../src/lib/assignments/schema';
import { hasAlerts } from '../../../src/lib/feedback/inbox';
import { emptyTally, tallyTickets } from '../../../src/lib/feedback/reports';
import { reportTickets } from '../lib/feedback/report-tickets';

export interface ContractOptions {
  /** A store for a fresh, empty mall. */
  open: () => Promise<Store>;
  /** Another node on the same mall as `store`, if the implementation has nodes. */
  peer?: (store: Store) => Promise<Store>;
}

/**
 * Opens stores for one describe block (`open`: a fresh mall; `peerOf`: another node on the same
 * mall, or the store itself where there are no nodes) and closes them after each test.
 */
export function storesOf(options: ContractOptions) {
  const opened: Store[] = [];
  const open = async () => {
    const store = await options.open();
    opened.push(store);
    return store;
  };
  const peerOf = async (store: Store) => {
    if (!options.peer) return store;
    const peer = await options.peer(store);
    opened.push(peer);
    return peer;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  return { open, peerOf };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const noOf = (day: string, seq: number) => `FK${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A ticket received at `createdAt` (ms), numbered `seq` of `day`. */
export function makeTicket(day: string, seq: number, createdAt: number, over: Partial<Ticket> = {}): Ticket {
  const at = iso(createdAt);
  return {
    no: noOf(day, seq),
    day,
    seq,
    createdAt: at,
    updatedAt: at,
    verifyCode: '123456',
    kind: 'complaint',
    category: 'service',
    description: '收银员态度很差',
    consent: false,
    channel: 'kiosk',
    status: 'received',
    urgency: 'normal',
    cause: 'general',
    level: 0,
    events: [{ at, by: { id: 'kiosk', name: '自助终端' }, type: 'created', to: 'received' }],
    ...over,
  };
}

/** The transitions that bring a new ticket to `status`, minutes apart. */
function walkTo(t: Ticket, status: Status, assignee?: { id: string; name: string }): Ticket {
  const paths: Record<Status, [string, Status][]> = {
    received: [],
    assigned: [['assign', 'assigned']],
    in_progress: [
      ['assign', 'assigned'],
      ['start', 'in_progress'],
    ],
    replied: [
      ['assign', 'assigned'],
      ['start', 'in_progress'],
      ['reply', 'replied'],
    ],
    followed_up: [
      ['assign', 'assigned'],
      ['start', 'in_progress'],
      ['reply', 'replied'],
      ['followUp', 'followed_up'],
    ],
    closed: [
      ['assign', 'assigned'],
      ['start', 'in_progress'],
      ['reply', 'replied'],
      ['followUp', 'followed_up'],
      ['close', 'closed'],
    ],
    invalid: [['markInvalid', 'invalid']],
    // Staff propose an invalid complaint, a manager decides (complaints-5.3); with a phone the
    // follow-up call is still due (5.4).
    invalid_proposed: [['proposeInvalid', 'invalid_proposed']],
    invalid_follow_up: [
      ['proposeInvalid', 'invalid_proposed'],
      ['confirmInvalid', 'invalid_follow_up'],
    ],
  };
  let at = Date.parse(t.createdAt);
  let from: Status = 'received';
  const events: TicketEvent[] = [...t.events];
  for (const [action, to] of paths[status]) {
    at += 7 * MINUTE;
    events.push({
      at: iso(at),
      by: { id: 'u-staff', name: '值班员' },
      type: 'transition',
      action: action as TicketEvent['action'],
      from,
      to,
    });
    from = to;
  }
  const assigned = status !== 'received' && status !== 'invalid' && assignee;
  return {
    ...t,
    status,
    updatedAt: iso(at),
    events,
    ...(assigned ? { assignee: assignee.name, assigneeId: assignee.id, department: 'service-desk' } : {}),
  };
}

export function quizFixture(id: string, code: string, createdAt: string, status: Quiz['status'] = 'live'): Quiz {
  return {
    id,
    code,
    settings: {
      title: '服务规范测验',
      banks: ['service'],
      sections: [],
      questionCount: 1,
      shuffleQuestions: false,
      shuffleOptions: false,
      passMark: 60,
      timeLimitMinutes: 10,
      attemptsAllowed: 2,
      opensAt: '2026-11-01T00:00:00+08:00',
      closesAt: '2026-12-01T00:00:00+08:00',
      scoringRule: 'all-or-nothing',
    },
    questions: [
      {
        id: 'service-001',
        type: 'truefalse',
        prompt: '顾客投诉应在24小时内答复。',
        explanation: '见投诉处理制度。',
        clauses: ['complaints-3.1'],
        answer: true,
      },
    ],
    seed: 7,
    status,
    createdBy: { id: 'u-trainer', name: '培训师' },
    createdAt,
  } as Quiz;
}

export function attemptFixture(id: string, quizId: string, userId: string, number = 1): Attempt {
  return {
    id,
    quizId,
    userId,
    userName: '张三',
    username: 'zhangsan',
    number,
    order: ['service-001'],
    optionOrder: {},
    answers: {},
    startedAt: '2026-11-20T02:00:00.000Z',
    deadline: '2026-11-20T02:10:00.000Z',
  };
}

/** What two queue results must agree on. */
const shapeOf = (r: QueueResult) => ({
  total: r.total,
  page: r.page,
  pages: r.pages,
  counts: r.counts,
  rows: r.rows.map((row) => ({
    no: row.ticket.no,
    nextDueAt: row.nextDueAt,
    milestone: row.nextMilestone?.milestone,
    rule: row.nextMilestone?.rule.id,
    overdue: row.overdue,
    ticket: row.ticket,
  })),
});

/** Version 1 of a trainer-written true/false question. */
function trainerQuestionFixture(id: string, by: { id: string; name: string }, at: string): TrainerQuestion {
  return firstVersion(
    {
      id,
      type: 'truefalse',
      prompt: '顾客投诉时应先安抚情绪，再了解情况。',
      answer: true,
      explanation: '先安抚情绪，不争辩对错。',
      clauses: ['complaints-1.2'],
    },
    by,
    new Date(at),
  );
}

function caseFixture(id: string, sourceNo: string, createdAt: string): Case {
  return {
    id,
    sourceNo,
    title: '试衣间遗失手机',
    kind: 'complaint',
    category: 'service',
    tenantLabel: '某专柜',
    month: '2026-11',
    happened: '顾客在试衣间遗失手机。',
    handling: '答复：已调取监控。',
    outcome: '回访满意度 5 分',
    satisfaction: 5,
    lesson: '先安抚，再查监控。',
    clauses: ['complaints-8.3'],
    createdAt,
  };
}

function assignmentFixture(id: string, quizId: string, createdAt: string): Assignment {
  return {
    id,
    quizId,
    title: '退换货复训',
    userIds: ['u1', 'u2'],
    roles: ['staff'],
    due: '2026-12-01',
    reason: 'manual',
    createdBy: { id: 't1', name: '陈培训' },
    createdAt,
  };
}

export function storeContract(name: string, options: ContractOptions): void {
  describe(`store contract: ${name}`, () => {
    const { open, peerOf } = storesOf(options);

    // ------------------------------------------------------------ tickets

    describe('tickets', () => {
      it('numbers tickets per day from 1 and reads them back', async () => {
        const store = await open();
        const now = Date.now();
        const a = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now));
        const b = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now + 1));
        const c = await store.tickets.create('2026-11-21', (seq) => makeTicket('2026-11-21', seq, now + 2));
        expect([a.ticket.no, b.ticket.no, c.ticket.no]).toEqual([
          'FK20261120-0001',
          'FK20261120-0002',
          'FK20261121-0001',
        ]);
        expect(a.created && b.created && c.created).toBe(true);
        expect(await store.tickets.get('FK20261120-0002')).toEqual(b.ticket);
        expect(await store.tickets.get('FK20261120-0009')).toBeUndefined();
        expect(await store.tickets.count()).toBe(3);
        expect(await store.tickets.statusCounts()).toEqual({ received: 3 });
      });

      it('hands out 200 concurrent numbers once each, across nodes', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const now = Date.now();
        const results = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            (i % 2 ? peer : store).tickets.create('2026-11-22', (seq) => makeTicket('2026-11-22', seq, now + i)),
          ),
        );
        const seqs = results.map((r) => r.ticket.seq).sort((x, y) => x - y);
        expect(new Set(seqs).size).toBe(200);
        expect(new Set(results.map((r) => r.ticket.no)).size).toBe(200);
        // Nothing failed, so no gaps either.
        expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(await store.tickets.count()).toBe(200);
        expect(await peer.tickets.count()).toBe(200);
      });

      it('stores one ticket for one idempotency claim, and honours it for 24 hours', async () => {
        const store = await open();
        const now = Date.now();
        const claim = { kioskId: 'K-1F-01', key: 'key-1' };
        const build = (seq: number) =>
          makeTicket('2026-11-20', seq, now, { kioskId: 'K-1F-01', idempotencyKey: 'key-1' });
        const first = await store.tickets.create('2026-11-20', build, claim);
        const again = await store.tickets.create('2026-11-20', build, claim);
        expect(first.created).toBe(true);
        expect(again).toEqual({ created: false, ticket: first.ticket });
        // The same key from another kiosk is another submission.
        const other = await store.tickets.create('2026-11-20', build, { kioskId: 'K-2F-01', key: 'key-1' });
        expect(other.created).toBe(true);
        expect(other.ticket.no).not.toBe(first.ticket.no);
        expect(await store.tickets.findByIdempotencyKey(claim, now + HOUR)).toEqual(first.ticket);
        expect(await store.tickets.findByIdempotencyKey(claim, now + 25 * HOUR)).toBeUndefined();
        expect(await store.tickets.findByIdempotencyKey({ kioskId: 'K-1F-01', key: 'nope' }, now)).toBeUndefined();
        expect(await store.tickets.count()).toBe(2);
      });

      it('lets an expired idempotency claim make a new ticket', async () => {
        const store = await open();
        const old = Date.now() - 25 * HOUR;
        const claim = { key: 'old-key' };
        const first = await store.tickets.create('2026-11-19', (seq) => makeTicket('2026-11-19', seq, old), claim);
        const later = await store.tickets.create(
          '2026-11-20',
          (seq) => makeTicket('2026-11-20', seq, Date.now()),
          claim,
        );
        expect(later.created).toBe(true);
        expect(later.ticket.no).not.toBe(first.ticket.no);
        expect(await store.tickets.findByIdempotencyKey(claim, Date.now())).toEqual(later.ticket);
      });

      it('stores one ticket when two nodes race with one key, and both get it back', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const now = Date.now();
        const claim = { kioskId: 'K-1F-01', key: 'race' };
        const build = (seq: number) =>
          makeTicket('2026-11-20', seq, now, { kioskId: 'K-1F-01', idempotencyKey: 'race' });
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? peer : store).tickets.create('2026-11-20', build, claim)),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.ticket.no)).size).toBe(1);
        expect(await store.tickets.count()).toBe(1);
      });

      it('updates when nothing changed meanwhile, refuses a stale change, throws for an unknown ticket', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const now = Date.now();
        const { ticket } = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now));
        const v0 = await store.tickets.version();
        const assigned = walkTo(ticket, 'assigned', { id: 'u1', name: '张三' });
        expect(await peer.tickets.update(assigned, ticket.updatedAt)).toBe(true);
        expect(await store.tickets.get(ticket.no)).toEqual(assigned);
        expect(await store.tickets.version()).not.toBe(v0);
        // A second writer still holding the old version loses.
        const stale = { ...ticket, urgency: 'urgent' as const, updatedAt: iso(now + HOUR) };
        expect(await store.tickets.update(stale, ticket.updatedAt)).toBe(false);
        expect((await store.tickets.get(ticket.no))?.urgency).toBe('normal');
        expect(await store.tickets.statusCounts()).toEqual({ assigned: 1 });
        const closed = walkTo(ticket, 'closed', { id: 'u1', name: '张三' });
        expect(await store.tickets.update(closed, assigned.updatedAt)).toBe(true);
        expect(await store.tickets.statusCounts()).toEqual({ closed: 1 });
        expect(await store.tickets.openTickets()).toEqual([]);
        await expect(store.tickets.update(makeTicket('2026-11-20', 42, now), 'x')).rejects.toThrow();
      });

      it('lets exactly one of two concurrent updates from one version win', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const { ticket } = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, Date.now()));
        const a = { ...ticket, urgency: 'urgent' as const, updatedAt: iso(Date.now() + 1) };
        const b = { ...ticket, urgency: 'important' as const, updatedAt: iso(Date.now() + 2) };
        const results = await Promise.all([
          store.tickets.update(a, ticket.updatedAt),
          peer.tickets.update(b, ticket.updatedAt),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const stored = await store.tickets.get(ticket.no);
        expect(stored).toEqual(results[0] ? a : b);
      });

      it('keeps counts exact through concurrent creates and status changes on several nodes', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const now = Date.now();
        const created = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? peer : store).tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, now + i)),
          ),
        );
        const targets: Status[] = ['assigned', 'replied', 'closed', 'invalid', 'in_progress'];
        const results = await Promise.all(
          created.map(({ ticket }, i) =>
            (i % 3 ? store : peer).tickets.update(walkTo(ticket, targets[i % targets.length]), ticket.updatedAt),
          ),
        );
        expect(results.every(Boolean)).toBe(true);
        const expected: Partial<Record<Status, number>> = {};
        for (let i = 0; i < 40; i++) expected[targets[i % 5]] = (expected[targets[i % 5]] ?? 0) + 1;
        expect(await peer.tickets.statusCounts()).toEqual(expected);
        expect(await store.tickets.count()).toBe(40);
        expect((await store.tickets.openTickets()).length).toBe(24);
      });

      it('finds the latest ticket with a phone, tenant and category, and the repeats of a ticket', async () => {
        const store = await open();
        const now = Date.now();
        const with_ = { phone: '13800138000', tenant: 't-101', category: 'service' };
        const first = await store.tickets.create('2026-11-20', (s) =>
          makeTicket('2026-11-20', s, now - 2 * HOUR, with_),
        );
        const second = await store.tickets.create('2026-11-20', (s) =>
          makeTicket('2026-11-20', s, now - HOUR, { ...with_, repeatOf: first.ticket.no }),
        );
        const third = await store.tickets.create('2026-11-20', (s) =>
          makeTicket('2026-11-20', s, now - HOUR / 2, { ...with_, category: 'goods', repeatOf: first.ticket.no }),
        );
        expect((await store.tickets.latestWith('13800138000', 't-101', 'service', now - 3 * HOUR))?.no).toBe(
          second.ticket.no,
        );
        expect(await store.tickets.latestWith('13800138000', 't-101', 'service', now - HOUR / 2)).toBeUndefined();
        expect((await store.tickets.latestWith('13800138000', 't-101', 'goods', now - HOUR))?.no).toBe(third.ticket.no);
        expect(await store.tickets.latestWith('13900000000', 't-101', 'service', 0)).toBeUndefined();
        expect(await store.tickets.repeatsOf(first.ticket.no)).toEqual([second.ticket.no, third.ticket.no]);
        expect(await store.tickets.repeatsOf(second.ticket.no)).toEqual([]);
      });

      it('finds tickets by the local reference their kiosk showed, on any node, and nothing else', async () => {
        const store = await open();
        const base = Date.parse('2026-11-20T02:00:00Z');
        const make = (i: number, idempotencyKey?: string) =>
          store.tickets.create('2026-11-20', (s) =>
            makeTicket('2026-11-20', s, base + i * HOUR, idempotencyKey ? { idempotencyKey } : {}),
          );
        const a = await make(0, 'R7KQ2MX-4f1c9e2a');
        await make(1, 'R7KQ2MY-00000000'); // another reference
        await make(2, 'X7KQ2MX-00000000'); // not an outbox key
        await make(3, '7KQ2MX'); // a client's own key that merely contains it
        await make(4);
        const b = await make(5, 'R7KQ2MX-9d0e1b7c'); // two kiosks may draw the same reference
        const nos = async (s: Store, ref: string) => (await s.tickets.byLocalRef(ref)).map((t) => t.no);
        expect(await nos(store, '7KQ2MX')).toEqual([a.ticket.no, b.ticket.no]);
        expect(await nos(await peerOf(store), '7KQ2MX')).toEqual([a.ticket.no, b.ticket.no]);
        expect(await nos(store, '7KQ2MZ')).toEqual([]);
        expect((await store.tickets.byLocalRef('7KQ2MX'))[0].idempotencyKey).toBe('R7KQ2MX-4f1c9e2a');
      });

      it('finds the tickets of given phones within a time range, any tenant or category, and follows erasure', async () => {
        const store = await open();
        const now = Date.now();
        const make = (at: number, over: Partial<Ticket>) =>
          store.tickets.create('2026-11-20', (s) => makeTicket('2026-11-20', s, at, over));
        const a = await make(now - 40 * DAY, { phone: '13800138000', tenant: 't-101' });
        const b = await make(now - 10 * DAY, { phone: '13800138000', category: 'goods' });
        const c = await make(now - 5 * DAY, { phone: '13900139000' });
        await make(now - 5 * DAY, { phone: '13700137000' });
        await make(now - 2 * DAY, {});
        const d = await make(now - DAY, { phone: '13800138000', kind: 'suggestion' });
        const nos = async (phones: string[], since: number, until: number) =>
          (await store.tickets.withPhones(phones, since, until)).map((t) => t.no);
        expect(await nos(['13800138000'], now - 30 * DAY, now)).toEqual([b.ticket.no, d.ticket.no]);
        // What links need of each: number, phone, time and status, as stored.
        expect(await store.tickets.withPhones(['13900139000'], now - 60 * DAY, now)).toEqual([
          { no: c.ticket.no, phone: '13900139000', createdAt: c.ticket.createdAt, status: c.ticket.status },
        ]);
        expect(await nos(['13800138000', '13900139000', '13800138000'], now - 60 * DAY, now)).toEqual([
          a.ticket.no,
          b.ticket.no,
          c.ticket.no,
          d.ticket.no,
        ]);
        // Both ends inclusive.
        expect(await nos(['13800138000'], now - 10 * DAY, now - DAY)).toEqual([b.ticket.no, d.ticket.no]);
        expect(await nos([], 0, now)).toEqual([]);
        expect(await nos(['13600136000'], 0, now)).toEqual([]);
        // A phone erased (retention) is no longer found under it.
        const { phone: _erased, ...rest } = b.ticket;
        expect(await store.tickets.update({ ...rest, updatedAt: iso(now) }, b.ticket.updatedAt)).toBe(true);
        expect(await nos(['13800138000'], now - 30 * DAY, now)).toEqual([d.ticket.no]);
      });

      it('counts the other tickets of each phone within a window, both ends inclusive, up to a cap', async () => {
        const store = await open();
        const base = Date.parse('2026-11-20T02:00:00Z');
        const make = (at: number, over: Partial<Ticket>) =>
          store.tickets.create('2026-11-20', (s) => makeTicket('2026-11-20', s, at, over));
        const w = 10 * DAY;
        const a = await make(base, { phone: '13800138000' });
        const b = await make(base + w, { phone: '13800138000', tenant: 't-101', category: 'goods' }); // exactly at the edge
        const c = await make(base + w + 1, { phone: '13800138000' }); // 1 ms past a's window
        const d = await make(base, { phone: '13900139000' }); // alone
        const e = await make(base, {}); // no phone
        const counts = await store.tickets.phoneCounts(
          [a, b, c, d, e].map((x) => x.ticket),
          w,
          99,
        );
        expect(Object.fromEntries(counts)).toEqual({ [a.ticket.no]: 1, [b.ticket.no]: 2, [c.ticket.no]: 1 });
        // The cap: at most `cap` counted, whatever the phone has.
        for (let i = 0; i < 4; i++) await make(base + i, { phone: '13700137000' });
        const many = await make(base + 10, { phone: '13700137000' });
        expect((await store.tickets.phoneCounts([many.ticket], w, 3)).get(many.ticket.no)).toBe(3);
        expect((await store.tickets.phoneCounts([many.ticket], w, 99)).get(many.ticket.no)).toBe(4);
        expect(await store.tickets.phoneCounts([], w, 99)).toEqual(new Map());
        // Another node sees the same counts.
        expect(await (await peerOf(store)).tickets.phoneCounts([a.ticket, b.ticket], w, 99)).toEqual(
          new Map([
            [a.ticket.no, 1],
            [b.ticket.no, 2],
          ]),
        );
      });

      it('lists a month by day, oldest first, with its first and last day and nothing else', async () => {
        const store = await open();
        const days = ['2026-10-31', '2026-11-01', '2026-11-15', '2026-11-30', '2026-12-01', '2027-01-01'];
        const base = Date.parse('2026-10-31T12:00:00Z');
        for (const [i, day] of days.entries())
          await store.tickets.create(day, (seq) => makeTicket(day, seq, base + i * 24 * HOUR));
        const nov = await store.tickets.ofMonth('2026-11');
        expect(nov.map((t) => t.day)).toEqual(['2026-11-01', '2026-11-15', '2026-11-30']);
        expect((await store.tickets.ofMonth('2026-12')).map((t) => t.day)).toEqual(['2026-12-01']);
        expect((await store.tickets.ofMonth('2027-01')).map((t) => t.day)).toEqual(['2027-01-01']);
        expect(await store.tickets.ofMonth('2026-09')).toEqual([]);
        expect(await store.hq.ofMonth(store.mallId, '2026-11')).toEqual(nov);
        expect(await store.hq.malls()).toContain(store.mallId);
      });

      it('lists a day’s tickets in number order, nothing of the days beside it, and sees new ones', async () => {
        const store = await open();
        const base = Date.parse('2026-11-30T02:00:00Z');
        for (const [i, day] of ['2026-11-29', '2026-11-30', '2026-11-30', '2026-12-01'].entries())
          await store.tickets.create(day, (seq) => makeTicket(day, seq, base + i * HOUR));
        expect((await store.tickets.ofDay('2026-11-30')).map((t) => t.no)).toEqual([
          'FK20261130-0001',
          'FK20261130-0002',
        ]);
        expect(await store.tickets.ofDay('2026-11-28')).toEqual([]);
        await store.tickets.create('2026-11-30', (seq) => makeTicket('2026-11-30', seq, base + 9 * HOUR));
        const peer = await peerOf(store);
        expect((await peer.tickets.ofDay('2026-11-30')).map((t) => t.seq)).toEqual([1, 2, 3]);
      });

      it('lists tickets finished within a range by their finishing time, following reopens', async () => {
        const store = await open();
        const base = Date.parse('2026-10-25T02:00:00Z');
        const make = async (i: number, status: Status) => {
          const day = '2026-10-25';
          const t = (await store.tickets.create(day, (seq) => makeTicket(day, seq, base + i * DAY))).ticket;
          const next = walkTo(t, status);
          if (status !== 'received') await store.tickets.update(next, t.updatedAt);
          return next;
        };
        const a = await make(0, 'closed'); // finished 10-25
        const b = await make(10, 'invalid'); // 11-04
        const c = await make(20, 'closed'); // 11-14
        await make(21, 'in_progress'); // open: never listed
        const finishedOf = (t: Ticket) => t.events.at(-1)!.at;
        const list = async (since: string, until: string) =>
          (await store.tickets.finishedBetween(since, until)).map((t) => t.no);
        expect(await list('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([a.no, b.no, c.no]);
        // From inclusive, until exclusive.
        expect(await list(finishedOf(b), finishedOf(c))).toEqual([b.no]);
        expect(await list('2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z')).toEqual([b.no, c.no]);
        // Reopened: no longer finished; closed again later: finished then.
        const reopenAt = iso(Date.parse(finishedOf(a)) + 40 * DAY);
        const reopened: Ticket = {
          ...a,
          status: 'in_progress',
          updatedAt: reopenAt,
          events: [
            ...a.events,
            {
              at: reopenAt,
              by: { id: 'u-sup', name: '主管' },
              type: 'transition',
              action: 'reopen',
              from: 'closed',
              to: 'in_progress',
            },
          ],
        };
        await store.tickets.update(reopened, a.updatedAt);
        expect(await list('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([b.no, c.no]);
        const closeAt = iso(Date.parse(reopenAt) + HOUR);
        await store.tickets.update(
          {
            ...reopened,
            status: 'closed',
            updatedAt: closeAt,
            events: [
              ...reopened.events,
              {
                at: closeAt,
                by: { id: 'u-sup', name: '主管' },
                type: 'transition',
                action: 'close',
                from: 'in_progress',
                to: 'closed',
              },
            ],
          },
          reopenAt,
        );
        const peer = await peerOf(store);
        expect(
          (await peer.tickets.finishedBetween('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).map((t) => t.no),
        ).toEqual([a.no]);
      });

      it('finds the tickets holding an unanswered slip for a user, until it is answered', async () => {
        const store = await open();
        const base = Date.parse('2026-11-20T02:00:00Z');
        const day = '2026-11-20';
        const slipEvent = (i: number, id: string, to: string, type: 'slip' | 'slipAnswer' = 'slip'): TicketEvent => ({
          at: iso(base + i * HOUR),
          by: { id: 'u-sup', name: '主管' },
          type,
          note: '请尽快处理',
          slip: { id, kind: id.startsWith('CB') ? 'reminder' : 'inquiry', addresseeId: to, addressee: to },
        });
        const withEvents = async (i: number, events: TicketEvent[], status: Status = 'in_progress') => {
          const t = (await store.tickets.create(day, (seq) => makeTicket(day, seq, base + i * MINUTE))).ticket;
          const walked = walkTo(t, status);
          const next = { ...walked, updatedAt: iso(base + 9 * HOUR), events: [...walked.events, ...events] };
          await store.tickets.update(next, t.updatedAt);
          return next;
        };
        const a = await withEvents(0, [slipEvent(1, 'CB-1', 'u-1')]);
        const b = await withEvents(1, [slipEvent(1, 'CB-1', 'u-2'), slipEvent(2, 'CB-2', 'u-1')]);
        // Answered: out of the inbox.
        await withEvents(2, [slipEvent(1, 'CB-1', 'u-1'), slipEvent(2, 'CB-1', 'u-1', 'slipAnswer')]);
        // A closed case's inquiry slip counts too.
        const d = await withEvents(3, [slipEvent(1, 'QB-1', 'u-1')], 'closed');
        const nos = async (s: Store, user: string) => (await s.tickets.withOpenSlipsFor(user)).map((t) => t.no);
        expect(await nos(store, 'u-1')).toEqual([a.no, b.no, d.no]);
        expect(await nos(store, 'u-2')).toEqual([b.no]);
        expect(await nos(store, 'u-3')).toEqual([]);
        // Answered later, on another node.
        const peer = await peerOf(store);
        await peer.tickets.update(
          { ...b, updatedAt: iso(base + 10 * HOUR), events: [...b.events, slipEvent(10, 'CB-2', 'u-1', 'slipAnswer')] },
          b.updatedAt,
        );
        expect(await nos(peer, 'u-1')).toEqual([a.no, d.no]);
        expect(await nos(store, 'u-2')).toEqual([b.no]);
      });

      it('counts a month’s report exactly as tallyTickets does over its tickets, at any moment, after changes', async () => {
        const store = await open();
        const now = Date.parse('2026-11-20T04:00:00Z');
        const made = reportTickets(FEEDBACK_CONFIG, 240, now, 70);
        for (const t of made) {
          const { created } = await store.tickets.create(t.day, (seq) => ({ ...t, seq, no: noOf(t.day, seq) }));
          expect(created).toBe(true);
        }
        const months = [...new Set(made.map((t) => t.day.slice(0, 7)))].sort();
        const check = async (at: number) => {
          for (const month of months) {
            const pure = tallyTickets(await store.tickets.ofMonth(month), month, FEEDBACK_CONFIG, at);
            expect(await store.tickets.report(month, at)).toEqual(pure);
            expect(await store.hq.report(store.mallId, month, at)).toEqual(pure);
          }
        };
        await check(now);
        await check(now + 10 * DAY);
        const pure = tallyTickets(await store.tickets.ofMonth(months.at(-1)!), months.at(-1)!, FEEDBACK_CONFIG, now);
        expect(pure.total).toBeGreaterThan(0);
        expect(pure.reminders + Object.keys(pure.escalations).length + pure.overdueNow).toBeGreaterThan(0);
        // A change to a ticket changes its month's figures.
        const [first] = await store.tickets.ofMonth(months.at(-1)!);
        const changed: Ticket = {
          ...first,
          updatedAt: iso(now + MINUTE),
          events: [
            ...first.events,
            { at: iso(now + MINUTE), by: { id: 'u1', name: '张三' }, type: 'reminder', milestone: 'reply' },
          ],
        };
        expect(await store.tickets.update(changed, first.updatedAt)).toBe(true);
        await check(now + HOUR);
        expect(await store.tickets.report('2025-01', now)).toEqual(emptyTally());
        expect(await store.hq.report('no-such-mall', months[0], now)).toEqual(emptyTally());
      });

      it('lists the open tickets holding an escalation or a reminder (the inbox’s candidates)', async () => {
        const store = await open();
        const now = Date.parse('2026-11-20T04:00:00Z');
        for (const [i, t] of reportTickets(FEEDBACK_CONFIG, 60, now, 30).entries()) {
          const at = iso(Date.parse(t.createdAt) + HOUR);
          const alert: TicketEvent =
            i % 4 === 0
              ? { at, by: { id: 'system', name: '系统' }, type: 'reminder', milestone: 'handoff' }
              : { at, by: { id: 'system', name: '系统' }, type: 'escalation', milestone: 'handoff', level: i % 4 };
          // Half of them open; every other one with a reminder or an escalation (level 1 or 2; 0 is nobody's).
          const over: Partial<Ticket> = {
            status: i % 2 ? 'in_progress' : 'closed',
            events: i % 3 ? [...t.events, alert] : t.events,
          };
          await store.tickets.create(t.day, (seq) => ({ ...t, ...over, seq, no: noOf(t.day, seq) }));
        }
        const openNow = await store.tickets.openTickets();
        const expected = openNow.filter(hasAlerts).map((t) => t.no);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(openNow.length);
        expect((await store.tickets.withAlerts()).map((t) => t.no)).toEqual(expected);
      });

      it('lists closed tickets still holding contact details, oldest change first, at most the limit', async () => {
        const store = await open();
        const base = Date.parse('2026-05-01T02:00:00Z');
        const make = async (i: number, status: Status, over: Partial<Ticket>) => {
          const day = '2026-05-01';
          const t = (await store.tickets.create(day, (seq) => makeTicket(day, seq, base + i * HOUR, over))).ticket;
          const next = walkTo(t, status);
          if (status !== 'received') await store.tickets.update(next, t.updatedAt);
          return next;
        };
        const a = await make(0, 'closed', { phone: '13800138000' });
        const b = await make(1, 'invalid', { name: '王先生' });
        const c = await make(2, 'closed', { address: '上海市' });
        await make(3, 'closed', {}); // nothing to erase
        await make(4, 'in_progress', { phone: '13800138001' }); // still open
        const before = iso(base + 30 * 24 * HOUR);
        expect((await store.tickets.contactHeldBefore(before, 10)).map((t) => t.no)).toEqual([a.no, b.no, c.no]);
        expect((await store.tickets.contactHeldBefore(before, 2)).map((t) => t.no)).toEqual([a.no, b.no]);
        // Changed after `before`: not yet.
        expect(await store.tickets.contactHeldBefore(a.updatedAt, 10)).toEqual([]);
        // Erased: no longer a candidate.
        const { phone: _phone, ...erased } = a;
        await store.tickets.update({ ...erased, updatedAt: iso(base + 2 * HOUR) }, a.updatedAt);
        expect((await store.tickets.contactHeldBefore(before, 10)).map((t) => t.no)).toEqual([b.no, c.no]);
      });

      it('pages the queue exactly as the pure queryQueue does over the same tickets', async () => {
        const store = await open();
        const now = Date.parse('2026-11-23T06:00:00Z');
        const people = [
          { id: 'u1', name: '张三' },
          { id: 'u2', name: '李四' },
        ];
        const statuses: Status[] = [
          'received',
          'assigned',
          'in_progress',
          'invalid_proposed',
          'replied',
          'followed_up',
          'invalid_follow_up',
          'closed',
          'invalid',
        ];
        const kinds = ['complaint', 'suggestion', 'inquiry', 'praise', 'request'] as const;
        const channels = ['kiosk', 'desk', 'phone', 'letter'] as const;
        const all: Ticket[] = [];
        for (let i = 0; i < 140; i++) {
          const created = now - (i * 37 + 3) * MINUTE;
          const day = new Date(created + 8 * HOUR).toISOString().slice(0, 10);
          const { ticket } = await store.tickets.create(day, (seq) =>
            makeTicket(day, seq, created, {
              kind: kinds[i % kinds.length],
              channel: channels[i % channels.length],
              category: i % 3 ? 'service' : 'goods',
              urgency: i % 7 === 0 ? 'urgent' : 'normal',
              ...(i % 4 === 0 ? { tenant: 't-101', floor: '1F' } : {}),
              ...(i % 9 === 0 ? { level: 1 + (i % 4) } : {}),
            }),
          );
          const status = statuses[(i * 5) % statuses.length];
          const next = walkTo(ticket, status, people[i % 2]);
          if (status !== 'received') expect(await store.tickets.update(next, ticket.updatedAt)).toBe(true);
          all.push(next);
        }
        all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
        const counts: Partial<Record<Status, number>> = {};
        for (const t of all) counts[t.status] = (counts[t.status] ?? 0) + 1;
        const source = {
          values: () => all,
          openTickets: () => all.filter((t) => t.status !== 'closed' && t.status !== 'invalid'),
          statusCounts: () => counts,
        };
        const viewer = { id: 'u1', role: 'supervisor' as const };
        const filters: Record<string, string>[] = [
          {},
          { page: '2' },
          { page: '99' },
          { status: 'all' },
          { status: 'all', page: '2' },
          { status: 'all', page: '3' },
          { status: 'closed' },
          { status: 'invalid', page: '2' },
          { status: 'assigned' },
          { overdue: '1' },
          { status: 'all', overdue: '1' },
          { status: 'all', category: 'goods' },
          { kind: 'complaint' },
          { status: 'all', channel: 'phone' },
          { status: 'all', tenant: 't-101', floor: '1F' },
          { status: 'all', assignee: '张' },
          { status: 'all', assigneeId: 'u1' },
          { assigneeId: 'u2', page: '2' },
          { status: 'all', urgent: '1' },
          { status: 'replied', kind: 'inquiry' },
          { view: 'mine' },
          { view: 'unassigned' },
          { view: 'escalated' },
          { view: 'overdue' },
          { view: 'mine', status: 'all', category: 'service' },
          { view: 'mine', status: 'closed' },
          // Sortable columns (src/lib/feedback/queue.ts sortRows).
          { sort: 'received' },
          { sort: 'due', dir: 'desc' },
          { status: 'all', sort: 'received', dir: 'asc', page: '2' },
          { status: 'all', sort: 'due' },
          { status: 'all', sort: 'status', page: '2' },
          { sort: 'urgency' },
          { status: 'all', sort: 'level', dir: 'asc' },
          { status: 'all', category: 'goods', sort: 'urgency', dir: 'asc' },
          // One column narrowing: closed and invalid tickets counted apart from the open ones.
          { status: 'all', floor: '1F' },
          { status: 'all', tenant: 't-101', page: '2' },
          { status: 'closed', category: 'service' },
          { status: 'invalid', channel: 'desk' },
          { kind: 'praise' },
        ];
        const compare = async (list: Record<string, string>[], when: string) => {
          for (const raw of list) {
            const f = queueFilterSchema.parse(raw);
            const expected = queryQueue(source, f, FEEDBACK_CONFIG, now, viewer);
            const actual = await store.tickets.queue(f, viewer, now);
            expect(shapeOf(actual), `${when} ${JSON.stringify(raw)}`).toEqual(shapeOf(expected));
          }
        };
        await compare(filters, '');
        // Closed tickets that change: one reopened, one moved to another category and tenant, an open
        // one closed; the per-column counts follow each change.
        const change = async (i: number, over: Partial<Ticket>) => {
          const next = { ...all[i], ...over, updatedAt: iso(now + i) };
          expect(await store.tickets.update(next, all[i].updatedAt)).toBe(true);
          counts[all[i].status]! -= 1;
          counts[next.status] = (counts[next.status] ?? 0) + 1;
          all[i] = next;
        };
        const closedAt = all.findIndex((t) => t.status === 'closed');
        await change(closedAt, { status: 'in_progress' });
        const otherClosed = all.findIndex((t) => t.status === 'closed');
        await change(otherClosed, { category: 'goods', tenant: 't-202', floor: '2F' });
        const invalidAt = all.findIndex((t) => t.status === 'invalid');
        await change(invalidAt, { channel: 'phone' });
        const openAt = all.findIndex((t) => t.status === 'received' && t.tenant === 't-101');
        await change(openAt, { status: 'closed' });
        await compare(
          [
            { status: 'all', category: 'goods' },
            { status: 'all', category: 'service' },
            { status: 'closed', tenant: 't-202' },
            { status: 'all', tenant: 't-101' },
            { status: 'all', floor: '2F' },
            { status: 'all', channel: 'phone' },
            { status: 'invalid', channel: all[invalidAt].channel === 'phone' ? 'desk' : 'phone' },
          ],
          'after changes',
        );
        // Personal views for every kind of viewer (escalations reach roles by ladder step).
        const viewers = [
          { id: 'u2', role: 'manager' as const },
          { id: 'u9', role: 'admin' as const },
          { id: 'u1', role: 'staff' as const },
        ];
        for (const who of viewers)
          for (const view of ['mine', 'unassigned', 'escalated', 'overdue']) {
            const f = queueFilterSchema.parse({ view });
            const expected = queryQueue(source, f, FEEDBACK_CONFIG, now, who);
            expect(expected.total, `${view} for ${who.role}`).toBeLessThan(140);
            expect(shapeOf(await store.tickets.queue(f, who, now)), `${view} for ${who.role}`).toEqual(
              shapeOf(expected),
            );
          }
        // The staff home's figures: every view counted at once, as workbenchCounts does over the open tickets.
        for (const who of [...viewers, viewer, { id: 'u2', role: 'staff' as const }]) {
          const expected = workbenchCounts(counts, source.openTickets(), who, FEEDBACK_CONFIG, (t) =>
            milestonesOf(t, FEEDBACK_CONFIG, now),
          ).views;
          expect(await store.tickets.viewCounts(who, now), who.role).toEqual(expected);
        }
        const escalated = queryQueue(source, queueFilterSchema.parse({ view: 'escalated' }), FEEDBACK_CONFIG, now, {
          id: 'u9',
          role: 'admin',
        });
        expect(escalated.total).toBeGreaterThan(0);
        // Enough tickets and kinds of row that the comparisons above mean something.
        const everything = await store.tickets.queue(queueFilterSchema.parse({ status: 'all' }), viewer, now);
        expect(everything.total).toBe(140);
        expect(everything.pages).toBe(3);
        expect(everything.rows.some((r) => r.overdue)).toBe(true);
        expect(STATUSES.every((s) => everything.counts[s] > 0)).toBe(true);
        // Without a viewer a personal view shows nothing.
        expect((await store.tickets.queue(queueFilterSchema.parse({ view: 'mine' }), undefined, now)).total).toBe(0);
      });

      it('changes the version with every insert and update, on every node', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const v0 = await peer.tickets.version();
        const { ticket } = await store.tickets.create('2026-11-20', (seq) => makeTicket('2026-11-20', seq, Date.now()));
        const v1 = await peer.tickets.version();
        expect(v1).not.toBe(v0);
        await store.tickets.update({ ...ticket, urgency: 'urgent', updatedAt: iso(Date.now() + 5) }, ticket.updatedAt);
        expect(await peer.tickets.version()).not.toBe(v1);
      });
    });

    // ------------------------------------------------------------ users and tokens

    describe('users and tokens', () => {
      const input = (username: string, role: 'admin' | 'staff' = 'staff') => ({
        username,
        name: '张三',
        role,
        password: 'correct horse battery',
      });

      it('adds users with unique names (case-insensitive) and finds them', async () => {
        const store = await open();
        expect(await store.users.hasActiveAdmin()).toBe(false);
        const admin = await store.users.add(input('root', 'admin'));
        const zs = await store.users.add(input('zhangsan'));
        expect(admin && zs).toBeTruthy();
        expect(await store.users.add(input('zhangsan'))).toBeUndefined();
        expect(await store.users.byUsername('  ZhangSan ')).toEqual(zs);
        expect(await store.users.byId(admin!.id)).toEqual(admin);
        expect(await store.users.byId('nobody')).toBeUndefined();
        expect((await store.users.list()).map((u) => u.username)).toEqual(['root', 'zhangsan']);
        expect(await store.users.hasActiveAdmin()).toBe(true);
        expect(admin!.passwordHash).not.toContain('correct horse');
      });

      it('lets one of two nodes adding one username win', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const results = await Promise.all([store.users.add(input('lisi')), peer.users.add(input('lisi'))]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.users.list()).toHaveLength(1);
      });

      it('ends sessions when role, active flag or password change, not for a name', async () => {
        const store = await open();
        const user = (await store.users.add(input('wangwu', 'admin')))!;
        const renamed = await store.users.update(user.id, { name: '王五' });
        expect(renamed?.name).toBe('王五');
        expect(renamed?.sessionVersion).toBe(0);
        const demoted = await store.users.update(user.id, { role: 'staff' });
        expect(demoted?.role).toBe('staff');
        expect(demoted?.sessionVersion).toBe(1);
        expect(await store.users.hasActiveAdmin()).toBe(false);
        const disabled = await store.users.update(user.id, { active: false });
        expect(disabled?.sessionVersion).toBe(2);
        const reset = await store.users.update(user.id, { password: 'another long password' });
        expect(reset?.sessionVersion).toBe(3);
        expect(reset?.passwordHash).not.toBe(user.passwordHash);
        expect(await store.users.endSessions(user.id)).toBe(true);
        expect((await store.users.byId(user.id))?.sessionVersion).toBe(4);
        expect(await store.users.byId(user.id)).toMatchObject({ name: '王五', role: 'staff', active: false });
        expect(await store.users.update('nobody', { name: 'x' })).toBeUndefined();
        expect(await store.users.endSessions('nobody')).toBe(false);
      });

      it('keeps the department a person works in, set, changed and cleared, without ending sessions', async () => {
        const store = await open();
        const user = (await store.users.add({ ...input('zhaoliu', 'staff'), department: 'sales' }))!;
        expect(user.department).toBe('sales');
        const moved = await store.users.update(user.id, { department: 'engineering' });
        expect([moved?.department, moved?.sessionVersion]).toEqual(['engineering', 0]);
        const peer = await peerOf(store);
        expect((await peer.users.byId(user.id))?.department).toBe('engineering');
        const cleared = await store.users.update(user.id, { department: null });
        expect(cleared && 'department' in cleared).toBe(false);
        expect((await peer.users.byUsername('zhaoliu'))?.department).toBeUndefined();
        // Another change leaves it alone.
        await store.users.update(user.id, { department: 'sales' });
        expect((await store.users.update(user.id, { name: '赵六' }))?.department).toBe('sales');
      });

      it('creates, finds and revokes API tokens, storing only their hash', async () => {
        const store = await open();
        const { token, record } = await store.tokens.create('u1', 'hotline');
        expect(record).toMatchObject({ userId: 'u1', label: 'hotline' });
        expect(JSON.stringify(await store.tokens.list())).not.toContain(token);
        expect(await store.tokens.byToken(token)).toEqual(record);
        expect(await store.tokens.byToken(token + 'x')).toBeUndefined();
        expect(await store.tokens.revoke(record.id)).toBe(true);
        expect(await store.tokens.revoke(record.id)).toBe(false);
        expect(await store.tokens.byToken(token)).toBeUndefined();
        expect((await store.tokens.list())[0].revokedAt).toBeTruthy();
      });

      it('gives the setup token to exactly one of 20 concurrent claims', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const sha = 'a'.repeat(64);
        await store.setupToken.issue('b'.repeat(64));
        await store.setupToken.issue(sha);
        expect(await peer.setupToken.matches('b'.repeat(64))).toBe(false);
        expect(await peer.setupToken.matches(sha)).toBe(true);
        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : store).setupToken.claim(sha)),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.setupToken.matches(sha)).toBe(false);
        expect(await store.setupToken.claim(sha)).toBe(false);
        await store.setupToken.restore(sha);
        expect(await peer.setupToken.matches(sha)).toBe(true);
        expect(await store.setupToken.claim('c'.repeat(64))).toBe(false);
      });
    });

    // ------------------------------------------------------------ quizzes and kiosks

    describe('quizzes and kiosks', () => {
      it('keeps a live join code to one quiz, and frees it when the quiz ends', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const q1 = quizFixture('q1', '12345678', '2026-11-20T01:00:00.000Z');
        expect(await store.quizzes.insertQuiz(q1)).toBe(true);
        expect(await peer.quizzes.insertQuiz(quizFixture('q2', '12345678', '2026-11-20T02:00:00.000Z'))).toBe(false);
        expect(await store.quizzes.byCode('12345678')).toEqual(q1);
        const ended = { ...q1, status: 'ended' as const, endedAt: '2026-11-20T03:00:00.000Z' };
        await store.quizzes.saveQuiz(ended);
        expect(await store.quizzes.byCode('12345678')).toBeUndefined();
        const q3 = quizFixture('q3', '12345678', '2026-11-21T01:00:00.000Z', 'created');
        expect(await peer.quizzes.insertQuiz(q3)).toBe(true);
        expect(await store.quizzes.byCode('12345678')).toEqual(q3);
        expect((await store.quizzes.list()).map((q) => q.id)).toEqual(['q3', 'q1']);
        expect(await store.quizzes.byId('q1')).toEqual(ended);
        expect(await store.quizzes.byId('nope')).toBeUndefined();
        await expect(
          store.quizzes.saveQuiz(quizFixture('nope', '87654321', '2026-11-21T01:00:00.000Z')),
        ).rejects.toThrow();
      });

      it('lets one of concurrent quizzes with one code in', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? peer : store).quizzes.insertQuiz(quizFixture(`q${i}`, '55555555', '2026-11-20T01:00:00.000Z')),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('stores attempts and reads them by id, quiz and person, in the order they started', async () => {
        const store = await open();
        await store.quizzes.insertQuiz(quizFixture('q1', '11111111', '2026-11-20T01:00:00.000Z'));
        await store.quizzes.insertAttempt(attemptFixture('a1', 'q1', 'u1'));
        await store.quizzes.insertAttempt(attemptFixture('b2', 'q1', 'u2'));
        await store.quizzes.insertAttempt(attemptFixture('0c', 'q1', 'u1', 2));
        await store.quizzes.insertAttempt(attemptFixture('d4', 'q9', 'u1'));
        expect((await store.quizzes.attemptsOf('q1')).map((a) => a.id)).toEqual(['a1', 'b2', '0c']);
        expect((await store.quizzes.attemptsByUser('u1')).map((a) => a.id).sort()).toEqual(['0c', 'a1', 'd4']);
        const answered = {
          ...attemptFixture('a1', 'q1', 'u1'),
          answers: { 'service-001': { value: true, at: '2026-11-20T02:01:00.000Z' } },
        };
        await store.quizzes.saveAttempt(answered);
        expect(await store.quizzes.attemptById('a1')).toEqual(answered);
        expect(await store.quizzes.attemptById('zz')).toBeUndefined();
        // Narrowed: one person's, the ones not submitted yet, or both (a submitted one drops out).
        await store.quizzes.saveAttempt({
          ...attemptFixture('0c', 'q1', 'u1', 2),
          submittedAt: '2026-11-20T02:30:00.000Z',
        });
        const ids = async (only: { userId?: string; open?: boolean }) =>
          (await store.quizzes.attemptsOf('q1', only)).map((a) => a.id);
        expect(await ids({ userId: 'u1' })).toEqual(['a1', '0c']);
        expect(await ids({ userId: 'u3' })).toEqual([]);
        expect(await ids({ open: true })).toEqual(['a1', 'b2']);
        expect(await ids({ userId: 'u1', open: true })).toEqual(['a1']);
        expect(await ids({})).toEqual(['a1', 'b2', '0c']);
        expect((await (await peerOf(store)).quizzes.attemptsOf('q1', { open: true })).map((a) => a.id)).toEqual([
          'a1',
          'b2',
        ]);
        await expect(store.quizzes.saveAttempt(attemptFixture('zz', 'q1', 'u1'))).rejects.toThrow();
      });

      it('stores trainer questions as versions: the next one only, latest first by id, every version kept', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const by = { id: 'u-trainer', name: '培训师' };
        const v1 = trainerQuestionFixture('tq-aaaaaaa1', by, '2026-11-20T01:00:00.000Z');
        expect(await store.questions.put(v1)).toBe(true);
        // Version 1 of a taken id, or a version skipping one, is refused.
        expect(await peer.questions.put(v1)).toBe(false);
        const v3 = { ...nextVersion(v1, {}, by, new Date('2026-11-20T02:00:00.000Z')), version: 3 };
        expect(await peer.questions.put(v3)).toBe(false);
        const v2 = nextVersion(
          v1,
          { question: { ...v1.question, prompt: '改过的题干' } },
          by,
          new Date('2026-11-20T02:00:00.000Z'),
        );
        expect(await peer.questions.put(v2)).toBe(true);
        const retired = nextVersion(v2, { status: 'retired' }, by, new Date('2026-11-20T03:00:00.000Z'));
        expect(await store.questions.put(retired)).toBe(true);
        const other = trainerQuestionFixture('tq-bbbbbbb2', by, '2026-11-20T00:30:00.000Z');
        expect(await store.questions.put(other)).toBe(true);

        expect(await peer.questions.byId('tq-aaaaaaa1')).toEqual(retired);
        expect(await peer.questions.byId('tq-aaaaaaa1', 1)).toEqual(v1);
        expect((await store.questions.byId('tq-aaaaaaa1', 2))?.question.prompt).toBe('改过的题干');
        expect(await store.questions.byId('tq-aaaaaaa1', 9)).toBeUndefined();
        expect(await store.questions.byId('tq-zzzzzzz9')).toBeUndefined();
        expect((await peer.questions.versions('tq-aaaaaaa1')).map((r) => [r.version, r.status])).toEqual([
          [1, 'active'],
          [2, 'active'],
          [3, 'retired'],
        ]);
        expect(await store.questions.versions('tq-zzzzzzz9')).toEqual([]);
        // The latest of each, in the order they were first written.
        expect((await store.questions.list()).map((r) => [r.id, r.version])).toEqual([
          ['tq-bbbbbbb2', 1],
          ['tq-aaaaaaa1', 3],
        ]);
        // A stored version does not change when the caller's object does.
        v1.question.prompt = 'changed after put';
        expect((await store.questions.byId('tq-aaaaaaa1', 1))?.question.prompt).not.toBe('changed after put');
      });

      it('lets one of concurrent saves from one version in, across nodes', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const by = { id: 'u-trainer', name: '培训师' };
        const v1 = trainerQuestionFixture('tq-ccccccc3', by, '2026-11-20T01:00:00.000Z');
        expect(await store.questions.put(v1)).toBe(true);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? peer : store).questions.put(
              nextVersion(v1, { question: { ...v1.question, prompt: `版本 ${i}` } }, by, new Date()),
            ),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.questions.versions('tq-ccccccc3')).toHaveLength(2);
      });

      it('keeps each kiosk’s last heartbeat and its enrolment', async () => {
        const store = await open();
        const peer = await peerOf(store);
        await store.kiosks.putHeartbeat({
          id: 'K-1',
          lastSeen: '2026-11-20T01:00:00.000Z',
          pending: 2,
          failed: 0,
          version: '1',
        });
        await peer.kiosks.putHeartbeat({
          id: 'K-2',
          lastSeen: '2026-11-20T01:00:05.000Z',
          pending: 0,
          failed: 0,
          version: '1',
        });
        await store.kiosks.putHeartbeat({
          id: 'K-1',
          lastSeen: '2026-11-20T01:01:00.000Z',
          pending: 0,
          failed: 1,
          version: '1',
        });
        const beats = await peer.kiosks.heartbeats();
        expect(beats.map((k) => [k.id, k.pending, k.failed]).sort()).toEqual([
          ['K-1', 0, 1],
          ['K-2', 0, 0],
        ]);
        const enrolment = {
          id: 'K-1',
          secretHash: 'f'.repeat(64),
          enrolledAt: '2026-11-20T01:00:00.000Z',
          enrolledBy: { id: 'u1', username: 'zhangsan' },
        };
        await store.kiosks.putEnrolment(enrolment);
        expect(await peer.kiosks.enrolment('K-1')).toEqual(enrolment);
        const revoked = { ...enrolment, revokedAt: '2026-11-21T01:00:00.000Z' };
        await peer.kiosks.putEnrolment(revoked);
        await store.kiosks.putEnrolment({ ...enrolment, id: 'K-0' });
        expect((await store.kiosks.enrolments()).map((e) => e.id)).toEqual(['K-0', 'K-1']);
        expect(await store.kiosks.enrolment('K-1')).toEqual(revoked);
        expect(await store.kiosks.enrolment('K-9')).toBeUndefined();
      });
    });

    // ------------------------------------------------------------ cases and assignments

    describe('cases and assignments', () => {
      it('keeps one case per ticket, newest first, and finds it by id and by ticket', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const c1 = caseFixture('c1', 'FK20261101-0001', '2026-11-20T01:00:00.000Z');
        const c2 = caseFixture('c2', 'FK20261101-0002', '2026-11-21T01:00:00.000Z');
        expect(await store.cases.insert(c1)).toBe(true);
        expect(await peer.cases.insert(c2)).toBe(true);
        expect(await peer.cases.insert({ ...c1, id: 'c3' })).toBe(false);
        expect((await store.cases.list()).map((c) => c.id)).toEqual(['c2', 'c1']);
        expect(await peer.cases.byId('c1')).toEqual(c1);
        expect(await store.cases.bySource('FK20261101-0002')).toEqual(c2);
        expect(await store.cases.byId('c3')).toBeUndefined();
        expect(await store.cases.bySource('FK20261101-0009')).toBeUndefined();
        // A copy of the caller's own: changing it changes nothing stored.
        const got = (await store.cases.byId('c1'))!;
        got.clauses.push('complaints-9.9');
        expect((await store.cases.byId('c1'))!.clauses).toEqual(['complaints-8.3']);
      });

      it('lets one of concurrent cases from one ticket in', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? peer : store).cases.insert(caseFixture(`r${i}`, 'FK20261101-0007', '2026-11-20T01:00:00.000Z')),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.cases.list()).toHaveLength(1);
      });

      it('stores assignments, newest first, and those of a quiz oldest first', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const a1 = assignmentFixture('a1', 'q1', '2026-11-20T01:00:00.000Z');
        const a2 = assignmentFixture('a2', 'q2', '2026-11-20T02:00:00.000Z');
        const a3 = { ...assignmentFixture('a3', 'q1', '2026-11-20T03:00:00.000Z'), roles: [], userIds: ['u9'] };
        await store.assignments.insert(a1);
        await peer.assignments.insert(a2);
        await store.assignments.insert(a3);
        expect((await peer.assignments.list()).map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
        expect((await store.assignments.ofQuiz('q1')).map((a) => a.id)).toEqual(['a1', 'a3']);
        expect(await store.assignments.ofQuiz('q9')).toEqual([]);
        expect(await peer.assignments.byId('a3')).toEqual(a3);
        expect(await peer.assignments.byId('zz')).toBeUndefined();
        await expect(store.assignments.insert(a1)).rejects.toThrow();
      });
    });

    // ------------------------------------------------------------ audit, limits, locks, notifications

    describe('audit, limits, locks and notifications', () => {
      it('returns a month’s audit entries in one order on every node', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const entry = (i: number, month = '2026-11') => ({
          at: `${month}-20T01:00:${String(i % 60).padStart(2, '0')}.000Z`,
          actor: { id: 'u1', username: 'zhangsan' },
          action: 'ticket.assign',
          target: `FK20261120-${String(i).padStart(4, '0')}`,
          detail: { i },
        });
        for (let i = 0; i < 5; i++) await (i % 2 ? peer : store).audit.append(entry(i));
        await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : store).audit.append(entry(100 + i))));
        await store.audit.append(entry(1, '2026-12'));
        const mine = await store.audit.readMonth('2026-11');
        expect(mine).toHaveLength(25);
        expect(mine.slice(0, 5).map((e) => e.detail?.i)).toEqual([0, 1, 2, 3, 4]);
        expect(await peer.audit.readMonth('2026-11')).toEqual(mine);
        expect(await store.audit.readMonth('2026-12')).toHaveLength(1);
        expect(await store.audit.readMonth('2026-10')).toEqual([]);
      });

      it('limits hits in a sliding window, shared by every node', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const t0 = 1_800_000_000_000;
        for (let i = 0; i < 3; i++)
          expect((await store.limits.hit('feedback', 'k1', 3, 60_000, t0 + i * 1000)).ok).toBe(true);
        const refused = await peer.limits.hit('feedback', 'k1', 3, 60_000, t0 + 10_000);
        expect(refused).toEqual({ ok: false, retryAfterMs: 50_000, retryAfterSec: 50 });
        expect(await peer.limits.check('feedback', 'k1', 3, 60_000, t0 + 10_000)).toEqual(refused);
        // Another key and another limit are their own.
        expect((await store.limits.hit('feedback', 'k2', 3, 60_000, t0)).ok).toBe(true);
        expect((await store.limits.check('search', 'k1', 3, 60_000, t0)).ok).toBe(true);
        // The first hit leaves the window.
        expect((await store.limits.hit('feedback', 'k1', 3, 60_000, t0 + 60_000)).ok).toBe(true);
        expect((await store.limits.check('feedback', 'k1', 3, 60_000, t0 + 60_001)).ok).toBe(false);
        await store.limits.reset('feedback', 'k1');
        expect((await peer.limits.check('feedback', 'k1', 3, 60_000, t0 + 60_001)).ok).toBe(true);
        // record counts whatever the limit; check records nothing.
        for (let i = 0; i < 5; i++) await store.limits.record('signin', 'addr', t0);
        expect((await store.limits.check('signin', 'addr', 5, 60_000, t0 + 1)).ok).toBe(false);
        expect((await store.limits.check('signin', 'addr', 6, 60_000, t0 + 1)).ok).toBe(true);
        expect((await store.limits.check('signin', 'addr', 6, 60_000, t0 + 1)).ok).toBe(true);
        // max 0 turns a limit off.
        expect((await store.limits.hit('off', 'k', 0, 60_000, t0)).ok).toBe(true);
      });

      it('lets exactly max of many concurrent hits through, across nodes', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const now = 1_800_000_000_000;
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? peer : store).limits.hit('burst', 'k', 7, 60_000, now)),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(7);
      });

      it('locks a key after max failures in the window, for the lock time', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const t0 = 1_800_000_000_000;
        const lockMs = 15 * MINUTE;
        expect(await store.limits.fail('signin', 'zs', 3, 10 * MINUTE, lockMs, t0)).toEqual({ ok: true });
        expect((await peer.limits.fail('signin', 'zs', 3, 10 * MINUTE, lockMs, t0 + 1000)).ok).toBe(true);
        expect((await store.limits.lockCheck('signin', 'zs', t0 + 1000)).ok).toBe(true);
        const locked = await store.limits.fail('signin', 'zs', 3, 10 * MINUTE, lockMs, t0 + 2000);
        expect(locked).toEqual({ ok: false, retryAfterMs: lockMs, retryAfterSec: 900 });
        expect(await peer.limits.lockCheck('signin', 'zs', t0 + 2000 + MINUTE)).toEqual({
          ok: false,
          retryAfterMs: lockMs - MINUTE,
          retryAfterSec: 840,
        });
        expect((await peer.limits.lockCheck('signin', 'zs', t0 + 2000 + lockMs)).ok).toBe(true);
        expect((await peer.limits.lockCheck('signin', 'ls', t0)).ok).toBe(true);
        // The lock forgot the failures: two more do not lock again.
        const later = t0 + 2000 + lockMs;
        expect((await store.limits.fail('signin', 'zs', 3, 10 * MINUTE, lockMs, later)).ok).toBe(true);
        expect((await store.limits.fail('signin', 'zs', 3, 10 * MINUTE, lockMs, later + 1)).ok).toBe(true);
        // A success forgets failures; a running lock stays.
        await store.limits.succeed('signin', 'zs');
        expect((await store.limits.fail('signin', 'zs', 3, 10 * MINUTE, lockMs, later + 2)).ok).toBe(true);
        // Failures that left the window do not count.
        expect((await store.limits.fail('signin', 'ww', 2, MINUTE, lockMs, t0)).ok).toBe(true);
        expect((await store.limits.fail('signin', 'ww', 2, MINUTE, lockMs, t0 + MINUTE)).ok).toBe(true);
        expect((await store.limits.fail('signin', 'ww', 2, MINUTE, lockMs, t0 + MINUTE + 1)).ok).toBe(false);
      });

      it('runs an exclusive task on one node at a time, and releases the lock after a failure', async () => {
        const store = await open();
        const peer = await peerOf(store);
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let started!: () => void;
        const running = new Promise<void>((resolve) => (started = resolve));
        const first = store.exclusive('sweep', async () => {
          started();
          await held;
          return 'first';
        });
        await running;
        let ran = false;
        expect(
          await peer.exclusive('sweep', async () => {
            ran = true;
            return 'second';
          }),
        ).toBeUndefined();
        expect(ran).toBe(false);
        expect(await peer.exclusive('other', async () => 'other')).toBe('other');
        release();
        expect(await first).toBe('first');
        await expect(
          peer.exclusive('sweep', async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.exclusive('sweep', async () => 'again')).toBe('again');
      });

      it('delivers notifications to subscribers on every node', async () => {
        const store = await open();
        const peer = await peerOf(store);
        const got: unknown[] = [];
        const other: unknown[] = [];
        const unsubscribe = peer.notifier.subscribe('inbox', (p) => got.push(p));
        peer.notifier.subscribe('queue', (p) => other.push(p));
        // A listener may take a moment to connect: publish until the first arrives.
        for (let i = 0; i < 100 && got.length === 0; i++) {
          await store.notifier.publish('inbox', { ping: i });
          await sleep(50);
        }
        expect(got.length).toBeGreaterThan(0);
        await sleep(200);
        got.length = 0;
        await store.notifier.publish('inbox', { userId: 'u1', kind: 'overdue', no: 'FK20261120-0001' });
        for (let i = 0; i < 100 && got.length === 0; i++) await sleep(20);
        expect(got).toEqual([{ userId: 'u1', kind: 'overdue', no: 'FK20261120-0001' }]);
        expect(other).toEqual([]);
        got.length = 0;
        unsubscribe();
        await store.notifier.publish('inbox', { after: true });
        await store.notifier.publish('queue', { changed: 1 });
        for (let i = 0; i < 100 && other.length === 0; i++) await sleep(20);
        expect(other).toEqual([{ changed: 1 }]);
        expect(got).toEqual([]);
      });
    });
  });
}
