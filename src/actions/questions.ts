/**
 * Trainer forms of `/training/questions`: write a question, save its next version, retire or
 * restore it. A refused form is handed back (fields and what was typed), not thrown, so the page
 * shows each message next to its field and loses nothing.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { requirePermission } from './guard';
import { storeSafe } from './store-safe';
import { translator } from '../lib/i18n/dict';
import { draftFromForm, QUESTION_STATUSES, type FieldErrors, type QuestionDraft } from '../lib/quiz/questions';
import { createQuestion, saveQuestion, setQuestionStatus, type SaveOutcome } from '../lib/quiz/questions.server';
import { TRAINER_QUESTION_ID_PATTERN } from '../lib/quiz/schema';

const t = translator('zh-CN');

export type QuestionFormResult =
  | { ok: true; id: string; version: number }
  | { ok: false; fields: FieldErrors; draft: QuestionDraft; message?: string };

const idSchema = z.string().regex(TRAINER_QUESTION_ID_PATTERN);
const versionSchema = z.coerce.number().int().positive().max(1_000_000);

/** The page's answer to an outcome: saved, refused with fields, or an error status. */
function answer(outcome: SaveOutcome, draft: QuestionDraft): QuestionFormResult {
  if (outcome.ok) return { ok: true, id: outcome.record.id, version: outcome.record.version };
  if (outcome.problem === 'invalid') return { ok: false, fields: outcome.fields, draft };
  if (outcome.problem === 'not_found') throw new ActionError({ code: 'NOT_FOUND', message: t('questions.notFound') });
  return { ok: false, fields: {}, draft, message: t('questions.stale', { version: outcome.version }) };
}

/** A posted id or version that does not parse: 400 naming the field. */
function field<T>(schema: z.ZodType<T>, value: FormDataEntryValue | null, name: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ActionError({ code: 'BAD_REQUEST', message: t('questions.invalid.field', { field: name }) });
  return parsed.data;
}

export const questions = {
  create: defineAction({
    accept: 'form',
    handler: storeSafe(async (form: FormData, { locals }: { locals: App.Locals; url: URL }) => {
      const user = requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const draft = draftFromForm(form);
      return answer(await createQuestion(draft, user), draft);
    }),
  }),

  save: defineAction({
    accept: 'form',
    handler: storeSafe(async (form: FormData, { locals }: { locals: App.Locals; url: URL }) => {
      const user = requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const id = field(idSchema, form.get('id'), 'id');
      const version = field(versionSchema, form.get('version'), 'version');
      const draft = draftFromForm(form);
      return answer(await saveQuestion(id, version, draft, user), draft);
    }),
  }),

  setStatus: defineAction({
    accept: 'form',
    input: z.object({ id: idSchema, version: versionSchema, status: z.enum(QUESTION_STATUSES) }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const outcome = await setQuestionStatus(input.id, input.version, input.status, user);
      if (outcome.ok) return { id: outcome.record.id, version: outcome.record.version };
      if (outcome.problem === 'not_found')
        throw new ActionError({ code: 'NOT_FOUND', message: t('questions.notFound') });
      if (outcome.problem === 'stale')
        throw new ActionError({ code: 'CONFLICT', message: t('questions.stale', { version: outcome.version }) });
      throw new ActionError({ code: 'BAD_REQUEST', message: t('questions.invalidForm') });
    }),
  }),
};
