import { describe, expect, it } from 'vitest';
import { applyAction, setCause } from '../../../../src/lib/feedback/feedback';
import type { Action, Sla, Ticket } from '../../../../src/lib/feedback/schema';
import {
  checkSla,
  computeMilestones,
  computeRounds,
  eraseContact,
  nextDueAt,
  replyDueAt,
  ruleFor,
  sweepEvents,
  computeDeadline,
  elapsedOnClock,
  parseWithin,
  withinMs,
  type MilestoneState,
} from '../../../../src/lib/feedback/sla';
import { milestoneVerdicts } from '../../../../src/lib/feedback/reports';
import { bj, config, ticketAt, toBj } from './fixtures';

const staff = { id: 'u1', name: '李娜' };
const caller = { id: 'u2', name: '回访员' };

/** Runs actions at Beijing times. */
function run(t: Ticket, steps: [Action, string, object?][]): Ticket {
  for (const [action, at, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'service-centre', assignee: '王主管', note: '说明', satisfaction: 5, role: 'manager', ...input },
      // The follow-up call is made by someone other than the handler (complaints-6.1).
      action === 'followUp' ? caller : staff,
      bj(at),
      config,
    );
    if (!r.ok) throw new Error(`${action}: ${r.reason}`);
    t = r.ticket;
  }
  return t;
}

const due = (t: Ticket, now: string) =>
  Object.fromEntries(computeMilestones(t, config, bj(now)).map((m) => [m.milestone, toBj(m.dueAt)]));

/** Due times by rule id (two reply limits may run side by side). */
const dueByRule = (t: Ticket, now: string) =>
  Object.fromEntries(computeMilestones(t, config, bj(now)).map((m) => [m.rule.id, toBj(m.dueAt)]));

describe('each deadline rule of content/mall/sla.yaml', () => {
  it.each([
    [
      'hand-off 10 min in opening hours [complaints-3.1]',
      'general',
      '2026-11-22 21:55',
      'handoff',
      '2026-11-23 10:05',
      'complaints-3.1',
    ],
    [
      'reply 24 h continuous [complaints-3.2]',
      'general',
      '2026-11-30 21:55',
      'reply',
      '2026-12-01 21:55',
      'complaints-3.2',
    ],
    [
      'tenant-affecting 1 h in opening hours [complaints-3.3]',
      'tenant',
      '2026-11-22 21:30',
      'reply',
      '2026-11-23 10:30',
      'complaints-3.3',
    ],
    [
      'outside control 2 days [complaints-3.4]',
      'outside',
      '2026-02-27 23:00',
      'reply',
      '2026-03-02 00:00',
      'complaints-3.4',
    ],
    [
      'equipment 3 days [complaints-3.5]',
      'equipment',
      '2026-12-30 09:00',
      'reply',
      '2027-01-03 00:00',
      'complaints-3.5',
    ],
  ])('%s', (_name, cause, received, milestone, expected, clause) => {
    const t = ticketAt(received, { cause });
    // A ticket with a cause owes two reply limits (E6): the general 24 h and its cause's own.
    const m = computeMilestones(t, config, bj(received)).find(
      (x) => x.milestone === milestone && x.rule.clause === clause,
    )!;
    expect(toBj(m.dueAt)).toBe(expected);
    expect(m.rule.clause).toBe(clause);
  });

  it.each(['tenant', 'outside', 'equipment'])(
    'a ticket with cause %s still owes the 24 h reply beside its own limit, and the shopper is promised the 24 h',
    (cause) => {
      const t = ticketAt('2026-11-24 11:00', { cause });
      const replies = computeMilestones(t, config, bj('2026-11-24 11:00')).filter((m) => m.milestone === 'reply');
      expect(replies.map((m) => m.rule.clause)).toEqual([
        'complaints-3.2',
        { tenant: 'complaints-3.3', outside: 'complaints-3.4', equipment: 'complaints-3.5' }[cause],
      ]);
      expect(toBj(replies[0].dueAt)).toBe('2026-11-25 11:00');
      expect(toBj(replyDueAt(replies)!)).toBe('2026-11-25 11:00');
    },
  );

  it('reminds and escalates each overdue reply limit on its own (general 24 h, then the cause limit)', () => {
    const t = ticketAt('2026-11-24 11:00', { cause: 'equipment' });
    const at25 = sweepEvents(t, config, bj('2026-11-25 11:30'));
    expect(at25.filter((e) => e.type === 'reminder' && e.milestone === 'reply').map((e) => e.rule)).toEqual(['reply']);
    const later = { ...t, events: [...t.events, ...at25] };
    const at28 = sweepEvents(later, config, bj('2026-11-28 01:00'));
    expect(at28.filter((e) => e.type === 'reminder' && e.milestone === 'reply').map((e) => e.rule)).toEqual([
      'reply-equipment',
    ]);
  });

  it('follow-up within 3 h of the reply, in opening hours [complaints-6.1]', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [
      ['assign', '2026-11-22 15:05'],
      ['start', '2026-11-22 15:06'],
      ['reply', '2026-11-22 20:30'],
    ]);
    const m = computeMilestones(t, config, bj('2026-11-22 20:31')).find((x) => x.milestone === 'followUp')!;
    expect(toBj(m.dueAt)).toBe('2026-11-23 11:30');
    expect(m.rule.clause).toBe('complaints-6.1');
  });

  it('has no follow-up for praise (the follow-up rule applies to complaints)', () => {
    expect(ruleFor(config.sla, 'followUp', 'praise')).toBeUndefined();
    expect(ruleFor(config.sla, 'followUp', 'complaint')?.id).toBe('follow-up');
  });
});

