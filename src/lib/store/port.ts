/**
 * The store port: what the domain services need from storage, one small async interface per
 * aggregate. Two implementations satisfy it and pass the same contract suite
 * (test/unit/store/contract.ts):
 *
 * - the embedded JSON store (lowdb files under DATA_DIR; the default, one process per data directory);
 * - PostgreSQL (when DATABASE_URL is set; any number of app nodes on one database, one schema for
 *   every mall of a chain, each node serving one mall, `MALL_ID`).
 *
 * Rules for both:
 * - Every method is async; a failure to reach the storage is a StoreUnavailableError (errors.ts),
 *   which the HTTP layer answers with 503 + Retry-After. Nothing else is swallowed.
 * - A store is opened for one mall (`mallId`); every read and write is scoped to it, except `hq`.
 * - A resolved write is durable (fsync'd file or committed transaction): a 201 means on disk.
 * - Pages, actions and endpoints never import this module's implementations: they call the domain
 *   services (src/lib/*\/*.server.ts), which call `getStore()` (store.server.ts).
 */
import type { NewUser, User } from '../auth/users';
import type { ApiToken } from '../auth/tokens';
import type { QueueFilter, QueueResult } from '../feedback/queue';
import type { ReportTally } from '../feedback/reports';
import type { Status, Ticket } from '../feedback/schema';
import type { View } from '../feedback/workbench';
import type { KioskEnrolment, KioskRecord } from '../kiosk/schema';
import type { Attempt, Quiz } from '../quiz/schema';
import type { TrainerQuestion } from '../quiz/questions';
import type { LiveAnswer, LivePlayer, LiveSession, TrainingPass } from '../quiz/live-schema';
import type { SessionUser } from '../auth/roles';
import type { Case } from '../cases/schema';
import type { Assignment } from '../assignments/schema';

/** One line of the audit log. */
export interface AuditEntry {
  /** ISO time. */
  at: string;
  /** Who: user id and username, or "system". */
  actor: { id: string; username?: string };
  /** What, dotted: `ticket.revealPhone`, `ticket.assign`, `user.signIn` … */
  action: string;
  /** What it was done to, e.g. a ticket number or a user id. */
  target?: string;
  /** Extra facts (never a password, never a full phone number). */
  detail?: Record<string, string | number | boolean>;
}

/** Idempotency of a kiosk submission: the same key from the same kiosk within 24 h is one ticket. */
export interface IdempotencyClaim {
  kioskId?: string;
  key: string;
}

export type CreateResult =
  /** Stored under a number the store allocated. */
  | { created: true; ticket: Ticket }
  /** A ticket with the same idempotency claim (within 24 h) already exists: nothing was stored. */
  | { created: false; ticket: Ticket };

/** What repeat-complainant links need of a ticket (never its whole document: a phone may have thousands). */
export type PhoneTicket = Pick<Ticket, 'no' | 'phone' | 'createdAt' | 'status'>;

