/**
 * Schemas of the return check: the rules file (`content/rules/returns.yaml`), the API request
 * and the result. Category, proof and condition ids are part of the public API contract.
 */
import { z } from 'astro/zod';
import { bilingual } from '../i18n/dict';
import { MAX_YEAR, MIN_YEAR, SANE_YEAR_PREFIX } from '../input/hygiene';
import { CLAUSE_ID_PATTERN } from '../policies/schema';

/** Product categories a shopper picks from; the ids are part of the API contract. */
export const CATEGORY_IDS = [
  'cosmetics',
  'gold-platinum',
  'jewelry-jade',
  'watches',
  'underwear',
  'apparel',
  'footwear',
  'bags-accessories',
  'electronics',
  'home-appliances',
  'furniture',
  'home-textiles',
  'toys',
  'sports',
  'books-stationery',
  'food',
  'food-opened',
  'medicine',
  'other',
] as const;
export const categoryIdSchema = z.enum(CATEGORY_IDS);
export type CategoryId = z.infer<typeof categoryIdSchema>;

/** Proof of purchase the shopper has: the till slip's third copy, an invoice, or none. */
export const PROOFS = ['receipt', 'invoice', 'none'] as const;
export const proofSchema = z.enum(PROOFS);
export type Proof = z.infer<typeof proofSchema>;

/** State of the goods as the shopper reports it. */
export const CONDITIONS = ['unused', 'used', 'damaged'] as const;
export const conditionSchema = z.enum(CONDITIONS);
export type Condition = z.infer<typeof conditionSchema>;

const clauseId = z.string().regex(CLAUSE_ID_PATTERN, 'expected a clause id like returns-1.1');

/** `content/rules/returns.yaml`: the return and exchange rules, each citing its clause. */
export const returnRulesSchema = z.strictObject({
  /** The window in which a counter takes goods back directly. */
  window: z.strictObject({
    /** Length of the window in days (15 by default). */
    days: z.number().int().min(1).max(365),
    /** Clause the window rests on. */
    clause: clauseId,
  }),
  /** How the days are counted, in the mall's time zone (content/mall/mall.yaml). */
  dayCounting: z.strictObject({
    /** true: the purchase day is day 1; false (default, civil-law rule): day 1 is the day after. */
    countPurchaseDay: z.boolean(),
    /** Clause on day counting. */
    clause: clauseId,
  }),
  /** The goods must be resalable. */
  resalable: z.strictObject({
    /** Conditions that count as resalable (by default only `unused`). */
    conditions: z.array(conditionSchema).min(1),
    /** Clause on the state of the goods. */
    clause: clauseId,
  }),
  /** Proof of purchase. */
  proof: z.strictObject({
    /** Proofs the counter accepts (by default `receipt` and `invoice`). */
    accepted: z.array(proofSchema.exclude(['none'])).min(1),
    /** Clause on proof of purchase. */
    clause: clauseId,
  }),
  /** Goods a counter never takes back directly (quality problems excepted). */
  excluded: z.strictObject({
    /** Excluded category ids. */
    categories: z.array(categoryIdSchema),
    /** Clause listing the excluded goods. */
    clause: clauseId,
    /** Clause with a category's own legal basis, where it has one (else `clause`). */
    clauses: z.partialRecord(categoryIdSchema, clauseId).default({}),
  }),
  /** Quality problems go to the service desk under 三包, whatever the category or date. */
  quality: z.strictObject({
    /** Clause on the quality route. */
    clause: clauseId,
    /** Clause on what to bring to the service desk. */
    bringClause: clauseId,
  }),
  /** Referral to the section manager when a condition fails. */
  referral: z.strictObject({
    /** Clause on referral. */
    clause: clauseId,
  }),
  /** Every category with its names; all ids of CATEGORY_IDS, each once. */
  categories: z
    .array(
      z.strictObject({
        /** Category id (API contract). */
        id: categoryIdSchema,
        /** Name in Simplified Chinese. */
        zh: z.string().min(1),
        /** Name in English. */
        en: z.string().min(1),
        /** Other Chinese names the policy pages use for it (the content check matches pages by them). */
        aliases: z.array(z.string().min(1)).default([]),
      }),
    )
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      for (const c of list) {
        if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `category "${c.id}" is listed twice` });
        seen.add(c.id);
      }
      for (const id of CATEGORY_IDS) {
        if (!seen.has(id))
          ctx.addIssue({ code: 'custom', message: `category "${id}" is missing (ids are part of the API contract)` });
      }
    }),
});
export type ReturnRules = z.infer<typeof returnRulesSchema>;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not), in MIN_YEAR..MAX_YEAR. */
export const isoDateSchema = z.iso.date().regex(SANE_YEAR_PREFIX);

