/** Schemas of quiz assignments (培训任务): a quiz given to people, roles and/or departments with a due date. */
import { z } from 'astro/zod';
import { ROLES } from '../auth/roles';
import { cleanText, isSaneYear } from '../input/hygiene';
import { translator } from '../i18n/dict';
import { sectionSlugSchema } from '../policies/schema';

const t = translator('zh-CN');

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isSaneYear, 'date out of range');

/** A stored assignment. */
export const assignmentSchema = z.strictObject({
  /** Random id. */
  id: z.string().min(1),
  /** The quiz session to take. */
  quizId: z.string().min(1),
  /** The quiz title when assigned (the list shows it without reading every quiz). */
  title: z.string().min(1).max(80),
  /** People it is given to (user ids). */
  userIds: z.array(z.string().min(1)).max(500),
  /** Roles it is given to: everyone holding one of them, now or later. */
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  /** Departments it is given to (content/mall/departments.yaml ids): everyone in one, now or later. */
  departments: z.array(z.string().min(1).max(40)).max(50).optional(),
  /** Last mall-local day to do it (YYYY-MM-DD). */
  due: day,
  /** Why: a trainer's choice, or a re-certification after a rule changed (with its section). */
  reason: z.enum(['manual', 'recert']),
  section: sectionSlugSchema.optional(),
  /** Who assigned it. */
  createdBy: z.strictObject({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

/** A list of ids (repeated form fields), trimmed, distinct. */
const idList = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .array(z.string().trim().pipe(item), { error: t('assign.invalid.value') })
    .max(500, t('assign.invalid.too_many'))
    .transform((ids) => [...new Set(ids)]);

/** The form's due day: what the trainer reads when it is missing or not a day (an empty field arrives as null). */
const formDay = z
  .string({ error: t('assign.invalid.due') })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, t('assign.invalid.due'))
  .refine(isSaneYear, t('assign.invalid.due'));

/** The trainer's assign form. */
export const assignmentFormSchema = z
  .object({
    quizId: z
      .string({ error: t('assign.invalid.quiz') })
      .trim()
      .min(1, t('assign.invalid.quiz'))
      .max(64),
    userIds: idList(z.string().min(1, t('assign.invalid.value')).max(64, t('assign.invalid.value'))).default([]),
    roles: idList(z.enum(ROLES, { error: t('assign.invalid.value') })).default([]),
    departments: idList(z.string().min(1, t('assign.invalid.value')).max(40, t('assign.invalid.value'))).default([]),
    due: formDay,
    title: z.string().transform(cleanText).pipe(z.string().trim().max(80)).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.userIds.length === 0 && f.roles.length === 0 && f.departments.length === 0)
      ctx.addIssue({ code: 'custom', path: ['userIds'], message: t('assign.invalid.who') });
  });
export type AssignmentForm = z.infer<typeof assignmentFormSchema>;
