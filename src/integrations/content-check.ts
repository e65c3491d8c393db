/**
 * Build-time gate: checks all of `content/` before Astro builds anything, and fails the build
 * with one readable list of problems (file, line, what is wrong).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkContent } from '../lib/content-check';
import { loadBanks } from '../lib/quiz/bank-files';
import { LONGEST_RIGHT_TARGET, longestRightShare } from '../lib/quiz/bank-quality';

export default function contentCheck(): AstroIntegration {
  return {
    name: 'service-desk:content-check',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        // Under vitest the same check runs as a test (test/unit/content.test.ts) with a readable report.
        if (process.env.VITEST) return;
        const root = fileURLToPath(config.root);
        const problems = checkContent(root);
        if (problems.length > 0) {
          throw new Error(`The content has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
        }
        logger.info('content checked: no problems');
        // A figure for the trainers, not a gate of the build (the unit tests hold it at the target).
        const { share, count, singles } = longestRightShare(loadBanks(root).banks.flatMap((b) => b.bank.questions));
        logger.info(
          `quiz banks: the right option is the uniquely longest in ${count} of ${singles} single-choice questions ` +
            `(${(share * 100).toFixed(1)} %, target <= ${LONGEST_RIGHT_TARGET * 100} %)`,
        );
      },
    },
  };
}