describe('milestones over a ticket’s life', () => {
  it('records when each was met and whether in time', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [
      ['assign', '2026-11-22 15:20'],
      ['start', '2026-11-22 15:30'],
      ['reply', '2026-11-23 10:00'],
      ['followUp', '2026-11-23 11:00'],
      ['close', '2026-11-23 11:05'],
    ]);
    const ms = computeMilestones(t, config, bj('2026-11-24 00:00'));
    const byKey = Object.fromEntries(ms.map((m) => [m.milestone, m]));
    expect(byKey.handoff.metAt! > byKey.handoff.dueAt).toBe(true);
    expect(byKey.reply.metAt! <= byKey.reply.dueAt).toBe(true);
    expect(byKey.followUp.metAt! <= byKey.followUp.dueAt).toBe(true);
    expect(ms.every((m) => !m.overdue)).toBe(true);
    expect(nextDueAt(ms, t.status)).toBeUndefined();
  });

  it('is overdue only while open and not met', () => {
    const t = ticketAt('2026-11-22 15:00');
    expect(computeMilestones(t, config, bj('2026-11-22 15:09')).find((m) => m.milestone === 'handoff')!.overdue).toBe(
      false,
    );
    expect(computeMilestones(t, config, bj('2026-11-22 15:11')).find((m) => m.milestone === 'handoff')!.overdue).toBe(
      true,
    );
    expect(toBj(nextDueAt(computeMilestones(t, config, bj('2026-11-22 15:00')), t.status)!)).toBe('2026-11-22 15:10');
  });

  it('a reopen starts a new reply clock and drops the hand-off', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [
      ['assign', '2026-11-22 15:05'],
      ['start', '2026-11-22 15:06'],
      ['reply', '2026-11-22 16:00'],
      ['followUp', '2026-11-22 17:00', { satisfaction: 1 }],
      ['reopen', '2026-11-22 17:10'],
    ]);
    expect(due(t, '2026-11-22 17:10')).toEqual({ reply: '2026-11-23 17:10' });
    expect(t.level).toBe(1);
  });

  it('the cause chosen by staff selects the reply rule', () => {
    expect(dueByRule(ticketAt('2026-03-01 09:00', { cause: 'equipment' }), '2026-03-01 09:00')['reply-equipment']).toBe(
      '2026-03-05 00:00',
    );
    expect(dueByRule(ticketAt('2026-03-01 09:00', { cause: 'nonsense' }), '2026-03-01 09:00')).toEqual({
      handoff: '2026-03-01 10:10',
      reply: '2026-03-02 09:00',
    });
  });
});

