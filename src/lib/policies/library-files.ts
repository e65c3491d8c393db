/**
 * Reads the policy library from disk (build time and tests). The running server never
 * reads these files: pages come from astro:content and data files are bundled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkLibrary, splitFrontmatter, type RawPage } from './library';
import { sectionsSchema } from './schema';

/** Reads and checks `content/policies` under a project root. */
export function loadLibrary(root: string) {
  const dir = path.join(root, 'content', 'policies');
  const sections = sectionsSchema.parse(parseYaml(readFileSync(path.join(dir, 'sections.yaml'), 'utf8')));
  const raw: RawPage[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(path.join(dir, folder.name)).sort()) {
      if (!name.endsWith('.md')) continue;
      const file = path.join('content', 'policies', folder.name, name);
      const { data, body } = splitFrontmatter(readFileSync(path.join(root, file), 'utf8'), parseYaml);
      raw.push({ file, folder: folder.name, slug: name.slice(0, -3), data, body });
    }
  }
  return { sections, ...checkLibrary(raw, sections) };
}
