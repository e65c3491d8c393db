/**
 * Questions trainers write in the browser (`/training/questions`), pure: the stored record and its
 * versions, the editor's form, the same checks the YAML banks get (quizQuestionSchema plus the
 * clause library), filtering, export to a bank file and copying a bank question into the editor.
 *
 * A record is one version of one question. Saving never changes a version: it stores the next one
 * (same id, `version` + 1, who and when); retiring is a version too, so the history says who retired
 * it. A quiz copies the version it uses (quiz.questions, quiz.questionVersions), so a later edit
 * never changes a past quiz.
 */
import { z } from 'astro/zod';
import { stringify } from 'yaml';
import { translator } from '../i18n/dict';
import { sectionSlugSchema, type SectionSlug } from '../policies/schema';
import {
  BANK_ID_PATTERN,
  QUESTION_TYPES,
  quizQuestionSchema,
  TRAINER_QUESTION_ID_PATTERN,
  type QuestionType,
  type QuizBank,
  type QuizQuestion,
} from './schema';

const t = translator('zh-CN');

export const QUESTION_STATUSES = ['active', 'retired'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** Who did something, as records keep it. */
const actorSchema = z.strictObject({ id: z.string().min(1), name: z.string() });

/** One stored version of a trainer-written question. */
export const trainerQuestionSchema = z
  .strictObject({
    /** `tq-` and eight characters; the same for every version. */
    id: z.string().regex(TRAINER_QUESTION_ID_PATTERN),
    /** 1 for the first save, then + 1 with every save or retirement. */
    version: z.number().int().positive(),
    /** Retired questions stay (past quizzes and the history) but are not offered for new quizzes. */
    status: z.enum(QUESTION_STATUSES),
    /** The question as a quiz copies it (its id is the record's id). */
    question: quizQuestionSchema,
    /** The case (案例库) the question was written from, if any. */
    caseId: z.string().max(64).optional(),
    /** The bank question it was copied from, if any. */
    copiedFrom: z.string().max(64).optional(),
    /** First version: who wrote it, when (ISO). */
    createdBy: actorSchema,
    createdAt: z.string(),
    /** This version: who saved it, when (ISO). */
    savedBy: actorSchema,
    savedAt: z.string(),
  })
  .refine((r) => r.question.id === r.id, { path: ['question', 'id'], message: 'must equal the record id' });
export type TrainerQuestion = z.infer<typeof trainerQuestionSchema>;

/** Letters of the editor's option fields (a bank question has 3 to 6 options). */
export const OPTION_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

/** The editor's fields as strings, as the form posts them and as it is filled again after an error. */
export interface QuestionDraft {
  type: QuestionType;
  prompt: string;
  /** Option texts by letter (a–f); blanks are dropped. */
  options: Partial<Record<(typeof OPTION_LETTERS)[number], string>>;
  /** Right option letters, or `true` / `false` for a true/false question. */
  answer: string[];
  explanation: string;
  /** Clause ids, comma- or space-separated. */
  clauses: string;
  caseId?: string;
  copiedFrom?: string;
}

/** Field → message (Chinese), for errors next to each field. */
export type FieldErrors = Partial<Record<'type' | 'prompt' | 'options' | 'answer' | 'explanation' | 'clauses', string>>;

const MAX_PROMPT = 500;
const MAX_OPTION = 200;
const MAX_EXPLANATION = 1000;
const MAX_CLAUSES = 10;

/** A posted text field: line breaks normalised, trimmed, cut to `max` (never refused: the checks name what is wrong). */
const text = (max: number) =>
  z.unknown().transform((v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim().slice(0, max) : ''));

/** The editor's posted fields. Lenient on purpose: what was typed comes back to the form, and checkDraft names each problem. */
export const questionFormSchema = z.object({
  type: z.enum(QUESTION_TYPES).catch('single'),
  prompt: text(MAX_PROMPT),
  options: z.object(
    Object.fromEntries(OPTION_LETTERS.map((l) => [l, text(MAX_OPTION)])) as Record<
      (typeof OPTION_LETTERS)[number],
      ReturnType<typeof text>
    >,
  ),
  answer: z.array(z.string().max(5)).max(6).catch([]),
  explanation: text(MAX_EXPLANATION),
  clauses: text(400),
  caseId: text(64).transform((v) => v || undefined),
  copiedFrom: text(64).transform((v) => v || undefined),
});

/** The editor's fields from a posted form (nothing checked yet, lengths capped). */
export function draftFromForm(form: FormData): QuestionDraft {
  const type = form.get('type');
  // Option answers and the true/false answer are separate fields: the form shows the one the type needs.
  const answerField = type === 'truefalse' ? 'answerTf' : 'answer';
  return questionFormSchema.parse({
    type,
    prompt: form.get('prompt'),
    options: Object.fromEntries(OPTION_LETTERS.map((l) => [l, form.get(`option-${l}`)])),
    answer: form.getAll(answerField).filter((a) => typeof a === 'string'),
    explanation: form.get('explanation'),
    clauses: form.get('clauses'),
    caseId: form.get('caseId'),
    copiedFrom: form.get('copiedFrom'),
  });
}

/** Clause ids of the field: split on commas, Chinese commas and spaces, each once, in order. */
export const splitClauses = (field: string): string[] => [
  ...new Set(
    field
      .split(/[\s,，、;；]+/)
      .map((c) => c.trim())
      .filter(Boolean),
  ),
];

/**
 * The question a draft describes, checked as the banks are (quizQuestionSchema: option ids, one
 * right answer for single choice, two or more and not all for multiple choice, a boolean for
 * true/false, an explanation, one or more clause ids) plus what a form can get wrong besides:
 * two options with the same text, a clause the library does not hold. Errors name the field.
 */
export function checkDraft(
  draft: QuestionDraft,
  id: string,
  clauseExists: (id: string) => boolean,
): { ok: true; question: QuizQuestion } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  if (!draft.prompt) fields.prompt = t('questions.invalid.prompt');
  if (!draft.explanation) fields.explanation = t('questions.invalid.explanation');
  const clauses = splitClauses(draft.clauses);
  const missing = clauses.filter((c) => !clauseExists(c));
  if (clauses.length === 0) fields.clauses = t('questions.invalid.clausesNone');
  else if (clauses.length > MAX_CLAUSES) fields.clauses = t('questions.invalid.clausesMany', { n: MAX_CLAUSES });
  else if (missing.length) fields.clauses = t('questions.invalid.clausesMissing', { ids: missing.join('、') });

  let candidate: unknown;
  if (draft.type === 'truefalse') {
    const a = draft.answer[0];
    if (draft.answer.length !== 1 || (a !== 'true' && a !== 'false')) fields.answer = t('questions.invalid.trueFalse');
    candidate = { id, type: 'truefalse', prompt: draft.prompt, answer: a === 'true', explanation: draft.explanation };
  } else {
    // Blank option fields are dropped and the rest lettered again from a, answers following them.
    const filled = OPTION_LETTERS.filter((l) => draft.options[l]);
    const letterOf = new Map(filled.map((l, i) => [l, OPTION_LETTERS[i]]));
    const options = filled.map((l) => ({ id: letterOf.get(l)!, text: draft.options[l]! }));
    const texts = options.map((o) => o.text);
    if (options.length < 3) fields.options = t('questions.invalid.optionsFew');
    else if (new Set(texts).size !== texts.length) fields.options = t('questions.invalid.optionsSame');
    const answer = draft.answer.filter((a) => letterOf.has(a as never)).map((a) => letterOf.get(a as never)!);
    if (draft.answer.some((a) => !letterOf.has(a as never))) fields.answer = t('questions.invalid.answerBlank');
    else if (draft.type === 'single' && answer.length !== 1) fields.answer = t('questions.invalid.single');
    else if (draft.type === 'multiple' && answer.length < 2) fields.answer = t('questions.invalid.multipleFew');
    else if (draft.type === 'multiple' && options.length > 0 && answer.length >= options.length)
      fields.answer = t('questions.invalid.multipleAll');
    candidate = { id, type: draft.type, prompt: draft.prompt, options, answer, explanation: draft.explanation };
  }
  if (Object.keys(fields).length) return { ok: false, fields };
  const parsed = quizQuestionSchema.safeParse({ ...(candidate as object), clauses });
  if (!parsed.success) {
    // The checks above cover the schema's rules; anything left is named by its first path segment.
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'prompt');
      const field = (
        ['options', 'answer', 'explanation', 'clauses'].includes(key) ? key : 'prompt'
      ) as keyof FieldErrors;
      fields[field] ??= issue.message;
    }
    return { ok: false, fields };
  }
  return { ok: true, question: parsed.data };
}