describe('overdue sweep: reminders (催办) and the escalation ladder', () => {
  const apply = (t: Ticket, now: string) => {
    const events = sweepEvents(t, config, bj(now));
    const level = events.reduce((l, e) => (e.type === 'escalation' ? e.level! : l), t.level);
    return { ...t, level, events: [...t.events, ...events] };
  };

  it('gives one reminder per overdue milestone and escalates every further hour of opening time', () => {
    let t = ticketAt('2026-11-22 15:00');
    expect(sweepEvents(t, config, bj('2026-11-22 15:05'))).toEqual([]);
    t = apply(t, '2026-11-22 15:11');
    expect(t.events.filter((e) => e.type === 'reminder')).toHaveLength(1);
    expect(t.level).toBe(0);
    t = apply(t, '2026-11-22 15:30');
    expect(t.events.filter((e) => e.type === 'reminder')).toHaveLength(1);
    t = apply(t, '2026-11-22 16:11');
    expect(t.level).toBe(1);
    t = apply(t, '2026-11-22 17:11');
    expect(t.level).toBe(2);
    t = apply(t, '2026-11-22 21:00');
    expect(t.level).toBe(2); // top of the ladder: 店长
    expect(t.events.filter((e) => e.type === 'escalation').map((e) => e.level)).toEqual([1, 2]);
  });

  it('does not escalate overnight on an opening-hours clock', () => {
    let t = ticketAt('2026-11-22 21:55');
    t = apply(t, '2026-11-23 09:59');
    expect(t.events.some((e) => e.type === 'reminder')).toBe(false);
    t = apply(t, '2026-11-23 10:30');
    expect(t.events.some((e) => e.type === 'reminder')).toBe(true);
    expect(t.level).toBe(0);
  });

  it('leaves closed and invalid tickets alone', () => {
    expect(sweepEvents(ticketAt('2026-11-22 10:00', { status: 'invalid' }), config, bj('2026-11-25 10:00'))).toEqual(
      [],
    );
  });
});

describe('checkSla', () => {
  const ids = new Set([
    'complaints-3.1',
    'complaints-3.2',
    'complaints-3.3',
    'complaints-3.4',
    'complaints-3.5',
    'complaints-3.7',
    'complaints-6.1',
    'complaints-7.1',
    'complaints-4.1',
    'complaints-8.2',
    'shopper-guide-3.3',
  ]);

  it('accepts the repository’s table', () => {
    expect(checkSla(config.sla, ids)).toEqual([]);
  });

  it.each([
    ['a missing clause', (s: Sla) => (s.rules[0].clause = 'complaints-99.1'), 'cites clause "complaints-99.1"'],
    [
      'a reply rule missing for a cause',
      (s: Sla) => s.causes.push({ id: 'weather', zh: '天气', en: 'Weather' }),
      'cause "weather"',
    ],
    ['two hand-off rules', (s: Sla) => s.rules.push({ ...s.rules[0], id: 'handoff-2' }), 'exactly one handoff'],
    ['a duplicate rule id', (s: Sla) => s.rules.push({ ...s.rules[5] }), 'duplicate rule id'],
    ['a missing reminder clause', (s: Sla) => (s.overdue.reminderClause = 'nope-1'), 'overdue.reminderClause'],
  ])('reports %s', (_n, mutate, message) => {
    const sla = structuredClone(config.sla);
    mutate(sla);
    expect(checkSla(sla, ids).join('\n')).toContain(message);
  });
});

describe('eraseContact: name and phone are kept for retention.contactDays after closing', () => {
  const closed = () =>
    run(ticketAt('2026-01-10 10:00', { name: '张三', phone: '13800138000', consent: true }), [
      ['assign', '2026-01-10 10:05'],
      ['start', '2026-01-10 10:06'],
      ['reply', '2026-01-10 12:00'],
      ['followUp', '2026-01-10 13:00'],
      ['close', '2026-01-10 13:05'],
    ]);

  it.each([
    ['179 days after closing', '2026-07-08 13:04', false],
    ['180 days after closing', '2026-07-09 13:05', true],
  ])('%s: erased %s', (_n, now, erased) => {
    const t = eraseContact(closed(), config.sla, bj(now));
    expect(!!t).toBe(erased);
    if (t) {
      expect([t.name, t.phone, t.consent, t.status]).toEqual([undefined, undefined, true, 'closed']);
      expect(t.events.at(-1)).toMatchObject({ type: 'erased', by: { id: 'system' } });
    }
  });

  it('leaves open tickets and tickets without contact alone', () => {
    expect(
      eraseContact(ticketAt('2025-01-01 10:00', { phone: '13800138000' }), config.sla, bj('2026-11-22 10:00')),
    ).toBeUndefined();
    const { name: _n, phone: _p, ...bare } = closed();
    expect(eraseContact(bare, config.sla, bj('2027-11-22 10:00'))).toBeUndefined();
  });
});

/** Applies cause changes at Beijing times. */
function withCauses(t: Ticket, changes: [string, string][]): Ticket {
  for (const [cause, at] of changes) t = setCause(t, cause, staff, bj(at), config) ?? t;
  return t;
}

