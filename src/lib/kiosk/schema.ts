import { z } from 'astro/zod';

/** A kiosk's id, set once by staff on the device (e.g. `K-1F-01`); the same rule as the feedback API's `kioskId`. */
export const kioskIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/);

/** What a kiosk reports about itself every minute and after its outbox changes (`POST /api/kiosk/heartbeat`). */
export const heartbeatSchema = z.strictObject({
  /** Submissions waiting in the kiosk's outbox (not yet acknowledged by the server). */
  pending: z.int().min(0).max(100_000),
  /** Submissions the server refused (a 4xx answer): kept aside on the kiosk, never retried. */
  failed: z.int().min(0).max(100_000).default(0),
  /** Age in seconds of the oldest pending submission; absent when nothing is pending. */
  oldestPendingSec: z
    .int()
    .min(0)
    .max(10 * 365 * 86_400)
    .optional(),
  /** The app version the kiosk page was served with. */
  version: z.string().max(40).default(''),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** One kiosk as the server last heard of it (stored in `DATA_DIR/kiosks/kiosks.json`). */
export const kioskRecordSchema = z.object({
  /** The kiosk id. */
  id: kioskIdSchema,
  /** ISO time of the last heartbeat. */
  lastSeen: z.string(),
  /** Pending outbox items at that time. */
  pending: z.int().min(0),
  /** Refused outbox items at that time. */
  failed: z.int().min(0).default(0),
  /** ISO time the oldest pending item was made, when one was pending. */
  oldestPendingAt: z.string().optional(),
  /** App version reported. */
  version: z.string().default(''),
});
export type KioskRecord = z.infer<typeof kioskRecordSchema>;

/**
 * A kiosk enrolled by a supervisor (`DATA_DIR/kiosks/enrolments.json`). The kiosk holds the
 * credential `<id>.<secret>` in an HttpOnly cookie; the server keeps only the secret's hash, so a
 * copy of the data directory cannot impersonate a kiosk. Enrolling an id again replaces its secret.
 */
export const kioskEnrolmentSchema = z.strictObject({
  /** The kiosk id. */
  id: kioskIdSchema,
  /** SHA-256 (hex) of the random secret; the secret itself is never stored. */
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO time of the enrolment. */
  enrolledAt: z.string(),
  /** Who enrolled it. */
  enrolledBy: z.strictObject({ id: z.string(), username: z.string() }),
  /** ISO time it was revoked on /staff/kiosks; a revoked kiosk counts as any other client. */
  revokedAt: z.string().optional(),
});
export type KioskEnrolment = z.infer<typeof kioskEnrolmentSchema>;
