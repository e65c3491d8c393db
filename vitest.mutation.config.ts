/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// `npm run mutation` (stryker.config.json): only the unit tests of the rule modules it mutates,
// so the initial run and each mutant stay short; the slow property tests of other modules stay out.
export default getViteConfig({
  test: {
    include: [
      'test/unit/lib/returns/returns.test.ts',
      'test/unit/lib/feedback/clock.test.ts',
      'test/unit/lib/feedback/sla*.test.ts',
      'test/unit/lib/feedback/queue.test.ts',
      'test/unit/lib/feedback/sweep.test.ts',
      'test/unit/lib/feedback/feedback.test.ts',
      'test/unit/lib/quiz/quiz.test.ts',
      'test/unit/lib/quiz/scoring.test.ts',
      'test/unit/lib/quiz/live-points.test.ts',
      'test/unit/lib/time/*.test.ts',
    ],
    environment: 'node',
  },
});
