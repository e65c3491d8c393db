import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyAction,
  createTicket,
  findRepeat,
  formatTicketNo,
  makeVerifyCode,
  maskName,
  maskPhone,
  normalisePhone,
  parseTicketNo,
  publicView,
  setCause,
  setUrgency,
  addNote,
  TRANSITIONS,
  targetStatus,
  validateSubmission,
} from '../../../../src/lib/feedback/feedback';
import { ACTIONS, STATUSES, type Action, type Status } from '../../../../src/lib/feedback/schema';
import { bj, config, ticketAt } from './fixtures';

const valid = { kind: 'complaint', category: 'service', description: '收银员态度很差，不理人。' };
const errorsOf = (body: unknown, header?: string) => {
  const r = validateSubmission(body, config, header);
  return r.ok ? {} : r.fields;
};

describe('validateSubmission', () => {
  it('accepts a complaint without any contact detail', () => {
    const r = validateSubmission(valid, config);
    expect(r).toEqual({ ok: true, value: { ...valid, consent: false } });
  });

  it('accepts and normalises every optional field', () => {
    const r = validateSubmission(
      {
        ...valid,
        description: '  鞋子穿了两天就开胶了  ',
        floor: '2F',
        tenant: '2f-shoes',
        contact: { name: ' 张女士 ', phone: '+86 138-0013-8000' },
        consent: true,
        idempotencyKey: 'a1b2c3d4-0000',
        kioskId: 'K-2F-01',
      },
      config,
    );
    expect(r.ok && r.value).toMatchObject({
      description: '鞋子穿了两天就开胶了',
      name: '张女士',
      phone: '13800138000',
      consent: true,
      kioskId: 'K-2F-01',
    });
  });

  it('fills the floor from the tenant and takes the kiosk id from the header', () => {
    const r = validateSubmission({ ...valid, tenant: '5f-hotpot' }, config, 'kiosk-7');
    expect(r.ok && r.value).toMatchObject({ floor: '5F', tenant: '5f-hotpot', kioskId: 'kiosk-7' });
  });

  it.each([
    ['a missing kind', { ...valid, kind: undefined }, 'kind'],
    ['an unknown kind', { ...valid, kind: 'rant' }, 'kind'],
    ['an unknown category', { ...valid, category: 'weather' }, 'category'],
    ['a missing category', { ...valid, category: undefined }, 'category'],
    ['a description of 4 characters', { ...valid, description: '太差了吧' }, 'description'],
    ['a description of spaces', { ...valid, description: '          ' }, 'description'],
    ['a description of 1001 characters', { ...valid, description: '差'.repeat(1001) }, 'description'],
    ['a description that is not text', { ...valid, description: 12345 }, 'description'],
    ['an unknown floor', { ...valid, floor: '9F' }, 'floor'],
    ['an unknown tenant', { ...valid, tenant: 'nobody' }, 'tenant'],
    ['a tenant on another floor', { ...valid, floor: '1F', tenant: '5f-hotpot' }, 'tenant'],
    ['a landline number', { ...valid, contact: { phone: '010-12345678' }, consent: true }, 'contact.phone'],
    ['a 10-digit number', { ...valid, contact: { phone: '1380013800' }, consent: true }, 'contact.phone'],
    ['a number starting 12', { ...valid, contact: { phone: '12800138000' }, consent: true }, 'contact.phone'],
    ['a phone without consent', { ...valid, contact: { phone: '13800138000' } }, 'consent'],
    ['a phone with consent false', { ...valid, contact: { phone: '13800138000' }, consent: false }, 'consent'],
    ['a name of 41 characters', { ...valid, contact: { name: '名'.repeat(41) } }, 'contact.name'],
    ['an unknown key', { ...valid, rating: 5 }, 'rating'],
    ['an unknown contact key', { ...valid, contact: { email: 'a@b.c' } }, 'contact.email'],
    ['a short idempotency key', { ...valid, idempotencyKey: 'abc' }, 'idempotencyKey'],
    ['a bad kiosk id', { ...valid, kioskId: 'kiosk 1/2' }, 'kioskId'],
    ['consent that is not a boolean', { ...valid, consent: 'yes' }, 'consent'],
  ])('rejects %s', (_name, body, field) => {
    const fields = errorsOf(body);
    expect(Object.keys(fields)).toContain(field);
    expect(fields[field].zh).toBeTruthy();
    expect(fields[field].en).toBeTruthy();
  });

  it('names every bad field at once', () => {
    const fields = errorsOf({ kind: 'x', category: 'y', description: 'ab', contact: { phone: '123' }, extra: 1 });
    expect(Object.keys(fields).sort()).toEqual([
      'category',
      'consent',
      'contact.phone',
      'description',
      'extra',
      'kind',
    ]);
  });

  it.each([null, [], 'text', 42])('rejects a body that is not an object (%j)', (body) => {
    expect(validateSubmission(body, config).ok).toBe(false);
  });

  it('rejects a bad X-Kiosk-Id header', () => {
    expect(Object.keys(errorsOf(valid, 'bad header!'))).toEqual(['kioskId']);
  });
});