describe('reply limits side by side (complaints-3.2 to 3.5, 3.9)', () => {
  it.each<[string, string, [string, string][], string, Record<string, string>, string]>([
    [
      'a general cause: the 24-hour reply alone',
      '2026-11-22 15:00',
      [],
      '2026-11-22 15:00',
      { handoff: '2026-11-22 15:10', reply: '2026-11-23 15:00' },
      '2026-11-22 15:10',
    ],
    [
      'equipment: 3 days beside the 24-hour reply',
      '2026-11-22 15:00',
      [['equipment', '2026-11-22 15:05']],
      '2026-11-22 15:20',
      { handoff: '2026-11-22 15:10', reply: '2026-11-23 15:00', 'reply-equipment': '2026-11-26 00:00' },
      '2026-11-22 15:10',
    ],
    [
      'tenant-affecting: 1 h of opening time, due before the 24-hour reply',
      '2026-11-22 15:00',
      [['tenant', '2026-11-22 15:05']],
      '2026-11-22 15:05',
      { handoff: '2026-11-22 15:10', reply: '2026-11-23 15:00', 'reply-tenant': '2026-11-22 16:00' },
      '2026-11-22 15:10',
    ],
    [
      'received at 21:55: hand-off and tenant limit run on next morning, the 24 h at night',
      '2026-11-22 21:55',
      [['tenant', '2026-11-22 21:56']],
      '2026-11-22 21:56',
      { handoff: '2026-11-23 10:05', reply: '2026-11-23 21:55', 'reply-tenant': '2026-11-23 10:55' },
      '2026-11-23 10:05',
    ],
    [
      'month end: outside control, 2 calendar days from 31 January',
      '2026-01-31 10:00',
      [['outside', '2026-01-31 10:01']],
      '2026-01-31 10:01',
      { handoff: '2026-01-31 10:10', reply: '2026-02-01 10:00', 'reply-outside': '2026-02-03 00:00' },
      '2026-01-31 10:10',
    ],
    [
      'year end: equipment, 3 calendar days from 31 December',
      '2026-12-31 20:00',
      [['equipment', '2026-12-31 20:01']],
      '2026-12-31 20:01',
      { handoff: '2026-12-31 20:10', reply: '2027-01-01 20:00', 'reply-equipment': '2027-01-04 00:00' },
      '2026-12-31 20:10',
    ],
    [
      'a cause changed before its limit passed: the old limit goes',
      '2026-11-22 15:00',
      [
        ['tenant', '2026-11-22 15:05'],
        ['equipment', '2026-11-22 15:30'],
      ],
      '2026-11-22 15:30',
      { handoff: '2026-11-22 15:10', reply: '2026-11-23 15:00', 'reply-equipment': '2026-11-26 00:00' },
      '2026-11-22 15:10',
    ],
    [
      'a cause changed after its limit passed: the overdue limit stays',
      '2026-11-22 15:00',
      [
        ['tenant', '2026-11-22 15:05'],
        ['equipment', '2026-11-22 17:00'],
      ],
      '2026-11-22 17:00',
      {
        handoff: '2026-11-22 15:10',
        reply: '2026-11-23 15:00',
        'reply-tenant': '2026-11-22 16:00',
        'reply-equipment': '2026-11-26 00:00',
      },
      '2026-11-22 15:10',
    ],
    [
      'back to general after the tenant limit passed: still overdue',
      '2026-11-22 15:00',
      [
        ['tenant', '2026-11-22 15:05'],
        ['general', '2026-11-22 17:00'],
      ],
      '2026-11-22 17:00',
      { handoff: '2026-11-22 15:10', reply: '2026-11-23 15:00', 'reply-tenant': '2026-11-22 16:00' },
      '2026-11-22 15:10',
    ],
    [
      'a cause changed after the 24-hour reply passed: it stays too',
      '2026-11-22 15:00',
      [['equipment', '2026-11-23 16:00']],
      '2026-11-23 16:00',
      { handoff: '2026-11-22 15:10', reply: '2026-11-23 15:00', 'reply-equipment': '2026-11-26 00:00' },
      '2026-11-22 15:10',
    ],
  ])('%s', (_name, received, causes, now, expected, next) => {
    const t = withCauses(ticketAt(received), causes);
    expect(dueByRule(t, now)).toEqual(expected);
    expect(toBj(nextDueAt(computeMilestones(t, config, bj(now)), t.status)!)).toBe(next);
  });

  it('the shopper is promised the 24-hour reply whatever the cause', () => {
    const t = withCauses(ticketAt('2026-11-22 15:00'), [['equipment', '2026-11-22 15:05']]);
    expect(toBj(replyDueAt(computeMilestones(t, config, bj('2026-11-22 15:05')))!)).toBe('2026-11-23 15:00');
  });

  it('an overdue limit is overdue after the cause changes, and counts as missed once replied', () => {
    const changed = withCauses(run(ticketAt('2026-11-22 15:00'), [['assign', '2026-11-22 15:05']]), [
      ['tenant', '2026-11-22 15:06'],
      ['general', '2026-11-22 17:00'],
    ]);
    const open = computeMilestones(changed, config, bj('2026-11-22 17:01'));
    expect(open.find((m) => m.rule.id === 'reply-tenant')!.overdue).toBe(true);
    expect(open.find((m) => m.rule.id === 'reply')!.overdue).toBe(false);
    const replied = run(changed, [
      ['start', '2026-11-22 17:05'],
      ['reply', '2026-11-22 17:10'],
    ]);
    const after = computeMilestones(replied, config, bj('2026-11-22 17:11'));
    expect(after.find((m) => m.rule.id === 'reply-tenant')!.metAt).toBe(bj('2026-11-22 17:10'));
    expect(milestoneVerdicts(after, bj('2026-11-22 17:11')).get('reply')).toBe(false);
    expect(milestoneVerdicts(after, bj('2026-11-22 17:11')).get('handoff')).toBe(true);
  });

  it('a reply in time meets both limits; a later cause change brings nothing back', () => {
    const t = withCauses(
      run(ticketAt('2026-11-22 15:00'), [
        ['assign', '2026-11-22 15:05'],
        ['start', '2026-11-22 15:06'],
        ['reply', '2026-11-22 15:30'],
      ]),
      [
        ['tenant', '2026-11-22 15:01'],
        ['general', '2026-11-22 18:00'],
      ],
    );
    const ms = computeMilestones(t, config, bj('2026-11-22 18:01'));
    expect(ms.filter((m) => m.milestone === 'reply').every((m) => m.metAt === bj('2026-11-22 15:30'))).toBe(true);
    expect(milestoneVerdicts(ms, bj('2026-11-22 18:01')).get('reply')).toBe(true);
  });

  it('the sweep reminds once per overdue limit', () => {
    const t = withCauses(ticketAt('2026-11-22 15:00'), [['tenant', '2026-11-22 15:01']]);
    const reminders = sweepEvents(t, config, bj('2026-11-23 15:30')).filter((e) => e.type === 'reminder');
    expect(reminders.map((e) => e.rule).sort()).toEqual(['handoff', 'reply', 'reply-tenant']);
    const swept = { ...t, events: [...t.events, ...reminders] };
    expect(sweepEvents(swept, config, bj('2026-11-23 15:31')).filter((e) => e.type === 'reminder')).toEqual([]);
  });
});

