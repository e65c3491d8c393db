/**
 * The escalation table (`content/mall/escalation.yaml`): one list of steps, each a role with its
 * contact and the clause that moves a complaint there. The policy page renders it and the SLA
 * configuration takes its ladder and interval from it, so the two can never disagree.
 */
import { z } from 'astro/zod';
import { CLAUSE_ID_PATTERN } from '../policies/schema';

const clauseId = z.string().regex(CLAUSE_ID_PATTERN, 'expected a clause id like complaints-4.1');
const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/** One step of the ladder. */
export const escalationStepSchema = z.strictObject({
  /** Stable id (tickets record the level by position; reports and inboxes by id). */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id'),
  /** Role, Chinese. */
  zh: z.string().min(1),
  /** Role, English. */
  en: z.string().min(1),
  /** The same step under the three-level model (专柜 / 营业科 / 稽查科). */
  threeLevel: text,
  /** How to reach the role. */
  contact: text,
  /** What moves a complaint to this step. */
  when: text,
  /** Clause that rule is written in. */
  clause: clauseId,
});

/** `content/mall/escalation.yaml`. */
export const escalationSchema = z.strictObject({
  /** Clause the table belongs to (rendered there). */
  clause: clauseId,
  /** Time a limit stays overdue before the ticket climbs one more step: `30m`, `1h`, `1d`. */
  every: z.string().regex(/^\d+[mhd]$/, 'expected an amount and a unit: 30m, 1h, 1d'),
  /** Clause that sets `every`. */
  everyClause: clauseId,
  /** The ladder, lowest first. */
  steps: z.array(escalationStepSchema).min(1),
  /** Who acts for every step outside opening hours. */
  afterHours: z.strictObject({
    zh: z.string().min(1),
    en: z.string().min(1),
    contact: text,
    when: text,
    clause: clauseId,
  }),
  /** Where a major complaint is reported, in order. */
  major: z.strictObject({ steps: z.array(text).min(1), clause: clauseId }),
});
export type Escalation = z.infer<typeof escalationSchema>;

/** Problems of a parsed table: duplicate step ids and clauses that do not exist. */
export function escalationProblems(table: Escalation, clauseIds: Set<string>, file: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const step of table.steps) {
    if (seen.has(step.id)) problems.push(`${file}: duplicate step id "${step.id}"`);
    seen.add(step.id);
  }
  const cited = [
    table.clause,
    table.everyClause,
    table.afterHours.clause,
    table.major.clause,
    ...table.steps.map((s) => s.clause),
  ];
  for (const id of new Set(cited)) {
    if (!clauseIds.has(id)) problems.push(`${file}: cites clause "${id}", which does not exist`);
  }
  return problems;
}

/**
 * The SLA file's `overdue` block with the ladder and interval taken from the escalation table
 * (sla.yaml no longer repeats them).
 */
export function withEscalation(sla: unknown, table: Escalation): unknown {
  if (!sla || typeof sla !== 'object') return sla;
  const record = sla as { overdue?: Record<string, unknown> };
  return {
    ...record,
    overdue: {
      ...record.overdue,
      escalateEvery: table.every,
      ladder: table.steps.map((s) => ({ id: s.id, zh: s.zh, en: s.en })),
    },
  };
}
