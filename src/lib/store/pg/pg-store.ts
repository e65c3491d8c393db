/**
 * The store port on PostgreSQL: any number of app nodes on one database, one schema for every
 * mall of a chain (every row carries `mall_id`; a store is opened for one mall). What makes it
 * correct across nodes lives in the database, never in a node's memory:
 *
 * - ticket numbers: a counter row per mall and day, incremented by one statement;
 * - idempotency keys, the setup token, usernames and live join codes: unique constraints;
 * - limits and lockouts: check-and-record in one transaction under a per-key advisory lock;
 * - the sweep: `exclusive` holds a session advisory lock; the audit order: a bigserial;
 * - live updates: LISTEN/NOTIFY on one dedicated connection per store.
 *
 * Documents (tickets, users, quizzes …) are stored as jsonb beside the columns queries need, and
 * read back as they were written by this module (no other writer), so they are not re-parsed.
 * See docs/STORE.md.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ApiToken } from '../../auth/tokens';
import { generateToken, hashToken } from '../../auth/tokens';
import { hashPassword } from '../../auth/password';
import { changedUser, newUserRecord, type NewUser, type User } from '../../auth/users';
import type { FeedbackConfig } from '../../feedback/feedback';
import {
  milestonesOf,
  PAGE_SIZE,
  SORT_DIRECTION,
  type QueueFilter,
  type QueueResult,
  type QueueRow,
} from '../../feedback/queue';
import { channelOf, MILESTONES, STATUSES, type Milestone, type Status, type Ticket } from '../../feedback/schema';
import { finishedAtOf, FINAL_STATUSES, type MilestoneState } from '../../feedback/sla';
import { openSlipAddressees } from '../../feedback/slips';
import { roleAtLevel, VIEWS, type View } from '../../feedback/workbench';
import { hasAlerts } from '../../feedback/inbox';
import { emptyTally, reportFactsOf, type ReportTally } from '../../feedback/reports';
import type { SessionUser } from '../../auth/roles';
import type { KioskEnrolment, KioskRecord } from '../../kiosk/schema';
import type { Attempt, Quiz } from '../../quiz/schema';
import type { TrainerQuestion } from '../../quiz/questions';
import type { Case } from '../../cases/schema';
import type { Assignment } from '../../assignments/schema';
import type { LiveAnswer, LivePlayer, LiveSession, TrainingPass } from '../../quiz/live-schema';
import type {
  AuditEntry,
  CreateResult,
  IdempotencyClaim,
  LimitResult,
  Notifier,
  PhoneTicket,
  Store,
  TicketStore,
} from '../port';
import { openDb, translate, type Db, type Queryable } from './db';
import { LOCK_SPACE, migrate } from './migrations.js';
import { notificationText, openNotifier, PG_CHANNEL } from './notifier';

/** How long an idempotency key is honoured. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** Most kiosks remembered per mall (heartbeats are public: made-up ids must not grow the table). */
export const MAX_KIOSKS = 500;
/** Expired idempotency keys, limit hits and sessions are cleaned at most this often per store. */
const CLEAN_EVERY_MS = 10 * 60_000;

export interface PgStoreOptions {
  /** `DATABASE_URL`. */
  url: string;
  /** The mall this store reads and writes (content/mall/mall.yaml `id`, or MALL_ID). */
  mallId: string;
  /** Connections in the pool (default 10), plus one for LISTEN. */
  poolSize?: number;
  /** The feedback configuration deadlines are computed with (default: the mall's, bundled at build). */
  config?: FeedbackConfig;
}

const FINAL_LIST = ['closed', 'invalid'];
const OPEN_SQL = `status NOT IN ('closed', 'invalid')`;

const refused = (waitMs: number): LimitResult => ({
  ok: false,
  retryAfterMs: waitMs,
  retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)),
});
const OK: LimitResult = { ok: true };

/** A signed 32-bit key for an advisory lock (the second key of the two-int form). */
export const lockKey = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest().readInt32BE(0);