export interface TicketStore {
  /** A ticket by its number. */
  get(no: string): Promise<Ticket | undefined>;
  /**
   * Stores a new ticket. The store allocates the day's next sequence number (unique per mall and
   * day, never handed out twice, even across nodes or after a failed insert) and calls `build(seq)`
   * for the ticket to store (it must carry that `day` and `seq`). With `idempotency`, an existing
   * ticket with the same claim created within 24 h is returned instead and nothing is stored
   * (enforced by the storage, so two nodes racing with one key store one ticket).
   */
  create(day: string, build: (seq: number) => Ticket, idempotency?: IdempotencyClaim): Promise<CreateResult>;
  /**
   * Replaces a ticket (same number and day) when its stored `updatedAt` is still `expectedUpdatedAt`;
   * false when another change came first (the caller reloads and decides again). Throws when the
   * ticket does not exist.
   */
  update(next: Ticket, expectedUpdatedAt: string): Promise<boolean>;
  /** The ticket stored with this idempotency claim within the last 24 h (`now` in ms). */
  findByIdempotencyKey(claim: IdempotencyClaim, now: number): Promise<Ticket | undefined>;
  /** The newest ticket with this phone, tenant and category created at or after `since` (ms). */
  latestWith(phone: string, tenant: string, category: string, since: number): Promise<Ticket | undefined>;
  /**
   * Tickets with any of these phone numbers created between `since` and `until` (ms, inclusive),
   * oldest first: repeat complainants across tenants and categories (an index by phone, never a scan).
   */
  withPhones(phones: readonly string[], since: number, until: number): Promise<PhoneTicket[]>;
  /**
   * For each subject with a phone, how many other tickets from that phone were created within
   * `windowMs` before or after it (both ends inclusive), counted up to `cap`: the queue's
   * repeat-complainant tag. Subjects with none are absent. Counted where the tickets are (an
   * index walk per subject, at most `cap` long), so a phone with thousands costs no more.
   */
  phoneCounts(
    subjects: readonly Pick<Ticket, 'no' | 'phone' | 'createdAt'>[],
    windowMs: number,
    cap: number,
  ): Promise<Map<string, number>>;
  /**
   * Tickets whose kiosk showed this local reference while the submission waited in its outbox
   * (the idempotency key starts with `R<ref>-`), oldest first: the desk finds them by it.
   */
  byLocalRef(ref: string): Promise<Ticket[]>;
  /** Numbers of the tickets marked as repeats of `no`, oldest first. */
  repeatsOf(no: string): Promise<string[]>;
  /** Tickets not closed or invalid (a bounded set: the queue's default view, counts, inbox, sweep). */
  openTickets(): Promise<Ticket[]>;
  /** How many tickets are in each status. */
  statusCounts(): Promise<Partial<Record<Status, number>>>;
  /** Number of tickets stored. */
  count(): Promise<number>;
  /**
   * How many open tickets each personal view holds for this viewer (workbench.ts `inView`): the
   * staff home's figures, counted where the tickets are (no documents read).
   */
  viewCounts(viewer: Pick<SessionUser, 'id' | 'role'>, now: number): Promise<Record<View, number>>;
  /** One page of the queue (filters, counts, order and paging as src/lib/feedback/queue.ts defines them). */
  queue(filter: QueueFilter, viewer: Pick<SessionUser, 'id' | 'role'> | undefined, now: number): Promise<QueueResult>;
  /** Tickets received in a mall-local month (`YYYY-MM`, by their `day`), oldest first. */
  ofMonth(month: string): Promise<Ticket[]>;
  /** Tickets received on a mall-local day (`YYYY-MM-DD`, by their `day`), in number order: the daily summary. */
  ofDay(day: string): Promise<Ticket[]>;
  /**
   * Tickets that reached their final status (closed, invalid; `finishedAtOf`) at or after `since`
   * and before `until` (ISO), earliest finish first: the review list and the daily summary, by an
   * index on the finishing time (never a scan of the months the cases were received in).
   */
  finishedBetween(since: string, until: string): Promise<Ticket[]>;
  /**
   * Tickets holding a slip (催办单, 洽办单) addressed to `userId` and not answered yet, whatever their
   * status, oldest first (`openSlipAddressees`): the user's slip inbox, by an index on addressees.
   */
  withOpenSlipsFor(userId: string): Promise<Ticket[]>;
  /**
   * The month's report figures (`YYYY-MM`) at `now`: exactly `tallyTickets(ofMonth(month), …)`
   * (src/lib/feedback/reports.ts), counted where the tickets are (SQL with PostgreSQL).
   */
  report(month: string, now: number): Promise<ReportTally>;
  /**
   * Open tickets holding an escalation or a reminder (the inbox's candidates: whether a user has
   * acknowledged it is for src/lib/feedback/inbox.ts to decide), oldest first.
   */
  withAlerts(): Promise<Ticket[]>;
  /**
   * Closed or invalid tickets still holding contact details (name, phone, address) whose last
   * change is before `before` (ISO): the retention sweep's candidates, oldest first, at most `limit`.
   */
  contactHeldBefore(before: string, limit: number): Promise<Ticket[]>;
  /** Changes with every insert and update, across nodes (lets readers cache and pollers skip). */
  version(): Promise<number>;
}

export interface UserStore {
  /** Every user, by username. */
  list(): Promise<User[]>;
  byId(id: string): Promise<User | undefined>;
  /** By username (trimmed, case-insensitive). */
  byUsername(username: string): Promise<User | undefined>;
  hasActiveAdmin(): Promise<boolean>;
  /** Adds a user; undefined when the username is taken (enforced by the storage). */
  add(input: NewUser, now?: Date): Promise<User | undefined>;
  /**
   * Changes role, active flag, password, name or department (null clears it); undefined when the user does not exist. A change
   * of role, active flag or password ends every session of the user (sessionVersion + 1).
   */
  update(
    id: string,
    change: { role?: User['role']; active?: boolean; password?: string; name?: string; department?: string | null },
    now?: Date,
  ): Promise<User | undefined>;
  /** Ends every session of a user; false when the user does not exist. */
  endSessions(id: string, now?: Date): Promise<boolean>;
}

