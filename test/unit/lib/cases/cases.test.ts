import { describe, expect, it } from 'vitest';
import {
  buildCase,
  canBecomeCase,
  draftCase,
  personalDataOf,
  questionFromCaseHref,
  searchCases,
  tenantLabel,
  unknownClauses,
} from '../../../../src/lib/cases/cases';
import { caseFormSchema, caseQuerySchema, caseSchema, type Case } from '../../../../src/lib/cases/schema';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import { ticketAt } from '../feedback/fixtures';

const staff = { id: 'u-zhang', name: '张客服' };
const sup = { id: 'u-li', name: '李主管' };

/** A closed complaint whose text is full of personal data. */
function closedTicket(over: Partial<Ticket> = {}): Ticket {
  const t = ticketAt('2026-11-20 10:00', {
    name: '王小明',
    phone: '13912345678',
    address: '文三路 88 号',
    tenant: 'b1-food-court',
    description: '王小明在味道美食广场吃到异物，留电话 139 1234 5678，要求赔偿。',
    demand: '退款并道歉',
    status: 'closed',
    satisfaction: 4,
    assignee: '张客服',
    assigneeId: staff.id,
    ...over,
  });
  return {
    ...t,
    events: [
      ...t.events,
      {
        at: t.createdAt,
        by: sup,
        type: 'transition',
        action: 'assign',
        from: 'received',
        to: 'assigned',
        assignee: '张客服',
      },
      {
        at: t.createdAt,
        by: staff,
        type: 'transition',
        action: 'reply',
        from: 'in_progress',
        to: 'replied',
        note: '张客服已致电王先生（13912345678），味道美食广场同意退款。',
        public: true,
      },
      { at: t.createdAt, by: staff, type: 'note', note: '李主管提醒：身份证 110105199001011234 不要记录。' },
      {
        at: t.createdAt,
        by: staff,
        type: 'transition',
        action: 'followUp',
        from: 'replied',
        to: 'followed_up',
        satisfaction: 4,
        note: '王小明表示满意',
      },
    ],
  };
}

const FOOD_COURT = { id: 'b1-food-court', zh: '味道美食广场', department: 'food-beverage' };

describe('cases from closed tickets', () => {
  it('only takes closed tickets', () => {
    expect(canBecomeCase({ status: 'closed' })).toBe(true);
    for (const status of ['received', 'replied', 'followed_up', 'invalid'] as const)
      expect(canBecomeCase({ status })).toBe(false);
  });

  it('collects the shopper’s details and every staff name, not the kiosk or the system', () => {
    const data = personalDataOf(closedTicket());
    expect(data.customerName).toBe('王小明');
    expect(data.phone).toBe('13912345678');
    expect([...data.staffNames!].sort()).toEqual(['张客服', '李主管'].sort());
  });

  it('drafts 经过, 处理过程 and 结果 with no personal data left', () => {
    const t = closedTicket();
    const draft = draftCase(t, { category: '商品质量' });
    const all = [draft.title, draft.happened, draft.handling, draft.outcome].join('\n');
    for (const gone of ['王小明', '王先生', '13912345678', '139 1234 5678', '张客服', '李主管', '110105199001011234'])
      expect(all).not.toContain(gone);
    expect(draft.happened).toContain('诉求：退款并道歉');
    expect(draft.handling).toMatch(/^答复：客服人员已致电顾客/);
    expect(draft.outcome).toContain('满意度 4 分');
    expect(draft.removed.customer).toBeGreaterThanOrEqual(3);
    expect(draft.removed.phone).toBe(2);
    expect(draft.removed.staff).toBeGreaterThanOrEqual(2);
  });

  it('names the tenant only when kept, otherwise by its kind', () => {
    expect(tenantLabel(FOOD_COURT, 'keep')).toBe('味道美食广场');
    expect(tenantLabel(FOOD_COURT, 'replace')).toBe('某餐饮商户');
    expect(tenantLabel({ ...FOOD_COURT, department: 'sales' }, 'replace')).toBe('某专柜');
    expect(tenantLabel({ ...FOOD_COURT, department: 'elsewhere' }, 'replace')).toBe('某商户');
    expect(tenantLabel(undefined, 'keep')).toBeUndefined();
  });

  const form = caseFormSchema.parse({
    no: closedTicket().no,
    title: '王小明投诉美食广场异物',
    clauses: 'complaints-8.3, complaints-3.1 complaints-8.3',
    happened: '王小明（13800138000）在味道美食广场吃到异物。',
    handling: '张客服答复',
    outcome: '',
    lesson: '先安抚，再请商户到场。',
  });

  it('anonymises the edited form again and replaces the tenant’s name', () => {
    const t = closedTicket();
    const c = buildCase(form, t, FOOD_COURT, {
      id: 'c1',
      now: new Date('2026-11-30T02:00:00Z'),
      timeZoneMonth: '2026-11',
    });
    expect(caseSchema.parse(c)).toEqual(c);
    expect(c.title).toBe('顾客投诉美食广场异物');
    expect(c.happened).toBe('顾客（〔电话已隐去〕）在某餐饮商户吃到异物。');
    expect(c.handling).toBe('客服人员答复');
    expect(c.tenantLabel).toBe('某餐饮商户');
    expect(c.tenantId).toBeUndefined();
    expect(c.clauses).toEqual(['complaints-8.3', 'complaints-3.1']);
    expect(c).toMatchObject({ sourceNo: t.no, month: '2026-11', satisfaction: 4, kind: 'complaint' });
    const json = JSON.stringify(c);
    for (const gone of ['王小明', '张客服', '李主管', staff.id, sup.id, '13912345678', t.verifyCode, '文三路'])
      expect(json).not.toContain(gone);
  });

  it('keeps the tenant when the supervisor says so', () => {
    const c = buildCase({ ...form, tenantMode: 'keep' }, closedTicket(), FOOD_COURT, {
      id: 'c1',
      now: new Date(),
      timeZoneMonth: '2026-11',
    });
    expect(c.tenantLabel).toBe('味道美食广场');
    expect(c.tenantId).toBe('b1-food-court');
    expect(c.happened).toContain('味道美食广场');
  });

  it('names the clauses the library does not hold', () => {
    expect(unknownClauses(['complaints-8.3', 'returns-99.9'], new Set(['complaints-8.3']))).toEqual(['returns-99.9']);
  });
});

