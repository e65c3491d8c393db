/**
 * Loads a mall's records, as they are, into an empty mall of the PostgreSQL database: what
 * `npm run store:copy` needs to move a JSON store (ticket numbers, password hashes and token
 * hashes kept; the store port cannot, since it allocates numbers and hashes passwords itself).
 *
 * One transaction: all or nothing. It refuses a mall that already has records of any kind it imports.
 * Afterwards the day counters stand at each day's highest number, the status counts and version
 * are set, and idempotency keys of the last 24 hours are honoured.
 */
import type { ApiToken } from '../../auth/tokens';
import type { User } from '../../auth/users';
import type { FeedbackConfig } from '../../feedback/feedback';
import type { Ticket } from '../../feedback/schema';
import type { KioskEnrolment, KioskRecord } from '../../kiosk/schema';
import type { Attempt, Quiz } from '../../quiz/schema';
import type { TrainerQuestion } from '../../quiz/questions';
import type { AuditEntry } from '../port';
import type { Case } from '../../cases/schema';
import type { Assignment } from '../../assignments/schema';
import { openDb, translate, type Queryable } from './db';
import { migrate } from './migrations.js';
import { IDEMPOTENCY_TTL_MS, TICKET_CASTS, TICKET_COLUMNS, ticketValues } from './pg-store';

export interface PgImportData {
  tickets?: Ticket[];
  users?: User[];
  tokens?: ApiToken[];
  quizzes?: Quiz[];
  /** In the order they started. */
  attempts?: Attempt[];
  heartbeats?: KioskRecord[];
  enrolments?: KioskEnrolment[];
  /** Trainer-written questions: every version of each. */
  questions?: TrainerQuestion[];
  /** In the order they were appended. */
  audit?: AuditEntry[];
  /** The case library, oldest first. */
  cases?: Case[];
  /** Quiz assignments, oldest first. */
  assignments?: Assignment[];
}

export interface PgImportOptions {
  url: string;
  mallId: string;
  /** The feedback configuration deadlines are computed with (`loadFeedbackConfig` in a script). */
  config: FeedbackConfig;
  /** Now, for which idempotency keys are still honoured (ms; tests). */
  now?: number;
  /** Told after each batch of tickets is inserted (progress lines of a large copy). */
  onTickets?: (done: number, total: number) => void;
}

/** Every table holding a mall's rows (each has `mall_id`), children before parents. */
export const MALL_TABLES = [
  'live_answers',
  'live_players',
  'live_sessions',
  'training_passes',
  'assignments',
  'cases',
  'sessions',
  'lockouts',
  'lockout_failures',
  'limit_hits',
  'audit_log',
  'kiosk_enrolments',
  'kiosk_heartbeats',
  'quiz_attempts',
  'quizzes',
  'trainer_questions',
  'setup_tokens',
  'api_tokens',
  'users',
  'idempotency_keys',
  'store_versions',
  'ticket_counts',
  'ticket_counters',
  'tickets',
] as const;

/** The tables an import writes: a mall with a row in any of them is refused. */
const IMPORTED_TABLES = [
  'tickets',
  'users',
  'api_tokens',
  'quizzes',
  'quiz_attempts',
  'kiosk_heartbeats',
  'kiosk_enrolments',
  'trainer_questions',
  'audit_log',
  'cases',
  'assignments',
];

/** SQL that removes every row of a mall (what an operator runs before retrying a failed copy). */
export function dropMallSql(mallId: string): string {
  const literal = `'${mallId.replaceAll("'", "''")}'`;
  return `BEGIN; ${MALL_TABLES.map((t) => `DELETE FROM ${t} WHERE mall_id = ${literal};`).join(' ')} COMMIT;`;
}

/** Rows per INSERT (a statement takes at most 65,535 parameters). */
const BATCH = 500;

