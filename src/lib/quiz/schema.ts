/**
 * Schemas of the quiz domain: question banks (content/quizzes/*.yaml, format in
 * content/quizzes/README.md), quiz settings as a trainer enters them, and the stored quiz
 * sessions and attempts. Types derive from the schemas.
 */
import { z } from 'astro/zod';
import { translator } from '../i18n/dict';
import { CLAUSE_ID_PATTERN, sectionSlugSchema } from '../policies/schema';
import { cleanText, isSaneYear, MAX_YEAR, MIN_YEAR } from '../input/hygiene';

const t = translator('zh-CN');

/** Digits in a new join code. */
export const JOIN_CODE_LENGTH = 8;

export const QUESTION_TYPES = ['single', 'multiple', 'truefalse'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A bank id: kebab-case, equal to the file name. */
export const BANK_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A question id: `<bank id>-<3 digits>`. */
export const QUESTION_ID_PATTERN = /^([a-z0-9]+(?:-[a-z0-9]+)*)-(\d{3})$/;
/**
 * The id of a question a trainer wrote in the browser (the store's `questions`): `tq-` and eight
 * random characters. Disjoint from bank ids (which end in three digits), so a quiz mixing both
 * never holds two questions with one id; banks still refuse it (quizBankSchema checks the bank form).
 */
export const TRAINER_QUESTION_ID_PATTERN = /^tq-[a-z0-9]{8}$/;

/** One answer option of a single- or multiple-choice question. */
export const quizOptionSchema = z.strictObject({
  /** One lower-case letter, unique within the question (`a`, `b` …). */
  id: z.string().regex(/^[a-z]$/, 'option id must be one lower-case letter'),
  /** Option text as shown to staff. */
  text: z.string().trim().min(1),
});
export type QuizOption = z.infer<typeof quizOptionSchema>;

/** A day a question (or a whole bank) was last checked against its clauses, YYYY-MM-DD. */
const reviewedDay = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'))
  .optional();
const questionBase = {
  /**
   * `<bank id>-<3 digits>`, unique across all banks, never reused once published; or, for a
   * question written in the browser, `tq-` and eight characters (TRAINER_QUESTION_ID_PATTERN).
   */
  id: z
    .string()
    .refine(
      (id) => QUESTION_ID_PATTERN.test(id) || TRAINER_QUESTION_ID_PATTERN.test(id),
      'question id must be <bank id>-<3 digits>',
    ),
  /** The question as shown to staff. */
  prompt: z.string().trim().min(1),
  /** Why the answer is right; shown after the attempt is submitted. */
  explanation: z.string().trim().min(1),
  /** The clause ids the question tests (one or more); each must exist in the policy library. */
  clauses: z.array(z.string().regex(CLAUSE_ID_PATTERN, 'not a clause id')).min(1),
  /**
   * Day the question was last checked against its clauses (YYYY-MM-DD). A change of a cited
   * clause that takes effect after it flags the question 待复核 (src/lib/recert/recert.ts).
   */
  reviewed: reviewedDay,
};

const options = z.array(quizOptionSchema).min(3).max(6);

/** A single-choice question: exactly one right option. */
export const singleQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('single'),
  /** 3 to 6 options. */
  options,
  /** The one right option id, as a one-element list. */
  answer: z.array(z.string()).length(1, 'a single-choice question has exactly one answer'),
});

/** A multiple-choice question: two or more right options. */
export const multipleQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('multiple'),
  /** 3 to 6 options. */
  options,
  /** The right option ids (two or more). */
  answer: z.array(z.string()).min(2, 'a multiple-choice question has two or more answers'),
});

/** A true/false question: no options, the answer is true or false. */
export const trueFalseQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('truefalse'),
  /** Whether the statement in the prompt is true. */
  answer: z.boolean(),
});