/** The editor's fields for an existing question (a stored version, or a bank question being copied). */
export function draftOf(q: QuizQuestion, extra: Pick<QuestionDraft, 'caseId' | 'copiedFrom'> = {}): QuestionDraft {
  const options: QuestionDraft['options'] = {};
  if (q.type !== 'truefalse') for (const o of q.options) options[o.id as (typeof OPTION_LETTERS)[number]] = o.text;
  return {
    type: q.type,
    prompt: q.prompt,
    options,
    answer: q.type === 'truefalse' ? [String(q.answer)] : [...q.answer],
    explanation: q.explanation,
    clauses: q.clauses.join(', '),
    ...extra,
  };
}

/** Prefill from the query string: `?stem=…&clauses=a,b&case=<caseId>` (a case), or `?from=<bank question id>`. */
export const prefillSchema = z.object({
  stem: z.string().max(MAX_PROMPT).optional(),
  clauses: z.string().max(400).optional(),
  case: z.string().max(64).optional(),
  from: z.string().max(64).optional(),
  type: z.enum(QUESTION_TYPES).optional(),
});

/** An empty draft, with what the query string prefills. */
export function prefilledDraft(params: URLSearchParams, bankQuestion?: QuizQuestion): QuestionDraft {
  const p = prefillSchema.safeParse(Object.fromEntries(params));
  const q = p.success ? p.data : {};
  if (bankQuestion) return draftOf(bankQuestion, { copiedFrom: bankQuestion.id });
  return {
    type: q.type ?? 'single',
    prompt: q.stem?.trim() ?? '',
    options: {},
    answer: [],
    explanation: '',
    clauses: q.clauses ? splitClauses(q.clauses).join(', ') : '',
    caseId: q.case?.trim() || undefined,
  };
}