/** Inserts `items` as rows, `BATCH` at a time (each batch's rows built just before it is sent). */
async function insertRows<T>(
  c: Queryable,
  table: string,
  columns: string[],
  items: T[],
  toRow: (item: T) => unknown[],
  casts?: string[],
  onBatch?: (done: number) => void,
) {
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH).map(toRow);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = row.map((v, i) => {
        values.push(v);
        return casts?.[i] ? `$${values.length}::${casts[i]}` : `$${values.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await c.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    onBatch?.(start + batch.length);
  }
}

const TAKEN_SQL = `SELECT ${IMPORTED_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE mall_id = $1)`).join(' OR ')} AS taken`;

/**
 * Whether `mallId` already has records in the database (migrating it first): what a copy checks
 * before reading a large store. pgImport checks again in its transaction.
 */
export async function pgMallHasData(url: string, mallId: string): Promise<boolean> {
  const db = openDb({ url, poolSize: 1 });
  try {
    const c = await db.client();
    try {
      await migrate(c);
      const { rows } = await c.query<{ taken: boolean }>(TAKEN_SQL, [mallId]);
      return rows[0].taken;
    } finally {
      c.release();
    }
  } catch (error) {
    throw translate(error);
  } finally {
    await db.close().catch(() => {});
  }
}

/** Imports `data` for `mallId`; returns how many records of each kind were stored. */
export async function pgImport(options: PgImportOptions, data: PgImportData): Promise<Record<string, number>> {
  const { mallId, config } = options;
  const now = options.now ?? Date.now();
  const db = openDb({ url: options.url, poolSize: 1, statementTimeoutMs: 600_000 });
  try {
    const c = await db.client();
    try {
      await migrate(c);
    } finally {
      c.release();
    }
    return await db.tx(async (c) => {
      const { rows } = await c.query<{ taken: boolean }>(TAKEN_SQL, [mallId]);
      if (rows[0].taken) throw new Error(`store: mall ${mallId} already has data in this database; nothing was copied`);

      const tickets = data.tickets ?? [];
      await insertRows(
        c,
        'tickets',
        [...TICKET_COLUMNS],
        tickets,
        (t) => ticketValues(mallId, t, config),
        TICKET_COLUMNS.map((col) => TICKET_CASTS[col] ?? 'text'),
        options.onTickets && ((done) => options.onTickets!(done, tickets.length)),
      );
      await c.query(
        `INSERT INTO ticket_counters (mall_id, day, last) SELECT $1, day, max(seq) FROM tickets WHERE mall_id = $1 GROUP BY day
         ON CONFLICT (mall_id, day) DO UPDATE SET last = greatest(ticket_counters.last, EXCLUDED.last)`,
        [mallId],
      );
      await c.query(
        `INSERT INTO ticket_counts (mall_id, status, n) SELECT $1, status, count(*) FROM tickets WHERE mall_id = $1 GROUP BY status
         ON CONFLICT (mall_id, status) DO UPDATE SET n = EXCLUDED.n`,
        [mallId],
      );
      await c.query(
        `INSERT INTO store_versions (mall_id, version) VALUES ($1, 1)
         ON CONFLICT (mall_id) DO UPDATE SET version = store_versions.version + 1`,
        [mallId],
      );
      // Keys still honoured; of two tickets with one claim the newer holds it.
      const keyed = tickets
        .filter((t) => t.idempotencyKey && now - Date.parse(t.createdAt) < IDEMPOTENCY_TTL_MS)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      const claims = new Map<string, Ticket>();
      for (const t of keyed) {
        const id = `${t.kioskId ?? ''}\u0000${t.idempotencyKey}`;
        if (!claims.has(id)) claims.set(id, t);
      }
      await insertRows(
        c,
        'idempotency_keys',
        ['mall_id', 'kiosk_id', 'key', 'ticket_no', 'created_at'],
        [...claims.values()],
        (t) => [mallId, t.kioskId ?? '', t.idempotencyKey, t.no, t.createdAt],
      );

      const users = data.users ?? [];
      await insertRows(c, 'users', ['mall_id', 'id', 'username', 'role', 'active', 'doc'], users, (u) => [
        mallId,
        u.id,
        u.username,
        u.role,
        u.active,
        u,
      ]);
      const tokens = data.tokens ?? [];
      await insertRows(
        c,
        'api_tokens',
        ['mall_id', 'id', 'user_id', 'hash', 'created_at', 'revoked_at', 'doc'],
        tokens,
        (t) => [mallId, t.id, t.userId, t.hash, t.createdAt, t.revokedAt ?? null, t],
      );
      const quizzes = data.quizzes ?? [];
      await insertRows(c, 'quizzes', ['mall_id', 'id', 'code', 'status', 'created_at', 'doc'], quizzes, (q) => [
        mallId,
        q.id,
        q.code,
        q.status,
        q.createdAt,
        q,
      ]);
      const attempts = data.attempts ?? [];
      await insertRows(c, 'quiz_attempts', ['mall_id', 'id', 'quiz_id', 'user_id', 'doc'], attempts, (a) => [
        mallId,
        a.id,
        a.quizId,
        a.userId,
        a,
      ]);
      const heartbeats = data.heartbeats ?? [];
      await insertRows(c, 'kiosk_heartbeats', ['mall_id', 'id', 'last_seen', 'doc'], heartbeats, (k) => [
        mallId,
        k.id,
        k.lastSeen,
        k,
      ]);
      const enrolments = data.enrolments ?? [];
      await insertRows(c, 'kiosk_enrolments', ['mall_id', 'id', 'doc'], enrolments, (e) => [mallId, e.id, e]);
      const questions = data.questions ?? [];
      await insertRows(
        c,
        'trainer_questions',
        ['mall_id', 'id', 'version', 'status', 'created_at', 'saved_at', 'doc'],
        questions,
        (r) => [mallId, r.id, r.version, r.status, r.createdAt, r.savedAt, r],
      );
      const audit = data.audit ?? [];
      await insertRows(c, 'audit_log', ['mall_id', 'month', 'doc'], audit, (e) => [mallId, e.at.slice(0, 7), e]);
      const cases = data.cases ?? [];
      await insertRows(c, 'cases', ['mall_id', 'id', 'source_no', 'created_at', 'doc'], cases, (x) => [
        mallId,
        x.id,
        x.sourceNo,
        x.createdAt,
        x,
      ]);
      const assignments = data.assignments ?? [];
      await insertRows(c, 'assignments', ['mall_id', 'id', 'quiz_id', 'doc'], assignments, (a) => [
        mallId,
        a.id,
        a.quizId,
        a,
      ]);
      return {
        tickets: tickets.length,
        idempotencyKeys: claims.size,
        users: users.length,
        tokens: tokens.length,
        quizzes: quizzes.length,
        attempts: attempts.length,
        heartbeats: heartbeats.length,
        enrolments: enrolments.length,
        questions: questions.length,
        audit: audit.length,
        cases: cases.length,
        assignments: assignments.length,
      };
    });
  } catch (error) {
    throw translate(error);
  } finally {
    await db.close().catch(() => {});
  }
}
