import { describe, expect, it } from 'vitest';
import { applyAction } from '../../../../src/lib/feedback/feedback';
import { monthlyCsv, monthlyReport } from '../../../../src/lib/feedback/reports';
import type { Action, Ticket } from '../../../../src/lib/feedback/schema';
import { bj, config, ticketAt } from './fixtures';

const by = { id: 'u1', name: '李娜' };
const caller = { id: 'u2', name: '回访员' };
function worked(local: string, no: string, steps: [Action, string, object?][], over: Partial<Ticket> = {}): Ticket {
  let t = ticketAt(local, { no, ...over });
  for (const [action, when, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'sales', assignee: '王', note: '说明', role: 'manager', ...input },
      // The follow-up call is made by someone other than the handler (complaints-6.1).
      action === 'followUp' ? caller : by,
      bj(when),
      config,
    );
    if (!r.ok) throw new Error(r.reason);
    t = r.ticket;
  }
  return t;
}

const now = bj('2026-12-05 12:00');
const tickets = [
  worked('2026-10-31 20:00', 'FK20261031-0001', []), // October: not in the report
  worked(
    '2026-11-02 10:00',
    'FK20261102-0001',
    [
      ['assign', '2026-11-02 10:05'],
      ['start', '2026-11-02 10:06'],
      ['reply', '2026-11-02 12:00'],
      ['followUp', '2026-11-02 13:00', { satisfaction: 5 }],
      ['close', '2026-11-02 13:05'],
    ],
    { phone: '13800138000', tenant: '2f-shoes', floor: '2F', kioskId: 'K1' },
  ),
  worked(
    '2026-11-03 10:00',
    'FK20261103-0001',
    [
      ['assign', '2026-11-03 10:30'], // late hand-off
      ['start', '2026-11-03 10:31'],
      ['reply', '2026-11-05 10:00'], // late reply
      ['followUp', '2026-11-05 11:00', { satisfaction: 2 }],
    ],
    { phone: '13800138000', tenant: '2f-shoes', floor: '2F', repeatOf: 'FK20261102-0001', category: 'quality' },
  ),
  worked('2026-11-20 10:00', 'FK20261120-0001', [['markInvalid', '2026-11-20 10:05', { note: '不属于商场范围' }]], {
    category: 'other',
  }),
  worked('2026-11-30 21:00', 'FK20261130-0001', [], { kind: 'praise', category: 'service' }),
];

describe('monthlyReport', () => {
  const r = monthlyReport(tickets, '2026-11', config, now);

  it('counts the month’s tickets by kind, category, place, department, kiosk and status', () => {
    expect(r.total).toBe(4);
    expect(r.byKind).toEqual({ complaint: 3, suggestion: 0, inquiry: 0, praise: 1, request: 0 });
    // Every one came from a kiosk (tickets stored before channels read as kiosk tickets).
    expect(r.byChannel).toEqual({ kiosk: 4, desk: 0, phone: 0, letter: 0, online: 0, 'suggestion-box': 0 });
    expect(r.byCategory).toMatchObject({ service: 2, quality: 1, other: 1, price: 0 });
    expect(r.byFloor).toEqual({ '2F': 2, '': 2 });
    expect(r.byTenant).toEqual({ '2f-shoes': 2, '': 2 });
    expect(r.byDepartment).toEqual({ sales: 2, '': 2 });
    expect(r.byKiosk).toEqual({ K1: 1, '': 3 });
    expect(r.byStatus).toEqual({ closed: 1, followed_up: 1, invalid: 1, received: 1 });
  });

  it('computes on-time rates per deadline', () => {
    // Hand-off: 4 decided (the praise ticket's ran out), 2 on time (10:05 and the invalid 10:05).
    expect(r.onTime.handoff).toEqual({ decided: 4, onTime: 2, rate: 0.5 });
    expect(r.onTime.reply).toEqual({ decided: 4, onTime: 2, rate: 0.5 });
    expect(r.onTime.followUp).toEqual({ decided: 2, onTime: 2, rate: 1 });
  });

  it('reports satisfaction, validity, repeats, reminders', () => {
    expect(r.satisfaction).toEqual({ count: 2, average: 3.5, distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 } });
    expect(r.validity).toEqual({ valid: 2, invalid: 1 });
    expect(r.repeats).toEqual({ linked: 1, repeatComplainants: 1 });
    expect(r.reminders).toBe(0);
  });

  it('counts the 催办单 and 洽办单 issued on the month’s tickets (complaints-8.1)', () => {
    expect(r.slips).toEqual({ reminder: 0, inquiry: 0 });
    const t = tickets.find((x) => x.day.startsWith('2026-11'))!;
    const slip = (kind: 'reminder' | 'inquiry', id: string) => ({
      at: t.createdAt,
      by,
      type: 'slip' as const,
      note: '事由',
      slip: { id, kind, addresseeId: 'u1', addressee: '李娜' },
    });
    const withSlips = {
      ...t,
      events: [...t.events, slip('reminder', 'CB-1'), slip('reminder', 'CB-2'), slip('inquiry', 'QB-1')],
    };
    const counted = monthlyReport(
      tickets.map((x) => (x === t ? withSlips : x)),
      '2026-11',
      config,
      now,
    );
    expect(counted.slips).toEqual({ reminder: 2, inquiry: 1 });
  });

  it('is empty for a month without tickets', () => {
    const e = monthlyReport(tickets, '2025-01', config, now);
    expect([e.total, e.satisfaction.average, e.onTime.reply.rate]).toEqual([0, undefined, undefined]);
  });
});

