import { afterEach, describe, expect, it } from 'vitest';
import { MALL } from '../../../../src/lib/mall/mall';
import { localDay } from '../../../../src/lib/time/mall-time';
import {
  checkReturn,
  citedClauses,
  lastDayToReturn,
  returnRulesProblems,
  type CheckContext,
} from '../../../../src/lib/returns/returns';
import { RETURN_RULES } from '../../../../src/lib/returns/rules';
import { CATEGORY_IDS, type ReturnCheckInput, type ReturnRules } from '../../../../src/lib/returns/schema';

const ctx: CheckContext = { rules: RETURN_RULES, mall: MALL, clauseUrl: (id) => `/policies/x/y#${id}` };
const base: ReturnCheckInput = {
  category: 'apparel',
  purchaseDate: '2026-03-01',
  checkDate: '2026-03-02',
  proof: 'receipt',
  condition: 'unused',
  qualityIssue: false,
};
const check = (over: Partial<ReturnCheckInput>, context = ctx) => checkReturn({ ...base, ...over }, context);
const codes = (over: Partial<ReturnCheckInput>, context = ctx) => check(over, context).reasons.map((r) => r.code);
const withRules = (over: Partial<ReturnRules>): CheckContext => ({ ...ctx, rules: { ...RETURN_RULES, ...over } });

describe('the rules in content/rules/returns.yaml', () => {
  it('has the defaults of the policy: 15 days, purchase day not counted, the five seed exclusions plus medicine and opened food', () => {
    expect(RETURN_RULES.window.days).toBe(15);
    expect(RETURN_RULES.dayCounting.countPurchaseDay).toBe(false);
    expect([...RETURN_RULES.excluded.categories].sort()).toEqual([
      'cosmetics',
      'food-opened',
      'gold-platinum',
      'jewelry-jade',
      'medicine',
      'underwear',
      'watches',
    ]);
    // Medicine and opened food cite their own legal basis; unopened food is returnable.
    expect(RETURN_RULES.excluded.clauses).toEqual({ medicine: 'returns-2.5', 'food-opened': 'returns-2.6' });
    expect(RETURN_RULES.excluded.categories).not.toContain('food');
    expect(RETURN_RULES.proof.accepted).toEqual(['receipt', 'invoice']);
    expect(RETURN_RULES.resalable.conditions).toEqual(['unused']);
  });
});

