/**
 * The forms library (`content/forms/forms.yaml`): the forms the policies name, each with its fields,
 * printed blank on A4 from /policies/forms/<id>. Pure: the schema and the build's check.
 */
import { z } from 'astro/zod';
import { CLAUSE_ID_PATTERN } from './schema';

/** One field of a form. */
export const formFieldSchema = z.strictObject({
  /** What to fill in, Simplified Chinese. */
  label: z.string().min(1),
  /** text: one line; lines: several ruled lines; date, datetime; choice: tick boxes; signature: name and date. */
  type: z.enum(['text', 'lines', 'date', 'datetime', 'choice', 'signature']).default('text'),
  /** A text field across the whole width. */
  wide: z.boolean().default(false),
  /** Ruled lines of a `lines` field. */
  lines: z.number().int().min(1).max(20).default(3),
  /** Tick boxes of a `choice` field. */
  options: z.array(z.string().min(1)).default([]),
});
export type FormField = z.infer<typeof formFieldSchema>;

/** One form. */
export const formSchema = z.strictObject({
  /** URL id (kebab-case); never change one in use. */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id'),
  /** Name of the form as the policies write it. */
  title: z.string().min(1),
  /** Clause that names the form. */
  clause: z.string().regex(CLAUSE_ID_PATTERN, 'expected a clause id like complaints-2.1'),
  /** What the form is for, one sentence. */
  purpose: z.string().min(1),
  fields: z.array(formFieldSchema).min(1),
});
export type Form = z.infer<typeof formSchema>;

export const formsSchema = z.array(formSchema).min(1);

/** Problems of the parsed forms file: duplicate ids, choice fields without options, unknown clauses. */
export function formProblems(forms: Form[], clauseIds: Set<string>, file: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const form of forms) {
    if (seen.has(form.id)) problems.push(`${file}: duplicate form id "${form.id}"`);
    seen.add(form.id);
    if (!clauseIds.has(form.clause)) problems.push(`${file}: form "${form.id}" cites missing clause "${form.clause}"`);
    for (const field of form.fields) {
      if (field.type === 'choice' && field.options.length < 2) {
        problems.push(`${file}: form "${form.id}", field "${field.label}": a choice needs at least two options`);
      }
    }
  }
  return problems;
}