/** One question of a bank. */
export const quizQuestionSchema = z
  .discriminatedUnion('type', [singleQuestionSchema, multipleQuestionSchema, trueFalseQuestionSchema])
  .superRefine((q, ctx) => {
    if (q.type === 'truefalse') return;
    const ids = q.options.map((o) => o.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['options'], message: `option id "${dup}" is used twice` });
    for (const a of q.answer) {
      if (!ids.includes(a))
        ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer "${a}" is not an option id` });
    }
    if (new Set(q.answer).size !== q.answer.length)
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'an answer is listed twice' });
    if (q.type === 'multiple' && q.answer.length === q.options.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'at least one option must be wrong' });
    }
  });
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;

/** A question bank: `content/quizzes/<bank id>.yaml`. */
export const quizBankSchema = z
  .strictObject({
    /** Bank id, kebab-case; equals the file name. */
    id: z.string().regex(BANK_ID_PATTERN, 'bank id must be kebab-case'),
    /** Title shown to trainers. */
    title: z.string().trim().min(1),
    /** The policy section the bank mostly tests. */
    section: sectionSlugSchema,
    /**
     * Day the whole bank was last checked against the library; a question without a `reviewed`
     * day of its own counts as reviewed then (parseBanks).
     */
    reviewed: reviewedDay,
    /** The questions (at least one). */
    questions: z.array(quizQuestionSchema).min(1),
  })
  .superRefine((bank, ctx) => {
    const seen = new Set<string>();
    bank.questions.forEach((q, i) => {
      if (
        !q.id.startsWith(`${bank.id}-`) ||
        !QUESTION_ID_PATTERN.test(q.id) ||
        QUESTION_ID_PATTERN.exec(q.id)![1] !== bank.id
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `question id "${q.id}" must start with the bank id "${bank.id}-"`,
        });
      }
      if (seen.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `question id "${q.id}" is used twice` });
      seen.add(q.id);
    });
  });
export type QuizBank = z.infer<typeof quizBankSchema>;

/** How a multiple-choice question is scored. */
export const SCORING_RULES = ['all-or-nothing', 'partial'] as const;
export const scoringRuleSchema = z.enum(SCORING_RULES);
export type ScoringRule = z.infer<typeof scoringRuleSchema>;

/** What a trainer sets when creating a quiz (validated again on the server). */
export const quizSettingsSchema = z
  .strictObject({
    /** Title shown to staff and on the projector. */
    title: z
      .string()
      .transform(cleanText)
      .pipe(z.string().trim().min(1, t('training.invalid.title')).max(80, t('training.invalid.titleLong'))),
    /** Banks to draw from (bank ids). */
    banks: z.array(z.string().regex(BANK_ID_PATTERN)).default([]),
    /** Policy sections to draw from: every question citing a clause of the section. */
    sections: z.array(sectionSlugSchema).default([]),
    /** Trainer-written questions picked by hand (ids; their active version is copied). */
    trainerQuestions: z.array(z.string().regex(TRAINER_QUESTION_ID_PATTERN)).max(100).optional(),
    /** Policy sections whose active trainer-written questions join the pool. */
    trainerSections: z.array(sectionSlugSchema).max(20).optional(),
    /** How many questions each attempt gets (at most the pool size). */
    questionCount: z.number().int().min(1, t('training.invalid.countMin')).max(100, t('training.invalid.countMax')),
    /** Each attempt gets the questions in its own random order. */
    shuffleQuestions: z.boolean(),
    /** Each attempt gets each question's options in its own random order. */
    shuffleOptions: z.boolean(),
    /** Percentage of the points needed to pass (0–100). */
    passMark: z.number().int().min(0, t('training.invalid.passMark')).max(100, t('training.invalid.passMark')),
    /** Minutes an attempt may last from its start; 0 = no limit besides the close time. */
    timeLimitMinutes: z
      .number()
      .int()
      .min(0, t('training.invalid.timeNegative'))
      .max(600, t('training.invalid.timeMax')),
    /** Attempts each person may submit. */
    attemptsAllowed: z
      .number()
      .int()
      .min(1, t('training.invalid.attemptsMin'))
      .max(10, t('training.invalid.attemptsMax')),
    /** When joining opens (ISO time). */
    opensAt: z.iso.datetime({ offset: true, error: '请填写有效的日期和时间' }),
    /** When the quiz closes: no new attempts, answers or submissions after it (ISO time). */
    closesAt: z.iso.datetime({ offset: true, error: '请填写有效的日期和时间' }),
    /** Scoring of multiple-choice questions (stated on the quiz page). */
    scoringRule: scoringRuleSchema.default('all-or-nothing'),
  })
  .superRefine((s, ctx) => {
    if (s.banks.length === 0 && s.sections.length === 0 && !s.trainerQuestions?.length && !s.trainerSections?.length) {
      ctx.addIssue({ code: 'custom', path: ['banks'], message: t('training.invalid.source') });
    }
    if (Date.parse(s.closesAt) <= Date.parse(s.opensAt)) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: t('training.invalid.closesBeforeOpens') });
    }
  });
export type QuizSettings = z.infer<typeof quizSettingsSchema>;

/** Life of a quiz session: created (not joinable yet) → live (joinable in its window) → ended. */
export const QUIZ_STATUSES = ['created', 'live', 'ended'] as const;
export type QuizStatus = (typeof QUIZ_STATUSES)[number];

/** A stored quiz session. */
export const quizSchema = z.strictObject({
  /** Random id, used in URLs. */
  id: z.string().min(1),
  /** 6-digit join code, unique among quizzes that are not ended. */
  /** Join code: 8 digits (sessions made before codes grew keep their 6). */
  code: z.string().regex(/^(\d{6}|\d{8})$/),
  settings: quizSettingsSchema,
  /**
   * The questions every attempt of this session gets (same set for everyone, so the item
   * analysis compares like with like), copied from the banks when the quiz was created so
   * later edits of a bank do not change past results.
   */
  questions: z.array(quizQuestionSchema).min(1),
  /**
   * The version of each trainer-written question (id → version) as it was copied into
   * `questions`; absent for quizzes drawn from the banks only (and for quizzes made before).
   */
  questionVersions: z.record(z.string(), z.number().int().positive()).optional(),
  /** Seed of the session; an attempt's paper is shuffled with a seed derived from it. */
  seed: z.number().int().nonnegative(),
  status: z.enum(QUIZ_STATUSES),
  /** User id and name of the trainer who created it. */
  createdBy: z.strictObject({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
});
export type Quiz = z.infer<typeof quizSchema>;

/** A response to one question: option ids, or true/false. */
export const responseSchema = z.union([z.array(z.string().regex(/^[a-z]$/)).max(6), z.boolean()]);
export type QuizResponse = z.infer<typeof responseSchema>;

/** A scored question within a submitted attempt. */
export const scoredItemSchema = z.strictObject({
  questionId: z.string(),
  /** Credit earned, 0–1. */
  credit: z.number().min(0).max(1),
  /** Whether the response earned full credit. */
  correct: z.boolean(),
});
export type ScoredItem = z.infer<typeof scoredItemSchema>;

/** The result of a submitted attempt (computed on the server only). */
export const attemptScoreSchema = z.strictObject({
  points: z.number().nonnegative(),
  max: z.number().int().positive(),
  /** points / max × 100, rounded to one decimal. */
  percent: z.number().min(0).max(100),
  passed: z.boolean(),
  items: z.array(scoredItemSchema),
});
export type AttemptScore = z.infer<typeof attemptScoreSchema>;

/** A stored attempt of one person at one quiz session. */
export const attemptSchema = z.strictObject({
  id: z.string().min(1),
  quizId: z.string().min(1),
  userId: z.string().min(1),
  /** Display name at the time of the attempt. */
  userName: z.string(),
  username: z.string(),
  /** 1 for the first attempt of this person at this quiz, and so on. */
  number: z.number().int().positive(),
  /** The question ids in the order this attempt shows them. */
  order: z.array(z.string()).min(1),
  /** Per question, the option ids in the order this attempt shows them. */
  optionOrder: z.record(z.string(), z.array(z.string())),
  /** Saved responses by question id, with when each was saved. */
  answers: z.record(z.string(), z.strictObject({ value: responseSchema, at: z.string() })),
  startedAt: z.string(),
  /** Latest time answers are accepted: start + time limit, capped by the close time. */
  deadline: z.string(),
  /** Set once submitted (by the person, or by the server when the time ran out or the session ended). */
  submittedAt: z.string().optional(),
  /** Why it was submitted. */
  submittedBy: z.enum(['user', 'timeout', 'ended']).optional(),
  score: attemptScoreSchema.optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** A local date-time as a `datetime-local` input sends it (`2026-05-01T09:00`). */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, t('training.invalid.dateTime'))
  .refine(isSaneYear, t('training.invalid.dateRange', { min: MIN_YEAR, max: MAX_YEAR }));

/** The trainer's create form: like quizSettingsSchema, with local times in the mall's time zone. */
export const quizFormSchema = z.object({
  /** Title shown to staff and on the projector. */
  title: z
    // An empty field arrives as null from the form: the same message as a blank title.
    .string({ error: t('training.invalid.title') })
    .transform(cleanText)
    .pipe(z.string().trim().min(1, t('training.invalid.title')).max(80, t('training.invalid.titleLong'))),
  /** Chosen bank ids (checkboxes). */
  banks: z.array(z.string().regex(BANK_ID_PATTERN)).max(50),
  /** Chosen section slugs (checkboxes). */
  sections: z.array(sectionSlugSchema).max(20),
  /** Trainer-written questions chosen by hand (checkboxes). */
  trainerQuestions: z.array(z.string().regex(TRAINER_QUESTION_ID_PATTERN)).max(100).optional(),
  /** Sections whose trainer-written questions join the pool (checkboxes). */
  trainerSections: z.array(sectionSlugSchema).max(20).optional(),
  /** Number of questions. */
  questionCount: z
    .number({ error: t('training.invalid.countMissing') })
    .int()
    .min(1, t('training.invalid.countMin'))
    .max(100, t('training.invalid.countMax')),
  /** Shuffle question order per attempt (checkbox). */
  shuffleQuestions: z.boolean(),
  /** Shuffle option order per attempt (checkbox). */
  shuffleOptions: z.boolean(),
  /** Pass mark in percent. */
  passMark: z
    .number({ error: t('training.invalid.passMarkMissing') })
    .int()
    .min(0, t('training.invalid.passMark'))
    .max(100, t('training.invalid.passMark')),
  /** Minutes per attempt; 0 = no limit. */
  timeLimitMinutes: z
    .number({ error: t('training.invalid.timeMissing') })
    .int()
    .min(0, t('training.invalid.timeNegative'))
    .max(600, t('training.invalid.timeMax')),
  /** Attempts allowed per person. */
  attemptsAllowed: z
    .number({ error: t('training.invalid.attemptsMissing') })
    .int()
    .min(1, t('training.invalid.attemptsMin'))
    .max(10, t('training.invalid.attemptsMax')),
  /** Opening time, local to the mall. */
  opensAt: localDateTime,
  /** Closing time, local to the mall. */
  closesAt: localDateTime,
  /** Multiple-choice scoring rule. */
  scoringRule: scoringRuleSchema,
});
export type QuizForm = z.infer<typeof quizFormSchema>;
