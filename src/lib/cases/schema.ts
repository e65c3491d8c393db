/**
 * Schemas of the case library (案例库, complaints-8.3): a stored case, anonymised, and the
 * supervisor's form that makes one from a closed ticket. Types derive from the schemas.
 */
import { z } from 'astro/zod';
import { cleanText } from '../input/hygiene';
import { CLAUSE_ID_PATTERN } from '../policies/schema';
import { TICKET_NO_PATTERN } from '../feedback/schema';

/** Free text of a case: cleaned of controls, trimmed, bounded. */
const text = (max: number, required = true) =>
  z
    .string()
    .transform(cleanText)
    .pipe(required ? z.string().trim().min(1).max(max) : z.string().trim().max(max));

/** Clause ids, from a list or from one text field ("complaints-3.2, complaints-5.1"), distinct. */
export const clauseListSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,，、;；]+/)).map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(CLAUSE_ID_PATTERN, 'not a clause id'))
      .min(1, 'cite at least one clause')
      .max(10)
      .transform((ids) => [...new Set(ids)]),
  );

/** Whether the case names the tenant or stands for it with its kind (某餐饮商户). */
export const TENANT_MODES = ['keep', 'replace'] as const;

/** A stored case: nothing in it names or reaches a person. */
export const caseSchema = z.strictObject({
  /** Random id, used in URLs. */
  id: z.string().min(1),
  /** The closed ticket it was made from (one case per ticket); shown only to those who see tickets. */
  sourceNo: z.string().regex(TICKET_NO_PATTERN),
  /** Short title, e.g. "试衣间丢失手机的投诉". */
  title: z.string().min(1).max(80),
  /** Ticket kind and category at closing (for the filter). */
  kind: z.string().min(1),
  category: z.string().min(1),
  /** The tenant's id when kept (else absent), and what the case calls it. */
  tenantId: z.string().optional(),
  tenantLabel: z.string().max(40).optional(),
  /** Month the ticket was received (YYYY-MM); never the day or the time. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  /** 经过: what happened, anonymised. */
  happened: z.string().min(1).max(2000),
  /** 处理过程: how the desk handled it, anonymised. */
  handling: z.string().max(2000),
  /** 结果: how it ended, anonymised. */
  outcome: z.string().max(1000),
  /** Satisfaction at the follow-up (1–5), if recorded. */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** 经验和教训: the lesson learned. */
  lesson: z.string().min(1).max(1000),
  /** Clauses the case illustrates (each exists in the library). */
  clauses: z.array(z.string().regex(CLAUSE_ID_PATTERN)).min(1).max(10),
  /** When it was added (ISO). Who added it is in the audit log, not in the case. */
  createdAt: z.string(),
});
export type Case = z.infer<typeof caseSchema>;

/** The supervisor's form (the preview's fields, edited). */
export const caseFormSchema = z.object({
  /** The closed ticket. */
  no: z.string().trim().regex(TICKET_NO_PATTERN, 'not a ticket number'),
  title: text(80),
  clauses: clauseListSchema,
  happened: text(2000),
  handling: text(2000, false).default(''),
  outcome: text(1000, false).default(''),
  lesson: text(1000),
  tenantMode: z.enum(TENANT_MODES).default('replace'),
});
export type CaseForm = z.infer<typeof caseFormSchema>;

/** The case library's search: free text, a clause, a category (all optional). */
export const caseQuerySchema = z.object({
  q: z.string().transform(cleanText).pipe(z.string().trim().max(100)).optional(),
  clause: z.string().trim().regex(CLAUSE_ID_PATTERN).optional().catch(undefined),
  category: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
});
export type CaseQuery = z.infer<typeof caseQuerySchema>;
