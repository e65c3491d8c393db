/**
 * Schemas of the live, paced quiz (晨会 mode): the session state every app node shares through
 * the store, its players and answers, the training-only pass a phone may keep, and the inputs
 * the trainer's controls and the phones send. Types derive from the schemas.
 */
import { z } from 'astro/zod';
import { responseSchema } from './schema';
import { translator } from '../i18n/dict';

const t = translator('zh-CN');

/** Phases of a paced session: waiting → open (countdown) → revealed → open … → finished. */
export const LIVE_PHASES = ['waiting', 'open', 'revealed', 'finished'] as const;
export type LivePhase = (typeof LIVE_PHASES)[number];

/** What the leaderboard shows: full names, initials only, or nothing. */
export const LEADERBOARD_MODES = ['full', 'initials', 'off'] as const;
export const leaderboardModeSchema = z.enum(LEADERBOARD_MODES);
export type LeaderboardMode = z.infer<typeof leaderboardModeSchema>;

/** Seconds a question stays open, bounds and default. */
export const LIVE_SECONDS = { min: 5, max: 120, default: 20 } as const;

/** The shared state of one paced session (one per quiz; changed only by compare-and-set on `rev`). */
export const liveSessionSchema = z.strictObject({
  /** The quiz it runs (its questions, in their stored order). */
  quizId: z.string().min(1),
  /** Revision: +1 on every change; the store replaces a session only when its rev is the expected one. */
  rev: z.number().int().nonnegative(),
  phase: z.enum(LIVE_PHASES),
  /** Index of the current question (0 while waiting). */
  index: z.number().int().nonnegative(),
  /** Seconds each question stays open. */
  seconds: z.number().int().min(LIVE_SECONDS.min).max(LIVE_SECONDS.max),
  leaderboard: leaderboardModeSchema,
  /** When the current question opened (ISO). */
  openedAt: z.string().optional(),
  /** When the current question's countdown ends (ISO). */
  deadline: z.string().optional(),
  /** Per question index, when answers stopped (reveal or countdown end, whichever came first; ISO). */
  lockedAt: z.array(z.string()),
  updatedAt: z.string(),
});
export type LiveSession = z.infer<typeof liveSessionSchema>;

/** A person who joined a paced session. */
export const livePlayerSchema = z.strictObject({
  quizId: z.string().min(1),
  userId: z.string().min(1),
  /** Display name when joining. */
  name: z.string(),
  /** User name when joining (the results table and CSV show it). */
  username: z.string(),
  joinedAt: z.string(),
});
export type LivePlayer = z.infer<typeof livePlayerSchema>;

/** One person's answer to one question of a paced session (at most one, never replaced). */
export const liveAnswerSchema = z.strictObject({
  quizId: z.string().min(1),
  userId: z.string().min(1),
  /** Question index within the quiz. */
  index: z.number().int().nonnegative(),
  value: responseSchema,
  /** When the server received it (ISO). */
  at: z.string(),
  /** Milliseconds since the question opened. */
  elapsedMs: z.number().int().nonnegative(),
  correct: z.boolean(),
  /** Points earned (live-points.ts). */
  points: z.number().int().nonnegative(),
});
export type LiveAnswer = z.infer<typeof liveAnswerSchema>;

/**
 * A training-only pass: a phone keeps it for 30 days (cookie `sdk_training`) and it lets its
 * holder take quizzes and nothing else. Stored by the SHA-256 of the token, never the token.
 */
export const trainingPassSchema = z.strictObject({
  /** SHA-256 (hex) of the token in the cookie. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  userId: z.string().min(1),
  /** The user's sessionVersion when issued: a password, role or account change ends the pass too. */
  sessionVersion: z.number().int().nonnegative(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type TrainingPass = z.infer<typeof trainingPassSchema>;

// ---------------------------------------------------------------- inputs

/** What a trainer picks beside the other settings when creating a quiz. */
export const liveFormSchema = z.object({
  /** `self`: everyone at their own pace (the default); `paced`: one question at a time for the room. */
  mode: z.enum(['self', 'paced']).default('self'),
  /** Seconds per question in paced mode. */
  seconds: z.coerce
    .number({ error: t('live.invalid.seconds') })
    .int(t('live.invalid.seconds'))
    .min(LIVE_SECONDS.min, t('live.invalid.seconds'))
    .max(LIVE_SECONDS.max, t('live.invalid.seconds'))
    .default(LIVE_SECONDS.default),
  /** Leaderboard at the start. */
  leaderboard: leaderboardModeSchema.default('full'),
});
export type LiveForm = z.infer<typeof liveFormSchema>;

/** Where the trainer's view was when the button was pressed: a stale click (or a second node) changes nothing. */
const expectSchema = z.strictObject({
  phase: z.enum(LIVE_PHASES),
  index: z.number().int().nonnegative(),
});

/** A trainer's control (`POST /api/training/live/<quizId>/control`). */
export const liveControlSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), expect: expectSchema }),
  z.strictObject({ action: z.literal('reveal'), expect: expectSchema }),
  z.strictObject({ action: z.literal('next'), expect: expectSchema }),
  z.strictObject({ action: z.literal('finish'), expect: expectSchema }),
  z.strictObject({ action: z.literal('leaderboard'), mode: leaderboardModeSchema }),
]);
export type LiveControl = z.infer<typeof liveControlSchema>;

/** A phone's answer (`POST /api/training/live/<quizId>/answer`). */
export const liveAnswerInputSchema = z.strictObject({
  /** The question index the phone shows. */
  index: z.number().int().nonnegative().max(99),
  /** Option ids, or true/false. */
  value: responseSchema,
});
export type LiveAnswerInput = z.infer<typeof liveAnswerInputSchema>;
