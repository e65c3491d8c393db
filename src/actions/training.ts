/** Forms of the case library, assignments and re-certification (thin: parse, check, call src/lib). */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { requirePermission } from './guard';
import { storeSafe } from './store-safe';
import { createAssignment } from '../lib/assignments/assignments.server';
import { assignmentFormSchema } from '../lib/assignments/schema';
import { DIRECTORY } from '../lib/mall/directory';
import { createCase } from '../lib/cases/cases.server';
import { caseFormSchema } from '../lib/cases/schema';
import { translator } from '../lib/i18n/dict';
import { sectionSlugSchema } from '../lib/policies/schema';
import { assignRecert } from '../lib/recert/recert.server';

const t = translator('zh-CN');

export const training = {
  /** A supervisor saves the anonymised case of a closed ticket. */
  createCase: defineAction({
    accept: 'form',
    input: caseFormSchema,
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'cases.create', t('cases.error.forbidden'));
      const result = await createCase(input, user);
      if (result.ok) return { id: result.value.id };
      if (result.problem === 'unknown_clauses')
        throw new ActionError({
          code: 'BAD_REQUEST',
          message: t('cases.error.unknownClauses', { ids: result.clauses.join('、') }),
        });
      throw new ActionError({
        code: result.problem === 'not_found' ? 'NOT_FOUND' : result.problem === 'exists' ? 'CONFLICT' : 'BAD_REQUEST',
        message: t(`cases.error.${result.problem}`),
      });
    }),
  }),

  /** A trainer assigns a quiz to people and roles with a due day. */
  assign: defineAction({
    accept: 'form',
    input: assignmentFormSchema,
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const unknown = input.departments.filter((id) => !DIRECTORY.departments.some((d) => d.id === id));
      if (unknown.length)
        throw new ActionError({
          code: 'BAD_REQUEST',
          message: t('assign.error.unknown_departments', { ids: unknown.join('、') }),
        });
      const result = await createAssignment(input, user);
      if (result.ok) return { id: result.value.id };
      if (result.problem === 'unknown_users')
        throw new ActionError({ code: 'BAD_REQUEST', message: t('assign.error.unknown_users') });
      throw new ActionError({
        code: result.problem === 'not_found' ? 'NOT_FOUND' : 'CONFLICT',
        message: t(`assign.error.${result.problem}`),
      });
    }),
  }),

  /** A trainer builds and assigns the re-certification quiz of a section in one step. */
  assignRecert: defineAction({
    accept: 'form',
    input: z.object({
      section: sectionSlugSchema,
      due: z
        .string()
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}$/, t('assign.error.due')),
    }),
    handler: storeSafe(async (input, { locals }) => {
      const user = requirePermission(locals, 'training.manage', t('training.error.forbidden'));
      const result = await assignRecert(input.section, input.due, user);
      if (result.ok) return { quizId: result.quiz.id, assignmentId: result.assignment.id };
      throw new ActionError({ code: 'CONFLICT', message: t(`recert.error.${result.problem}`) });
    }),
  }),
};