describe('ticket numbers and codes', () => {
  it.each([
    ['2026-11-22', 42, 'FK20261122-0042'],
    ['2026-01-01', 1, 'FK20260101-0001'],
    ['2026-12-31', 9999, 'FK20261231-9999'],
    ['2026-12-31', 10000, 'FK20261231-10000'],
  ])('formatTicketNo(%s, %i) = %s', (day, seq, no) => expect(formatTicketNo(day, seq)).toBe(no));

  it.each([
    ['FK20261122-0042', 'FK20261122-0042'],
    ['fk20261122-0042', 'FK20261122-0042'],
    ['202611220042', 'FK20261122-0042'],
    [' FK 2026 1122 0042 ', 'FK20261122-0042'],
    ['FK20261122-10000', 'FK20261122-10000'],
    ['FK2026112-0042', undefined],
    ['20261122', undefined],
    ['', undefined],
    [null, undefined],
  ])('parseTicketNo(%j) = %j', (input, no) => expect(parseTicketNo(input)).toBe(no));

  it.each([
    [0, '000000'],
    [42, '000042'],
    [999_999, '999999'],
  ])('makeVerifyCode pads %i to 6 digits', (n, code) => expect(makeVerifyCode(() => n)).toBe(code));
});

describe('masking', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['', ''],
    [undefined, ''],
    ['12345', '***45'],
  ])('maskPhone(%j) = %j', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['Li', 'L*'],
    [undefined, ''],
  ])('maskName(%j) = %j', (name, masked) => expect(maskName(name)).toBe(masked));

  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086-138-0013-8000', '13800138000'],
    ['19912345678', '19912345678'],
    ['12345678901', undefined],
    ['1380013800a', undefined],
  ])('normalisePhone(%j) = %j', (input, out) => expect(normalisePhone(input)).toBe(out));
});

