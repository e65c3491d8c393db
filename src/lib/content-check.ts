/**
 * Every rule about `content/` that spans files, in one place: the build runs it
 * (src/integrations/content-check.ts) and so do the unit tests. Features add their check here.
 */
import { checkFeedbackContent } from './feedback/content-check';
import { indexClauses } from './policies/library';
import { loadLibrary } from './policies/library-files';

export function checkContent(root: string): string[] {
  const library = loadLibrary(root);
  const clauseIds = new Set(indexClauses(library.pages).keys());
  return [...library.problems, ...checkFeedbackContent(root, clauseIds)];
}
