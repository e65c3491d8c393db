import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlyReport } from '../../../../src/lib/feedback/reports';
import { CHANNELS, KINDS, MILESTONES, type Ticket } from '../../../../src/lib/feedback/schema';
import {
  columnValue,
  hqSummary,
  isColumn,
  isMajorComplaint,
  sortRows,
  totalOf,
  worstOf,
  type HqRow,
} from '../../../../src/lib/hq/summary';
import { bj, config, ticketAt } from '../feedback/fixtures';
import { mallsArb, worked } from './fixtures';

const now = bj('2026-12-05 12:00');
const month = '2026-11';

// Mall A: one complaint worked on time and scored 5, one urgent complaint with a late hand-off.
const a = [
  worked('2026-11-02 10:00', 'FK20261102-0001', [
    ['assign', '2026-11-02 10:05'],
    ['start', '2026-11-02 10:06'],
    ['reply', '2026-11-02 12:00'],
    ['followUp', '2026-11-02 13:00', { satisfaction: 5 }],
    ['close', '2026-11-02 13:05'],
  ]),
  worked('2026-11-03 10:00', 'FK20261103-0001', [['assign', '2026-11-03 10:30']], { urgency: 'urgent' }),
  worked('2026-10-31 10:00', 'FK20261031-0001', []), // October: in no figure of November
];
// Mall B: a phone complaint scored 2 and reopened (level 1), then scored 4; a praise by letter.
const b = [
  worked(
    '2026-11-10 10:00',
    'FK20261110-0001',
    [
      ['assign', '2026-11-10 10:05'],
      ['start', '2026-11-10 10:06'],
      ['reply', '2026-11-10 11:00'],
      ['followUp', '2026-11-10 12:00', { satisfaction: 2 }],
      ['reopen', '2026-11-10 12:10', { note: '顾客不满意' }],
      ['assign', '2026-11-10 12:15'],
      ['start', '2026-11-10 12:16'],
      ['reply', '2026-11-10 13:00'],
      ['followUp', '2026-11-10 14:00', { satisfaction: 4 }],
      ['close', '2026-11-10 14:05'],
    ],
    { channel: 'phone' },
  ),
  worked('2026-11-20 10:00', 'FK20261120-0001', [], { kind: 'praise', channel: 'letter', category: 'service' }),
];

