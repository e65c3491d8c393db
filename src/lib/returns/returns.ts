/**
 * The return and exchange check: a pure function of the shopper's answers, the rules
 * (content/rules/returns.yaml), the mall and the check date. The API and the kiosk both go
 * through it; nothing else decides whether goods can go back.
 *
 * Outcomes:
 * - `quality_claim` whenever a quality problem is reported: the service desk handles it under
 *   三包 whatever the category, date, state or proof. Without proof it is still a quality claim;
 *   the reasons then say the desk helps to verify the purchase.
 * - `refer_to_desk` when any condition fails; `reasons` lists every failing one.
 * - `return_or_exchange` when every condition holds; `reasons` lists the conditions that hold,
 *   each with its clause, so the shopper sees why.
 */
import { translator, type MessageKey } from '../i18n/dict';
import type { Mall } from '../mall/schema';
import { addDays, daysBetween } from '../time/mall-time';
import {
  returnRulesSchema,
  type Bilingual,
  type CategoryId,
  type Reason,
  type ReasonCode,
  type ReturnCheckInput,
  type ReturnCheckResult,
  type ReturnRules,
} from './schema';

/** What the check needs besides the answers. */
export interface CheckContext {
  rules: ReturnRules;
  mall: Pick<Mall, 'serviceDesk' | 'openingHours'>;
  /** Deep link of a clause id (`/policies/<section>/<slug>#<id>`). */
  clauseUrl: (id: string) => string;
}

const zh = translator('zh-CN');
const en = translator('en');

// Built once: constructing an Intl formatter costs far more than a whole decision.
const DATE_FORMATS = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  'en-GB': new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
};
const formatDate = (date: string, lang: keyof typeof DATE_FORMATS) =>
  DATE_FORMATS[lang].format(new Date(`${date}T00:00:00Z`));

type Params = Record<string, string | number | Bilingual>;

/** A bilingual message from the dictionary; Bilingual params are picked per language. */
function message(key: MessageKey, params: Params = {}): Bilingual {
  const pick = (lang: 'zh' | 'en') =>
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? v[lang] : v]));
  return { zh: zh(key, pick('zh')), en: en(key, pick('en')) };
}

const bilingualDate = (date: string): Bilingual => ({ zh: formatDate(date, 'zh-CN'), en: formatDate(date, 'en-GB') });

/** Last day of the window for a purchase date (the window ends at 24:00 of it, mall-local). */
export function lastDayToReturn(purchaseDate: string, rules: ReturnRules): string {
  return addDays(purchaseDate, rules.window.days - (rules.dayCounting.countPurchaseDay ? 1 : 0));
}

/** Decides a return check. `input.checkDate` is the mall-local date of the check. */
export function checkReturn(input: ReturnCheckInput, ctx: CheckContext): ReturnCheckResult {
  const { rules, mall } = ctx;
  const daysSincePurchase = daysBetween(input.purchaseDate, input.checkDate);
  if (daysSincePurchase < 0) throw new Error('returns: purchase date after the check date');
  const lastDay = lastDayToReturn(input.purchaseDate, rules);
  const reason = (code: ReasonCode, clause: string, params?: Params): Reason => ({
    code,
    message: message(`returns.reason.${code}`, params),
    clause: { id: clause, url: ctx.clauseUrl(clause) },
  });
  const category = rules.categories.find((c) => c.id === input.category)!;
  const desk = mall.serviceDesk;
  const dayNumber = daysSincePurchase + (rules.dayCounting.countPurchaseDay ? 1 : 0);

  if (input.qualityIssue) {
    const reasons = [reason('quality_issue', rules.quality.clause, { days: rules.window.days })];
    if (input.proof === 'none') reasons.push(reason('proof_helps', rules.quality.bringClause));
    return {
      outcome: 'quality_claim',
      daysSincePurchase,
      lastDay,
      reasons,
      nextSteps: [message('returns.next.quality.bring'), message('returns.next.desk', { desk })],
    };
  }

  const inWindow = input.checkDate <= lastDay;
  // `accepted` can never list 'none' (the schema excludes it), so no proof never counts as proof.
  const hasProof = (rules.proof.accepted as string[]).includes(input.proof);
  const resalable = rules.resalable.conditions.includes(input.condition);
  const excluded = rules.excluded.categories.includes(input.category);
  const window = { days: rules.window.days, lastDay: bilingualDate(lastDay), count: dayNumber };
  const proofName = message(`returns.proof.${input.proof}`);

  const failing: Reason[] = [];
  if (!inWindow) failing.push(reason('window_expired', rules.window.clause, window));
  if (!hasProof) failing.push(reason('no_proof', rules.proof.clause));
  if (!resalable)
    failing.push(
      reason('not_resalable', rules.resalable.clause, { condition: message(`returns.condition.${input.condition}`) }),
    );
  if (excluded) failing.push(reason('excluded_category', exclusionClause(rules, input.category), { category }));

  if (failing.length > 0) {
    return {
      outcome: 'refer_to_desk',
      daysSincePurchase,
      lastDay,
      reasons: failing,
      nextSteps: [
        message('returns.next.refer', { desk }),
        message('returns.next.refer.bring'),
        message('returns.next.refer.quality'),
      ],
    };
  }
  return {
    outcome: 'return_or_exchange',
    daysSincePurchase,
    lastDay,
    reasons: [
      reason('within_window', rules.window.clause, window),
      reason('proof_ok', rules.proof.clause, { proof: proofName }),
      reason('resalable', rules.resalable.clause),
      reason('category_returnable', rules.excluded.clause, { category }),
    ],
    nextSteps: [
      message('returns.next.counter', { proof: proofName }),
      message('returns.next.beforeClose', { lastDay: bilingualDate(lastDay), close: mall.openingHours.close }),
    ],
  };
}

/** The clause that excludes a category: its own legal basis where the rules name one, else the list's clause. */
export function exclusionClause(rules: ReturnRules, category: CategoryId): string {
  return rules.excluded.clauses[category] ?? rules.excluded.clause;
}

/** Every clause id the rules cite, in rule order. */
export function citedClauses(rules: ReturnRules): string[] {
  const ids = [
    rules.window.clause,
    rules.resalable.clause,
    rules.proof.clause,
    rules.dayCounting.clause,
    rules.excluded.clause,
    ...Object.values(rules.excluded.clauses),
    rules.quality.clause,
    rules.quality.bringClause,
    rules.referral.clause,
  ];
  return [...new Set(ids)];
}

/**
 * Problems of a parsed `returns.yaml` for the build's content check: schema violations and
 * clauses cited that the policy library does not have.
 */
export function returnRulesProblems(
  data: unknown,
  clauseIds: ReadonlySet<string>,
  file = 'content/rules/returns.yaml',
): string[] {
  const result = returnRulesSchema.safeParse(data);
  if (!result.success) {
    return result.error.issues.map((issue) => `${file}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  return citedClauses(result.data)
    .filter((id) => !clauseIds.has(id))
    .map((id) => `${file}: cites clause "${id}", which does not exist in content/policies`);
}
