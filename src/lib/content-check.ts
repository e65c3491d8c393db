/**
 * Every rule about `content/` that spans files, in one place: the build runs it
 * (src/integrations/content-check.ts) and so do the unit tests. Features add their check here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { categoryProblems, exclusionProblems, limitProblems } from './content-consistency';
import { checkFeedbackContent } from './feedback/content-check';
import { loadFeedbackConfig } from './feedback/config-files';
import { escalationProblems, escalationSchema, type Escalation } from './mall/escalation';
import { formProblems, formsSchema } from './policies/forms';
import { loadLibrary } from './policies/library-files';
import { indexClauses, type ClauseRef } from './policies/library';
import { loadBanks } from './quiz/bank-files';
import { loadSynonyms } from './search/search-files';
import { returnRulesProblems } from './returns/returns';
import { returnRulesSchema } from './returns/schema';

export function checkContent(root: string): string[] {
  const library = loadLibrary(root);
  const clauses = indexClauses(library.pages);
  const clauseIds = new Set(clauses.keys());
  return [
    ...library.problems,
    ...checkReturnRules(root, clauseIds),
    ...checkFeedbackContent(root, clauseIds),
    ...checkEscalation(root, clauseIds),
    ...checkForms(root, clauseIds),
    ...checkPagesAgainstData(root, clauses),
    ...loadSynonyms(root).problems,
    ...loadBanks(root, clauseIds).problems,
  ];
}

const readYaml = (root: string, file: string): unknown => parseYaml(readFileSync(path.join(root, file), 'utf8'));

/** content/rules/returns.yaml: valid, and every clause it cites exists. */
function checkReturnRules(root: string, clauseIds: Set<string>): string[] {
  const file = 'content/rules/returns.yaml';
  try {
    return returnRulesProblems(readYaml(root, file), clauseIds, file);
  } catch (error) {
    return [`${file}: cannot be read or parsed: ${(error as Error).message}`];
  }
}

const ESCALATION_FILE = 'content/mall/escalation.yaml';

function readEscalation(root: string): Escalation | undefined {
  const result = escalationSchema.safeParse(readYaml(root, ESCALATION_FILE));
  return result.success ? result.data : undefined;
}

/** content/mall/escalation.yaml: valid, and every clause it cites exists. */
function checkEscalation(root: string, clauseIds: Set<string>): string[] {
  try {
    const result = escalationSchema.safeParse(readYaml(root, ESCALATION_FILE));
    if (!result.success) {
      return result.error.issues.map((i) => `${ESCALATION_FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    return escalationProblems(result.data, clauseIds, ESCALATION_FILE);
  } catch (error) {
    return [`${ESCALATION_FILE}: cannot be read or parsed: ${(error as Error).message}`];
  }
}

const FORMS_FILE = 'content/forms/forms.yaml';

/** content/forms/forms.yaml: valid, ids unique, and every clause it cites exists. */
function checkForms(root: string, clauseIds: Set<string>): string[] {
  try {
    const result = formsSchema.safeParse(readYaml(root, FORMS_FILE));
    if (!result.success) {
      return result.error.issues.map((i) => `${FORMS_FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    return formProblems(result.data, clauseIds, FORMS_FILE);
  } catch (error) {
    return [`${FORMS_FILE}: cannot be read or parsed: ${(error as Error).message}`];
  }
}

/**
 * A page and the data file built from it must agree: categories, time limits, return exclusions.
 * Files that do not parse are reported by their own checks above, so they are skipped here.
 */
function checkPagesAgainstData(root: string, clauses: Map<string, ClauseRef>): string[] {
  const problems: string[] = [];
  try {
    const config = loadFeedbackConfig(root);
    problems.push(...categoryProblems(config.categories, clauses));
    problems.push(...limitProblems(config.sla, readEscalation(root), clauses));
  } catch {
    // reported by checkFeedbackContent
  }
  try {
    const rules = returnRulesSchema.safeParse(readYaml(root, 'content/rules/returns.yaml'));
    if (rules.success) problems.push(...exclusionProblems(rules.data, clauses));
  } catch {
    // reported by checkReturnRules
  }
  return problems;
}
