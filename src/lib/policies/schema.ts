/**
 * Schemas of the policy library: section list and page frontmatter.
 * Shared by the content collection (src/content.config.ts), the build-time
 * library check (src/integrations/policy-library.ts) and the unit tests.
 */
import { z } from 'astro/zod';

/** Who a page is written for. */
export const AUDIENCES = ['shopper', 'staff', 'trainer'] as const;
export const audienceSchema = z.enum(AUDIENCES);
export type Audience = z.infer<typeof audienceSchema>;

/** The fixed section slugs: other features and outside tests link to them. */
export const SECTION_SLUGS = [
  'service-norms',
  'complaints',
  'returns',
  'roles',
  'records',
  'discipline',
  'shopper-guide',
] as const;
export const sectionSlugSchema = z.enum(SECTION_SLUGS);
export type SectionSlug = z.infer<typeof sectionSlugSchema>;

/** One entry of `content/policies/sections.yaml`. */
export const sectionSchema = z.strictObject({
  /** URL slug, also the prefix of every clause id in the section. */
  slug: sectionSlugSchema,
  /** Chinese title shown in the library. */
  title: z.string().min(1),
  /** English title (kiosk chrome, API clients). */
  en: z.string().min(1),
  /** Position in the library. */
  order: z.number().int().positive(),
  /** One-line description shown on the library page. */
  description: z.string().min(1),
});
export const sectionsSchema = z.array(sectionSchema).min(1);
export type Section = z.infer<typeof sectionSchema>;

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'));

/** One entry of a page's change log (修订记录). */
export const historyEntrySchema = z.strictObject({
  /** Version this entry introduced, e.g. "1.1". */
  version: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1)),
  /** Date from which that version applied (YYYY-MM-DD). */
  effective: isoDate,
  /** What changed, in a sentence or two (Simplified Chinese). */
  changes: z.string().min(1),
  /** Clause ids whose text or meaning changed (empty for a new page or wording only). */
  clauses: z.array(z.string()).default([]),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Frontmatter of a policy page (`content/policies/<section>/<slug>.md`). */
export const policyFrontmatterSchema = z.strictObject({
  /** Page title, Simplified Chinese (English for `lang: en` translations). */
  title: z.string().min(1),
  /** Section slug; must equal the page's folder. */
  section: sectionSlugSchema,
  /** Who the page is for: one or more of shopper, staff, trainer. */
  audience: z.array(audienceSchema).min(1),
  /** One or two sentences on what the page covers. */
  summary: z.string().min(1),
  /** Department that owns the text and answers questions about it. */
  owner: z.string().min(1),
  /** Version of the text, e.g. "1.0". */
  version: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1)),
  /** Date from which the text applies (YYYY-MM-DD). */
  effective: isoDate,
  /** Chapter number inside the section; the first number of every clause id on the page. */
  order: z.number().int().positive(),
  /** Language of the page; translations carry the same clause ids as their original. */
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** For a translation: the slug of the original page in the same section. */
  translationOf: z.string().optional(),
  /** Data-driven blocks rendered after the text, e.g. the return rules table. */
  includes: z.array(z.enum(['return-rules', 'escalation-table'])).default([]),
  /**
   * Weight of the page's clauses in search (default 1). Reference pages (the legal basis) use less,
   * so a question finds the procedure before the statute that stands behind it.
   */
  searchBoost: z.number().min(0.1).max(2).default(1),
  /** Change log, newest first; the first entry's version and date equal `version` and `effective`. */
  history: z.array(historyEntrySchema).default([]),
});
export type PolicyFrontmatter = z.infer<typeof policyFrontmatterSchema>;

/** A clause id: section slug, then dotted numbers (`returns-1.2`). */
export const CLAUSE_ID_PATTERN = /^([a-z]+(?:-[a-z]+)*)-(\d+(?:\.\d+)*)$/;
