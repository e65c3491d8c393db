/**
 * Reads the feedback configuration from content/ on disk: for the build's content check, tests
 * and bench scripts (which cannot use the bundled `?raw` imports of config.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { departmentSchema, floorSchema, mallSchema, tenantSchema } from '../mall/schema';
import { escalationSchema, withEscalation } from '../mall/escalation';
import { categorySchema, slaSchema } from './schema';
import type { FeedbackConfig } from './feedback';

const read = (root: string, name: string) => parse(readFileSync(path.join(root, 'content', 'mall', name), 'utf8'));

/** Parses every file; throws a readable error naming the file on the first invalid one. */
export function loadFeedbackConfig(root: string): FeedbackConfig {
  const parseFile = <T>(name: string, schema: z.ZodType<T>, data: unknown = read(root, name)): T => {
    const result = schema.safeParse(data);
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new Error(`content/mall/${name}: ${issues.join('; ')}`);
    }
    return result.data;
  };
  const mall = parseFile('mall.yaml', mallSchema);
  return {
    timeZone: mall.timeZone,
    openingHours: mall.openingHours,
    floors: parseFile('floors.yaml', z.array(floorSchema)),
    departments: parseFile('departments.yaml', z.array(departmentSchema)),
    tenants: parseFile('tenants.yaml', z.array(tenantSchema)),
    categories: parseFile('feedback-categories.yaml', z.array(categorySchema)),
    sla: parseFile(
      'sla.yaml',
      slaSchema,
      withEscalation(read(root, 'sla.yaml'), parseFile('escalation.yaml', escalationSchema)),
    ),
  };
}