export interface TokenStore {
  list(): Promise<ApiToken[]>;
  /** The live (not revoked) record of a presented token. */
  byToken(token: string): Promise<ApiToken | undefined>;
  /** Creates a token; the plain token is returned once and never stored. */
  create(userId: string, label: string, now?: Date): Promise<{ token: string; record: ApiToken }>;
  /** Revokes a live token by id; false when there is none. */
  revoke(id: string, now?: Date): Promise<boolean>;
}

/** The one-time setup link offered while no admin exists. */
export interface SetupTokenStore {
  /** Replaces any saved token with this one (its SHA-256, hex). */
  issue(sha256: string, now?: Date): Promise<void>;
  /** Whether `sha256` is the saved token. */
  matches(sha256: string): Promise<boolean>;
  /** Takes the token if `sha256` is it: of any number of concurrent claims (any node) exactly one gets true. */
  claim(sha256: string): Promise<boolean>;
  /** Puts a claimed token back (creating the admin failed). */
  restore(sha256: string): Promise<void>;
}

/** Which attempts of a session to read (both given: both hold). */
export interface AttemptFilter {
  userId?: string;
  /** Only attempts not submitted yet. */
  open?: boolean;
}

export interface QuizStore {
  list(): Promise<Quiz[]>;
  byId(id: string): Promise<Quiz | undefined>;
  /** A live quiz by its join code. */
  byCode(code: string): Promise<Quiz | undefined>;
  /** Stores a new quiz; false when its join code is taken by a quiz not ended (pick another code). */
  insertQuiz(quiz: Quiz): Promise<boolean>;
  saveQuiz(quiz: Quiz): Promise<void>;
  attemptById(id: string): Promise<Attempt | undefined>;
  /**
   * Attempts of one session in the order they started; `only` narrows them to one person's or to
   * those not submitted yet (a join or a settle reads a few, not a whole room's).
   */
  attemptsOf(quizId: string, only?: AttemptFilter): Promise<Attempt[]>;
  attemptsByUser(userId: string): Promise<Attempt[]>;
  insertAttempt(attempt: Attempt): Promise<void>;
  saveAttempt(attempt: Attempt): Promise<void>;
}

/**
 * Questions trainers write in the browser, versioned: a record is one version, never changed once
 * stored; saving or retiring stores the next version of the same id.
 */
export interface QuestionStore {
  /** The latest version of every question, in the order they were first written. */
  list(): Promise<TrainerQuestion[]>;
  /** The latest version of a question, or the given version. */
  byId(id: string, version?: number): Promise<TrainerQuestion | undefined>;
  /** Every version of a question, oldest first (empty when there is none). */
  versions(id: string): Promise<TrainerQuestion[]>;
  /**
   * Stores a version: version 1 of a new id, or the version after the latest. False when that
   * version exists already (a new id taken, or another save came first, on any node).
   */
  put(record: TrainerQuestion): Promise<boolean>;
}

/**
 * Live, paced quiz sessions (one per quiz), their players and answers, and the training-only
 * passes phones keep. The session changes only by compare-and-set on its `rev`; an answer is
 * stored once per person and question (enforced by the storage, so two nodes cannot both store one).
 */
export interface LiveStore {
  session(quizId: string): Promise<LiveSession | undefined>;
  /** Stores a new session; false when the quiz has one. */
  createSession(session: LiveSession): Promise<boolean>;
  /** Replaces the session when its stored rev is `expectedRev` (and `next.rev` is one more); false otherwise. */
  saveSession(next: LiveSession, expectedRev: number): Promise<boolean>;
  /** Adds a player; an earlier join of the same person is kept and returned instead. */
  join(player: LivePlayer): Promise<LivePlayer>;
  /** Players of a session, in the order they joined. */
  players(quizId: string): Promise<LivePlayer[]>;
  /** Stores an answer; false when this person has answered this question already. */
  answer(answer: LiveAnswer): Promise<boolean>;
  /** Every answer of a session, by question index, then in the order received. */
  answers(quizId: string): Promise<LiveAnswer[]>;
  /** Stores a training pass (by the hash of its token). */
  putPass(pass: TrainingPass): Promise<void>;
  /** A pass by the hash of its token (expired ones too: the caller checks). */
  pass(hash: string): Promise<TrainingPass | undefined>;
  /** Forgets a pass. */
  dropPass(hash: string): Promise<void>;
}

