import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { LANGS } from '../../../../src/lib/i18n/dict';
import { audienceSchema } from '../../../../src/lib/policies/schema';
import { createSearcher } from '../../../../src/lib/search/search';
import { buildSearchAssetFromDisk } from '../../../../src/lib/search/search-files';

const root = path.resolve(import.meta.dirname, '../../../..');
const fixtureSchema = z.strictObject({
  queries: z
    .array(
      z.strictObject({
        q: z.string().min(1),
        ids: z.array(z.string()).min(1),
        audience: audienceSchema.optional(),
        lang: z.enum(LANGS).optional(),
      }),
    )
    .min(50),
});
const { queries } = fixtureSchema.parse(
  parse(readFileSync(path.join(root, 'test/fixtures/search-queries.yaml'), 'utf8')),
);
const asset = buildSearchAssetFromDisk(root);
const searcher = createSearcher(asset);

describe('search quality over test/fixtures/search-queries.yaml', () => {
  it('names only clauses that exist', () => {
    const ids = new Set(asset.docs.map((d) => d[0]));
    expect(queries.flatMap((q) => q.ids).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('finds an answer in the top 3 for at least 90% of the queries', () => {
    const misses: string[] = [];
    for (const { q, ids, audience, lang } of queries) {
      const top = searcher.search(q, { limit: 3, audience, lang }).results.map((r) => r.id);
      if (!top.some((id) => ids.includes(id)))
        misses.push(
          `${q}${audience ? ` (${audience})` : ''}: want ${ids.join('|')}, got ${top.join(', ') || '(nothing)'}`,
        );
    }
    const recall = 1 - misses.length / queries.length;
    console.log(
      `recall@3 = ${recall.toFixed(3)} over ${queries.length} queries; ${misses.length} misses${misses.length ? ':\n  ' + misses.join('\n  ') : ''}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
