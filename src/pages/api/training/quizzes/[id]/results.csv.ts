/** GET: a session's scores as CSV (UTF-8 with BOM, formula-looking cells neutralised). */
import type { APIRoute } from 'astro';
import { ZH_CN } from '../../../../../lib/i18n/dict';
import { managedQuiz } from '../../../../../lib/quiz/api';
import { CSV_CONTENT_TYPE, toCsv } from '../../../../../lib/csv/csv';
import { secondsTaken } from '../../../../../lib/quiz/quiz';
import { responseCells } from '../../../../../lib/quiz/distribution';
import { mallDateTime } from '../../../../../lib/time/mall-clock';

const t = ZH_CN;
/** Columns, in order (headings: `training.csv.col.*`). */
const COLUMNS = [
  'quiz',
  'code',
  'name',
  'username',
  'attempt',
  'points',
  'max',
  'percent',
  'result',
  'seconds',
  'startedAt',
  'submittedAt',
  'submittedBy',
] as const;

export const GET = (async ({ params, locals }) => {
  const found = await managedQuiz(params.id, locals.user);
  if (found instanceof Response) return found;
  const { quiz, attempts } = found;
  // Then one column per question (quiz order): each person's answer, marked right or wrong.
  const words = { true: t['questions.answer.true'], false: t['questions.answer.false'] };
  const rows: (string | number | undefined)[][] = [
    [
      ...COLUMNS.map((c) => t[`training.csv.col.${c}`]),
      ...quiz.questions.map((q, i) => t['questions.csv.col'].replace('{n}', String(i + 1)).replace('{id}', q.id)),
    ],
  ];
  for (const a of attempts) {
    rows.push([
      quiz.settings.title,
      quiz.code,
      a.userName,
      a.username,
      a.number,
      a.score?.points,
      a.score?.max,
      a.score?.percent,
      a.score ? (a.score.passed ? t['training.result.pass'] : t['training.result.fail']) : t['training.live.answering'],
      secondsTaken(a),
      mallDateTime(a.startedAt),
      mallDateTime(a.submittedAt),
      a.submittedBy ? t[`training.submittedBy.${a.submittedBy}`] : '',
      ...responseCells(quiz, a, words),
    ]);
  }
  const name = `quiz-${quiz.code}-${quiz.createdAt.slice(0, 10)}.csv`;
  return new Response(toCsv(rows), {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
}) satisfies APIRoute;