export interface KioskStore {
  /** Each kiosk's last heartbeat. */
  heartbeats(): Promise<KioskRecord[]>;
  putHeartbeat(record: KioskRecord): Promise<void>;
  enrolments(): Promise<KioskEnrolment[]>;
  enrolment(id: string): Promise<KioskEnrolment | undefined>;
  putEnrolment(record: KioskEnrolment): Promise<void>;
}

export interface AuditStore {
  /** Appends one entry; entries of a month come back in one order on every node. */
  append(entry: AuditEntry): Promise<void>;
  /** Entries of one month (`YYYY-MM`), in the order they were appended. */
  readMonth(month: string): Promise<AuditEntry[]>;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number; retryAfterSec: number };

/** Sliding-window limits and failure lockouts, shared by every node of the mall. */
export interface LimitStore {
  /** Whether `key` of limit `name` is under `max` hits in the last `windowMs` (no hit recorded). */
  check(name: string, key: string, max: number, windowMs: number, now: number): Promise<LimitResult>;
  /** Records a hit when under the limit (check-and-record as one step across nodes). */
  hit(name: string, key: string, max: number, windowMs: number, now: number): Promise<LimitResult>;
  /** Records a hit whatever the count. */
  record(name: string, key: string, now: number): Promise<void>;
  /** Forgets every hit of a key. */
  reset(name: string, key: string): Promise<void>;
  /** Whether `key` of lockout `name` is unlocked now (the wait when not). */
  lockCheck(name: string, key: string, now: number): Promise<LimitResult>;
  /**
   * Records a failure; once `max` failures fall within `windowMs` the key is locked for `lockMs`
   * (its failures forgotten) and the lock is returned.
   */
  fail(name: string, key: string, max: number, windowMs: number, lockMs: number, now: number): Promise<LimitResult>;
  /** Forgets the failures of a key (after a success); a running lock stays. */
  succeed(name: string, key: string): Promise<void>;
}

/** The case library (案例库): anonymised cases made from closed tickets, one per ticket. */
export interface CaseStore {
  /** Every case, newest first. */
  list(): Promise<Case[]>;
  byId(id: string): Promise<Case | undefined>;
  /** The case made from a ticket, if any. */
  bySource(no: string): Promise<Case | undefined>;
  /** Stores a new case; false when the ticket already has one (enforced by the storage). */
  insert(c: Case): Promise<boolean>;
}

/** Quiz assignments (培训任务). */
export interface AssignmentStore {
  /** Every assignment, newest first. */
  list(): Promise<Assignment[]>;
  byId(id: string): Promise<Assignment | undefined>;
  /** Assignments of one quiz, oldest first. */
  ofQuiz(quizId: string): Promise<Assignment[]>;
  insert(a: Assignment): Promise<void>;
}

/** Live updates across nodes (the inbox, the queue, live quizzes). */
export interface Notifier {
  /** Tells every node's subscribers of `channel` (payload ≤ 1 KB of JSON). */
  publish(channel: string, payload: unknown): Promise<void>;
  /** Subscribes on this node; returns the unsubscribe function. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** The chain's head office: read-only, every mall in the database. */
export interface HqStore {
  /** Mall ids with any ticket, sorted (the JSON store: its one mall, always). */
  malls(): Promise<string[]>;
  /** Tickets a mall received in a month. */
  ofMonth(mallId: string, month: string): Promise<Ticket[]>;
  /** A mall's report figures of a month at `now` (as `TicketStore.report`; zeros for a mall it does not hold). */
  report(mallId: string, month: string, now: number): Promise<ReportTally>;
}

export interface Store {
  /** `json` (embedded, DATA_DIR) or `postgres` (DATABASE_URL). */
  readonly kind: 'json' | 'postgres';
  /** The mall this store is opened for (content/mall/mall.yaml `id`, or MALL_ID). */
  readonly mallId: string;
  tickets: TicketStore;
  users: UserStore;
  tokens: TokenStore;
  setupToken: SetupTokenStore;
  quizzes: QuizStore;
  /** Trainer-written questions (versioned). */
  questions: QuestionStore;
  live: LiveStore;
  kiosks: KioskStore;
  cases: CaseStore;
  assignments: AssignmentStore;
  audit: AuditStore;
  limits: LimitStore;
  notifier: Notifier;
  hq: HqStore;
  /**
   * Runs `task` only if no other node (or call) of this mall holds lock `name`; resolves to
   * undefined without running it otherwise (the sweep: one node at a time).
   */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T | undefined>;
  /** Closes files and connections (tests, shutdown). */
  close(): Promise<void>;
}
