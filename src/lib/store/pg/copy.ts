/**
 * Moves a mall's JSON store (a DATA_DIR) into PostgreSQL: what `npm run store:copy` runs.
 *
 * 1. Opens the JSON store, which takes the data directory's lock (refused while a server runs on
 *    it) and replays the tickets journal; the lock is held until the copy is verified.
 * 2. Reads everything: tickets, users, API tokens, quizzes and their attempts, kiosk heartbeats and
 *    enrolments, and the audit log of every month file in `<DATA_DIR>/audit`.
 * 3. Imports it with pgImport (one transaction; refuses a mall that already has data).
 * 4. Reads it all back through the PostgreSQL store and compares: counts per aggregate, and
 *    content (tickets by number, the others by id, audit entries in order).
 *
 * The data directory is only read (its lock file aside). Sessions, the setup token and rate limits are not
 * copied (staff sign in again; limits start afresh).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { FeedbackConfig } from '../../feedback/feedback';
import type { Ticket } from '../../feedback/schema';
import type { Attempt } from '../../quiz/schema';
import { openJsonStore, type JsonStore } from '../json-store';
import type { AuditEntry, Store } from '../port';
import { StoreUnavailableError } from '../errors';
import { dropMallSql, pgImport, pgMallHasData, type PgImportData } from './import';
import { openPgStore } from './pg-store';

export const AGGREGATES = [
  'tickets',
  'users',
  'tokens',
  'quizzes',
  'attempts',
  'heartbeats',
  'enrolments',
  'questions',
  'audit',
  'cases',
  'assignments',
] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export type Counts = Record<Aggregate, number>;

/** A copy refused before anything was written (exit 1 with this message). */
export class StoreCopyRefused extends Error {}

export interface StoreCopyOptions {
  /** The JSON store's data directory. */
  from: string;
  /** The PostgreSQL URL (`DATABASE_URL`). */
  url: string | undefined;
  mallId: string;
  config: FeedbackConfig;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** A progress line every this many tickets (default 10,000). */
  progressEvery?: number;
  /** Now (ms), for which idempotency keys are still honoured (tests). */
  now?: number;
}

export interface StoreCopyResult {
  json: Counts;
  postgres: Counts;
  /** How many idempotency keys of the last 24 hours were carried over. */
  idempotencyKeys: number;
  /** What differs after the copy, one line each (at most 50, then a summary); empty when verified. */
  differences: string[];
  /** The SQL that removes the mall's rows (for an operator retrying after a difference). */
  dropSql: string;
}

/** A record as it reads back from JSON (undefined fields dropped), for comparing. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const same = (a: unknown, b: unknown) => isDeepStrictEqual(plain(a), plain(b));

const AUDIT_FILE = /^(\d{4}-\d{2})\.jsonl$/;

/** Months with an audit file in the data directory, oldest first. */
export function auditMonths(dataDir: string): string[] {
  const dir = path.join(dataDir, 'audit');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => AUDIT_FILE.exec(name)?.[1])
    .filter((m): m is string => !!m)
    .sort();
}

/** Everything of a JSON store that pgImport takes. */
export async function readJsonStore(store: JsonStore): Promise<Required<PgImportData>> {
  const quizzes = await store.quizzes.list();
  const attempts: Attempt[] = [];
  for (const q of quizzes) attempts.push(...(await store.quizzes.attemptsOf(q.id)));
  // The order they started across quizzes (stable: a quiz's own order is kept on ties).
  attempts.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  const audit: AuditEntry[] = [];
  for (const month of auditMonths(store.dataDir)) audit.push(...(await store.audit.readMonth(month)));
  return {
    tickets: [...store.ticketRepository.values()],
    users: await store.users.list(),
    tokens: await store.tokens.list(),
    quizzes,
    attempts,
    heartbeats: await store.kiosks.heartbeats(),
    enrolments: await store.kiosks.enrolments(),
    questions: await allVersions(store),
    audit,
    // Oldest first, so PostgreSQL's order of insertion is the JSON store's.
    cases: (await store.cases.list()).reverse(),
    assignments: (await store.assignments.list()).reverse(),
  };
}

/** Every version of every trainer-written question, oldest first per question. */
async function allVersions(store: Store) {
  const latest = await store.questions.list();
  return (await Promise.all(latest.map((r) => store.questions.versions(r.id)))).flat();
}

const countsOf = (data: Required<PgImportData>): Counts =>
  Object.fromEntries(AGGREGATES.map((k) => [k, data[k].length])) as Counts;