/** Opens the store for one mall, applying pending migrations first. */
export async function openPgStore(options: PgStoreOptions): Promise<Store> {
  const { mallId } = options;
  // Loaded only when not given: the bundled configuration needs Vite (`?raw`), which a tsx script
  // (npm run store:copy) does not have; such a script passes loadFeedbackConfig()'s.
  const config = options.config ?? (await import('../../feedback/config')).FEEDBACK_CONFIG;
  const db = openDb({ url: options.url, poolSize: options.poolSize });
  try {
    const c = await db.client();
    try {
      await migrate(c);
    } finally {
      c.release();
    }
  } catch (error) {
    await db.close().catch(() => {});
    throw translate(error);
  }
  const notifier = openNotifier(options.url, mallId, db);
  let closed = false;
  return {
    kind: 'postgres',
    mallId,
    tickets: ticketStore(db, mallId, config, notifier),
    users: {
      async list() {
        const rows = await db.rows<{ doc: User }>('SELECT doc FROM users WHERE mall_id = $1', [mallId]);
        return rows.map((r) => r.doc).sort((a, b) => a.username.localeCompare(b.username));
      },
      async byId(id) {
        return (await db.rows<{ doc: User }>('SELECT doc FROM users WHERE mall_id = $1 AND id = $2', [mallId, id]))[0]
          ?.doc;
      },
      async byUsername(username) {
        const name = username.trim().toLowerCase();
        return (
          await db.rows<{ doc: User }>('SELECT doc FROM users WHERE mall_id = $1 AND lower(username) = $2', [
            mallId,
            name,
          ])
        )[0]?.doc;
      },
      async hasActiveAdmin() {
        const rows = await db.rows(`SELECT 1 FROM users WHERE mall_id = $1 AND role = 'admin' AND active LIMIT 1`, [
          mallId,
        ]);
        return rows.length > 0;
      },
      async add(input: NewUser, now = new Date()) {
        const user = newUserRecord(input, await hashPassword(input.password), randomUUID(), now);
        const rows = await db.rows(
          `INSERT INTO users (mall_id, id, username, role, active, doc) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [mallId, user.id, user.username, user.role, user.active, user],
        );
        return rows.length ? user : undefined;
      },
      async update(id, change, now = new Date()) {
        // Hashing is slow: done before the transaction holds the row.
        const passwordHash = change.password ? await hashPassword(change.password) : undefined;
        return db.tx(async (c) => {
          const before = (
            await c.query<{ doc: User }>('SELECT doc FROM users WHERE mall_id = $1 AND id = $2 FOR UPDATE', [
              mallId,
              id,
            ])
          ).rows[0]?.doc;
          if (!before) return undefined;
          const user = changedUser(before, { ...change, passwordHash }, now);
          await c.query('UPDATE users SET role = $3, active = $4, doc = $5 WHERE mall_id = $1 AND id = $2', [
            mallId,
            id,
            user.role,
            user.active,
            user,
          ]);
          return user;
        });
      },
      async endSessions(id, now = new Date()) {
        const rows = await db.rows(
          `UPDATE users SET doc = jsonb_set(jsonb_set(doc, '{sessionVersion}', to_jsonb(coalesce((doc->>'sessionVersion')::int, 0) + 1)),
             '{updatedAt}', to_jsonb($3::text))
           WHERE mall_id = $1 AND id = $2 RETURNING 1`,
          [mallId, id, now.toISOString()],
        );
        return rows.length > 0;
      },
    },
    tokens: {
      async list() {
        const rows = await db.rows<{ doc: ApiToken }>(
          'SELECT doc FROM api_tokens WHERE mall_id = $1 ORDER BY created_at, id',
          [mallId],
        );
        return rows.map((r) => r.doc);
      },
      async byToken(token) {
        const rows = await db.rows<{ doc: ApiToken }>(
          'SELECT doc FROM api_tokens WHERE mall_id = $1 AND hash = $2 AND revoked_at IS NULL',
          [mallId, hashToken(token)],
        );
        return rows[0]?.doc;
      },
      async create(userId, label, now = new Date()) {
        const token = generateToken();
        const record: ApiToken = {
          id: randomUUID(),
          userId,
          label,
          hash: hashToken(token),
          createdAt: now.toISOString(),
        };
        await db.rows(
          'INSERT INTO api_tokens (mall_id, id, user_id, hash, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6)',
          [mallId, record.id, userId, record.hash, now, record],
        );
        return { token, record };
      },
      async revoke(id, now = new Date()) {
        const rows = await db.rows(
          `UPDATE api_tokens SET revoked_at = $3, doc = jsonb_set(doc, '{revokedAt}', to_jsonb($4::text))
           WHERE mall_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING 1`,
          [mallId, id, now, now.toISOString()],
        );
        return rows.length > 0;
      },
    },
    setupToken: {
      async issue(sha256, now = new Date()) {
        await db.rows(
          `INSERT INTO setup_tokens (mall_id, sha256, issued_at) VALUES ($1, $2, $3)
           ON CONFLICT (mall_id) DO UPDATE SET sha256 = EXCLUDED.sha256, issued_at = EXCLUDED.issued_at`,
          [mallId, sha256, now],
        );
      },
      async matches(sha256) {
        const rows = await db.rows('SELECT 1 FROM setup_tokens WHERE mall_id = $1 AND sha256 = $2', [mallId, sha256]);
        return rows.length > 0;
      },
      async claim(sha256) {
        // One statement: of any number of concurrent claims exactly one deletes the row.
        const rows = await db.rows('DELETE FROM setup_tokens WHERE mall_id = $1 AND sha256 = $2 RETURNING 1', [
          mallId,
          sha256,
        ]);
        return rows.length > 0;
      },
      async restore(sha256) {
        await db.rows(
          'INSERT INTO setup_tokens (mall_id, sha256, issued_at) VALUES ($1, $2, now()) ON CONFLICT (mall_id) DO NOTHING',
          [mallId, sha256],
        );
      },
    },
    quizzes: {
      async list() {
        const rows = await db.rows<{ doc: Quiz }>(
          'SELECT doc FROM quizzes WHERE mall_id = $1 ORDER BY created_at DESC, id',
          [mallId],
        );
        return rows.map((r) => r.doc);
      },
      async byId(id) {
        return (await db.rows<{ doc: Quiz }>('SELECT doc FROM quizzes WHERE mall_id = $1 AND id = $2', [mallId, id]))[0]
          ?.doc;
      },
      async byCode(code) {
        const rows = await db.rows<{ doc: Quiz }>(
          `SELECT doc FROM quizzes WHERE mall_id = $1 AND code = $2 AND status <> 'ended'`,
          [mallId, code],
        );
        return rows[0]?.doc;
      },
      async insertQuiz(quiz) {
        // The partial unique index on live codes decides between two nodes picking one code.
        const rows = await db.rows(
          `INSERT INTO quizzes (mall_id, id, code, status, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [mallId, quiz.id, quiz.code, quiz.status, quiz.createdAt, quiz],
        );
        return rows.length > 0;
      },
      async saveQuiz(quiz) {
        const rows = await db.rows(
          'UPDATE quizzes SET code = $3, status = $4, doc = $5 WHERE mall_id = $1 AND id = $2 RETURNING 1',
          [mallId, quiz.id, quiz.code, quiz.status, quiz],
        );
        if (!rows.length) throw new Error(`store: no quiz ${quiz.id}`);
      },
      async attemptById(id) {
        const rows = await db.rows<{ doc: Attempt }>('SELECT doc FROM quiz_attempts WHERE mall_id = $1 AND id = $2', [
          mallId,
          id,
        ]);
        return rows[0]?.doc;
      },
      async attemptsOf(quizId, only) {
        const values: unknown[] = [mallId, quizId];
        let where = 'mall_id = $1 AND quiz_id = $2';
        if (only?.userId) {
          values.push(only.userId);
          where += ` AND user_id = $${values.length}`;
        }
        if (only?.open) where += ` AND doc->>'submittedAt' IS NULL`;
        const rows = await db.rows<{ doc: Attempt }>(
          `SELECT doc FROM quiz_attempts WHERE ${where} ORDER BY ord`,
          values,
        );
        return rows.map((r) => r.doc);
      },
      async attemptsByUser(userId) {
        const rows = await db.rows<{ doc: Attempt }>(
          'SELECT doc FROM quiz_attempts WHERE mall_id = $1 AND user_id = $2 ORDER BY ord',
          [mallId, userId],
        );
        return rows.map((r) => r.doc);
      },
      async insertAttempt(attempt) {
        await db.rows('INSERT INTO quiz_attempts (mall_id, id, quiz_id, user_id, doc) VALUES ($1, $2, $3, $4, $5)', [
          mallId,
          attempt.id,
          attempt.quizId,
          attempt.userId,
          attempt,
        ]);
      },
      async saveAttempt(attempt) {
        const rows = await db.rows(
          'UPDATE quiz_attempts SET doc = $4 WHERE mall_id = $1 AND id = $2 AND quiz_id = $3 RETURNING 1',
          [mallId, attempt.id, attempt.quizId, attempt],
        );
        if (!rows.length) throw new Error(`store: no attempt ${attempt.id}`);
      },
    },
    questions: {
      async list() {
        const rows = await db.rows<{ doc: TrainerQuestion }>(
          `SELECT DISTINCT ON (created_at, id) doc FROM trainer_questions WHERE mall_id = $1
           ORDER BY created_at, id, version DESC`,
          [mallId],
        );
        return rows.map((r) => r.doc);
      },
      async byId(id, version) {
        const rows = await db.rows<{ doc: TrainerQuestion }>(
          version === undefined
            ? 'SELECT doc FROM trainer_questions WHERE mall_id = $1 AND id = $2 ORDER BY version DESC LIMIT 1'
            : 'SELECT doc FROM trainer_questions WHERE mall_id = $1 AND id = $2 AND version = $3',
          version === undefined ? [mallId, id] : [mallId, id, version],
        );
        return rows[0]?.doc;
      },
      async versions(id) {
        const rows = await db.rows<{ doc: TrainerQuestion }>(
          'SELECT doc FROM trainer_questions WHERE mall_id = $1 AND id = $2 ORDER BY version',
          [mallId, id],
        );
        return rows.map((r) => r.doc);
      },
      async put(record) {
        // Only the version after the latest goes in; the primary key settles two nodes racing for it.
        const rows = await db.rows(
          `INSERT INTO trainer_questions (mall_id, id, version, status, created_at, saved_at, doc)
           SELECT $1, $2, $3, $4, $5, $6, $7
           WHERE (SELECT coalesce(max(version), 0) FROM trainer_questions WHERE mall_id = $1 AND id = $2) = $3 - 1
           ON CONFLICT DO NOTHING RETURNING 1`,
          [mallId, record.id, record.version, record.status, record.createdAt, record.savedAt, record],
        );
        return rows.length > 0;
      },
    },
    live: {
      async session(quizId) {
        const rows = await db.rows<{ doc: LiveSession }>(
          'SELECT doc FROM live_sessions WHERE mall_id = $1 AND quiz_id = $2',
          [mallId, quizId],
        );
        return rows[0]?.doc;
      },
      async createSession(session) {
        const rows = await db.rows(
          `INSERT INTO live_sessions (mall_id, quiz_id, rev, doc) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [mallId, session.quizId, session.rev, session],
        );
        return rows.length > 0;
      },
      async saveSession(next, expectedRev) {
        if (next.rev !== expectedRev + 1) return false;
        const rows = await db.rows(
          'UPDATE live_sessions SET rev = $3, doc = $4 WHERE mall_id = $1 AND quiz_id = $2 AND rev = $5 RETURNING 1',
          [mallId, next.quizId, next.rev, next, expectedRev],
        );
        if (rows.length) return true;
        const exists = await db.rows('SELECT 1 FROM live_sessions WHERE mall_id = $1 AND quiz_id = $2', [
          mallId,
          next.quizId,
        ]);
        if (!exists.length) throw new Error(`store: no live session for quiz ${next.quizId}`);
        return false;
      },
      async join(player) {
        await db.rows(
          `INSERT INTO live_players (mall_id, quiz_id, user_id, doc) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [mallId, player.quizId, player.userId, player],
        );
        const rows = await db.rows<{ doc: LivePlayer }>(
          'SELECT doc FROM live_players WHERE mall_id = $1 AND quiz_id = $2 AND user_id = $3',
          [mallId, player.quizId, player.userId],
        );
        return rows[0].doc;
      },
      async players(quizId) {
        const rows = await db.rows<{ doc: LivePlayer }>(
          'SELECT doc FROM live_players WHERE mall_id = $1 AND quiz_id = $2 ORDER BY ord',
          [mallId, quizId],
        );
        return rows.map((r) => r.doc);
      },
      async answer(answer) {
        const rows = await db.rows(
          `INSERT INTO live_answers (mall_id, quiz_id, question, user_id, doc) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [mallId, answer.quizId, answer.index, answer.userId, answer],
        );
        return rows.length > 0;
      },
      async answers(quizId) {
        const rows = await db.rows<{ doc: LiveAnswer }>(
          'SELECT doc FROM live_answers WHERE mall_id = $1 AND quiz_id = $2 ORDER BY question, ord',
          [mallId, quizId],
        );
        return rows.map((r) => r.doc);
      },
      async putPass(pass) {
        await db.rows('DELETE FROM training_passes WHERE mall_id = $1 AND expires_at <= now()', [mallId]);
        await db.rows(
          `INSERT INTO training_passes (mall_id, hash, user_id, expires_at, doc) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (mall_id, hash) DO UPDATE SET user_id = $3, expires_at = $4, doc = $5`,
          [mallId, pass.hash, pass.userId, pass.expiresAt, pass],
        );
      },
      async pass(hash) {
        const rows = await db.rows<{ doc: TrainingPass }>(
          'SELECT doc FROM training_passes WHERE mall_id = $1 AND hash = $2',
          [mallId, hash],
        );
        return rows[0]?.doc;
      },
      async dropPass(hash) {
        await db.rows('DELETE FROM training_passes WHERE mall_id = $1 AND hash = $2', [mallId, hash]);
      },
    },
    kiosks: {
      async heartbeats() {
        const rows = await db.rows<{ doc: KioskRecord }>(
          'SELECT doc FROM kiosk_heartbeats WHERE mall_id = $1 ORDER BY id',
          [mallId],
        );
        return rows.map((r) => r.doc);
      },
      async putHeartbeat(record) {
        await db.tx(async (c) => {
          await c.query(
            `INSERT INTO kiosk_heartbeats (mall_id, id, last_seen, doc) VALUES ($1, $2, $3, $4)
             ON CONFLICT (mall_id, id) DO UPDATE SET last_seen = EXCLUDED.last_seen, doc = EXCLUDED.doc`,
            [mallId, record.id, record.lastSeen, record],
          );
          await c.query(
            `DELETE FROM kiosk_heartbeats WHERE mall_id = $1 AND id IN (
               SELECT id FROM kiosk_heartbeats WHERE mall_id = $1 ORDER BY last_seen DESC, id OFFSET $2)`,
            [mallId, MAX_KIOSKS],
          );
        });
      },
      async enrolments() {
        const rows = await db.rows<{ doc: KioskEnrolment }>(
          'SELECT doc FROM kiosk_enrolments WHERE mall_id = $1 ORDER BY id',
          [mallId],
        );
        return rows.map((r) => r.doc);
      },
      async enrolment(id) {
        const rows = await db.rows<{ doc: KioskEnrolment }>(
          'SELECT doc FROM kiosk_enrolments WHERE mall_id = $1 AND id = $2',
          [mallId, id],
        );
        return rows[0]?.doc;
      },
      async putEnrolment(record) {
        await db.rows(
          `INSERT INTO kiosk_enrolments (mall_id, id, doc) VALUES ($1, $2, $3)
           ON CONFLICT (mall_id, id) DO UPDATE SET doc = EXCLUDED.doc`,
          [mallId, record.id, record],
        );
      },
    },
    cases: {
      async list() {
        const rows = await db.rows<{ doc: Case }>('SELECT doc FROM cases WHERE mall_id = $1 ORDER BY ord DESC', [
          mallId,
        ]);
        return rows.map((r) => r.doc);
      },
      async byId(id) {
        return (await db.rows<{ doc: Case }>('SELECT doc FROM cases WHERE mall_id = $1 AND id = $2', [mallId, id]))[0]
          ?.doc;
      },
      async bySource(no) {
        const rows = await db.rows<{ doc: Case }>('SELECT doc FROM cases WHERE mall_id = $1 AND source_no = $2', [
          mallId,
          no,
        ]);
        return rows[0]?.doc;
      },
      async insert(c) {
        // The unique index on (mall_id, source_no) decides between two supervisors saving one ticket.
        const rows = await db.rows(
          `INSERT INTO cases (mall_id, id, source_no, created_at, doc) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [mallId, c.id, c.sourceNo, c.createdAt, c],
        );
        return rows.length > 0;
      },
    },
    assignments: {
      async list() {
        const rows = await db.rows<{ doc: Assignment }>(
          'SELECT doc FROM assignments WHERE mall_id = $1 ORDER BY ord DESC',
          [mallId],
        );
        return rows.map((r) => r.doc);
      },
      async byId(id) {
        const rows = await db.rows<{ doc: Assignment }>('SELECT doc FROM assignments WHERE mall_id = $1 AND id = $2', [
          mallId,
          id,
        ]);
        return rows[0]?.doc;
      },
      async ofQuiz(quizId) {
        const rows = await db.rows<{ doc: Assignment }>(
          'SELECT doc FROM assignments WHERE mall_id = $1 AND quiz_id = $2 ORDER BY ord',
          [mallId, quizId],
        );
        return rows.map((r) => r.doc);
      },
      async insert(a) {
        await db.rows('INSERT INTO assignments (mall_id, id, quiz_id, doc) VALUES ($1, $2, $3, $4)', [
          mallId,
          a.id,
          a.quizId,
          a,
        ]);
      },
    },
    audit: {
      async append(entry: AuditEntry) {
        await db.rows('INSERT INTO audit_log (mall_id, month, doc) VALUES ($1, $2, $3)', [
          mallId,
          entry.at.slice(0, 7),
          entry,
        ]);
      },
      async readMonth(month) {
        const rows = await db.rows<{ doc: AuditEntry }>(
          'SELECT doc FROM audit_log WHERE mall_id = $1 AND month = $2 ORDER BY id',
          [mallId, month],
        );
        return rows.map((r) => r.doc);
      },
    },
    limits: limitStore(db, mallId),
    notifier,
    hq: {
      async malls() {
        const rows = await db.rows<{ mall_id: string }>(
          'SELECT mall_id FROM ticket_counts GROUP BY mall_id HAVING sum(n) > 0 ORDER BY mall_id',
        );
        return rows.map((r) => r.mall_id);
      },
      ofMonth: (mall, month) => ticketsOfMonth(db, mall, month),
      report: (mall, month, now) => monthTally(db, mall, month, now, config),
    },
    async exclusive<T>(name: string, task: () => Promise<T>) {
      // A session lock on a connection of its own: released by unlock, or by PostgreSQL if the
      // connection dies, so a crashed node never keeps the sweep from running elsewhere.
      const c = await db.client();
      const key = lockKey(mallId, name);
      let broken: Error | undefined;
      try {
        const got = (
          await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_SPACE.exclusive, key])
        ).rows[0].ok;
        if (!got) return undefined;
        try {
          return await task();
        } finally {
          await c.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE.exclusive, key]).catch((e: Error) => {
            broken = e;
          });
        }
      } catch (error) {
        broken ??= error as Error;
        throw translate(error);
      } finally {
        c.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await notifier.close();
      await db.close();
    },
  } satisfies Store & { notifier: Notifier & { close(): Promise<void> } };
}

