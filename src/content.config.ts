import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { policyFrontmatterSchema } from './lib/policies/schema';

/** Policy pages: `content/policies/<section>/<slug>.md`; the id is `<section>/<slug>`. */
const policies = defineCollection({
  loader: glob({
    pattern: '*/*.md',
    base: './content/policies',
    generateId: ({ entry }) => entry.replace(/\.md$/, ''),
  }),
  schema: policyFrontmatterSchema,
});

export const collections = { policies };
