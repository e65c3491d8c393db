/**
 * Build time and tests: reads the synonym table and the library from disk and builds the
 * search asset. The running server never calls this; it loads the built asset file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadLibrary } from '../policies/library-files';
import { buildSearchAsset } from './build-index';
import { synonymsSchema, type Synonyms } from './schema';

export const SYNONYMS_FILE = path.join('content', 'mall', 'synonyms.yaml');

/** Parses content/mall/synonyms.yaml; problems as readable lines (empty when valid). */
export function loadSynonyms(root: string): { synonyms?: Synonyms; problems: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path.join(root, SYNONYMS_FILE), 'utf8'));
  } catch (cause) {
    return { problems: [`${SYNONYMS_FILE}: cannot be read: ${(cause as Error).message}`] };
  }
  const result = synonymsSchema.safeParse(raw);
  if (result.success) return { synonyms: result.data, problems: [] };
  return {
    problems: result.error.issues.map((i) => `${SYNONYMS_FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}

/** The search asset of the library under `root`; throws when the content is invalid. */
export function buildSearchAssetFromDisk(root: string) {
  const library = loadLibrary(root);
  const { synonyms, problems } = loadSynonyms(root);
  if (!synonyms || problems.length > 0) throw new Error(`search: invalid synonyms:\n${problems.join('\n')}`);
  return buildSearchAsset({ pages: library.pages, sections: library.sections, synonyms });
}