// ------------------------------------------------------------------ tickets

/** The columns every ticket row carries beside its document, in TICKET_COLUMNS order. */
export const TICKET_COLUMNS = [
  'mall_id',
  'no',
  'day',
  'seq',
  'status',
  'kind',
  'channel',
  'category',
  'floor',
  'tenant',
  'department',
  'assignee_id',
  'assignee',
  'urgency',
  'level',
  'phone',
  'repeat_of',
  'created_at',
  'updated_at',
  'updated_at_text',
  'next_due_at',
  'contact_held',
  'finished_at',
  'slips_to',
  'doc',
  'kiosk_id',
  'facts',
  'alerts',
] as const;

/** Earliest unmet deadline of an open ticket (ms), as the queue orders by it. */
function nextDueOf(t: Ticket, config: FeedbackConfig): MilestoneState | undefined {
  if (FINAL_STATUSES.has(t.status)) return undefined;
  let next: MilestoneState | undefined;
  for (const m of milestonesOf(t, config, Date.now()))
    if (m.metAt === undefined && (!next || m.dueAt < next.dueAt)) next = m;
  return next;
}

export function ticketValues(mallId: string, t: Ticket, config: FeedbackConfig): unknown[] {
  const due = nextDueOf(t, config);
  const slips = openSlipAddressees(t);
  return [
    mallId,
    t.no,
    t.day,
    t.seq,
    t.status,
    t.kind,
    channelOf(t),
    t.category,
    t.floor ?? null,
    t.tenant ?? null,
    t.department ?? null,
    t.assigneeId ?? null,
    t.assignee ?? null,
    t.urgency,
    t.level,
    t.phone ?? null,
    t.repeatOf ?? null,
    t.createdAt,
    t.updatedAt,
    t.updatedAt,
    due ? new Date(due.dueAt) : null,
    t.name !== undefined || t.phone !== undefined || t.address !== undefined,
    finishedAtOf(t) ?? null,
    // As an array literal, not a JS array: the bench's COPY (CSV) reads the same values as queries do.
    slips.length ? `{${slips.map((id) => `"${id.replace(/[\\"]/g, '\\$&')}"`).join(',')}}` : null,
    t,
    t.kioskId ?? null,
    reportFactsOf(t, config),
    hasAlerts(t),
  ];
}

