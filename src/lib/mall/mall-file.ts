/**
 * The mall's id read from content/mall/mall.yaml on disk, for the command-line tools (tsx cannot
 * load the bundled `?raw` import of mall.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { mallSchema } from './schema';

/** MALL_ID when set, else the `id` of `<root>/content/mall/mall.yaml`. */
export function readMallId(root = process.cwd(), env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.MALL_ID?.trim();
  if (fromEnv) return mallSchema.shape.id.parse(fromEnv);
  const raw = parse(readFileSync(path.join(root, 'content', 'mall', 'mall.yaml'), 'utf8')) as { id?: unknown };
  return mallSchema.shape.id.parse(raw?.id);
}