const DATE_MESSAGE = bilingual('api.returns.field.date', { min: MIN_YEAR, max: MAX_YEAR });

/** Bilingual messages per field and issue code for a 400 answer (see fieldErrors in api/http.ts). */
export const CHECK_REQUEST_LABELS = {
  category: { invalid_value: bilingual('api.returns.field.category') },
  purchaseDate: {
    invalid_format: DATE_MESSAGE,
    custom: bilingual('api.returns.field.purchaseAfterCheck'),
  },
  checkDate: { invalid_format: DATE_MESSAGE },
  proof: { invalid_value: bilingual('api.returns.field.proof') },
  condition: { invalid_value: bilingual('api.returns.field.condition') },
  qualityIssue: { invalid_type: bilingual('api.returns.field.qualityIssue') },
};

/**
 * Body of `POST /api/returns/check`. `today` is the mall's date, the default check date.
 * Unknown keys are refused; the purchase date may not be after the check date.
 */
export function checkRequestSchema(today: string) {
  return z
    .strictObject({
      /** Category id. */
      category: categoryIdSchema,
      /** Purchase date, mall-local, YYYY-MM-DD. */
      purchaseDate: isoDateSchema,
      /** Date of the check, mall-local; default: today in the mall's time zone. */
      checkDate: isoDateSchema.optional(),
      /** Proof of purchase the shopper has. */
      proof: proofSchema,
      /** State of the goods. */
      condition: conditionSchema,
      /** Whether the shopper reports a quality problem. */
      qualityIssue: z.boolean(),
    })
    .transform((v) => ({ ...v, checkDate: v.checkDate ?? today }))
    .superRefine((v, ctx) => {
      if (v.purchaseDate > v.checkDate)
        ctx.addIssue({ code: 'custom', path: ['purchaseDate'], message: 'after the check date' });
    });
}
export type CheckRequest = z.output<ReturnType<typeof checkRequestSchema>>;

/** Input of the engine: a request with its check date resolved. */
export type ReturnCheckInput = CheckRequest;

export const OUTCOMES = ['return_or_exchange', 'quality_claim', 'refer_to_desk'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Reason codes. refer_to_desk lists every failing condition (window_expired, no_proof,
 * not_resalable, excluded_category); return_or_exchange lists the conditions that hold
 * (within_window, proof_ok, resalable, category_returnable); quality_claim lists
 * quality_issue and, without proof, proof_helps.
 */
export type ReasonCode =
  | 'window_expired'
  | 'no_proof'
  | 'not_resalable'
  | 'excluded_category'
  | 'within_window'
  | 'proof_ok'
  | 'resalable'
  | 'category_returnable'
  | 'quality_issue'
  | 'proof_helps';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Reason {
  code: ReasonCode;
  message: Bilingual;
  clause: { id: string; url: string };
}

/** What `POST /api/returns/check` answers. */
export interface ReturnCheckResult {
  outcome: Outcome;
  /** Calendar days from the purchase date to the check date, mall-local. */
  daysSincePurchase: number;
  /** Last day of the window (its end is 24:00 of this day, mall-local). */
  lastDay: string;
  reasons: Reason[];
  nextSteps: Bilingual[];
}
