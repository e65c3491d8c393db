/**
 * What trainers read off a quiz beyond the scores, pure: the answer key, how the answers to each
 * question spread over its options, and the distractor (wrong option) that caught most people.
 * Like the item analysis, the spread counts each person's first submitted attempt (the unpractised
 * one) and only the responses that counted (saved in time).
 */
import { countedResponses, firstAttempts } from './quiz';
import type { Attempt, Quiz, QuizQuestion, QuizResponse } from './schema';

/** One choice of a question: an option id, or `true` / `false` for a true/false question. */
export interface ChoiceCount {
  /** Option id (`a` …), or `true` / `false`. */
  choice: string;
  /** Option text; empty for true/false (the page words it). */
  text: string;
  /** Whether this choice is (one of) the right answer(s). */
  right: boolean;
  /** People who chose it. */
  count: number;
  /** count ÷ answered × 100, one decimal (0 when nobody answered). */
  percent: number;
}

export interface QuestionDistribution {
  questionId: string;
  /** First attempts that saw the question. */
  n: number;
  /** Of them, those who answered it. */
  answered: number;
  /** Those who left it blank. */
  blank: number;
  /** In the question's own option order (true, false for true/false). */
  choices: ChoiceCount[];
  /** The wrong choice chosen most often (ties: the earlier option); undefined when no one chose a wrong one. */
  topDistractor?: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The choices of one response (none for a blank or an empty list). */
function chosen(response: QuizResponse | undefined): string[] {
  if (response === undefined) return [];
  if (typeof response === 'boolean') return [String(response)];
  return [...new Set(response)];
}

/** The choices a question offers, with whether each is right. */
function choicesOf(q: QuizQuestion): { choice: string; text: string; right: boolean }[] {
  if (q.type === 'truefalse')
    return [
      { choice: 'true', text: '', right: q.answer === true },
      { choice: 'false', text: '', right: q.answer === false },
    ];
  return q.options.map((o) => ({ choice: o.id, text: o.text, right: q.answer.includes(o.id) }));
}

/** Per question of the quiz (in quiz order): how each first attempt's answer spread over the choices. */
export function answerDistribution(quiz: Pick<Quiz, 'questions'>, attempts: Attempt[]): QuestionDistribution[] {
  const firsts = firstAttempts(attempts);
  const responses = firsts.map((a) => ({ order: new Set(a.order), counted: countedResponses(a) }));
  return quiz.questions.map((q) => {
    const seen = responses.filter((r) => r.order.has(q.id));
    const picks = seen.map((r) => chosen(r.counted[q.id]));
    const answered = picks.filter((p) => p.length > 0).length;
    const choices = choicesOf(q).map((c) => {
      const count = picks.filter((p) => p.includes(c.choice)).length;
      return { ...c, count, percent: answered ? round1((count / answered) * 100) : 0 };
    });
    let top: ChoiceCount | undefined;
    for (const c of choices) if (!c.right && c.count > 0 && (!top || c.count > top.count)) top = c;
    return {
      questionId: q.id,
      n: seen.length,
      answered,
      blank: seen.length - answered,
      choices,
      topDistractor: top?.choice,
    };
  });
}

/** The distractor that caught the most people across the quiz (ties: the earlier question). */
export function strongestDistractor(
  distributions: QuestionDistribution[],
): { questionId: string; choice: string; count: number; percent: number } | undefined {
  let best: { questionId: string; choice: string; count: number; percent: number } | undefined;
  for (const d of distributions) {
    const c = d.choices.find((x) => x.choice === d.topDistractor);
    if (c && (!best || c.count > best.count || (c.count === best.count && c.percent > best.percent)))
      best = { questionId: d.questionId, choice: c.choice, count: c.count, percent: c.percent };
  }
  return best;
}

/** One line of the answer key. */
export interface KeyItem {
  number: number;
  question: QuizQuestion;
  /** The right option ids (letters as stored), or `true` / `false`. */
  right: string[];
  /** Version of a trainer-written question, when the quiz recorded it. */
  version?: number;
}

/** The answer key of a quiz, in the quiz's own question order (attempts may have shuffled it). */
export function answerKey(quiz: Pick<Quiz, 'questions' | 'questionVersions'>): KeyItem[] {
  return quiz.questions.map((q, i) => ({
    number: i + 1,
    question: q,
    right: q.type === 'truefalse' ? [String(q.answer)] : [...q.answer],
    version: quiz.questionVersions?.[q.id],
  }));
}

/**
 * One cell per question of the quiz (quiz order) for a results export: the response counted for
 * scoring, as the question's own option letters (A, B …, whatever order the person saw) or the
 * words for true and false, marked ✓ or ✗ once the attempt is scored; empty when unanswered.
 */
export function responseCells(
  quiz: Pick<Quiz, 'questions'>,
  attempt: Attempt,
  words: { true: string; false: string },
): string[] {
  const counted = countedResponses(attempt);
  return quiz.questions.map((q) => {
    const value = counted[q.id];
    const picks = chosen(value);
    if (picks.length === 0) return '';
    const text =
      q.type === 'truefalse'
        ? words[picks[0] as 'true' | 'false']
        : q.options
            .map((o, i) => (picks.includes(o.id) ? String.fromCharCode(65 + i) : ''))
            .filter(Boolean)
            .join('');
    const item = attempt.score?.items.find((i) => i.questionId === q.id);
    return item ? `${item.correct ? '✓' : '✗'} ${text}` : text;
  });
}
