/** Schemas of the head office's view (`/hq`): the chain's list of malls and the page's query. */
import { z } from 'astro/zod';
import { monthSchema } from '../feedback/reports';
import { isColumn } from './summary';

const mallId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'expected lower-case letters, digits and hyphens');

/** One mall of `content/mall/chain.yaml`. */
export const chainMallSchema = z.strictObject({
  /** The mall's id, as its own `mall.yaml` (or MALL_ID) gives it: what its records carry. */
  id: mallId,
  /** Mall name, Chinese (the head office's pages are Chinese). */
  name: z.string().trim().min(1),
  /** Mall name, English (exports and API clients). */
  nameEn: z.string().trim().min(1).optional(),
});
export type ChainMall = z.infer<typeof chainMallSchema>;

/**
 * `content/mall/chain.yaml` (optional): the malls of the chain, for their names on `/hq`. A mall
 * found in the store but not listed here is shown by its id.
 */
export const chainSchema = z
  .strictObject({
    /** The chain's malls, in the order the head office lists them. */
    malls: z.array(chainMallSchema).min(1),
  })
  .superRefine((chain, ctx) => {
    const seen = new Set<string>();
    chain.malls.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['malls', i, 'id'], message: `duplicate mall id "${m.id}"` });
      seen.add(m.id);
    });
  });
export type Chain = z.infer<typeof chainSchema>;

/** `/hq` and `/hq/export.csv` query: `?month=YYYY-MM&sort=<column>&dir=asc|desc`, each optional. */
export const hqQuerySchema = z.strictObject({
  /** The month, mall-local; this month when absent. */
  month: monthSchema.optional(),
  /** Column to sort the malls by (summary.ts `columnValue`). */
  sort: z.string().max(40).refine(isColumn, 'unknown column').optional(),
  /** Sort direction. */
  dir: z.enum(['asc', 'desc']).optional(),
});
export type HqQuery = z.infer<typeof hqQuerySchema>;

/** `/hq/<mallId>`: the mall id of the path. */
export const mallIdSchema = mallId;
