/**
 * The question banks bundled into the server and the prerendered pages (content/quizzes/*.yaml,
 * already checked at build start by src/lib/content-check.ts).
 */
import { parseBanks } from './bank-parse';
import { questionsByClause } from './quiz';
import type { QuizBank } from './schema';

const files = import.meta.glob<string>('../../../content/quizzes/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const parsed = parseBanks(
  Object.entries(files).map(([file, source]) => ({ file: file.replace(/^(\.\.\/)+/, ''), source })),
);
if (parsed.problems.length) throw new Error(`quiz: the question banks have problems:\n${parsed.problems.join('\n')}`);

/** Every bank, sorted by id. */
export const BANKS: QuizBank[] = parsed.banks.map((b) => b.bank).sort((a, b) => a.id.localeCompare(b.id));

/** Questions citing each clause id. */
export const QUESTIONS_BY_CLAUSE = questionsByClause(BANKS);