describe('rounds: a reopen keeps the earlier round whole', () => {
  it('keeps each round’s reply and follow-up, met or missed', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [
      ['assign', '2026-11-22 15:05'],
      ['start', '2026-11-22 15:06'],
      ['reply', '2026-11-22 16:00'],
      ['followUp', '2026-11-22 17:00', { satisfaction: 2 }],
      ['reopen', '2026-11-22 17:10'],
    ]);
    const rounds = computeRounds(t, config, bj('2026-11-24 12:00'));
    expect(rounds).toHaveLength(2);
    expect(rounds[0].map((m) => [m.rule.id, m.metAt && toBj(m.metAt), m.overdue])).toEqual([
      ['handoff', '2026-11-22 15:05', false],
      ['reply', '2026-11-22 16:00', false],
      ['follow-up', '2026-11-22 17:00', false],
    ]);
    expect(rounds[1].map((m) => [m.rule.id, toBj(m.dueAt), m.overdue])).toEqual([['reply', '2026-11-23 17:10', true]]);
  });
});

describe('parseWithin', () => {
  it.each([
    ['10m', 10, 'm'],
    ['120m', 120, 'm'],
    ['24h', 24, 'h'],
    ['2d', 2, 'd'],
  ])('%s', (within, amount, unit) => expect(parseWithin(within)).toEqual({ amount, unit }));

  it.each([
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['2d', 172_800_000],
  ])('withinMs(%s) = %i', (within, ms) => expect(withinMs(within)).toBe(ms));

  it.each(['', '10', 'm', '10 m', 'x10m', '10mx', '1.5h', '-1h', '10s'])('refuses %j', (within) => {
    expect(() => parseWithin(within)).toThrow(`sla: bad duration "${within}"`);
  });
});

