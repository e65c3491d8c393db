/**
 * Parsing and checking question banks from YAML text: each file against quizBankSchema, the
 * bank id against the file name, question ids across banks, and every cited clause against
 * the policy library's clause ids. Pure: the text comes from disk (bank-files.ts) or from the
 * bundle (banks.ts). Problems read `file:line: what is wrong`.
 */
import { parse as parseYaml } from 'yaml';
import { checkBankIds } from './quiz';
import { quizBankSchema, type QuizBank } from './schema';

export interface RawBank {
  /** Path for messages, e.g. `content/quizzes/complaints.yaml`. */
  file: string;
  source: string;
}

/** Line (1-based) of the first line containing `needle`, for messages. */
function lineOf(source: string, needle: string): number | undefined {
  const i = source.split('\n').findIndex((l) => l.includes(needle));
  return i < 0 ? undefined : i + 1;
}

/** Parses and checks every bank; `clauseIds` (when given) is the set of clause ids that exist. */
export function parseBanks(
  raw: RawBank[],
  clauseIds?: ReadonlySet<string>,
): { banks: { file: string; bank: QuizBank }[]; problems: string[] } {
  const problems: string[] = [];
  const banks: { file: string; bank: QuizBank }[] = [];
  for (const { file, source } of raw) {
    let data: unknown;
    try {
      data = parseYaml(source);
    } catch (error) {
      problems.push(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const result = quizBankSchema.safeParse(data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map(String);
        // Point at the question where there is one.
        const qIndex = path[0] === 'questions' ? Number(path[1]) : NaN;
        const qid = Number.isInteger(qIndex)
          ? (data as { questions?: { id?: unknown }[] })?.questions?.[qIndex]?.id
          : undefined;
        const line = typeof qid === 'string' ? lineOf(source, qid) : undefined;
        problems.push(`${file}${line ? `:${line}` : ''}: field "${path.join('.') || '(root)'}": ${issue.message}`);
      }
      continue;
    }
    const bank = result.data;
    // A question's own review day wins over the bank's.
    if (bank.reviewed) bank.questions = bank.questions.map((q) => ({ reviewed: bank.reviewed, ...q }));
    const name = file
      .split(/[\\/]/)
      .pop()!
      .replace(/\.ya?ml$/, '');
    if (bank.id !== name) problems.push(`${file}: bank id "${bank.id}" must equal the file name "${name}"`);
    if (clauseIds) {
      for (const q of bank.questions) {
        for (const c of q.clauses) {
          if (!clauseIds.has(c))
            problems.push(`${file}:${lineOf(source, q.id) ?? 1}: question ${q.id} cites missing clause "${c}"`);
        }
      }
    }
    banks.push({ file, bank });
  }
  problems.push(...checkBankIds(banks));
  return { banks, problems };
}
