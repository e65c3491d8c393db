import { describe, expect, it } from 'vitest';
import { applyAction, type ActionInput } from '../../../../src/lib/feedback/feedback';
import type { Action, Ticket } from '../../../../src/lib/feedback/schema';
import { slaSchema } from '../../../../src/lib/feedback/schema';
import { dailyReadyBy, dailySummary, daySchema, monthlyReviewList } from '../../../../src/lib/feedback/summary';
import { bj, config, ticketAt, toBj } from './fixtures';

const by = { id: 'u1', name: '李娜' };
const caller = { id: 'u2', name: '回访员' };
function worked(local: string, no: string, steps: [Action, string, ActionInput?][], over: Partial<Ticket> = {}) {
  let t = ticketAt(local, { no, seq: Number(no.slice(-4)), ...over });
  for (const [action, when, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'sales', assignee: '王', note: '说明', role: 'manager', ...input },
      action === 'followUp' ? caller : by,
      bj(when),
      config,
    );
    if (!r.ok) throw new Error(`${action}: ${r.reason}`);
    t = r.ticket;
  }
  return t;
}

describe('the daily summary (日汇总)', () => {
  const yesterdayOpen = worked('2026-11-29 11:00', 'FK20261129-0003', [['assign', '2026-11-29 11:05']]);
  const todayClosed = worked(
    '2026-11-30 10:00',
    'FK20261130-0001',
    [
      ['assign', '2026-11-30 10:02'],
      ['start', '2026-11-30 10:03'],
      ['reply', '2026-11-30 10:30'],
      ['followUp', '2026-11-30 11:00', { satisfaction: 5 }],
      ['close', '2026-11-30 11:05'],
    ],
    { day: '2026-11-30' },
  );
  const todayOpen = worked('2026-11-30 10:20', 'FK20261130-0002', [], { day: '2026-11-30', channel: 'phone' });
  const now = bj('2026-11-30 16:30');
  const s = dailySummary([todayClosed, todayOpen], [yesterdayOpen, todayOpen], config, now);

  it('counts what came in today, by kind and channel', () => {
    expect(s.day).toBe('2026-11-30');
    expect(s.received.map((t) => t.no)).toEqual(['FK20261130-0001', 'FK20261130-0002']);
    expect(s.receivedByKind.complaint).toBe(2);
    expect([s.receivedByChannel.kiosk, s.receivedByChannel.phone]).toEqual([1, 1]);
    expect(s.finished).toBe(1);
  });

  it('lists what is open and what is overdue, most overdue first', () => {
    expect(s.openByStatus).toEqual({ assigned: 1, received: 1 });
    expect(s.open.map((r) => r.ticket.no)).toEqual(['FK20261130-0002', 'FK20261129-0003']);
    // Today's ticket missed its 10-minute hand-off; yesterday's 24 h reply is due 11:00 today, also missed.
    expect(s.overdue.map((r) => [r.ticket.no, r.next!.milestone, toBj(r.next!.dueAt)])).toEqual([
      ['FK20261130-0002', 'handoff', '2026-11-30 10:30'],
      ['FK20261129-0003', 'reply', '2026-11-30 11:00'],
    ]);
  });

  it.each([
    ['2026-11-30 16:59', true],
    ['2026-11-30 17:00', true],
    ['2026-11-30 17:01', false],
  ])('made at %s: before the 17:00 hand-over: %s', (at, ready) => {
    expect(dailySummary([], [], config, bj(at)).beforeReadyBy).toBe(ready);
  });

  it('counts a case finished today that came in on an earlier day (from the finished list), once', () => {
    const older = worked('2026-11-28 10:00', 'FK20261128-0001', [['markInvalid', '2026-11-30 09:30']], {
      day: '2026-11-28',
    });
    const withFinished = dailySummary([todayClosed, todayOpen], [yesterdayOpen, todayOpen], config, now, undefined, [
      older,
      todayClosed,
    ]);
    expect(withFinished.finished).toBe(2);
    expect(withFinished.received).toHaveLength(2);
    expect(withFinished.open).toHaveLength(2);
  });

  it('takes the hand-in time from the configuration (sla.yaml reports.dailyBy)', () => {
    expect(dailyReadyBy(config)).toEqual({ hour: 17, minute: 0, text: '17:00' });
    const early = { ...config, sla: { ...config.sla, reports: { ...config.sla.reports, dailyBy: '16:30' } } };
    expect(dailyReadyBy(early)).toEqual({ hour: 16, minute: 30, text: '16:30' });
    expect(dailySummary([], [], early, bj('2026-11-30 16:30')).beforeReadyBy).toBe(true);
    expect(dailySummary([], [], early, bj('2026-11-30 16:31')).beforeReadyBy).toBe(false);
    expect(slaSchema.shape.reports.safeParse({ ...config.sla.reports, dailyBy: '24:00' }).success).toBe(false);
    // Left out of sla.yaml: the policy's times.
    const { reports: _r, ...rest } = config.sla;
    expect(slaSchema.parse({ ...rest }).reports).toEqual({
      dailyBy: '17:00',
      dailyClause: 'complaints-3.7',
      reviewBy: 10,
      reviewClause: 'complaints-8.2',
    });
  });

  it('a past day asked for later is not "before 17:00"', () => {
    const past = dailySummary([todayClosed], [], config, bj('2026-12-01 09:00'), '2026-11-30');
    expect([past.day, past.received.length, past.beforeReadyBy]).toEqual(['2026-11-30', 1, false]);
  });
});