describe('the window: purchase day not counted, ends at 24:00 of day 15', () => {
  it.each([
    // purchase, check, outcome, daysSincePurchase, lastDay
    ['2026-03-01', '2026-03-01', 'return_or_exchange', 0, '2026-03-16'],
    ['2026-03-01', '2026-03-02', 'return_or_exchange', 1, '2026-03-16'],
    ['2026-03-01', '2026-03-16', 'return_or_exchange', 15, '2026-03-16'], // day 15: last day
    ['2026-03-01', '2026-03-17', 'refer_to_desk', 16, '2026-03-16'], // day 16: too late
    ['2026-01-31', '2026-02-15', 'return_or_exchange', 15, '2026-02-15'], // bought on the 31st
    ['2026-01-31', '2026-02-16', 'refer_to_desk', 16, '2026-02-15'],
    ['2026-03-31', '2026-04-15', 'return_or_exchange', 15, '2026-04-15'],
    ['2026-03-31', '2026-04-16', 'refer_to_desk', 16, '2026-04-15'],
    ['2026-04-30', '2026-05-15', 'return_or_exchange', 15, '2026-05-15'], // month end
    ['2028-02-29', '2028-03-15', 'return_or_exchange', 15, '2028-03-15'], // leap day
    ['2028-02-29', '2028-03-16', 'refer_to_desk', 16, '2028-03-15'],
    ['2028-02-14', '2028-02-29', 'return_or_exchange', 15, '2028-02-29'], // window ends on a leap day
    ['2027-02-14', '2027-03-01', 'return_or_exchange', 15, '2027-03-01'], // no leap day in 2027
    ['2027-02-14', '2027-03-02', 'refer_to_desk', 16, '2027-03-01'],
    ['2026-12-20', '2027-01-04', 'return_or_exchange', 15, '2027-01-04'], // across the year end
    ['2026-12-31', '2027-01-15', 'return_or_exchange', 15, '2027-01-15'],
    ['2026-12-31', '2027-01-16', 'refer_to_desk', 16, '2027-01-15'],
    ['2025-03-01', '2026-03-01', 'refer_to_desk', 365, '2025-03-16'],
  ] as const)('bought %s, checked %s → %s (day %i, last day %s)', (purchaseDate, checkDate, outcome, days, lastDay) => {
    const result = check({ purchaseDate, checkDate });
    expect(result.outcome).toBe(outcome);
    expect(result.daysSincePurchase).toBe(days);
    expect(result.lastDay).toBe(lastDay);
    if (outcome === 'refer_to_desk') expect(result.reasons.map((r) => r.code)).toEqual(['window_expired']);
  });

  describe('a check at 23:59 and 00:01 in Asia/Shanghai, whatever time zone the server runs in', () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });
    it.each([
      ['UTC', '2026-03-16T15:59:00Z', 'return_or_exchange'], // 23:59 on 16 March, Shanghai: day 15
      ['UTC', '2026-03-16T16:01:00Z', 'refer_to_desk'], // 00:01 on 17 March, Shanghai: day 16
      ['America/New_York', '2026-03-16T15:59:00Z', 'return_or_exchange'],
      ['America/New_York', '2026-03-16T16:01:00Z', 'refer_to_desk'],
      ['Asia/Shanghai', '2026-03-16T15:59:00Z', 'return_or_exchange'],
      ['Asia/Shanghai', '2026-03-16T16:01:00Z', 'refer_to_desk'],
    ])('TZ=%s, at %s → %s', (tz, instant, outcome) => {
      process.env.TZ = tz;
      const checkDate = localDay(Date.parse(instant), MALL.timeZone);
      expect(check({ purchaseDate: '2026-03-01', checkDate }).outcome).toBe(outcome);
    });
  });

  it('counts the purchase day when a mall configures it so, and takes another window length', () => {
    const counted = withRules({ dayCounting: { ...RETURN_RULES.dayCounting, countPurchaseDay: true } });
    expect(check({ checkDate: '2026-03-15' }, counted).outcome).toBe('return_or_exchange');
    expect(check({ checkDate: '2026-03-16' }, counted).outcome).toBe('refer_to_desk');
    expect(lastDayToReturn('2026-03-01', counted.rules)).toBe('2026-03-15');
    const week = withRules({ window: { ...RETURN_RULES.window, days: 7 } });
    expect(check({ checkDate: '2026-03-08' }, week).outcome).toBe('return_or_exchange');
    expect(check({ checkDate: '2026-03-09' }, week).outcome).toBe('refer_to_desk');
  });

  it('refuses a purchase after the check date (the API answers 400 before this)', () => {
    expect(() => check({ purchaseDate: '2026-03-03', checkDate: '2026-03-02' })).toThrow(/returns:/);
  });
});

