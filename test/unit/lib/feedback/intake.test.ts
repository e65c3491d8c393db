import { describe, expect, it } from 'vitest';
import {
  createDeskTicket,
  intakeFromForm,
  parseReceivedAt,
  validateIntake,
  type Intake,
} from '../../../../src/lib/feedback/intake';
import { computeMilestones } from '../../../../src/lib/feedback/sla';
import { publicView } from '../../../../src/lib/feedback/feedback';
import { channelOf, ticketSchema } from '../../../../src/lib/feedback/schema';
import { bj, config, ticketAt, toBj } from './fixtures';

const NOW = bj('2026-11-22 15:00');
const staff = { id: 'u1', name: '李娜' };
const valid = {
  channel: 'phone',
  kind: 'complaint',
  category: 'service',
  description: '收银员态度很差，还多收了钱',
};
const fieldsOf = (raw: unknown) => {
  const r = validateIntake(raw, config, NOW);
  return r.ok ? [] : Object.keys(r.fields).sort();
};
const params = { no: 'FK20261122-0007', day: '2026-11-22', seq: 7, verifyCode: '654321', now: NOW };

describe('validateIntake: the desk form and POST /api/staff/tickets', () => {
  it('accepts the smallest record: channel, kind, category, what happened; received now', () => {
    const r = validateIntake(valid, config, NOW);
    expect(r.ok && r.value).toEqual({ ...valid, receivedAt: NOW, urgency: 'normal', consent: false });
  });

  it('keeps every field of the complaint record', () => {
    const r = validateIntake(
      {
        ...valid,
        channel: 'letter',
        receivedAt: '2026-11-20T09:30',
        kind: 'request',
        demand: '希望退还多收的 20 元',
        tenant: '1f-huayan',
        department: 'service-centre',
        urgency: 'important',
        contact: { name: ' 张三 ', phone: '138 0013 8000', address: '东城区某街 1 号' },
        consent: true,
      },
      config,
      NOW,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      channel: 'letter',
      receivedAt: bj('2026-11-20 09:30'),
      kind: 'request',
      demand: '希望退还多收的 20 元',
      tenant: '1f-huayan',
      floor: '1F',
      department: 'service-centre',
      urgency: 'important',
      name: '张三',
      phone: '13800138000',
      address: '东城区某街 1 号',
      consent: true,
    });
  });

  it.each<[string, object, string[]]>([
    ['no channel', { ...valid, channel: undefined }, ['channel']],
    ['the kiosk is not a desk channel', { ...valid, channel: 'kiosk' }, ['channel']],
    ['a future receipt time', { ...valid, receivedAt: '2026-11-22T16:00' }, ['receivedAt']],
    ['a receipt time 40 days ago', { ...valid, receivedAt: '2026-10-13T10:00' }, ['receivedAt']],
    ['a receipt time that is no time', { ...valid, receivedAt: 'yesterday' }, ['receivedAt']],
    ['an unknown kind', { ...valid, kind: 'rant' }, ['kind']],
    ['an unknown category', { ...valid, category: 'nope' }, ['category']],
    ['an unknown department', { ...valid, department: 'nope' }, ['department']],
    ['an unknown urgency', { ...valid, urgency: 'asap' }, ['urgency']],
    ['a phone without consent', { ...valid, contact: { phone: '13800138000' } }, ['consent']],
    ['a bad phone', { ...valid, contact: { phone: '12345' }, consent: true }, ['contact.phone']],
    ['an answer on the spot for a complaint', { ...valid, answer: '已解释' }, ['answer']],
    ['an empty answer on the spot', { ...valid, kind: 'inquiry', answer: ' ' }, ['answer']],
    ['too short', { ...valid, description: '差' }, ['description']],
    ['an unknown field', { ...valid, extra: 1 }, ['extra']],
    [
      'several at once',
      { channel: 'fax', kind: 'complaint', category: 'x', description: '' },
      ['category', 'channel', 'description'],
    ],
  ])('names the bad field: %s', (_name, raw, fields) => {
    expect(fieldsOf(raw)).toEqual(fields);
  });

  it('cleans free text: NFC, no controls or bidi overrides', () => {
    const r = validateIntake(
      { ...valid, description: '收银员\u202E态度\u0000很差，多收了钱', demand: 'e\u0301' },
      config,
      NOW,
    );
    expect(r.ok && [r.value.description, r.value.demand]).toEqual(['收银员态度很差，多收了钱', '\u00e9']);
  });

  it('never throws on junk', () => {
    for (const raw of [null, 7, 'x', [], { contact: 5 }, { receivedAt: 5 }])
      expect(validateIntake(raw, config, NOW).ok).toBe(false);
  });

  it.each([
    ['2026-11-20T09:30', '2026-11-20 09:30'],
    ['2026-11-20 09:30', '2026-11-20 09:30'],
    ['2026-11-20T01:30:00Z', '2026-11-20 09:30'],
    ['2026-11-20T09:30:00+08:00', '2026-11-20 09:30'],
  ])('reads the receipt time %s as mall-local %s', (raw, local) => {
    expect(toBj(parseReceivedAt(raw, config.timeZone)!)).toBe(local);
  });
});