describe('computeDeadline and elapsedOnClock on each clock', () => {
  it.each([
    ['90m', 'continuous', '2026-03-01 21:00', '2026-03-01 22:30'],
    ['90m', 'opening', '2026-03-01 21:00', '2026-03-02 10:30'],
    ['2d', 'days', '2026-03-01 09:00', '2026-03-04 00:00'],
    ['24h', 'days', '2026-03-01 09:00', '2026-03-03 00:00'], // one day
    ['36h', 'days', '2026-03-01 09:00', '2026-03-04 00:00'], // a day begun counts whole
    ['90m', 'days', '2026-03-01 09:00', '2026-03-03 00:00'],
    ['2d', 'continuous', '2026-03-01 09:00', '2026-03-03 09:00'],
  ] as const)('%s on the %s clock from %s → %s', (within, clock, start, due) => {
    expect(toBj(computeDeadline(bj(start), within, clock, config))).toBe(due);
  });

  it.each([
    ['continuous', '2026-11-22 21:00', '2026-11-23 11:00', 14 * 60],
    ['days', '2026-11-22 21:00', '2026-11-23 11:00', 14 * 60], // real time
    ['opening', '2026-11-22 21:00', '2026-11-23 11:00', 120],
    ['continuous', '2026-11-22 21:00', '2026-11-22 21:00', 0],
    ['continuous', '2026-11-22 21:00', '2026-11-22 20:00', 0], // never negative
    ['opening', '2026-11-22 21:00', '2026-11-22 20:00', 0],
  ] as const)('%s clock from %s to %s: %i min', (clock, from, to, minutes) => {
    expect(elapsedOnClock(bj(from), bj(to), clock, config) / 60_000).toBe(minutes);
  });
});

describe('ruleFor', () => {
  const rule = (id: string, over: Partial<Sla['rules'][number]> = {}): Sla['rules'][number] => ({
    ...config.sla.rules[1],
    id,
    ...over,
  });
  // Reply rules in an order where the general one is not first, and without an explicit cause.
  const sla: Sla = {
    ...config.sla,
    rules: [
      rule('tenant', { cause: 'tenant' }),
      rule('praise-only', { kinds: ['praise'], cause: undefined }),
      rule('general', { cause: undefined }),
      rule('handoff', { milestone: 'handoff' }),
    ],
  };
  it.each([
    ['reply', 'complaint', 'tenant', 'tenant'],
    ['reply', 'complaint', 'general', 'general'],
    ['reply', 'complaint', undefined, 'general'],
    ['reply', 'complaint', 'nonsense', 'general'], // an unknown cause falls back on the general rule
    ['reply', 'praise', undefined, 'praise-only'], // the first general rule for the kind
    ['handoff', 'complaint', 'tenant', 'handoff'],
    ['followUp', 'complaint', undefined, undefined],
  ] as const)('%s for a %s, cause %s → %s', (milestone, kind, cause, expected) => {
    expect(ruleFor(sla, milestone, kind, cause)?.id).toBe(expected);
  });

  it('follows the real table', () => {
    expect(ruleFor(config.sla, 'reply', 'complaint')?.id).toBe('reply');
    expect(ruleFor(config.sla, 'reply', 'complaint', 'outside')?.id).toBe('reply-outside');
    expect(ruleFor(config.sla, 'followUp', 'praise')).toBeUndefined();
  });
});