describe('the state machine', () => {
  // A manager, who may also decide that a complaint is invalid (complaints-5.3).
  const input = { department: 'sales', assignee: '王主管', note: '已处理', satisfaction: 4, role: 'manager' as const };
  const pairs = STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as [Status, Action]));
  const allowed = pairs.filter(([s, a]) => TRANSITIONS[a].from.includes(s));
  const forbidden = pairs.filter(([s, a]) => !TRANSITIONS[a].from.includes(s));
  const by = { id: 'u1', name: '李娜' };

  it('has the documented transitions', () => {
    expect(allowed.map(([s, a]) => `${s} -${a}-> ${TRANSITIONS[a].to}`)).toEqual([
      'received -assign-> assigned',
      'received -proposeInvalid-> invalid_proposed',
      'received -markInvalid-> invalid',
      'assigned -assign-> assigned',
      'assigned -start-> in_progress',
      'assigned -proposeInvalid-> invalid_proposed',
      'assigned -markInvalid-> invalid',
      'in_progress -assign-> assigned',
      'in_progress -reply-> replied',
      'in_progress -proposeInvalid-> invalid_proposed',
      'in_progress -markInvalid-> invalid',
      'invalid_proposed -confirmInvalid-> invalid',
      'invalid_proposed -rejectInvalid-> in_progress',
      'replied -followUp-> followed_up',
      'replied -close-> closed',
      'replied -reopen-> assigned',
      'followed_up -close-> closed',
      'followed_up -reopen-> assigned',
      'invalid_follow_up -followUp-> followed_up',
      'invalid_follow_up -reopen-> assigned',
      'closed -reopen-> assigned',
      'invalid -reopen-> assigned',
    ]);
  });

  it.each(allowed.filter(([s, a]) => !(s === 'replied' && a === 'close')))(
    'allows %s → %s and records the event',
    (status, action) => {
      const t = ticketAt('2026-11-22 12:00', { status });
      const r = applyAction(t, action, input, by, bj('2026-11-22 13:00'), config);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      // Where an action goes may depend on the ticket (invalid with or without a follow-up call due).
      const to = targetStatus(t, action, config);
      expect(r.ticket.status).toBe(to);
      expect(r.event).toMatchObject({ type: 'transition', action, from: status, to, by });
      expect(r.ticket.events.at(-1)).toEqual(r.event);
      expect(t.events).toHaveLength(1); // the input ticket is not changed
    },
  );

  it.each(forbidden)('refuses %s → %s', (status, action) => {
    const t = ticketAt('2026-11-22 12:00', { status });
    expect(applyAction(t, action, input, by, bj('2026-11-22 13:00'), config)).toEqual({
      ok: false,
      reason: 'not_allowed_in_status',
    });
  });

  it.each([
    ['assign without department', 'received', 'assign', { assignee: '王' }, 'department_required'],
    [
      'assign to an unknown department',
      'received',
      'assign',
      { department: 'nope', assignee: '王' },
      'unknown_department',
    ],
    ['assign without person', 'received', 'assign', { department: 'sales', assignee: ' ' }, 'assignee_required'],
    ['reply without text', 'in_progress', 'reply', { note: '  ' }, 'note_required'],
    ['invalid without explanation', 'received', 'markInvalid', { role: 'manager' }, 'note_required'],
    ['an invalid proposal without its reason', 'received', 'proposeInvalid', {}, 'note_required'],
    [
      'confirming an invalid proposal without the explanation',
      'invalid_proposed',
      'confirmInvalid',
      { role: 'manager' },
      'note_required',
    ],
    ['staff deciding invalid at once', 'received', 'markInvalid', { note: '无效', role: 'staff' }, 'forbidden'],
    [
      'a supervisor confirming an invalid proposal',
      'invalid_proposed',
      'confirmInvalid',
      { note: '无效', role: 'supervisor' },
      'forbidden',
    ],
    [
      'staff rejecting an invalid proposal',
      'invalid_proposed',
      'rejectInvalid',
      { note: '有效', role: 'staff' },
      'forbidden',
    ],
    ['confirming with no role known', 'invalid_proposed', 'confirmInvalid', { note: '无效' }, 'forbidden'],
    ['reopen without reason', 'closed', 'reopen', {}, 'note_required'],
    ['follow-up without score or note', 'replied', 'followUp', {}, 'satisfaction_required'],
    ['follow-up with a score of 6', 'replied', 'followUp', { satisfaction: 6 }, 'satisfaction_required'],
    ['closing a complaint before its follow-up', 'replied', 'close', {}, 'follow_up_required'],
  ] as const)('refuses %s', (_n, status, action, given, reason) => {
    const t = ticketAt('2026-11-22 12:00', { status });
    expect(applyAction(t, action, given, by, bj('2026-11-22 13:00'), config)).toEqual({ ok: false, reason });
  });

  it('refuses to close after an unsatisfied follow-up (score 1-2) and reopens one level up', () => {
    const t = ticketAt('2026-11-22 12:00', { status: 'replied' });
    const f = applyAction(t, 'followUp', { satisfaction: 2 }, by, bj('2026-11-22 13:00'), config);
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(applyAction(f.ticket, 'close', {}, by, bj('2026-11-22 13:01'), config)).toEqual({
      ok: false,
      reason: 'not_satisfied',
    });
    expect(allowedActions(f.ticket, config)).toEqual(['reopen']);
    const r = applyAction(f.ticket, 'reopen', { note: '顾客不满意' }, by, bj('2026-11-22 13:02'), config);
    expect(r.ok && [r.ticket.status, r.ticket.level, r.ticket.satisfaction]).toEqual(['assigned', 1, undefined]);
  });

  it('follows up without a score when the note says why (no phone)', () => {
    const t = ticketAt('2026-11-22 12:00', { status: 'replied' });
    expect(applyAction(t, 'followUp', { note: '未留联系方式，无法回访' }, by, bj('2026-11-22 13:00'), config).ok).toBe(
      true,
    );
  });

  it('closes a praise after the reply (no follow-up rule for praise)', () => {
    const t = ticketAt('2026-11-22 12:00', { status: 'replied', kind: 'praise' });
    expect(applyAction(t, 'close', {}, by, bj('2026-11-22 13:00'), config).ok).toBe(true);
    expect(allowedActions(t, config)).toContain('close');
    expect(allowedActions({ ...t, kind: 'complaint' }, config)).not.toContain('close');
  });

  it('never goes above the top of the escalation ladder', () => {
    const t = ticketAt('2026-11-22 12:00', { status: 'closed', level: 2 });
    const r = applyAction(t, 'reopen', { note: '仍不满意' }, by, bj('2026-11-22 13:00'), config);
    expect(r.ok && r.ticket.level).toBe(2);
  });

  it('records assignment, public reply text and internal notes', () => {
    let t = ticketAt('2026-11-22 12:00');
    const a = applyAction(
      t,
      'assign',
      { department: 'sales', assignee: ' 王主管 ' },
      by,
      bj('2026-11-22 12:05'),
      config,
    );
    expect(a.ok && [a.ticket.department, a.ticket.assignee]).toEqual(['sales', '王主管']);
    t = addNote(ticketAt('2026-11-22 12:00', { status: 'in_progress' }), '内部：已调监控', by, bj('2026-11-22 12:06'))!;
    const r = applyAction(t, 'reply', { note: '已与专柜沟通，为您退款' }, by, bj('2026-11-22 12:10'), config);
    expect(r.ok && r.event).toMatchObject({ public: true, note: '已与专柜沟通，为您退款' });
    expect(t.events.at(-1)).toMatchObject({ type: 'note', note: '内部：已调监控' });
    expect(t.events.at(-1)!.public).toBeUndefined();
  });

  it('sets urgency and cause as events, ignoring no-ops and unknown causes', () => {
    const t = ticketAt('2026-11-22 12:00');
    expect(setUrgency(t, 'normal', by, 0)).toBeUndefined();
    expect(setUrgency(t, 'urgent', by, bj('2026-11-22 12:01'))!.events.at(-1)).toMatchObject({
      type: 'urgency',
      urgency: 'urgent',
    });
    expect(setCause(t, 'weather', by, 0, config)).toBeUndefined();
    expect(setCause(t, 'tenant', by, bj('2026-11-22 12:01'), config)!.cause).toBe('tenant');
    expect(addNote(t, '   ', by, 0)).toBeUndefined();
  });
});