describe('the monthly review list (complaints-8.2)', () => {
  const onTime = worked('2026-11-10 10:00', 'FK20261110-0001', [
    ['assign', '2026-11-10 10:05'],
    ['start', '2026-11-10 10:06'],
    ['reply', '2026-11-10 12:00'],
    ['followUp', '2026-11-10 13:00', { satisfaction: 4 }],
    ['close', '2026-11-10 13:05'],
  ]);
  // Handed off late and reopened once: two rounds, both scores kept.
  const late = worked('2026-10-31 21:00', 'FK20261031-0007', [
    ['assign', '2026-11-01 11:00'],
    ['start', '2026-11-01 11:01'],
    ['reply', '2026-11-01 12:00'],
    ['followUp', '2026-11-01 13:00', { satisfaction: 2 }],
    ['reopen', '2026-11-01 13:10'],
    ['start', '2026-11-01 13:20'],
    ['reply', '2026-11-01 15:00'],
    ['followUp', '2026-11-01 16:00', { satisfaction: 5 }],
    ['close', '2026-11-01 16:10'],
  ]);
  const invalid = worked('2026-11-20 10:00', 'FK20261120-0002', [['markInvalid', '2026-11-20 10:05']]);
  const december = worked('2026-11-30 10:00', 'FK20261130-0001', [
    ['assign', '2026-11-30 10:05'],
    ['start', '2026-11-30 10:06'],
    ['reply', '2026-11-30 12:00'],
    ['followUp', '2026-11-30 13:00', { satisfaction: 4 }],
    ['close', '2026-12-01 10:00'],
  ]);
  const stillOpen = worked('2026-11-15 10:00', 'FK20261115-0001', [['assign', '2026-11-15 10:05']]);
  const list = monthlyReviewList(
    [onTime, late, invalid, december, stillOpen],
    '2026-11',
    config,
    bj('2026-12-02 10:00'),
  );

  it('lists the cases finished in the month, closed or invalid, oldest first, due by the 10th', () => {
    expect(list.dueBy).toBe('2026-12-10');
    expect(list.rows.map((r) => r.ticket.no)).toEqual(['FK20261031-0007', 'FK20261110-0001', 'FK20261120-0002']);
  });

  it('is due by the configured day of the next month', () => {
    const fifth = { ...config, sla: { ...config.sla, reports: { ...config.sla.reports, reviewBy: 5 } } };
    expect(monthlyReviewList([], '2026-12', fifth, bj('2027-01-02 10:00')).dueBy).toBe('2027-01-05');
  });

  it('shows the deadlines missed in any round, every score and the level reached', () => {
    const row = list.rows[0];
    expect(row.rounds).toBe(2);
    expect(row.missed.map((m) => [m.round, m.milestone, toBj(m.dueAt)])).toEqual([[1, 'handoff', '2026-10-31 21:10']]);
    expect(row.scores).toEqual([2, 5]);
    expect(row.level).toBe(1);
    expect(list.rows[1].missed).toEqual([]);
    expect(list.late).toBe(1);
  });
});

describe('daySchema', () => {
  it.each([
    ['2026-11-30', true],
    ['2024-02-29', true],
    ['2026-02-30', false],
    ['2026-13-40', false],
    ['1999-01-01', false],
    ['30/11/2026', false],
    ['', false],
  ])('%j is a day: %s', (text, ok) => expect(daySchema.safeParse(text).success).toBe(ok));
});
