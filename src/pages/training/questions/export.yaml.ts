/**
 * GET: the active trainer questions (of `?section=`) as a bank file in the `content/quizzes/`
 * format, to download and commit (`?bank=<id>&title=…` name it; the id may not be a shipped bank's).
 */
import type { APIRoute } from 'astro';
import { apiError, invalidInput } from '../../../lib/api/http';
import { bilingual } from '../../../lib/i18n/dict';
import { forbidden, unauthenticated } from '../../../lib/quiz/api';
import { can } from '../../../lib/auth/roles';
import { BANKS } from '../../../lib/quiz/banks';
import { exportSchema } from '../../../lib/quiz/questions';
import { exportQuestions } from '../../../lib/quiz/questions.server';

export const GET = (async ({ url, locals }) => {
  if (!locals.user) return unauthenticated();
  if (!can(locals.user, 'training.manage')) return forbidden();
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
  const parsed = exportSchema
    .refine((m) => !BANKS.some((b) => b.id === m.bank), { path: ['bank'], message: 'a shipped bank has this id' })
    .safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const yaml = await exportQuestions(parsed.data);
  if (!yaml) return apiError(404, 'not_found', bilingual('training.problem.noQuestions'));
  return new Response(yaml, {
    headers: {
      'Content-Type': 'application/yaml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${parsed.data.bank}.yaml"`,
      'Cache-Control': 'no-store',
    },
  });
}) satisfies APIRoute;