const UPDATE_TICKET = `UPDATE tickets SET ${TICKET_COLUMNS.slice(2)
  .map((col, i) => `${col} = $${i + 3}`)
  .join(', ')} WHERE mall_id = $1 AND no = $2`;

/** Parameter casts of the ticket columns (an INSERT … SELECT does not infer them). */
export const TICKET_CASTS: Partial<Record<(typeof TICKET_COLUMNS)[number], string>> = {
  day: 'date',
  seq: 'integer',
  level: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  next_due_at: 'timestamptz',
  contact_held: 'boolean',
  finished_at: 'timestamptz',
  slips_to: 'text[]',
  doc: 'jsonb',
  facts: 'jsonb',
  alerts: 'boolean',
};
const TICKET_PARAMS = TICKET_COLUMNS.map((col, i) => `$${i + 1}::${TICKET_CASTS[col] ?? 'text'}`).join(', ');
const N = TICKET_COLUMNS.length;

/**
 * A new ticket in one statement. With a key ($N+1 kiosk, $N+2 key, $N+3 expiry): the key row is
 * claimed first — a live row of another request makes the whole statement insert nothing (its
 * ON CONFLICT waits for that request's commit), an expired one is taken over. The last parameter
 * is the notification telling every node (sent at commit, only when the ticket was inserted).
 */
const createStatement = (withKey: boolean) => `
WITH ${
  withKey
    ? `k AS (
  INSERT INTO idempotency_keys (mall_id, kiosk_id, key, ticket_no, created_at)
  VALUES ($1, $${N + 1}, $${N + 2}, $2, $${TICKET_COLUMNS.indexOf('created_at') + 1}::timestamptz)
  ON CONFLICT (mall_id, kiosk_id, key) DO UPDATE SET ticket_no = EXCLUDED.ticket_no, created_at = EXCLUDED.created_at
    WHERE idempotency_keys.created_at <= $${N + 3}
  RETURNING 1
),`
    : ''
} t AS (
  INSERT INTO tickets (${TICKET_COLUMNS.join(', ')}) SELECT ${TICKET_PARAMS}
  ${withKey ? 'WHERE EXISTS (SELECT 1 FROM k)' : ''}
  RETURNING status
), c AS (
  INSERT INTO ticket_counts (mall_id, status, n) SELECT $1, status, 1 FROM t
  ON CONFLICT (mall_id, status) DO UPDATE SET n = ticket_counts.n + 1
  RETURNING 1
), v AS (
  -- After the counts (reads c): every writer locks counts before the version, so none deadlock.
  INSERT INTO store_versions (mall_id, version) SELECT $1, 1 WHERE (SELECT count(*) FROM c) > 0
  ON CONFLICT (mall_id) DO UPDATE SET version = store_versions.version + 1
  RETURNING 1
), n AS (
  SELECT pg_notify('${PG_CHANNEL}', $${withKey ? N + 4 : N + 1}) FROM t
)
SELECT (SELECT count(*) FROM t)::int AS inserted, (SELECT count(*) FROM v)::int AS bumped,
       (SELECT count(*) FROM n)::int AS notified`;
/** The day's next ticket number ($1 mall, $2 day). */
const NEXT_NUMBER = `INSERT INTO ticket_counters (mall_id, day, last) VALUES ($1, $2::date, 1)
  ON CONFLICT (mall_id, day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING NULL::jsonb AS doc, last`;
/**
 * The ticket of a live idempotency claim ($3 kiosk, $4 key, $5 oldest time honoured), or else the
 * day's next number: a retry never uses a number.
 */
const NEXT_NUMBER_UNLESS_KEY = `WITH existing AS (
  SELECT t.doc FROM idempotency_keys k JOIN tickets t ON t.mall_id = k.mall_id AND t.no = k.ticket_no
  WHERE k.mall_id = $1 AND k.kiosk_id = $3 AND k.key = $4 AND k.created_at > $5
), c AS (
  INSERT INTO ticket_counters (mall_id, day, last) SELECT $1, $2::date, 1 WHERE NOT EXISTS (SELECT 1 FROM existing)
  ON CONFLICT (mall_id, day) DO UPDATE SET last = ticket_counters.last + 1
  RETURNING last
)
SELECT (SELECT doc FROM existing LIMIT 1) AS doc, (SELECT last FROM c) AS last`;
const CREATE = createStatement(false);
const CREATE_WITH_KEY = createStatement(true);

/** Adds `delta` tickets to each status's count and bumps the version (locks in one order: no deadlock). */
async function countAndBump(c: Queryable, mallId: string, deltas: [Status, number][]) {
  const merged = new Map<Status, number>();
  for (const [status, n] of deltas) merged.set(status, (merged.get(status) ?? 0) + n);
  const sorted = [...merged].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length) {
    const values = sorted.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3}::bigint)`).join(', ');
    await c.query(
      `INSERT INTO ticket_counts (mall_id, status, n) VALUES ${values}
       ON CONFLICT (mall_id, status) DO UPDATE SET n = ticket_counts.n + EXCLUDED.n`,
      [mallId, ...sorted.flat()],
    );
  }
  await c.query(
    `INSERT INTO store_versions (mall_id, version) VALUES ($1, 1)
     ON CONFLICT (mall_id) DO UPDATE SET version = store_versions.version + 1`,
    [mallId],
  );
}

async function ticketsOfMonth(db: Db, mallId: string, month: string): Promise<Ticket[]> {
  const [from, to] = monthRange(month);
  const rows = await db.rows<{ doc: Ticket }>(
    'SELECT doc FROM tickets WHERE mall_id = $1 AND day >= $2::date AND day < $3::date ORDER BY day, seq',
    [mallId, from, to],
  );
  return rows.map((r) => r.doc);
}

/** The first day of a month and of the next one (`YYYY-MM-DD`). */
function monthRange(month: string): [string, string] {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`store: not a month: ${month}`);
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${month}-01`, `${next}-01`];
}