describe('what the shopper sees', () => {
  it('shows status changes and public texts only', () => {
    const by = { id: 'u1', name: '李娜' };
    let t = ticketAt('2026-11-22 12:00', { name: '张三', phone: '13800138000', consent: true });
    for (const [action, note] of [
      ['assign', undefined],
      ['start', undefined],
      ['reply', '已为您办理退货'],
    ] as const) {
      t = addNote(t, '内部备注：顾客情绪激动', by, bj('2026-11-22 12:01'))!;
      const r = applyAction(
        t,
        action,
        { department: 'sales', assignee: '王主管', note },
        by,
        bj('2026-11-22 12:30'),
        config,
      );
      if (!r.ok) throw new Error(r.reason);
      t = r.ticket;
    }
    const view = publicView(t, config, (s) => ({ zh: s, en: s }), bj('2026-11-22 13:00'));
    expect(view.timeline.map((e) => [e.status, e.note])).toEqual([
      ['received', undefined],
      ['assigned', undefined],
      ['in_progress', undefined],
      ['replied', '已为您办理退货'],
    ]);
    const text = JSON.stringify(view);
    for (const secret of ['13800138000', '张三', '王主管', '内部', 'sales', '李娜']) expect(text).not.toContain(secret);
    expect(view.replyDueAt).toBe(new Date(bj('2026-11-23 12:00')).toISOString());
  });
});

describe('repeat detection', () => {
  const now = bj('2026-11-22 12:00');
  const s = { phone: '13800138000', tenant: '2f-shoes', category: 'quality' };
  const earlier = (hoursAgo: number, over = {}) =>
    ticketAt('2026-11-22 12:00', {
      createdAt: new Date(now - hoursAgo * 3_600_000).toISOString(),
      ...s,
      no: `FK-${hoursAgo}`,
      ...over,
    });

  it.each([
    ['same phone, tenant and category 71 h ago', [earlier(71)], 'FK-71'],
    ['the most recent of several', [earlier(50), earlier(2), earlier(30)], 'FK-2'],
    ['older than 72 h', [earlier(73)], undefined],
    ['another tenant', [earlier(1, { tenant: '2f-tea' })], undefined],
    ['another category', [earlier(1, { category: 'price' })], undefined],
    ['another phone', [earlier(1, { phone: '13900139000' })], undefined],
  ])('%s', (_n, candidates, expected) => {
    expect(findRepeat(s, candidates, now)?.no).toBe(expected);
  });

  it('needs a phone and a tenant', () => {
    expect(findRepeat({ ...s, tenant: undefined }, [earlier(1)], now)).toBeUndefined();
    expect(findRepeat({ ...s, phone: undefined }, [earlier(1)], now)).toBeUndefined();
  });
});

describe('createTicket', () => {
  it('starts received, with the tenant’s department and a created event from the kiosk', () => {
    const r = validateSubmission({ ...valid, tenant: '1f-jinyu', kioskId: 'K1' }, config);
    if (!r.ok) throw new Error('invalid');
    const t = createTicket(
      r.value,
      { no: 'FK20261122-0001', day: '2026-11-22', seq: 1, verifyCode: '000001', now: bj('2026-11-22 12:00') },
      config,
    );
    expect(t).toMatchObject({
      status: 'received',
      department: 'sales',
      floor: '1F',
      kioskId: 'K1',
      urgency: 'normal',
      level: 0,
    });
    expect(t.events).toEqual([
      { at: t.createdAt, by: { id: 'kiosk', name: '自助终端 K1' }, type: 'created', to: 'received' },
    ]);
  });
});