describe('hqSummary', () => {
  const s = hqSummary(
    new Map([
      ['mall-a', a],
      ['mall-b', b],
    ]),
    month,
    config,
    now,
  );
  const [ra, rb] = s.malls;

  it('has one row per mall, in the order given, and the month only', () => {
    expect(s.malls.map((r) => r.mallId)).toEqual(['mall-a', 'mall-b']);
    expect([ra.total, rb.total, s.total.total]).toEqual([2, 2, 4]);
    expect(s.total.mallId).toBeUndefined();
  });

  it.each([
    [
      'volume by channel',
      (r: HqRow) => r.byChannel,
      [{ kiosk: 2 }, { phone: 1, letter: 1 }, { kiosk: 2, phone: 1, letter: 1 }],
    ],
    [
      'volume by kind',
      (r: HqRow) => r.byKind,
      [{ complaint: 2 }, { complaint: 1, praise: 1 }, { complaint: 3, praise: 1 }],
    ],
    ['reopened', (r: HqRow) => r.reopened, [0, 1, 1]],
    ['escalations', (r: HqRow) => r.escalations, [0, 1, 1]],
    ['escalations by level', (r: HqRow) => r.escalationsByLevel, [{}, { 1: 1 }, { 1: 1 }]],
    ['major complaints', (r: HqRow) => r.major, [1, 0, 1]],
  ] as const)('%s per mall and in total', (_, f, [ea, eb, et]) => {
    const got = [ra, rb, s.total].map((r): unknown => (f as (r: HqRow) => unknown)(r));
    const want = [ea, eb, et];
    for (const [i, g] of got.entries())
      if (typeof g === 'object') expect(g).toMatchObject(want[i] as object);
      else expect(g).toBe(want[i]);
  });

  it('recomputes the total rates from summed counts, never averaging the malls’ rates', () => {
    // Hand-off: A 1 of 2 on time (the urgent one at 10:30 was late), B: the complaint on time, the
    // praise (never handed off) ran out: 1 of 2. Follow-up: A 1 of 1, B 1 of 1.
    expect(ra.onTime.handoff).toEqual({ decided: 2, onTime: 1, rate: 0.5 });
    expect(s.total.onTime.handoff).toEqual({ decided: 4, onTime: 2, rate: 0.5 });
    // Every deadline together: Σ on time / Σ decided over the three milestones.
    const all = MILESTONES.reduce((n, m) => n + s.total.onTime[m].onTime, 0);
    const decided = MILESTONES.reduce((n, m) => n + s.total.onTime[m].decided, 0);
    expect(s.total.onTimeAll).toEqual({ decided, onTime: all, rate: all / decided });
    // Satisfaction, round 1: A scored 5, B scored 2 → 3.5; round 2: only B, 4.
    expect(ra.rounds[0]).toEqual({ count: 1, sum: 5, average: 5 });
    expect(s.total.rounds).toEqual([
      { count: 2, sum: 7, average: 3.5 },
      { count: 1, sum: 4, average: 4 },
    ]);
    expect(s.roundCount).toBe(2);
    expect(s.levels).toEqual([1]);
  });

  it('weighs a big mall by its size: 1 of 1 and 1 of 3 make 2 of 4, not the average 2/3', () => {
    const row = (decided: number, onTime: number): HqRow => ({
      ...totalOf([]),
      mallId: `m${decided}`,
      onTime: { handoff: { decided, onTime }, reply: { decided: 0, onTime: 0 }, followUp: { decided: 0, onTime: 0 } },
      onTimeAll: { decided, onTime },
    });
    const t = totalOf([row(1, 1), row(3, 1)]);
    expect(t.onTime.handoff).toEqual({ decided: 4, onTime: 2, rate: 0.5 });
    expect(t.onTime.reply).toEqual({ decided: 0, onTime: 0 });
  });

  it('counts tickets of the month still open with a deadline passed as overdue now', () => {
    // A: the urgent one is only assigned (its reply ran out); B: the praise was never handed off.
    expect([ra.overdueNow, rb.overdueNow, s.total.overdueNow]).toEqual([1, 1, 2]);
    // Before any deadline ran out nothing is overdue.
    const early = hqSummary(new Map([['mall-a', a]]), month, config, bj('2026-11-02 10:01'));
    expect(early.malls[0].overdueNow).toBe(0);
  });

  it('shows a mall without tickets as zeros, with no rate', () => {
    const e = hqSummary(new Map([['empty', [] as Ticket[]]]), month, config, now);
    expect(e.malls[0]).toMatchObject({ mallId: 'empty', total: 0, major: 0, overdueNow: 0, rounds: [] });
    expect(e.malls[0].onTime.reply.rate).toBeUndefined();
    expect(e.roundCount).toBe(1);
  });
});