describe('proof, state and category', () => {
  it.each([
    ['receipt', 'unused', []],
    ['invoice', 'unused', []],
    ['none', 'unused', ['no_proof']],
    ['receipt', 'used', ['not_resalable']],
    ['invoice', 'damaged', ['not_resalable']],
    ['none', 'damaged', ['no_proof', 'not_resalable']],
  ] as const)('proof %s, %s → failing %j', (proof, condition, failing) => {
    const result = check({ proof, condition });
    expect(result.outcome).toBe(failing.length ? 'refer_to_desk' : 'return_or_exchange');
    if (failing.length) expect(result.reasons.map((r) => r.code)).toEqual(failing);
  });

  const excluded = ['cosmetics', 'gold-platinum', 'jewelry-jade', 'watches', 'underwear', 'medicine', 'food-opened'];
  it.each(CATEGORY_IDS.map((id) => [id, excluded.includes(id)] as const))(
    'category %s excluded: %s',
    (category, isExcluded) => {
      const result = check({ category });
      expect(result.outcome).toBe(isExcluded ? 'refer_to_desk' : 'return_or_exchange');
      expect(result.reasons.some((r) => r.code === 'excluded_category')).toBe(isExcluded);
    },
  );

  it('follows the mall’s own lists: an empty exclusion list, used goods accepted, invoices only', () => {
    expect(
      check({ category: 'cosmetics' }, withRules({ excluded: { ...RETURN_RULES.excluded, categories: [] } })).outcome,
    ).toBe('return_or_exchange');
    expect(
      check(
        { condition: 'used' },
        withRules({ resalable: { ...RETURN_RULES.resalable, conditions: ['unused', 'used'] } }),
      ).outcome,
    ).toBe('return_or_exchange');
    expect(codes({ proof: 'receipt' }, withRules({ proof: { ...RETURN_RULES.proof, accepted: ['invoice'] } }))).toEqual(
      ['no_proof'],
    );
  });

  it('lists every failing condition at once, in a fixed order, each with its clause', () => {
    const result = check({
      category: 'cosmetics',
      purchaseDate: '2026-01-01',
      checkDate: '2026-03-01',
      proof: 'none',
      condition: 'damaged',
    });
    expect(result.outcome).toBe('refer_to_desk');
    expect(result.reasons.map((r) => [r.code, r.clause.id])).toEqual([
      ['window_expired', 'returns-1.1'],
      ['no_proof', 'returns-1.3'],
      ['not_resalable', 'returns-1.2'],
      ['excluded_category', 'returns-2.1'],
    ]);
    for (const r of result.reasons) expect(r.clause.url).toBe(`/policies/x/y#${r.clause.id}`);
    expect(result.nextSteps.map((s) => s.zh).join()).toContain(MALL.serviceDesk.zh);
    expect(result.nextSteps.map((s) => s.en).join()).toContain(MALL.serviceDesk.en);
  });
});

describe('quality problems go to the service desk, whatever else holds', () => {
  it.each([
    ['an excluded category', { category: 'watches' }],
    [
      'a used jewel bought long ago',
      { category: 'jewelry-jade', condition: 'used', purchaseDate: '2025-06-01', checkDate: '2026-03-01' },
    ],
    ['a damaged coat on day 16', { condition: 'damaged', checkDate: '2026-03-17' }],
    ['returnable goods', {}],
  ] as const)('%s → quality_claim citing returns-3.1', (_, over) => {
    const result = check({ ...over, qualityIssue: true });
    expect(result.outcome).toBe('quality_claim');
    expect(result.reasons.map((r) => [r.code, r.clause.id])).toEqual([['quality_issue', 'returns-3.1']]);
    expect(result.nextSteps.map((s) => s.zh).join()).toContain(MALL.serviceDesk.zh);
  });

  it('without proof it is still a quality claim, and says the desk helps to verify the purchase', () => {
    const result = check({ category: 'underwear', proof: 'none', qualityIssue: true });
    expect(result.outcome).toBe('quality_claim');
    expect(result.reasons.map((r) => [r.code, r.clause.id])).toEqual([
      ['quality_issue', 'returns-3.1'],
      ['proof_helps', 'returns-3.2'],
    ]);
  });
});

describe('a return the counter can do now', () => {
  it('cites the clause of every condition that holds and says when and where to go', () => {
    const result = check({ proof: 'invoice', checkDate: '2026-03-16' });
    expect(result.reasons.map((r) => [r.code, r.clause.id])).toEqual([
      ['within_window', 'returns-1.1'],
      ['proof_ok', 'returns-1.3'],
      ['resalable', 'returns-1.2'],
      ['category_returnable', 'returns-2.1'],
    ]);
    expect(result.reasons[0].message.zh).toContain('2026年3月16日');
    expect(result.reasons[0].message.en).toContain('16 March 2026');
    expect(result.reasons[1].message.zh).toContain('发票');
    expect(result.nextSteps[1].en).toContain(MALL.openingHours.close);
  });

  it('explains an expired window with its last day and the day count in both languages', () => {
    const [reason] = check({ checkDate: '2026-03-20' }).reasons;
    expect(reason.message.zh).toContain('2026年3月16日');
    expect(reason.message.zh).toContain('第 19 天');
    expect(reason.message.en).toContain('day 19');
  });
});