/**
 * Report facts for the month's rows written before they existed (migration 5), computed from
 * their documents a slice at a time. Guarded by `facts IS NULL`: a concurrent write of the
 * ticket (which brings its own facts) wins.
 */
async function fillFacts(db: Db, mallId: string, from: string, to: string, config: FeedbackConfig) {
  for (;;) {
    const rows = await db.rows<{ no: string; doc: Ticket }>(
      `SELECT no, doc FROM tickets WHERE mall_id = $1 AND day >= $2::date AND day < $3::date AND facts IS NULL LIMIT 500`,
      [mallId, from, to],
    );
    if (!rows.length) return;
    await db.rows(
      `UPDATE tickets t SET facts = v.facts, kiosk_id = v.kiosk, alerts = v.alerts
       FROM unnest($2::text[], $3::jsonb[], $4::text[], $5::boolean[]) AS v(no, facts, kiosk, alerts)
       WHERE t.mall_id = $1 AND t.no = v.no AND t.facts IS NULL`,
      [
        mallId,
        rows.map((r) => r.no),
        rows.map((r) => JSON.stringify(reportFactsOf(r.doc, config))),
        rows.map((r) => r.doc.kioskId ?? null),
        rows.map((r) => hasAlerts(r.doc)),
      ],
    );
    if (rows.length < 500) return;
  }
}

/**
 * A month's report figures counted in SQL from the columns and each row's report facts, in one
 * statement: the same counts as `tallyTickets` over the month's documents (the contract suite
 * compares them), without shipping and parsing the documents. `$4` is now (ms), `$5` the same as
 * a time.
 */
export const MONTH_TALLY = `
WITH m AS MATERIALIZED (
  SELECT kind, category, floor, tenant, department, kiosk_id, channel, status, phone, repeat_of, urgency,
         next_due_at, facts
  FROM tickets WHERE mall_id = $1 AND day >= $2::date AND day < $3::date
)
SELECT CASE WHEN grouping(kind) = 0 THEN 'kind' WHEN grouping(category) = 0 THEN 'category'
            WHEN grouping(floor) = 0 THEN 'floor' WHEN grouping(tenant) = 0 THEN 'tenant'
            WHEN grouping(department) = 0 THEN 'department' WHEN grouping(kiosk_id) = 0 THEN 'kiosk'
            WHEN grouping(channel) = 0 THEN 'channel' WHEN grouping(status) = 0 THEN 'status'
            ELSE 'reopens' END AS d,
       coalesce(kind, category, floor, tenant, department, kiosk_id, channel, status, facts->>'r') AS k,
       count(*) AS n
FROM m GROUP BY GROUPING SETS ((kind), (category), (floor), (tenant), (department), (kiosk_id), (channel), (status),
                               (facts->>'r'))
UNION ALL
SELECT 'score', (s->>0) || ':' || (s->>1), count(*) FROM m, jsonb_array_elements(m.facts->'sat') s GROUP BY 2
UNION ALL
SELECT 'esc', CASE jsonb_typeof(e) WHEN 'null' THEN '' ELSE e::text END, count(*)
FROM m, jsonb_array_elements(m.facts->'esc') e GROUP BY 2
UNION ALL
SELECT 'repeatComplainants', NULL, count(*)
FROM (SELECT 1 FROM m WHERE coalesce(phone, '') <> '' GROUP BY phone HAVING count(*) > 1) p
UNION ALL
SELECT v.d, NULL, v.n FROM (
  SELECT count(*) AS total,
         count(*) FILTER (WHERE kind = 'complaint' AND status IN ('invalid', 'invalid_follow_up')) AS invalid,
         count(*) FILTER (WHERE kind = 'complaint' AND status NOT IN ('invalid', 'invalid_follow_up')) AS valid,
         count(*) FILTER (WHERE coalesce(repeat_of, '') <> '') AS linked,
         coalesce(sum((facts->>'rem')::int), 0) AS reminders,
         coalesce(sum((facts->'slip'->>0)::int), 0) AS slip_reminder,
         coalesce(sum((facts->'slip'->>1)::int), 0) AS slip_inquiry,
         count(*) FILTER (WHERE kind = 'complaint' AND urgency = 'urgent') AS major,
         count(*) FILTER (WHERE ${OPEN_SQL} AND next_due_at < $5) AS overdue,
         ${MILESTONES.map(
           (ms) =>
             // Decided: met, or a deadline not met has passed; in time: every met limit in time and none passed.
             `count(*) FILTER (WHERE facts->'ms'->'${ms}' ? 'm' OR (facts->'ms'->'${ms}'->>'d')::float8 < $4::float8) AS "decided.${ms}",
         count(*) FILTER (WHERE (facts->'ms'->'${ms}'->>'m')::boolean
                          AND NOT coalesce((facts->'ms'->'${ms}'->>'d')::float8 < $4::float8, false)) AS "onTime.${ms}"`,
         ).join(',\n         ')}
  FROM m
) s, LATERAL (VALUES ('total', s.total), ('invalid', s.invalid), ('valid', s.valid), ('linked', s.linked),
                     ('reminders', s.reminders), ('slip.reminder', s.slip_reminder), ('slip.inquiry', s.slip_inquiry),
                     ('major', s.major), ('overdueNow', s.overdue),
                     ${MILESTONES.map((ms) => `('decided.${ms}', s."decided.${ms}"), ('onTime.${ms}', s."onTime.${ms}")`).join(', ')})
  AS v(d, n)`;

async function monthTally(
  db: Db,
  mallId: string,
  month: string,
  now: number,
  config: FeedbackConfig,
): Promise<ReportTally> {
  const [from, to] = monthRange(month);
  await fillFacts(db, mallId, from, to, config);
  const rows = await db.rows<{ d: string; k: string | null; n: string }>(MONTH_TALLY, [
    mallId,
    from,
    to,
    now,
    new Date(now),
  ]);
  const tally = emptyTally();
  const dims: Record<string, Record<string, number>> = {
    kind: tally.byKind,
    category: tally.byCategory,
    floor: tally.byFloor,
    tenant: tally.byTenant,
    department: tally.byDepartment,
    kiosk: tally.byKiosk,
    channel: tally.byChannel,
    status: tally.byStatus,
    reopens: tally.reopens,
    score: tally.scores,
    esc: tally.escalations,
  };
  for (const { d, k, n } of rows) {
    const count = Number(n);
    const key = k ?? '';
    if (dims[d]) dims[d][key] = (dims[d][key] ?? 0) + count;
    else if (d.startsWith('decided.') || d.startsWith('onTime.')) {
      const [what, milestone] = d.split('.') as ['decided' | 'onTime', Milestone];
      tally.onTime[milestone][what] = count;
    } else if (d === 'invalid' || d === 'valid') tally.validity[d] = count;
    else if (d === 'slip.reminder') tally.slips.reminder = count;
    else if (d === 'slip.inquiry') tally.slips.inquiry = count;
    else if (
      d === 'total' ||
      d === 'linked' ||
      d === 'reminders' ||
      d === 'major' ||
      d === 'overdueNow' ||
      d === 'repeatComplainants'
    )
      tally[d] = count;
  }
  return tally;
}