describe('intakeFromForm', () => {
  it('nests the contact, drops empty fields, and takes the answer only when ticked', () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      channel: 'desk',
      kind: 'inquiry',
      category: 'other',
      description: '停车场几点关门？',
      phone: '13800138000',
      consent: '1',
      name: '',
      floor: '',
      answer: '22:30 关闭',
    }))
      form.set(k, v);
    expect(intakeFromForm(form)).toEqual({
      channel: 'desk',
      kind: 'inquiry',
      category: 'other',
      description: '停车场几点关门？',
      contact: { phone: '13800138000' },
      consent: true,
    });
    form.set('onTheSpot', '1');
    expect(intakeFromForm(form).answer).toBe('22:30 关闭');
  });
});

describe('createDeskTicket', () => {
  const intake = (over: Partial<Intake> = {}): Intake => ({
    channel: 'letter',
    receivedAt: bj('2026-11-20 21:55'),
    kind: 'complaint',
    category: 'service',
    description: '信中反映收银员态度差',
    urgency: 'normal',
    consent: false,
    ...over,
  });

  it('stores the channel and runs the clocks from the time of receipt', () => {
    const t = ticketSchema.parse(createDeskTicket(intake(), params, staff, config));
    expect(t).toMatchObject({
      channel: 'letter',
      status: 'received',
      createdAt: new Date(bj('2026-11-20 21:55')).toISOString(),
    });
    expect(t.events).toEqual([{ at: new Date(NOW).toISOString(), by: staff, type: 'created', to: 'received' }]);
    const due = Object.fromEntries(computeMilestones(t, config, NOW).map((m) => [m.rule.id, toBj(m.dueAt)]));
    expect(due).toEqual({ handoff: '2026-11-21 10:05', reply: '2026-11-21 21:55' });
  });

  it('the department named as the object handles it; else the tenant’s or the category’s', () => {
    expect(createDeskTicket(intake({ department: 'cleaning' }), params, staff, config).department).toBe('cleaning');
    expect(createDeskTicket(intake(), params, staff, config).department).toBe('service-centre');
  });

  it('an inquiry answered on the spot is recorded, answered and closed in one step', () => {
    const t = ticketSchema.parse(
      createDeskTicket(
        intake({ channel: 'desk', kind: 'inquiry', receivedAt: NOW, answer: '停车场 22:30 关闭' }),
        params,
        staff,
        config,
      ),
    );
    expect(t.status).toBe('closed');
    expect(t.events.map((e) => [e.type, e.action, e.to])).toEqual([
      ['created', undefined, 'received'],
      ['transition', 'reply', 'replied'],
      ['transition', 'close', 'closed'],
    ]);
    const ms = computeMilestones(t, config, NOW + 86_400_000 * 3);
    expect(ms.every((m) => m.metAt === NOW && !m.overdue)).toBe(true);
    expect(publicView(t, config, () => ({ zh: '', en: '' }), NOW).timeline.map((e) => e.note)).toEqual([
      undefined,
      '停车场 22:30 关闭',
      undefined,
    ]);
  });

  it('tickets stored before channels existed read as kiosk tickets', () => {
    expect(channelOf(ticketSchema.parse(ticketAt('2026-11-22 10:00')))).toBe('kiosk');
  });
});