describe('medicine and opened food', () => {
  it.each([
    ['medicine', 'returns-2.5'],
    ['food-opened', 'returns-2.6'],
  ] as const)('%s is referred to the desk citing its own clause %s', (category, clause) => {
    const result = check({ category });
    expect(result.outcome).toBe('refer_to_desk');
    expect(result.reasons.find((r) => r.code === 'excluded_category')?.clause.id).toBe(clause);
  });

  it('takes a quality problem with medicine through the quality route', () => {
    expect(check({ category: 'medicine', qualityIssue: true }).outcome).toBe('quality_claim');
  });
});

describe('the messages name what they are about', () => {
  it.each([
    ['apparel', '服装', 'Clothing'],
    ['cosmetics', '化妆品', 'Cosmetics'],
    ['underwear', '内衣', 'Underwear'],
  ] as const)('category %s', (category, zhName, enName) => {
    const rules = withRules({ excluded: { ...RETURN_RULES.excluded, categories: ['cosmetics', 'underwear'] } });
    const about = check({ category }, rules).reasons.find(
      (r) => r.code === 'excluded_category' || r.code === 'category_returnable',
    )!;
    expect([about.message.zh, about.message.en]).toEqual([
      expect.stringContaining(zhName),
      expect.stringContaining(enName),
    ]);
  });

  it('the state of the goods, the proof to bring and the window of a quality claim', () => {
    const used = check({ condition: 'used' }).reasons.find((r) => r.code === 'not_resalable')!;
    expect(used.message.zh).toContain('已使用');
    expect(used.message.en).toContain('Used');
    const ok = check({ proof: 'receipt' });
    expect(ok.reasons[1].message.zh).toContain('购物小票');
    expect(ok.nextSteps[0].zh).toContain('购物小票');
    expect(ok.nextSteps[0].en).toContain('receipt');
    const quality = check({ qualityIssue: true }, withRules({ window: { ...RETURN_RULES.window, days: 7 } }));
    expect(quality.reasons[0].message.zh).toContain('7');
    expect(quality.reasons[0].message.zh).not.toContain('{days}');
  });

  it('counts the purchase day in the day number when the mall counts it', () => {
    const counted = withRules({ dayCounting: { ...RETURN_RULES.dayCounting, countPurchaseDay: true } });
    const [reason] = check({ checkDate: '2026-03-20' }, counted).reasons;
    expect(reason.code).toBe('window_expired');
    expect(reason.message.zh).toContain('第 20 天');
    expect(reason.message.en).toContain('day 20');
  });
});

describe('returnRulesProblems: the build’s check of returns.yaml', () => {
  const all = new Set(citedClauses(RETURN_RULES));
  it('finds nothing wrong with the real rules', () => {
    expect(returnRulesProblems(RETURN_RULES, all)).toEqual([]);
  });
  it('names each cited clause the library lacks, in rule order', () => {
    const lacking = new Set([...all].filter((id) => id !== 'returns-1.2' && id !== 'returns-3.1'));
    expect(returnRulesProblems(RETURN_RULES, lacking, 'rules.yaml')).toEqual([
      'rules.yaml: cites clause "returns-1.2", which does not exist in content/policies',
      'rules.yaml: cites clause "returns-3.1", which does not exist in content/policies',
    ]);
  });
  it('names the field of a schema violation, and the root for a wrong shape', () => {
    const bad = { ...RETURN_RULES, window: { ...RETURN_RULES.window, days: 'fifteen' } };
    const problems = returnRulesProblems(bad, all);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^content\/rules\/returns\.yaml: field "window\.days": ./);
    expect(returnRulesProblems('nonsense', all)).toEqual([
      expect.stringMatching(/^content\/rules\/returns\.yaml: field "\(root\)": ./),
    ]);
  });
});

describe('citedClauses', () => {
  it('lists each clause the rules rest on once', () => {
    expect(citedClauses(RETURN_RULES)).toEqual([
      'returns-1.1',
      'returns-1.2',
      'returns-1.3',
      'returns-1.4',
      'returns-2.1',
      'returns-2.5',
      'returns-2.6',
      'returns-3.1',
      'returns-3.2',
      'returns-4.1',
    ]);
  });
});