describe('milestones in detail', () => {
  it('records the moment each milestone was met', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [
      ['assign', '2026-11-22 15:20'],
      ['start', '2026-11-22 15:30'],
      ['reply', '2026-11-23 10:00'],
      ['followUp', '2026-11-23 11:00'],
    ]);
    const met = Object.fromEntries(
      computeMilestones(t, config, bj('2026-11-24 00:00')).map((m) => [m.milestone, toBj(m.metAt!)]),
    );
    expect(met).toEqual({ handoff: '2026-11-22 15:20', reply: '2026-11-23 10:00', followUp: '2026-11-23 11:00' });
  });

  it('a milestone met late is not overdue while the ticket stays open, and a limit is not passed at its due time', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [['assign', '2026-11-22 15:40']]);
    const [handoff, reply] = computeMilestones(t, config, bj('2026-11-22 16:00'));
    expect([handoff.milestone, handoff.overdue, reply.overdue]).toEqual(['handoff', false, false]);
    const fresh = ticketAt('2026-11-22 15:00');
    expect(computeMilestones(fresh, config, bj('2026-11-22 15:10'))[0].overdue).toBe(false);
    expect(computeMilestones(fresh, config, bj('2026-11-22 15:10') + 1)[0].overdue).toBe(true);
  });

  it('an invalid ticket has its reply milestone met by the explanation', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [['markInvalid', '2026-11-22 15:30', { note: '重复提交' }]]);
    const reply = computeMilestones(t, config, bj('2026-11-25 00:00')).find((m) => m.milestone === 'reply')!;
    expect(toBj(reply.metAt!)).toBe('2026-11-22 15:30');
  });

  it('praise that was replied to gets no follow-up deadline', () => {
    const t = run(ticketAt('2026-11-22 15:00', { kind: 'praise' }), [
      ['assign', '2026-11-22 15:05'],
      ['start', '2026-11-22 15:06'],
      ['reply', '2026-11-22 16:00'],
    ]);
    expect(computeMilestones(t, config, bj('2026-11-23 00:00')).map((m) => m.milestone)).toEqual(['handoff', 'reply']);
  });

  it('the next deadline is the earliest one not met, and none once the ticket is final', () => {
    const t = run(ticketAt('2026-11-22 15:00'), [['assign', '2026-11-22 15:05']]);
    const ms = computeMilestones(t, config, bj('2026-11-22 15:06'));
    expect(toBj(nextDueAt(ms, t.status)!)).toBe('2026-11-23 15:00'); // the hand-off is met: the reply is next
    expect(nextDueAt(ms, 'closed')).toBeUndefined();
    expect(nextDueAt(ms, 'invalid')).toBeUndefined();
    const m = (dueAt: number, metAt?: number) => ({ ...ms[0], dueAt, metAt }) as MilestoneState;
    expect(nextDueAt([m(300), m(100), m(200), m(50, 40)], 'in_progress')).toBe(100);
    expect(nextDueAt([], 'received')).toBeUndefined();
    expect(toBj(replyDueAt(ms)!)).toBe('2026-11-23 15:00');
    expect(replyDueAt(ms.filter((x) => x.milestone !== 'reply'))).toBeUndefined();
  });
});

describe('overdue sweep in detail', () => {
  it('reminds each overdue milestone once, and does not escalate twice for the same overdue hour', () => {
    let t = ticketAt('2026-11-22 11:00');
    const sweep = (now: string) => {
      const events = sweepEvents(t, config, bj(now));
      const level = events.reduce((l, e) => (e.type === 'escalation' ? e.level! : l), t.level);
      t = { ...t, level, events: [...t.events, ...events] };
      return events.map((e) => `${e.type}:${e.milestone}${e.level ? `:${e.level}` : ''}`);
    };
    expect(sweep('2026-11-22 11:11')).toEqual(['reminder:handoff']);
    expect(sweep('2026-11-22 12:11')).toEqual(['escalation:handoff:1']);
    expect(sweep('2026-11-22 12:40')).toEqual([]);
    t = run(t, [['assign', '2026-11-22 12:45']]);
    // The reply (24 h) runs out the next day: its own reminder, whatever the hand-off had.
    expect(sweep('2026-11-23 11:01')).toEqual(['reminder:reply']);
    expect(sweep('2026-11-23 12:01')).toEqual(['escalation:reply:2']);
  });

  it('a reopened ticket gets new reminders for its new cycle', () => {
    let t = run(ticketAt('2026-11-22 11:00'), [
      ['assign', '2026-11-22 11:05'],
      ['start', '2026-11-22 11:06'],
    ]);
    t = { ...t, events: [...t.events, ...sweepEvents(t, config, bj('2026-11-23 11:01'))] };
    expect(t.events.filter((e) => e.type === 'reminder')).toHaveLength(1);
    t = run(t, [
      ['reply', '2026-11-23 11:30'],
      ['followUp', '2026-11-23 12:00', { satisfaction: 1 }],
      ['reopen', '2026-11-23 12:10'],
    ]);
    const events = sweepEvents(t, config, bj('2026-11-24 12:11'));
    expect(events.map((e) => `${e.type}:${e.milestone}`)).toEqual(['reminder:reply']);
  });
});

