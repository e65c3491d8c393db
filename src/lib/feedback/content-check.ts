/** Checks of content/mall/ for the feedback feature: directory, categories and the SLA table. */
import { checkDirectory } from '../mall/schema';
import { loadFeedbackConfig } from './config-files';
import type { FeedbackConfig } from './feedback';
import { checkSla } from './sla';

/** Problems of the feedback configuration in a parsed config, given the policy clause ids. */
export function checkFeedbackConfig(config: FeedbackConfig, clauseIds: Set<string>): string[] {
  const problems = [...checkDirectory(config), ...checkSla(config.sla, clauseIds)];
  const departments = new Set(config.departments.map((d) => d.id));
  const seen = new Set<string>();
  for (const c of config.categories) {
    if (seen.has(c.id)) problems.push(`content/mall/feedback-categories.yaml: duplicate id "${c.id}"`);
    seen.add(c.id);
    if (!departments.has(c.department)) {
      problems.push(
        `content/mall/feedback-categories.yaml: category "${c.id}" has unknown department "${c.department}"`,
      );
    }
  }
  if (config.openingHours.open >= config.openingHours.close) {
    problems.push('content/mall/mall.yaml: openingHours.open must be before openingHours.close');
  }
  return problems;
}

/** Reads content/mall/ under `root` and checks it; a file that does not parse is one problem. */
export function checkFeedbackContent(root: string, clauseIds: Set<string>): string[] {
  let config: FeedbackConfig;
  try {
    config = loadFeedbackConfig(root);
  } catch (error) {
    return [(error as Error).message];
  }
  return checkFeedbackConfig(config, clauseIds);
}