/** Conditions (and their values, numbered from `values.length + 1`) of a queue filter's narrowing fields. */
function narrowing(f: QueueFilter, values: unknown[]): string[] {
  const where: string[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(value);
    where.push(`${column} = $${values.length}`);
  };
  eq('kind', f.kind);
  eq('channel', f.channel);
  eq('category', f.category);
  eq('floor', f.floor);
  eq('tenant', f.tenant);
  eq('department', f.department);
  eq('assignee_id', f.assigneeId);
  if (f.assignee) {
    values.push(f.assignee.toLowerCase());
    where.push(`strpos(lower(assignee), $${values.length}) > 0`);
  }
  if (f.urgent) where.push(`urgency = 'urgent'`);
  return where;
}

/** The columns tickets_facet_counts counts tickets by, per status (migration 9). */
const FACETS = ['kind', 'channel', 'category', 'floor', 'tenant', 'department'] as const;

/** The one column a filter narrows by, when it narrows by exactly one of FACETS and nothing else. */
function singleFacet(f: QueueFilter): { column: (typeof FACETS)[number]; value: string } | undefined {
  if (f.assignee || f.assigneeId || f.urgent) return undefined;
  const set = FACETS.filter((c) => f[c] !== undefined);
  return set.length === 1 ? { column: set[0], value: f[set[0]]! } : undefined;
}

/**
 * The conditions of a personal view, exactly as workbench.ts `inView` decides it for an open
 * ticket (the caller adds "open"): without a viewer a view shows nothing.
 */
function viewConditions(
  f: QueueFilter,
  viewer: Pick<SessionUser, 'id' | 'role'> | undefined,
  now: number,
  values: unknown[],
  config: FeedbackConfig,
): string[] {
  if (!f.view) return [];
  if (!viewer) return ['false'];
  switch (f.view) {
    case 'mine':
      values.push(viewer.id);
      return [`assignee_id = $${values.length}`];
    case 'unassigned':
      return [`coalesce(assignee_id, '') = ''`, `coalesce(assignee, '') = ''`];
    case 'escalated': {
      if (viewer.role === 'admin') return ['level > 0'];
      // Levels past the top of the ladder stay on its top step.
      const top = Math.max(1, config.sla.overdue.ladder.length - 1);
      const levels: number[] = [];
      for (let level = 1; level < top; level++) if (roleAtLevel(level, config) === viewer.role) levels.push(level);
      values.push(levels);
      const any = [`level = ANY($${values.length}::int[])`];
      if (roleAtLevel(top, config) === viewer.role) any.push(`level >= ${top}`);
      return ['level > 0', `(${any.join(' OR ')})`];
    }
    case 'overdue':
      values.push(new Date(now));
      return [`next_due_at < $${values.length}`];
  }
}