describe('checkSla reports each problem in full', () => {
  const ids = new Set(
    [
      config.sla.overdue.reminderClause,
      config.sla.overdue.escalationClause,
      config.sla.retention.clause,
      config.sla.reports.dailyClause,
      config.sla.reports.reviewClause,
    ].concat(config.sla.rules.map((r) => r.clause)),
  );
  const F = 'content/mall/sla.yaml';
  it.each([
    [
      'the daily hand-in time citing a missing clause',
      (s: Sla) => (s.reports.dailyClause = 'complaints-99.7'),
      `${F}: reports.dailyClause cites clause "complaints-99.7", which does not exist`,
    ],
    [
      'a rule citing a missing clause',
      (s: Sla) => (s.rules[0].clause = 'complaints-99.1'),
      `${F}: rule "handoff" cites clause "complaints-99.1", which does not exist`,
    ],
    [
      'no general cause',
      (s: Sla) => (s.causes = s.causes.filter((c) => c.id !== 'general')),
      `${F}: causes must include "general"`,
    ],
    [
      'a cause on a hand-off rule',
      (s: Sla) => (s.rules[0].cause = 'tenant'),
      `${F}: rule "handoff": only reply rules have a cause`,
    ],
    [
      'an unknown cause',
      (s: Sla) => (s.rules[2].cause = 'weather'),
      `${F}: rule "reply-tenant" has unknown cause "weather"`,
    ],
    [
      'two follow-up rules',
      (s: Sla) => s.rules.push({ ...s.rules[5], id: 'follow-up-2' }),
      `${F}: has more than one followUp rule`,
    ],
    [
      'no hand-off rule',
      (s: Sla) => (s.rules = s.rules.filter((r) => r.milestone !== 'handoff')),
      `${F}: needs exactly one handoff rule`,
    ],
    [
      'a missing retention clause',
      (s: Sla) => (s.retention.clause = 'nope-1'),
      `${F}: retention.clause cites clause "nope-1", which does not exist`,
    ],
    [
      'a missing escalation clause',
      (s: Sla) => (s.overdue.escalationClause = 'nope-2'),
      `${F}: overdue.escalationClause cites clause "nope-2", which does not exist`,
    ],
  ])('%s', (_n, mutate, problem) => {
    const sla = structuredClone(config.sla);
    mutate(sla);
    expect(checkSla(sla, ids)).toContain(problem);
  });

  it('counts reply rules per cause, a rule without a cause being general', () => {
    const sla = structuredClone(config.sla);
    sla.rules[1].cause = undefined;
    expect(checkSla(sla, ids)).toEqual([]);
    sla.rules.push({ ...sla.rules[1], id: 'reply-2' });
    expect(checkSla(sla, ids)).toEqual([`${F}: needs exactly one reply rule for cause "general" (has 2)`]);
  });
});

describe('eraseContact in detail', () => {
  // An invalid complaint with a phone still gets its follow-up call (complaints-5.4), which ends it.
  const closedAt = (over: Partial<Ticket>) =>
    run(
      ticketAt('2026-01-10 10:00', over),
      over.phone
        ? [
            ['assign', '2026-01-10 10:05'],
            ['markInvalid', '2026-01-10 10:08', { note: '无效' }],
            ['followUp', '2026-01-10 10:10'],
          ]
        : [
            ['assign', '2026-01-10 10:05'],
            ['markInvalid', '2026-01-10 10:10', { note: '无效' }],
          ],
    );
  it.each([
    ['a phone only', { phone: '13800138000' }],
    ['a name only', { name: '张三' }],
  ])('erases %s', (_n, over) => {
    const t = eraseContact(closedAt(over), config.sla, bj('2026-07-09 10:10'));
    expect(t && [t.name, t.phone, t.status]).toEqual([undefined, undefined, 'invalid']);
  });

  it('counts the retention from the transition into the final state, not from later entries', () => {
    const t = closedAt({ phone: '13800138000' });
    const later = {
      ...t,
      events: [
        ...t.events,
        { at: new Date(bj('2026-06-01 10:00')).toISOString(), by: staff, type: 'note' as const, note: '备注' },
      ],
    };
    expect(eraseContact(later, config.sla, bj('2026-07-09 10:10'))).toBeDefined();
    expect(eraseContact(later, config.sla, bj('2026-07-09 10:09'))).toBeUndefined();
  });
});
