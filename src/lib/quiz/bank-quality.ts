/**
 * Quality figures of the question banks that a schema cannot check. The first: how often the right
 * option of a single-choice question is the uniquely longest one. Test-wise staff learn to pick
 * the longest option; with 3–4 options chance alone gives about 25–33 %, so the library aims at 30 %
 * or less. Pure; the build prints the figure (src/integrations/content-check.ts).
 */
import type { QuizQuestion } from './schema';

/** Target for `longestRightShare`: at most this share of single-choice questions. */
export const LONGEST_RIGHT_TARGET = 0.3;

/** Length as a reader sees it: characters, not UTF-16 units. */
const length = (text: string) => [...text.replace(/\s+/g, '')].length;

/** Single-choice questions whose right option is longer than every other option. */
export function longestRightQuestions(questions: QuizQuestion[]): string[] {
  const ids: string[] = [];
  for (const q of questions) {
    if (q.type !== 'single') continue;
    const right = q.options.find((o) => o.id === q.answer[0]);
    if (!right) continue;
    const others = q.options.filter((o) => o !== right).map((o) => length(o.text));
    if (length(right.text) > Math.max(...others)) ids.push(q.id);
  }
  return ids;
}

/** Share of single-choice questions whose right option is the uniquely longest (0 when there are none). */
export function longestRightShare(questions: QuizQuestion[]): { share: number; count: number; singles: number } {
  const singles = questions.filter((q) => q.type === 'single').length;
  const count = longestRightQuestions(questions).length;
  return { share: singles ? count / singles : 0, count, singles };
}