describe('the case form refuses bad fields by name', () => {
  const good = { no: 'FK20261120-0001', title: 't', clauses: 'complaints-8.3', happened: 'h', lesson: 'l' };
  it.each([
    ['no', { no: 'not-a-ticket' }],
    ['title', { title: '   ' }],
    ['title', { title: 'x'.repeat(81) }],
    ['clauses', { clauses: '' }],
    ['clauses', { clauses: 'complaints-8.3, DROP TABLE' }],
    ['clauses', { clauses: Array.from({ length: 11 }, (_, i) => `complaints-${i + 1}`).join(',') }],
    ['happened', { happened: '' }],
    ['lesson', { lesson: 'x'.repeat(1001) }],
    ['tenantMode', { tenantMode: 'publish' }],
  ])('%s', (field, over) => {
    const r = caseFormSchema.safeParse({ ...good, ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0])).toContain(field);
  });

  it('accepts a good form and strips controls', () => {
    const r = caseFormSchema.parse({ ...good, title: 'a\u0000b' });
    expect(r).toMatchObject({ title: 'ab', clauses: ['complaints-8.3'], tenantMode: 'replace', handling: '' });
  });

  it('ignores a bad clause or category in the search instead of failing', () => {
    expect(caseQuerySchema.parse({ q: ' 异物 ', clause: 'x y', category: '<script>' })).toEqual({ q: '异物' });
  });
});

describe('the case library', () => {
  const base = { kind: 'complaint', month: '2026-11', handling: '', outcome: '', createdAt: '2026-11-30T00:00:00Z' };
  const cases: Case[] = [
    {
      ...base,
      id: 'a',
      sourceNo: 'FK20261101-0001',
      title: '美食广场异物',
      category: 'quality',
      happened: '吃到异物',
      lesson: '先安抚',
      clauses: ['complaints-3.1'],
    },
    {
      ...base,
      id: 'b',
      sourceNo: 'FK20261101-0002',
      title: '收银员态度',
      category: 'service',
      happened: '态度差',
      lesson: '先道歉再解释',
      clauses: ['complaints-8.3', 'service-norms-3.8'],
    },
  ];
  it.each([
    [{}, ['a', 'b']],
    [{ q: '异物' }, ['a']],
    [{ q: '先 道歉' }, ['b']],
    [{ q: 'SERVICE-NORMS-3.8' }, ['b']],
    [{ clause: 'complaints-3.1' }, ['a']],
    [{ category: 'service' }, ['b']],
    [{ category: 'service', q: '异物' }, []],
  ])('%j finds %j', (query, ids) => {
    expect(searchCases(cases, query).map((c) => c.id)).toEqual(ids);
  });

  it('links to the question editor with the stem, clauses and case', () => {
    const href = questionFromCaseHref(cases[1]);
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/training/questions/new');
    expect(url.searchParams.get('clauses')).toBe('complaints-8.3,service-norms-3.8');
    expect(url.searchParams.get('case')).toBe('b');
    expect(url.searchParams.get('stem')).toContain('收银员态度');
  });
});
