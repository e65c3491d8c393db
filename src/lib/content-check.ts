/**
 * Every rule about `content/` that spans files, in one place: the build runs it
 * (src/integrations/content-check.ts) and so do the unit tests. Features add their check here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkFeedbackContent } from './feedback/content-check';
import { loadLibrary } from './policies/library-files';
import { indexClauses } from './policies/library';
import { loadBanks } from './quiz/bank-files';
import { loadSynonyms } from './search/search-files';
import { returnRulesProblems } from './returns/returns';

export function checkContent(root: string): string[] {
  const library = loadLibrary(root);
  const clauseIds = new Set(indexClauses(library.pages).keys());
  return [
    ...library.problems,
    ...checkReturnRules(root, clauseIds),
    ...checkFeedbackContent(root, clauseIds),
    ...loadSynonyms(root).problems,
    ...loadBanks(root, clauseIds).problems,
  ];
}

/** content/rules/returns.yaml: valid, and every clause it cites exists. */
function checkReturnRules(root: string, clauseIds: Set<string>): string[] {
  const file = 'content/rules/returns.yaml';
  try {
    return returnRulesProblems(parseYaml(readFileSync(path.join(root, file), 'utf8')), clauseIds, file);
  } catch (error) {
    return [`${file}: cannot be read or parsed: ${(error as Error).message}`];
  }
}