function ticketStore(db: Db, mallId: string, config: FeedbackConfig, notifier: Notifier): TicketStore {
  let lastClean = 0;
  // Every node's pages hear of a change at once (LISTEN/NOTIFY; the staff event stream): best effort,
  // the 15 s poll of the store's version stays the safety net.
  const announce = (no: string) => void notifier.publish('tickets', { no }).catch(() => {});
  const version = async () =>
    Number(
      (
        await db.rows<{ version: string }>(
          'SELECT version FROM store_versions WHERE mall_id = $1',
          [mallId],
          'sdk_version',
        )
      )[0]?.version ?? 0,
    );
  const statusCounts = async () => {
    const rows = await db.rows<{ status: Status; n: string }>(
      'SELECT status, n FROM ticket_counts WHERE mall_id = $1 AND n <> 0',
      [mallId],
      'sdk_status_counts',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<Status, number>>;
  };
  const docs = async (text: string, values: unknown[], name?: string) =>
    (await db.rows<{ doc: Ticket }>(text, values, name)).map((r) => r.doc);

  const findByClaim = async (q: Queryable | Db, claim: IdempotencyClaim, since: number) => {
    const text = `SELECT t.doc FROM idempotency_keys k JOIN tickets t ON t.mall_id = k.mall_id AND t.no = k.ticket_no
       WHERE k.mall_id = $1 AND k.kiosk_id = $2 AND k.key = $3 AND k.created_at > $4`;
    const values = [mallId, claim.kioskId ?? '', claim.key, new Date(since)];
    const rows =
      'rows' in q
        ? await q.rows<{ doc: Ticket }>(text, values, 'sdk_find_claim')
        : (await q.query<{ doc: Ticket }>(text, values)).rows;
    return rows[0]?.doc;
  };

  const cleanSoon = () => {
    if (Date.now() - lastClean < CLEAN_EVERY_MS) return;
    lastClean = Date.now();
    db.rows('DELETE FROM idempotency_keys WHERE mall_id = $1 AND created_at <= $2', [
      mallId,
      new Date(Date.now() - IDEMPOTENCY_TTL_MS),
    ]).catch(() => {});
  };

  return {
    async get(no) {
      return (await docs('SELECT doc FROM tickets WHERE mall_id = $1 AND no = $2', [mallId, no], 'sdk_get'))[0];
    },

    async create(day, build, idempotency): Promise<CreateResult> {
      cleanSoon();
      const since = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
      // One statement, committed at once: a retry (its key's ticket) is answered without using a
      // number; otherwise the day's next number, never handed out twice, even when the insert below
      // fails (that leaves a gap). The counter row is locked only for this statement.
      const [next] = idempotency
        ? await db.rows<{ doc: Ticket | null; last: number | null }>(
            NEXT_NUMBER_UNLESS_KEY,
            [mallId, day, idempotency.kioskId ?? '', idempotency.key, since],
            'sdk_next_number_key',
          )
        : await db.rows<{ doc: null; last: number }>(NEXT_NUMBER, [mallId, day], 'sdk_next_number');
      if (next.doc) return { created: false, ticket: next.doc };
      const seq = next.last!;
      const ticket = build(seq);
      if (ticket.day !== day || ticket.seq !== seq)
        throw new Error(`store: ticket ${ticket.no} was built for ${ticket.day}/${ticket.seq}, not ${day}/${seq}`);
      // One statement (one implicit transaction, one round trip): claim the key, insert the ticket,
      // count it, bump the version and notify every node. The hot rows (counts, version) are locked
      // only for its length.
      const values = ticketValues(mallId, ticket, config);
      if (idempotency) values.push(idempotency.kioskId ?? '', idempotency.key, since);
      values.push(notificationText(mallId, 'tickets', { no: ticket.no }));
      const [result] = await db.rows<{ inserted: number }>(
        idempotency ? CREATE_WITH_KEY : CREATE,
        values,
        idempotency ? 'sdk_create_key' : 'sdk_create',
      );
      if (result.inserted === 1) return { created: true, ticket };
      // Another request with the same key committed first (the insert waited for it): its ticket.
      const winner = await findByClaim(db, idempotency!, Date.now() - IDEMPOTENCY_TTL_MS);
      if (!winner) throw new Error(`store: idempotency key held without a ticket (${idempotency!.key})`);
      return { created: false, ticket: winner };
    },

    async update(next, expectedUpdatedAt) {
      const done = await db.tx(async (c) => {
        const current = (
          await c.query<{ status: Status; day: string; updated_at_text: string }>(
            `SELECT status, to_char(day, 'YYYY-MM-DD') AS day, updated_at_text FROM tickets
             WHERE mall_id = $1 AND no = $2 FOR UPDATE`,
            [mallId, next.no],
          )
        ).rows[0];
        if (!current) throw new Error(`store: no ticket ${next.no}`);
        if (current.day !== next.day) throw new Error(`store: ticket ${next.no} cannot move to another day`);
        if (current.updated_at_text !== expectedUpdatedAt) return false;
        await c.query(UPDATE_TICKET, ticketValues(mallId, next, config));
        await countAndBump(c, mallId, [
          [current.status, -1],
          [next.status, 1],
        ]);
        return true;
      });
      if (done) announce(next.no);
      return done;
    },

    findByIdempotencyKey: (claim, now) => findByClaim(db, claim, now - IDEMPOTENCY_TTL_MS),

    async latestWith(phone, tenant, category, since) {
      const rows = await docs(
        `SELECT doc FROM tickets WHERE mall_id = $1 AND phone = $2 AND tenant = $3 AND category = $4 AND created_at >= $5
         ORDER BY created_at DESC, no DESC LIMIT 1`,
        [mallId, phone, tenant, category, new Date(since)],
        'sdk_latest_with',
      );
      return rows[0];
    },

    byLocalRef(ref) {
      // The key is `R<ref>-<unique>` (src/lib/kiosk/outbox-rules.ts); tickets_local_ref indexes it.
      return docs(
        `SELECT doc FROM tickets WHERE mall_id = $1 AND doc->>'idempotencyKey' LIKE 'R%'
           AND substring(doc->>'idempotencyKey' from 2 for 7) = $2 || '-'
         ORDER BY created_at, no`,
        [mallId, ref],
      );
    },

    async withPhones(phones, since, until) {
      if (!phones.length) return [];
      // The columns links need, not the documents (a phone may have sent thousands).
      return db.rows<PhoneTicket>(
        `SELECT no, phone, doc->>'createdAt' AS "createdAt", status FROM tickets
         WHERE mall_id = $1 AND phone = ANY($2::text[]) AND created_at >= $3 AND created_at <= $4
         ORDER BY created_at, no`,
        [mallId, [...new Set(phones)], new Date(since), new Date(until)],
      );
    },

    async phoneCounts(subjects, windowMs, cap) {
      const withPhone = subjects.filter((s) => s.phone);
      if (!withPhone.length || cap <= 0) return new Map();
      // One index walk (tickets_phone) per subject, stopped after `cap` rows.
      const rows = await db.rows<{ no: string; n: number }>(
        `SELECT s.no, (SELECT count(*) FROM (
             SELECT 1 FROM tickets t WHERE t.mall_id = $1 AND t.phone = s.phone AND t.no <> s.no
               AND t.created_at >= s.at - $5::interval AND t.created_at <= s.at + $5::interval
             LIMIT $6) x)::int AS n
         FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS s(no, phone, at)`,
        [
          mallId,
          withPhone.map((s) => s.no),
          withPhone.map((s) => s.phone),
          withPhone.map((s) => s.createdAt),
          `${windowMs} milliseconds`,
          cap,
        ],
        'sdk_phone_counts',
      );
      return new Map(rows.filter((r) => r.n > 0).map((r) => [r.no, r.n]));
    },

    async repeatsOf(no) {
      const rows = await db.rows<{ no: string }>(
        'SELECT no FROM tickets WHERE mall_id = $1 AND repeat_of = $2 ORDER BY created_at, no',
        [mallId, no],
      );
      return rows.map((r) => r.no);
    },

    // Read afresh: callers get objects of their own (the queue's cached ones are never handed out to change).
    openTickets: () =>
      docs(`SELECT doc FROM tickets WHERE mall_id = $1 AND ${OPEN_SQL} ORDER BY created_at, no`, [mallId]),

    statusCounts,

    async count() {
      const rows = await db.rows<{ n: string }>(
        'SELECT coalesce(sum(n), 0) AS n FROM ticket_counts WHERE mall_id = $1',
        [mallId],
      );
      return Number(rows[0].n);
    },

    async viewCounts(viewer, now) {
      // One pass over the open tickets (tickets_open), each view's conditions as the queue's.
      const values: unknown[] = [mallId];
      const counts = VIEWS.map((view) => {
        const where = viewConditions({ view } as QueueFilter, viewer, now, values, config);
        return `count(*) FILTER (WHERE ${where.length ? where.join(' AND ') : 'true'})::int AS "${view}"`;
      });
      const [row] = await db.rows<Record<View, number>>(
        `SELECT ${counts.join(', ')} FROM tickets WHERE mall_id = $1 AND ${OPEN_SQL}`,
        values,
      );
      return row;
    },

    async queue(f, viewer, now): Promise<QueueResult> {
      const facet = singleFacet(f);
      const narrowed = !!(
        f.kind ||
        f.channel ||
        f.category ||
        f.floor ||
        f.tenant ||
        f.department ||
        f.assignee ||
        f.assigneeId ||
        f.urgent
      );
      // As queue.ts: the default view reads open tickets only, and so do views and "overdue".
      const openOnly = !narrowed && f.status !== 'all' && !FINAL_STATUSES.has(f.status);
      const values: unknown[] = [mallId];
      const where = [`mall_id = $1`, ...narrowing(f, values), ...viewConditions(f, viewer, now, values, config)];
      if (openOnly || f.overdue || f.view) where.push(OPEN_SQL);
      if (f.overdue) {
        values.push(new Date(now));
        where.push(`next_due_at < $${values.length}`);
      }

      const counts = Object.fromEntries([...STATUSES, 'open', 'all'].map((s) => [s, 0])) as QueueResult['counts'];
      const add = (status: Status, n: number) => {
        counts[status] += n;
        counts.all += n;
        if (!FINAL_STATUSES.has(status)) counts.open += n;
      };
      if (!narrowed && !f.overdue && !f.view) {
        // Nothing narrows: the stored counts (no scan of years of closed tickets).
        for (const [status, n] of Object.entries(await statusCounts())) add(status as Status, n);
      } else if (facet && !f.overdue && !f.view) {
        // One column narrows: the counts the tickets_facet_counts trigger keeps (a few rows).
        const rows = await db.rows<{ status: Status; n: string }>(
          'SELECT status, n FROM ticket_facet_counts WHERE mall_id = $1 AND facet = $2 AND value = $3 AND n <> 0',
          [mallId, facet.column, facet.value],
          'sdk_facet_counts',
        );
        for (const r of rows) add(r.status, Number(r.n));
      } else {
        const grouped = await db.rows<{ status: Status; n: string }>(
          `SELECT status, count(*) AS n FROM tickets WHERE ${where.join(' AND ')} GROUP BY status`,
          values,
        );
        for (const r of grouped) add(r.status, Number(r.n));
      }
      const total = counts[f.status];
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(f.page, pages);
      if (f.status === 'open') {
        if (!where.includes(OPEN_SQL)) where.push(OPEN_SQL);
      } else if (f.status !== 'all') {
        values.push(f.status);
        where.push(`status = $${values.length}`);
      }

      // As queue.ts orders: tickets with a deadline by that deadline (ties: older first), then
      // those with nothing due (closed, or every deadline met), newest first. Two ordered index
      // walks instead of one sort of every matching row: a deep page costs its offset, not the table.
      const offset = (page - 1) * PAGE_SIZE;
      const dueWhere = [...where, 'next_due_at IS NOT NULL'];
      // Implied (a closed ticket has no deadline), but lets the partial index of open tickets serve.
      if (!dueWhere.includes(OPEN_SQL)) dueWhere.push(OPEN_SQL);
      // The page's documents come with the ordered walk (no second read by number).
      const pageTickets: Ticket[] = [];
      if (total && f.sort) {
        // A column chosen (queue.ts sortRows): one ordered walk; ties and rows with nothing due
        // (always last by deadline) newest first.
        const dir = (f.dir ?? SORT_DIRECTION[f.sort]) === 'asc' ? 'ASC' : 'DESC';
        // An unused parameter has no type for PostgreSQL: the status list only when ordering by status.
        if (f.sort === 'status') values.push(STATUSES);
        const key = {
          received: 'created_at',
          due: 'next_due_at',
          status: `array_position($${values.length}::text[], status)`,
          urgency: `CASE urgency WHEN 'urgent' THEN 2 WHEN 'important' THEN 1 ELSE 0 END`,
          level: 'level',
        }[f.sort];
        const n = values.length;
        pageTickets.push(
          ...(await docs(
            `SELECT doc FROM tickets WHERE ${where.join(' AND ')}
             ORDER BY ${key} ${dir} NULLS LAST, created_at DESC, no DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
            [...values, PAGE_SIZE, offset],
          )),
        );
      } else if (total) {
        const n = values.length;
        const due = await docs(
          `SELECT doc FROM tickets WHERE ${dueWhere.join(' AND ')}
           ORDER BY next_due_at, created_at, no LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...values, PAGE_SIZE, offset],
        );
        pageTickets.push(...due);
        if (pageTickets.length < PAGE_SIZE && offset + pageTickets.length < total) {
          // Where the rows with nothing due start: known from this page unless it held none of the others.
          const dueCount = due.length
            ? offset + due.length
            : Number(
                (
                  await db.rows<{ n: string }>(
                    `SELECT count(*) AS n FROM tickets WHERE ${dueWhere.join(' AND ')}`,
                    values,
                  )
                )[0].n,
              );
          const rest = await docs(
            `SELECT doc FROM tickets WHERE ${where.join(' AND ')} AND next_due_at IS NULL
             ORDER BY created_at DESC, no DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
            [...values, PAGE_SIZE - pageTickets.length, Math.max(0, offset - dueCount)],
          );
          pageTickets.push(...rest);
        }
      }
      const rows: QueueRow[] = [];
      for (const ticket of pageTickets) {
        if (FINAL_STATUSES.has(ticket.status)) {
          rows.push({ ticket, overdue: false });
          continue;
        }
        const next = nextDueOf(ticket, config);
        rows.push({
          ticket,
          nextDueAt: next?.dueAt,
          nextMilestone: next,
          overdue: next !== undefined && now > next.dueAt,
        });
      }
      return { rows, total, page, pages, counts };
    },

    ofMonth: (month) => ticketsOfMonth(db, mallId, month),

    async ofDay(day) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`store: not a day: ${day}`);
      return docs('SELECT doc FROM tickets WHERE mall_id = $1 AND day = $2::date ORDER BY seq', [mallId, day]);
    },

    finishedBetween(since, until) {
      return docs(
        `SELECT doc FROM tickets WHERE mall_id = $1 AND finished_at >= $2 AND finished_at < $3
         ORDER BY finished_at, day, seq`,
        [mallId, since, until],
      );
    },

    withOpenSlipsFor(userId) {
      // The partial GIN index (tickets_open_slips) holds only tickets with an unanswered slip.
      return docs(
        `SELECT doc FROM tickets WHERE mall_id = $1 AND slips_to IS NOT NULL AND slips_to @> ARRAY[$2]::text[]
         ORDER BY day, seq`,
        [mallId, userId],
      );
    },

    report: (month, now) => monthTally(db, mallId, month, now, config),

    withAlerts: () =>
      docs(
        `SELECT doc FROM tickets WHERE mall_id = $1 AND alerts IS NOT FALSE AND ${OPEN_SQL} ORDER BY created_at, no`,
        [mallId],
      ),

    contactHeldBefore(before, limit) {
      return docs(
        `SELECT doc FROM tickets WHERE mall_id = $1 AND contact_held AND status = ANY($2) AND updated_at < $3
         ORDER BY updated_at, no LIMIT $4`,
        [mallId, FINAL_LIST, before, limit],
      );
    },

    version,
  };
}

// ------------------------------------------------------------------ limits and lockouts

function limitStore(db: Db, mallId: string): Store['limits'] {
  /** Hits of a key within the window, oldest first. */
  const recent = async (c: Queryable | Db, table: string, name: string, key: string, windowMs: number, now: number) => {
    const text = `SELECT at FROM ${table} WHERE mall_id = $1 AND name = $2 AND key = $3 AND at > $4 ORDER BY at`;
    const values = [mallId, name, key, now - windowMs];
    const rows =
      'rows' in c ? await c.rows<{ at: string }>(text, values) : (await c.query<{ at: string }>(text, values)).rows;
    return rows.map((r) => Number(r.at));
  };
  const verdict = (hits: number[], max: number, windowMs: number, now: number) =>
    hits.length >= max ? refused(hits[hits.length - max] + windowMs - now) : OK;
  /** Serialises every check-and-record of one key, across nodes, until the transaction ends. */
  const lock = (c: Queryable, kind: string, name: string, key: string) =>
    c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE.limit, lockKey(mallId, kind, name, key)]);
  let lastClean = 0;

  return {
    async check(name, key, max, windowMs, now) {
      if (max <= 0) return OK;
      return verdict(await recent(db, 'limit_hits', name, key, windowMs, now), max, windowMs, now);
    },
    async hit(name, key, max, windowMs, now) {
      if (max <= 0) return OK;
      return db.tx(async (c) => {
        await lock(c, 'hit', name, key);
        // Hits that left the window are forgotten (a limit's window is the same on every call).
        await c.query('DELETE FROM limit_hits WHERE mall_id = $1 AND name = $2 AND key = $3 AND at <= $4', [
          mallId,
          name,
          key,
          now - windowMs,
        ]);
        const result = verdict(await recent(c, 'limit_hits', name, key, windowMs, now), max, windowMs, now);
        if (result.ok)
          await c.query('INSERT INTO limit_hits (mall_id, name, key, at) VALUES ($1, $2, $3, $4)', [
            mallId,
            name,
            key,
            now,
          ]);
        return result;
      });
    },
    async record(name, key, now) {
      await db.rows('INSERT INTO limit_hits (mall_id, name, key, at) VALUES ($1, $2, $3, $4)', [
        mallId,
        name,
        key,
        now,
      ]);
      if (Date.now() - lastClean > CLEAN_EVERY_MS) {
        lastClean = Date.now();
        // Nothing counts hits older than a day; a key recorded but never checked would otherwise stay.
        db.rows('DELETE FROM limit_hits WHERE at < $1', [now - 86_400_000]).catch(() => {});
      }
    },
    async reset(name, key) {
      await db.rows('DELETE FROM limit_hits WHERE mall_id = $1 AND name = $2 AND key = $3', [mallId, name, key]);
    },
    async lockCheck(name, key, now) {
      const rows = await db.rows<{ until: string }>(
        'SELECT until FROM lockouts WHERE mall_id = $1 AND name = $2 AND key = $3',
        [mallId, name, key],
      );
      const until = rows[0] ? Number(rows[0].until) : undefined;
      return until !== undefined && now < until ? refused(until - now) : OK;
    },
    async fail(name, key, max, windowMs, lockMs, now) {
      if (max <= 0) return OK;
      return db.tx(async (c) => {
        await lock(c, 'fail', name, key);
        await c.query('DELETE FROM lockout_failures WHERE mall_id = $1 AND name = $2 AND key = $3 AND at <= $4', [
          mallId,
          name,
          key,
          now - windowMs,
        ]);
        await c.query('INSERT INTO lockout_failures (mall_id, name, key, at) VALUES ($1, $2, $3, $4)', [
          mallId,
          name,
          key,
          now,
        ]);
        const failures = await recent(c, 'lockout_failures', name, key, windowMs, now);
        if (failures.length < max) return OK;
        await c.query('DELETE FROM lockout_failures WHERE mall_id = $1 AND name = $2 AND key = $3', [
          mallId,
          name,
          key,
        ]);
        await c.query(
          `INSERT INTO lockouts (mall_id, name, key, until) VALUES ($1, $2, $3, $4)
           ON CONFLICT (mall_id, name, key) DO UPDATE SET until = EXCLUDED.until`,
          [mallId, name, key, now + lockMs],
        );
        return refused(lockMs);
      });
    },
    async succeed(name, key) {
      await db.rows('DELETE FROM lockout_failures WHERE mall_id = $1 AND name = $2 AND key = $3', [mallId, name, key]);
    },
  };
}