/** Copies the JSON store in `from` into the mall `mallId` of the database at `url`, then verifies it. */
export async function storeCopy(options: StoreCopyOptions): Promise<StoreCopyResult> {
  const { from, mallId, config } = options;
  const log = options.log ?? (() => {});
  const every = options.progressEvery ?? 10_000;
  const url = options.url?.trim();
  if (!url) throw new StoreCopyRefused('store:copy: no database: pass --to <postgres URL> or set DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new StoreCopyRefused('store:copy: --to must be a postgres:// or postgresql:// URL');
  if (!existsSync(from) || !statSync(from).isDirectory())
    throw new StoreCopyRefused(`store:copy: no data directory at ${from}`);

  // Before reading a store that may take a minute to load: the database answers, and the mall is free.
  const taken = await pgMallHasData(url, mallId).catch((error: unknown) => {
    throw error instanceof StoreUnavailableError ? unreachable(url, error) : error;
  });
  if (taken) throw alreadyHasData(mallId);

  let json: JsonStore;
  try {
    // Takes the directory's lock: refused while a server (or another copy) runs on it.
    json = await openJsonStore(from, mallId);
  } catch (error) {
    throw new StoreCopyRefused(`store:copy: ${(error as Error).message} Nothing was copied.`);
  }
  try {
    const data = await readJsonStore(json);
    const jsonCounts = countsOf(data);
    if (jsonCounts.tickets + jsonCounts.users + jsonCounts.quizzes + jsonCounts.audit === 0)
      throw new StoreCopyRefused(
        `store:copy: ${from} holds no tickets, users, quizzes or audit entries (is it the mall's DATA_DIR?); nothing was copied`,
      );
    log(
      `read ${from}: ${AGGREGATES.map((k) => `${jsonCounts[k]} ${k}`).join(', ')} (audit months: ${auditMonths(from).join(' ') || 'none'})`,
    );

    let logged = 0;
    let imported: Record<string, number>;
    try {
      imported = await pgImport(
        {
          url,
          mallId,
          config,
          now: options.now,
          onTickets: (done, total) => {
            if (Math.floor(done / every) > Math.floor(logged / every) || done === total) {
              if (done >= every) log(`imported ${done} of ${total} tickets`);
              logged = done;
            }
          },
        },
        data,
      );
    } catch (error) {
      if (/already has data/.test((error as Error).message)) throw alreadyHasData(mallId);
      if (error instanceof StoreUnavailableError) throw unreachable(url, error);
      throw error;
    }
    log(`imported in one transaction; verifying`);

    const pgStore = await openPgStore({ url, mallId, config, poolSize: 2 });
    try {
      const { counts, differences } = await verify(data, pgStore, (done) => {
        if (done % every === 0) log(`verified ${done} of ${data.tickets.length} tickets`);
      });
      return {
        json: jsonCounts,
        postgres: counts,
        idempotencyKeys: imported.idempotencyKeys ?? 0,
        differences,
        dropSql: dropMallSql(mallId),
      };
    } finally {
      await pgStore.close();
    }
  } finally {
    await json.close();
  }
}

const alreadyHasData = (mallId: string) =>
  new StoreCopyRefused(
    `store:copy: mall ${mallId} already has data in this database; nothing was copied. ` +
      `A copy never overwrites: if that data is an earlier copy to be replaced, remove it first with\n` +
      `  psql "$DATABASE_URL" -c "${dropMallSql(mallId)}"\nand run the copy again.`,
  );

/** The database could not be reached: say which (without its password) and why. */
function unreachable(url: string, error: StoreUnavailableError): StoreCopyRefused {
  let where = url;
  try {
    const u = new URL(url);
    u.password = '';
    where = u.toString();
  } catch {
    // Not a parseable URL: pg said why below.
  }
  const cause = error.cause instanceof Error ? error.cause.message || error.cause.name : String(error.cause ?? '');
  return new StoreCopyRefused(`store:copy: cannot reach the database at ${where} (${cause}); nothing was copied`);
}

const MAX_DIFFERENCES = 50;

/** Reads `data` back through `store`: its counts, and one line per difference (empty: equal). */
export async function verify(
  data: Required<PgImportData>,
  store: Store,
  onTicket: (done: number) => void = () => {},
): Promise<{ counts: Counts; differences: string[] }> {
  const differences: string[] = [];
  let more = 0;
  const differ = (line: string) => {
    if (differences.length < MAX_DIFFERENCES) differences.push(line);
    else more++;
  };

  // Tickets: by month (one indexed query each), every ticket by number.
  const byMonth = new Map<string, Ticket[]>();
  for (const t of data.tickets) {
    const month = t.day.slice(0, 7);
    const list = byMonth.get(month);
    if (list) list.push(t);
    else byMonth.set(month, [t]);
  }
  let done = 0;
  for (const [month, tickets] of [...byMonth].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const stored = new Map((await store.tickets.ofMonth(month)).map((t) => [t.no, t]));
    for (const t of tickets) {
      const back = stored.get(t.no);
      if (!back) differ(`ticket ${t.no}: missing in PostgreSQL`);
      else if (!same(t, back)) differ(`ticket ${t.no}: content differs`);
      onTicket(++done);
    }
  }
  const statusJson: Record<string, number> = {};
  for (const t of data.tickets) statusJson[t.status] = (statusJson[t.status] ?? 0) + 1;
  const statusPg = await store.tickets.statusCounts();
  if (!same(statusJson, statusPg))
    differ(`ticket status counts: JSON ${JSON.stringify(statusJson)}, PostgreSQL ${JSON.stringify(statusPg)}`);

  const byId = <T extends { id: string }>(kind: string, mine: T[], theirs: T[]) => {
    const stored = new Map(theirs.map((r) => [r.id, r]));
    for (const r of mine) {
      const back = stored.get(r.id);
      if (!back) differ(`${kind} ${r.id}: missing in PostgreSQL`);
      else if (!same(r, back)) differ(`${kind} ${r.id}: content differs`);
    }
  };
  const users = await store.users.list();
  byId('user', data.users, users);
  const tokens = await store.tokens.list();
  byId('token', data.tokens, tokens);
  const quizzes = await store.quizzes.list();
  byId('quiz', data.quizzes, quizzes);
  const attempts: Attempt[] = [];
  for (const q of quizzes) attempts.push(...(await store.quizzes.attemptsOf(q.id)));
  byId('attempt', data.attempts, attempts);
  const heartbeats = await store.kiosks.heartbeats();
  byId('heartbeat', data.heartbeats, heartbeats);
  const enrolments = await store.kiosks.enrolments();
  byId('enrolment', data.enrolments, enrolments);
  const questions = await allVersions(store);
  const versionKey = (r: { id: string; version: number }) => ({ ...r, id: `${r.id}@${r.version}` });
  byId('question', data.questions.map(versionKey), questions.map(versionKey));
  const cases = await store.cases.list();
  byId('case', data.cases, cases);
  const assignments = await store.assignments.list();
  byId('assignment', data.assignments, assignments);

  // Audit: each month's entries, in order.
  const months = [...new Set(data.audit.map((e) => e.at.slice(0, 7)))].sort();
  let auditCount = 0;
  for (const month of months) {
    const mine = data.audit.filter((e) => e.at.slice(0, 7) === month);
    const back = await store.audit.readMonth(month);
    auditCount += back.length;
    if (back.length !== mine.length)
      differ(`audit ${month}: ${mine.length} entries in JSON, ${back.length} in PostgreSQL`);
    else {
      const at = mine.findIndex((e, i) => !same(e, back[i]));
      if (at >= 0) differ(`audit ${month}: entry ${at + 1} differs (or is out of order)`);
    }
  }

  const counts: Counts = {
    tickets: await store.tickets.count(),
    users: users.length,
    tokens: tokens.length,
    quizzes: quizzes.length,
    attempts: attempts.length,
    heartbeats: heartbeats.length,
    enrolments: enrolments.length,
    questions: questions.length,
    audit: auditCount,
    cases: cases.length,
    assignments: assignments.length,
  };
  for (const k of AGGREGATES)
    if (counts[k] !== data[k].length) differ(`${k}: ${data[k].length} in JSON, ${counts[k]} in PostgreSQL`);
  if (more) differences.push(`… and ${more} more differences`);
  return { counts, differences };
}

/** The counts side by side, as the CLI prints them. */
export function countsTable(result: Pick<StoreCopyResult, 'json' | 'postgres'>): string {
  const rows = [
    ['', 'JSON', 'PostgreSQL'],
    ...AGGREGATES.map((k) => [k, String(result.json[k]), String(result.postgres[k])]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => [r[0].padEnd(widths[0]), r[1].padStart(widths[1]), r[2].padStart(widths[2])].join('  '))
    .join('\n');
}