// ---------------------------------------------------------------- versions

/** The first version of a new question. */
export function firstVersion(
  question: QuizQuestion,
  by: { id: string; name: string },
  now: Date,
  extra: Pick<QuestionDraft, 'caseId' | 'copiedFrom'> = {},
): TrainerQuestion {
  const at = now.toISOString();
  return {
    id: question.id,
    version: 1,
    status: 'active',
    question,
    ...(extra.caseId ? { caseId: extra.caseId } : {}),
    ...(extra.copiedFrom ? { copiedFrom: extra.copiedFrom } : {}),
    createdBy: by,
    createdAt: at,
    savedBy: by,
    savedAt: at,
  };
}

/** The next version of `current`: a changed question, or a status change (retire, restore). */
export function nextVersion(
  current: TrainerQuestion,
  change: { question?: QuizQuestion; status?: QuestionStatus },
  by: { id: string; name: string },
  now: Date,
): TrainerQuestion {
  if (change.question && change.question.id !== current.id)
    throw new Error(`quiz: a new version of ${current.id} must keep its id`);
  return {
    ...current,
    version: current.version + 1,
    question: change.question ?? current.question,
    status: change.status ?? current.status,
    savedBy: by,
    savedAt: now.toISOString(),
  };
}

// ---------------------------------------------------------------- lists

/** Policy sections a question tests: the section part of each clause id it cites, once each. */
export const sectionsOf = (q: Pick<QuizQuestion, 'clauses'>): string[] => [
  ...new Set(q.clauses.map((c) => c.replace(/-[\d.]+$/, ''))),
];

