/**
 * Build-time gate: checks all of `content/` before Astro builds anything, and fails the build
 * with one readable list of problems (file, line, what is wrong).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkContent } from '../lib/content-check';

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
      },
    },
  };
}
