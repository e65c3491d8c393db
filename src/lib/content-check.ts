/**
 * Every rule about `content/` that spans files, in one place: the build runs it
 * (src/integrations/content-check.ts) and so do the unit tests. Features add their check here.
 */
import { loadLibrary } from './policies/library-files';
import { loadSynonyms } from './search/search-files';

export function checkContent(root: string): string[] {
  const library = loadLibrary(root);
  return [...library.problems, ...loadSynonyms(root).problems];
}