/** The question list's filter (query string of `/training/questions`). */
export const questionFilterSchema = z.object({
  /** Words of the prompt, an option, the explanation, a clause id or the question id. */
  q: z.string().trim().max(100).optional().catch(undefined),
  section: sectionSlugSchema.optional().catch(undefined),
  type: z.enum(QUESTION_TYPES).optional().catch(undefined),
  /** `review`: questions flagged 待复核 (citing changed clauses). */
  status: z.enum(['active', 'retired', 'review', 'all']).default('active').catch('active'),
});
export type QuestionFilter = z.infer<typeof questionFilterSchema>;

/** Whether a question's text or ids contain the words of `q` (every word, any order, case folded). */
export function matchesText(q: QuizQuestion, query: string | undefined): boolean {
  if (!query) return true;
  const hay = [
    q.id,
    q.prompt,
    q.explanation,
    ...q.clauses,
    ...(q.type === 'truefalse' ? [] : q.options.map((o) => o.text)),
  ]
    .join('\n')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/** The records a filter keeps, newest change first; `needsReview` says which are flagged 待复核. */
export function filterQuestions(
  records: TrainerQuestion[],
  filter: QuestionFilter,
  needsReview: (r: TrainerQuestion) => boolean = () => false,
): TrainerQuestion[] {
  return records
    .filter((r) => {
      if (filter.status === 'active' && r.status !== 'active') return false;
      if (filter.status === 'retired' && r.status !== 'retired') return false;
      if (filter.status === 'review' && !needsReview(r)) return false;
      if (filter.type && r.question.type !== filter.type) return false;
      if (filter.section && !sectionsOf(r.question).includes(filter.section)) return false;
      return matchesText(r.question, filter.q);
    })
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.id.localeCompare(b.id));
}

/** The active questions a quiz may draw: picked by hand, or citing a clause of a chosen section. */
export function trainerPool(
  records: TrainerQuestion[],
  choice: { trainerQuestions?: string[]; trainerSections?: string[] },
): TrainerQuestion[] {
  const ids = new Set(choice.trainerQuestions ?? []);
  const sections = choice.trainerSections ?? [];
  return records
    .filter((r) => r.status === 'active')
    .filter((r) => ids.has(r.id) || sectionsOf(r.question).some((s) => sections.includes(s)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

// ---------------------------------------------------------------- export

/** What an exported bank is called. */
export const exportSchema = z.object({
  /** Bank id (and file name): kebab-case, not one of the shipped banks. */
  bank: z.string().regex(BANK_ID_PATTERN).max(40).default('trainer-questions'),
  title: z.string().trim().min(1).max(80).default('培训师自编题'),
  section: sectionSlugSchema.optional(),
});

/** The bank `records` make: active questions only, numbered `<bank>-001` … in the order they were written. */
export function bankOf(
  records: TrainerQuestion[],
  meta: { bank: string; title: string; section?: SectionSlug },
): QuizBank | undefined {
  const active = records
    .filter((r) => r.status === 'active')
    .filter((r) => !meta.section || sectionsOf(r.question).includes(meta.section))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  if (active.length === 0 || active.length > 999) return undefined;
  // The bank's section: the one given, or the one most of its questions test.
  const count = new Map<string, number>();
  for (const r of active) for (const s of sectionsOf(r.question)) count.set(s, (count.get(s) ?? 0) + 1);
  const section = meta.section ?? [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  return {
    id: meta.bank,
    title: meta.title,
    section: section as SectionSlug,
    questions: active.map((r, i) => ({ ...r.question, id: `${meta.bank}-${String(i + 1).padStart(3, '0')}` })),
  };
}

/** A bank as the YAML file `content/quizzes/<id>.yaml` (the format of content/quizzes/README.md). */
export function bankYaml(bank: QuizBank): string {
  // Key order as the shipped banks write it.
  const questions = bank.questions.map((q) =>
    q.type === 'truefalse'
      ? { id: q.id, type: q.type, prompt: q.prompt, answer: q.answer, explanation: q.explanation, clauses: q.clauses }
      : {
          id: q.id,
          type: q.type,
          prompt: q.prompt,
          options: q.options.map((o) => ({ id: o.id, text: o.text })),
          answer: q.answer,
          explanation: q.explanation,
          clauses: q.clauses,
        },
  );
  return stringify({ id: bank.id, title: bank.title, section: bank.section, questions }, { lineWidth: 0 });
}
