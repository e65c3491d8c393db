/**
 * Every rule about `content/` that spans files, in one place: the build runs it
 * (src/integrations/content-check.ts) and so do the unit tests. Features add their check here.
 */
import { loadLibrary } from './policies/library-files';
import { indexClauses } from './policies/library';
import { loadBanks } from './quiz/bank-files';

export function checkContent(root: string): string[] {
  const library = loadLibrary(root);
  const clauseIds = new Set(indexClauses(library.pages).keys());
  const banks = loadBanks(root, clauseIds);
  return [...library.problems, ...banks.problems];
}
