/**
 * Scoring a quiz attempt, pure: whether a response has the right shape, the credit each
 * response earns under the quiz's multiple-choice rule, and the attempt's points, percent and
 * pass. The server alone applies it; a browser never sees the answers it compares with.
 */
import type { AttemptScore, QuizQuestion, QuizResponse, ScoredItem, ScoringRule } from './schema';

/** Whether a response has the right shape for a question (an unknown option id is refused). */
export function isValidResponse(q: QuizQuestion, response: QuizResponse): boolean {
  if (q.type === 'truefalse') return typeof response === 'boolean';
  if (!Array.isArray(response)) return false;
  const ids = new Set(q.options.map((o) => o.id));
  if (!response.every((r) => ids.has(r)) || new Set(response).size !== response.length) return false;
  return q.type === 'single' ? response.length <= 1 : true;
}

/**
 * Credit for one response, 0–1. Single choice and true/false: all or nothing.
 * Multiple choice, `all-or-nothing`: exactly the right set, or 0.
 * Multiple choice, `partial`: (right options chosen − wrong options chosen) ÷ number of right
 * options, never below 0 — so a wrong tick costs as much as a right one earns, and ticking
 * every box is never a free full mark.
 */
export function scoreQuestion(q: QuizQuestion, response: QuizResponse | undefined, rule: ScoringRule): number {
  if (q.type === 'truefalse') return response === q.answer ? 1 : 0; // no response is neither true nor false
  if (!Array.isArray(response)) return 0;
  const chosen = new Set(response);
  const right = q.answer.filter((a) => chosen.has(a)).length;
  const wrong = [...chosen].filter((c) => !q.answer.includes(c)).length;
  const exact = right === q.answer.length && wrong === 0;
  // A single-choice question has one right option, so the partial formula gives it 1 or 0 too.
  if (rule === 'all-or-nothing') return exact ? 1 : 0;
  return Math.max(0, (right - wrong) / q.answer.length);
}

/** Scores an attempt's responses: one point per question, pass when percent ≥ pass mark. */
export function scoreAttempt(
  questions: QuizQuestion[],
  responses: Record<string, QuizResponse | undefined>,
  rule: ScoringRule,
  passMark: number,
): AttemptScore {
  const items: ScoredItem[] = questions.map((q) => {
    const credit = scoreQuestion(q, responses[q.id], rule);
    return { questionId: q.id, credit: Math.round(credit * 1000) / 1000, correct: credit === 1 };
  });
  const points = Math.round(items.reduce((s, i) => s + i.credit, 0) * 1000) / 1000;
  const max = questions.length;
  const percent = Math.round((points / max) * 100 * 10) / 10; // one decimal
  // Points have three decimals: compared in exact integers (thousandths), 59.96 % does not pass a
  // 60 % mark and 57 of 100 passes a 57 % one, which 0.57 * 100 = 56.99999999999999 would not.
  return { points, max, percent, passed: Math.round(points * 1000) * 100 >= passMark * max * 1000, items };
}
