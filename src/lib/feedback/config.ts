/**
 * The feedback domain's configuration, bundled from content/mall/ at build time. Pure modules
 * take a `FeedbackConfig` argument; this module binds the real one (tsx cannot load `?raw`).
 */
import { parse } from 'yaml';
import { z } from 'astro/zod';
import categoriesRaw from '../../../content/mall/feedback-categories.yaml?raw';
import slaRaw from '../../../content/mall/sla.yaml?raw';
import { withEscalation } from '../mall/escalation';
import { ESCALATION } from '../mall/escalation-table';
import { MALL } from '../mall/mall';
import { DIRECTORY } from '../mall/directory';
import { categorySchema, slaSchema } from './schema';
import type { FeedbackConfig } from './feedback';

export const FEEDBACK_CONFIG: FeedbackConfig = {
  timeZone: MALL.timeZone,
  openingHours: MALL.openingHours,
  ...DIRECTORY,
  categories: z.array(categorySchema).parse(parse(categoriesRaw)),
  sla: slaSchema.parse(withEscalation(parse(slaRaw), ESCALATION)),
};