describe('monthly CSV', () => {
  it('exports the month’s tickets without names or phones', () => {
    const csv = monthlyCsv(tickets, '2026-11', config, now, {
      kind: (k) => k,
      status: (s) => s,
      category: (c) => c,
      tenant: (x) => x ?? '',
      department: (x) => x ?? '',
      urgency: (u) => u,
      level: (l) => String(l),
      formatTime: (ms) => new Date(ms).toISOString(),
    });
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^单号,受理时间,类型/);
    expect(lines[1]).toContain('FK20261102-0001');
    expect(lines[1]).toContain(',是,是,是,5,');
    expect(lines[2]).toContain(',否,否,是,2,FK20261102-0001,');
    expect(csv).not.toContain('13800138000');
  });
});

describe('monthlyReport: reopened tickets keep every round', () => {
  // Scored 2 (unhappy), reopened, replied again and scored 4: both scores stay, in their rounds.
  const reopened = worked('2026-11-10 10:00', 'FK20261110-0001', [
    ['assign', '2026-11-10 10:05'],
    ['start', '2026-11-10 10:06'],
    ['reply', '2026-11-10 11:00'],
    ['followUp', '2026-11-10 12:00', { satisfaction: 2 }],
    ['reopen', '2026-11-10 12:10', { note: '顾客不满意' }],
    ['assign', '2026-11-10 12:15'],
    ['start', '2026-11-10 12:16'],
    ['reply', '2026-11-12 13:00'], // late: the second round's 24 h ran out
    ['followUp', '2026-11-12 14:00', { satisfaction: 4 }],
    ['close', '2026-11-12 14:05'],
  ]);
  const r = monthlyReport([reopened], '2026-11', config, now);

  it('counts each round’s satisfaction apart, and the reopen as an escalation to level 1', () => {
    expect(r.reopened).toBe(1);
    expect(r.rounds).toEqual([
      { round: 1, tickets: 1, count: 1, distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 } },
      { round: 2, tickets: 1, count: 1, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } },
    ]);
    expect(r.satisfaction).toMatchObject({ count: 2, average: 3 });
    expect(r.escalations).toBe(1);
    expect(r.escalationsByLevel).toEqual({ 1: 1 });
  });

  it('reports the first round’s deadlines, met in time, not the late second round', () => {
    expect(r.onTime.handoff).toEqual({ decided: 1, onTime: 1, rate: 1 });
    expect(r.onTime.reply).toEqual({ decided: 1, onTime: 1, rate: 1 });
    expect(r.onTime.followUp).toEqual({ decided: 1, onTime: 1, rate: 1 });
    const csv = monthlyCsv([reopened], '2026-11', config, now, {
      kind: (k) => k,
      status: (s) => s,
      category: (c) => c,
      tenant: (x) => x ?? '',
      department: (x) => x ?? '',
      urgency: (u) => u,
      level: (l) => String(l),
      formatTime: (ms) => new Date(ms).toISOString(),
    });
    expect(csv.split('\r\n')[1].split(',').slice(10, 13)).toEqual(['是', '是', '是']);
  });
});