describe('hqSummary: the chain total is the sum of every mall’s own report', () => {
  const ids = ['galaxy-sh', 'galaxy-hz', 'galaxy-nj'];
  it('for random months of three malls', () => {
    fc.assert(
      fc.property(mallsArb(ids), (lists) => {
        const byMall = new Map(ids.map((id, i) => [id, lists[i] as Ticket[]]));
        const s = hqSummary(byMall, month, config, now);
        const reports = lists.map((l) => monthlyReport(l as Ticket[], month, config, now));
        const sum = (f: (r: (typeof reports)[number]) => number) => reports.reduce((n, r) => n + f(r), 0);
        // Each row is its mall's own report.
        for (const [i, r] of reports.entries()) {
          const row = s.malls[i];
          expect(row.total).toBe(r.total);
          expect(row.byChannel).toEqual(r.byChannel);
          expect(row.byKind).toEqual(r.byKind);
          for (const m of MILESTONES) expect(row.onTime[m]).toEqual(r.onTime[m]);
          expect(row.rounds.map((x) => x.count)).toEqual(r.rounds.map((x) => x.count));
          expect([row.reopened, row.escalations]).toEqual([r.reopened, r.escalations]);
          expect(row.escalationsByLevel).toEqual(r.escalationsByLevel);
        }
        // The total is their sum, rates recomputed from the sums.
        expect(s.total.total).toBe(sum((r) => r.total));
        for (const c of CHANNELS) expect(s.total.byChannel[c]).toBe(sum((r) => r.byChannel[c]));
        for (const k of KINDS) expect(s.total.byKind[k]).toBe(sum((r) => r.byKind[k]));
        for (const m of MILESTONES) {
          const decided = sum((r) => r.onTime[m].decided);
          const onTime = sum((r) => r.onTime[m].onTime);
          expect(s.total.onTime[m]).toEqual(
            decided ? { decided, onTime, rate: onTime / decided } : { decided, onTime },
          );
        }
        expect(s.total.reopened).toBe(sum((r) => r.reopened));
        expect(s.total.escalations).toBe(sum((r) => r.escalations));
        for (const level of s.levels)
          expect(s.total.escalationsByLevel[level]).toBe(sum((r) => r.escalationsByLevel[level] ?? 0));
        const scored = sum((r) => r.satisfaction.count);
        expect(s.total.rounds.reduce((n, x) => n + x.count, 0)).toBe(scored);
        const scoreSum = sum((r) => (r.satisfaction.average ?? 0) * r.satisfaction.count);
        expect(s.total.rounds.reduce((n, x) => n + x.sum, 0)).toBeCloseTo(scoreSum, 9);
        // And, as one store of every ticket would count them, the chain's own report agrees.
        const chain = monthlyReport(lists.flat() as Ticket[], month, config, now);
        expect(s.total.total).toBe(chain.total);
        expect(s.total.byChannel).toEqual(chain.byChannel);
        for (const m of MILESTONES) expect(s.total.onTime[m]).toEqual(chain.onTime[m]);
        expect(s.total.escalationsByLevel).toEqual(chain.escalationsByLevel);
        expect(s.total.rounds.map((x) => x.count)).toEqual(chain.rounds.map((x) => x.count));
        expect(s.total.major).toBe(
          lists.flat().filter((t) => (t as Ticket).day.startsWith(month) && isMajorComplaint(t as Ticket)).length,
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('isMajorComplaint', () => {
  it.each([
    ['complaint', 'urgent', true],
    ['complaint', 'important', false],
    ['complaint', 'normal', false],
    ['suggestion', 'urgent', false],
    ['inquiry', 'urgent', false],
  ] as const)('%s marked %s → %s', (kind, urgency, major) => {
    expect(isMajorComplaint(ticketAt('2026-11-02 10:00', { kind, urgency }))).toBe(major);
  });
});

describe('columns, sorting and the worst rate', () => {
  const row = (mallId: string, total: number, rate?: number, overdueNow = 0): HqRow => ({
    ...totalOf([]),
    mallId,
    total,
    overdueNow,
    onTime: {
      ...totalOf([]).onTime,
      reply: rate === undefined ? { decided: 0, onTime: 0 } : { decided: 100, onTime: rate * 100, rate },
    },
  });
  const rows = [row('b', 5, 0.9), row('a', 5, 0.5, 2), row('c', 9), row('d', 1, 0.5)];

  it.each([
    ['mall', 'asc', ['a', 'b', 'c', 'd']],
    ['mall', 'desc', ['d', 'c', 'b', 'a']],
    ['total', 'desc', ['c', 'a', 'b', 'd']],
    ['total', 'asc', ['d', 'a', 'b', 'c']],
    // Rows without a rate come last both ways; ties by mall id.
    ['onTime.reply', 'asc', ['a', 'd', 'b', 'c']],
    ['onTime.reply', 'desc', ['b', 'a', 'd', 'c']],
    ['overdue', 'desc', ['a', 'b', 'c', 'd']],
  ] as const)('by %s %s', (column, dir, order) => {
    expect(sortRows(rows, column, dir).map((r) => r.mallId)).toEqual(order);
  });

  it('marks the lowest rate, every mall tied at it, and nobody when the malls agree or only one has a rate', () => {
    expect([...worstOf(rows, 'onTime.reply')].sort()).toEqual(['a', 'd']);
    expect(worstOf([row('a', 1, 0.5), row('b', 1, 0.5)], 'onTime.reply').size).toBe(0);
    expect(worstOf([row('a', 1, 0.2), row('b', 1)], 'onTime.reply').size).toBe(0);
  });

  it.each([
    ['mall', true],
    ['total', true],
    ['channel.suggestion-box', true],
    ['kind.praise', true],
    ['onTime.followUp', true],
    ['onTime.all', true],
    ['round.2', true],
    ['level.1', true],
    ['major', true],
    ['overdue', true],
    ['channel.fax', false],
    ['onTime', false],
    ['round.0', false],
    ['total; drop table', false],
    ['__proto__', false],
    ['', false],
  ])('%s is a column: %s', (column, ok) => {
    expect(isColumn(column)).toBe(ok);
    if (ok && column !== 'mall') expect(columnValue(row('a', 3, 0.5), column)).not.toBe('');
  });
});
