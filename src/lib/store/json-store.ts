/**
 * The embedded store: the store port (port.ts) over the JSON repositories of one data directory
 * (lowdb files under DATA_DIR). One process owns the directory (its lock), so what the port asks
 * to be enforced "by the storage" (sequence numbers, idempotency claims, join codes, the setup
 * token, limits, the sweep's lock) is enforced here by doing the check and the change in one
 * synchronous step, with no `await` in between.
 *
 * Reads are served from the repositories' memory. Like PostgreSQL, which parses every row afresh,
 * the store hands out copies and keeps copies of what it is given: a caller changing an object it
 * got (or gave) never changes what is stored.
 */
import { EventEmitter } from 'node:events';
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasAlerts } from '../feedback/inbox';
import { repeatCounts } from '../feedback/repeats';
import { milestonesOf, queryQueue } from '../feedback/queue';
import { workbenchCounts } from '../feedback/workbench';
import { emptyTally, tallyTickets } from '../feedback/reports';
import { ticketSchema, type Ticket } from '../feedback/schema';
import { finishedAtOf } from '../feedback/sla';
import { openSlipAddressees } from '../feedback/slips';
import { localRefOfKey } from '../kiosk/outbox-rules';
import { KeyedLimits } from '../limits/rate-limit';
import { AppendLog } from './append-log';
import { acquireDataDirLock } from './data-dir';
import { StoreUnavailableError } from './errors';
import { KioskEnrolmentRepository, KioskRepository } from './kiosks';
import { AssignmentsRepo, CasesRepo } from './training';
import type {
  AssignmentStore,
  AuditEntry,
  CaseStore,
  CreateResult,
  IdempotencyClaim,
  KioskStore,
  LimitStore,
  Notifier,
  QuestionStore,
  QuizStore,
  SetupTokenStore,
  Store,
  TicketStore,
  TokenStore,
  UserStore,
  PhoneTicket,
} from './port';
import { LiveRepo } from './live';
import { QuizzesRepo } from './quizzes';
import { QuestionsRepo } from './questions';
import { IDEMPOTENCY_TTL_MS, TicketRepository } from './tickets';
import { TokensRepo } from './tokens';
import { UsersRepo } from './users';

/** The setup token's file in the data directory (written by the launcher, src/serve.mjs, too). */
export const SETUP_TOKEN_FILE = 'setup-token.json';

/** The JSON store: the port, and where its files are (health probes, backups). */
export interface JsonStore extends Store {
  readonly kind: 'json';
  readonly dataDir: string;
  /** Writes the tickets journal into the day files (backups and tests that read the files). */
  compact(): Promise<void>;
  /** The tickets repository itself (the store benchmark measures it; the domain uses `tickets`). */
  readonly ticketRepository: TicketRepository;
}

const FINAL = new Set<Ticket['status']>(['closed', 'invalid']);
/** What the retention sweep erases (sla.ts eraseContact): a final ticket's name, phone and address. */
const holdsContact = (t: Ticket) =>
  FINAL.has(t.status) && (t.phone !== undefined || t.name !== undefined || t.address !== undefined);

/** Opens the store in `dataDir` for `mallId`, taking the directory's lock (throws when another live process holds it). */
export async function openJsonStore(
  dataDir: string,
  mallId: string,
  options: { now?: () => number } = {},
): Promise<JsonStore> {
  const release = acquireDataDirLock(dataDir);
  const onExit = () => release();
  process.once('exit', onExit);
  try {
    const [tickets, users, tokens, quizzes, kiosks, enrolments, questions, cases, assignments, live] =
      await Promise.all([
        TicketRepository.open(dataDir, options.now),
        UsersRepo.open(dataDir),
        TokensRepo.open(dataDir),
        QuizzesRepo.open(dataDir),
        KioskRepository.open(dataDir),
        KioskEnrolmentRepository.open(dataDir),
        QuestionsRepo.open(dataDir),
        CasesRepo.open(dataDir),
        AssignmentsRepo.open(dataDir),
        LiveRepo.open(dataDir),
      ]);
    const notifier = memoryNotifier();
    const held = new Set<string>();
    let closed = false;
    const store: JsonStore = {
      kind: 'json',
      mallId,
      dataDir,
      compact: () => tickets.compact(),
      ticketRepository: tickets,
      tickets: ticketStore(tickets, notifier),
      users: userStore(users),
      tokens: tokenStore(tokens),
      setupToken: setupTokenStore(path.join(dataDir, SETUP_TOKEN_FILE)),
      quizzes: quizStore(quizzes),
      questions: questionStore(questions),
      live,
      kiosks: kioskStore(kiosks, enrolments),
      cases: caseStore(cases),
      assignments: assignmentStore(assignments),
      audit: new AppendLog<AuditEntry>(path.join(dataDir, 'audit')),
      limits: limitStore(),
      notifier,
      hq: {
        malls: async () => [mallId],
        ofMonth: async (mall, month) => (mall === mallId ? store.tickets.ofMonth(month) : []),
        report: async (mall, month, now) => (mall === mallId ? store.tickets.report(month, now) : emptyTally()),
      },
      async exclusive<T>(name: string, task: () => Promise<T>): Promise<T | undefined> {
        if (held.has(name)) return undefined;
        held.add(name);
        try {
          return await task();
        } finally {
          held.delete(name);
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        process.off('exit', onExit);
        release();
      },
    };
    return store;
  } catch (error) {
    process.off('exit', onExit);
    release();
    throw error;
  }
}

// ---------------------------------------------------------------- tickets

function ticketStore(repo: TicketRepository, notifier: Notifier): TicketStore {
  /** Repeat links (number → its repeats), built on first use, then kept up to date by create. */
  let repeats: Map<string, string[]> | undefined;
  /**
   * Closed or invalid tickets still holding contact details (the retention sweep's candidates),
   * built on first use, then kept up to date by every change. Roughly in order of last change.
   */
  let contactHeld: Map<string, Ticket> | undefined;

  /** Ticket numbers by phone (repeat complainants), built on first use, then kept up to date. */
  let byPhone: Map<string, Set<string>> | undefined;
  const phoneIndexed = new Map<string, string>();
  /** The phone index, built on the first read that needs it. */
  const phoneIndex = () => {
    if (!byPhone) {
      byPhone = new Map();
      for (const t of repo.values()) if (t.phone) phoneIndexed.set(t.no, t.phone);
      for (const [no, phone] of phoneIndexed) {
        let set = byPhone.get(phone);
        if (!set) byPhone.set(phone, (set = new Set()));
        set.add(no);
      }
    }
    return byPhone;
  };
  const indexPhone = (no: string) => {
    if (!byPhone) return;
    const before = phoneIndexed.get(no);
    const now = repo.get(no)?.phone;
    if (before === now) return;
    if (before) {
      byPhone.get(before)?.delete(no);
      phoneIndexed.delete(no);
    }
    if (now) {
      let set = byPhone.get(now);
      if (!set) byPhone.set(now, (set = new Set()));
      set.add(no);
      phoneIndexed.set(no, now);
    }
  };
  /** Ticket numbers by day received (the daily summary), built on first use, then kept up to date. */
  let byDay: Map<string, Set<string>> | undefined;
  const indexDay = (t: Ticket) => {
    let set = byDay!.get(t.day);
    if (!set) byDay!.set(t.day, (set = new Set()));
    set.add(t.no);
  };
  /**
   * Finished tickets by the UTC month (`YYYY-MM`) of their finishing time, with that time (the
   * review list, the daily summary), built on first use, then kept up to date.
   */
  let finished: Map<string, Map<string, string>> | undefined;
  const finishedIndexed = new Map<string, string>();
  const indexFinished = (no: string) => {
    if (!finished) return;
    const before = finishedIndexed.get(no);
    const t = repo.get(no);
    const now = t && finishedAtOf(t);
    if (before === now) return;
    if (before) {
      finished.get(before.slice(0, 7))?.delete(no);
      finishedIndexed.delete(no);
    }
    if (now) {
      let month = finished.get(now.slice(0, 7));
      if (!month) finished.set(now.slice(0, 7), (month = new Map()));
      month.set(no, now);
      finishedIndexed.set(no, now);
    }
  };
  /** Ticket numbers by the users they hold an unanswered slip for, built on first use, then kept up to date. */
  let slipsTo: Map<string, Set<string>> | undefined;
  const slipsIndexed = new Map<string, string[]>();
  const indexSlips = (no: string) => {
    if (!slipsTo) return;
    for (const id of slipsIndexed.get(no) ?? []) slipsTo.get(id)?.delete(no);
    slipsIndexed.delete(no);
    const t = repo.get(no);
    const ids = t ? openSlipAddressees(t) : [];
    if (!ids.length) return;
    slipsIndexed.set(no, ids);
    for (const id of ids) {
      let set = slipsTo.get(id);
      if (!set) slipsTo.set(id, (set = new Set()));
      set.add(no);
    }
  };
  /** Tickets changed while `contactHeld` was being built (looked at again once it is). */
  let changedWhileBuilding: Set<string> | undefined;
  const track = (no: string) => {
    indexPhone(no);
    indexFinished(no);
    indexSlips(no);
    const stored = byDay && repo.get(no);
    if (stored) indexDay(stored);
    changedWhileBuilding?.add(no);
    if (!contactHeld) return;
    const t = repo.get(no);
    contactHeld.delete(no);
    if (t && holdsContact(t)) contactHeld.set(no, t);
  };
  const announce = (no: string) => void notifier.publish('tickets', { no, version: repo.version });
  // A ticket the schema refuses would be written to the journal and stop the next start-up: refused
  // here, before anything is written (a bug upstream, never the shopper's input, which is parsed first).
  const valid = (t: Ticket) => {
    const checked = ticketSchema.safeParse(t);
    if (!checked.success)
      throw new Error(
        `store: ticket ${t.no} is not valid: ${checked.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
  };

  return {
    async get(no) {
      const t = repo.get(no);
      return t && copyTicket(t);
    },

    async create(day: string, build: (seq: number) => Ticket, claim?: IdempotencyClaim): Promise<CreateResult> {
      // From the claim's lookup to insert() nothing awaits: a retry racing this one sees its ticket.
      if (claim) {
        const first = repo.findByIdempotencyKey(claim.kioskId, claim.key);
        if (first) {
          await repo.settled(first.no);
          // The first request's write failed and its ticket was forgotten: this retry fails the same way.
          if (repo.get(first.no) !== first) throw new StoreUnavailableError();
          return { created: false, ticket: copyTicket(first) };
        }
      }
      const seq = repo.allocateSeq(day);
      const ticket = build(seq);
      if (ticket.day !== day || ticket.seq !== seq)
        throw new Error(`store: a new ticket must carry day ${day} and seq ${seq} (got ${ticket.day}, ${ticket.seq})`);
      valid(ticket);
      // The claim is indexed as given (the ticket need not carry it); the store keeps its own copy.
      const saved = repo.insert(copyTicket(ticket), claim ?? null);
      if (ticket.repeatOf && repeats)
        repeats.set(ticket.repeatOf, [...(repeats.get(ticket.repeatOf) ?? []), ticket.no]);
      track(ticket.no);
      try {
        await saved;
      } catch (error) {
        // Never stored: forget its links (its sequence number stays spent).
        if (ticket.repeatOf && repeats)
          repeats.set(
            ticket.repeatOf,
            (repeats.get(ticket.repeatOf) ?? []).filter((n) => n !== ticket.no),
          );
        contactHeld?.delete(ticket.no);
        throw error;
      }
      announce(ticket.no);
      return { created: true, ticket: copyTicket(repo.get(ticket.no) ?? ticket) };
    },

    async update(next, expectedUpdatedAt) {
      const current = repo.get(next.no);
      if (!current) throw new Error(`store: no ticket ${next.no}`);
      valid(next);
      // Compare and replace in one step: no await between them.
      if (current.updatedAt !== expectedUpdatedAt) return false;
      const saved = repo.update(copyTicket(next));
      track(next.no);
      try {
        await saved;
      } catch (error) {
        track(next.no); // the repository put the stored content back
        throw error;
      }
      announce(next.no);
      return true;
    },

    async findByIdempotencyKey(claim, now) {
      const t = repo.findByIdempotencyKey(claim.kioskId, claim.key);
      if (!t || now - Date.parse(t.createdAt) >= IDEMPOTENCY_TTL_MS) return undefined;
      await repo.settled(t.no);
      return repo.get(t.no) === t ? copyTicket(t) : undefined;
    },

    async latestWith(phone, tenant, category, since) {
      const t = repo.latestWith(phone, tenant, category);
      return t && Date.parse(t.createdAt) >= since ? copyTicket(t) : undefined;
    },

    async byLocalRef(ref) {
      // Rare (a shopper at the desk with a reference): a scan, no index to keep.
      const out: Ticket[] = [];
      for (const t of repo.values()) if (localRefOfKey(t.idempotencyKey) === ref) out.push(copyTicket(t));
      return out.sort(byAge);
    },

    async withPhones(phones, since, until) {
      const index = phoneIndex();
      const out: PhoneTicket[] = [];
      for (const phone of new Set(phones))
        for (const no of index.get(phone) ?? []) {
          const t = repo.get(no);
          const at = t ? Date.parse(t.createdAt) : NaN;
          if (t && at >= since && at <= until)
            out.push({ no: t.no, phone: t.phone, createdAt: t.createdAt, status: t.status });
        }
      return out.sort((a, b) =>
        a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.no.localeCompare(b.no),
      );
    },

    async phoneCounts(subjects, windowMs, cap) {
      const index = phoneIndex();
      const withPhone = subjects.filter((s) => s.phone && index.has(s.phone));
      const candidates: Pick<Ticket, 'no' | 'phone' | 'createdAt'>[] = [];
      for (const phone of new Set(withPhone.map((s) => s.phone!)))
        for (const no of index.get(phone) ?? []) {
          const t = repo.get(no);
          if (t) candidates.push(t);
        }
      const counts = repeatCounts(withPhone, candidates, windowMs);
      for (const [no, n] of counts) if (n > cap) counts.set(no, cap);
      return counts;
    },

    async repeatsOf(no) {
      if (!repeats) {
        const built = new Map<string, string[]>();
        for (const t of repo.values()) if (t.repeatOf) built.set(t.repeatOf, [...(built.get(t.repeatOf) ?? []), t.no]);
        repeats = built;
      }
      const list = (repeats.get(no) ?? []).filter((n) => repo.get(n));
      return list.sort((a, b) => byAge(repo.get(a)!, repo.get(b)!));
    },

    async openTickets() {
      // Copied a slice at a time, letting requests in between (a sweep over thousands of open tickets).
      const out: Ticket[] = [];
      for (const t of repo.openTickets()) {
        out.push(copyTicket(t));
        if (out.length % YIELD_EVERY === 0) await yieldNow();
      }
      return out;
    },

    async statusCounts() {
      // Statuses with tickets only, as PostgreSQL's counts (the repository keeps a zero once seen).
      const counts: Partial<Record<Ticket['status'], number>> = {};
      for (const [status, n] of Object.entries(repo.statusCounts()) as [Ticket['status'], number][])
        if (n) counts[status] = n;
      return counts;
    },

    async count() {
      return repo.size;
    },

    async viewCounts(viewer, now) {
      const { FEEDBACK_CONFIG } = await import('../feedback/config');
      return workbenchCounts({}, repo.openTickets(), viewer, FEEDBACK_CONFIG, (t) =>
        milestonesOf(t, FEEDBACK_CONFIG, now),
      ).views;
    },

    async queue(filter, viewer, now) {
      // Imported when first needed: the configuration is bundled (`?raw`), which the CLIs (tsx) cannot load.
      const { FEEDBACK_CONFIG } = await import('../feedback/config');
      // The repository is the queue's source: its version keys the queue's caches. The page's
      // rows hold the stored (and cached) tickets: hand out copies of that page only.
      const result = queryQueue(repo, filter, FEEDBACK_CONFIG, now, viewer);
      return { ...result, rows: result.rows.map((row) => ({ ...row, ticket: copyTicket(row.ticket) })) };
    },

    async ofMonth(month) {
      const out: Ticket[] = [];
      for (const t of repo.values())
        if (t.day.startsWith(month) && t.day[month.length] === '-') out.push(copyTicket(t));
      return out.sort(byAge);
    },

    async ofDay(day) {
      if (!byDay) {
        byDay = new Map();
        for (const t of repo.values()) indexDay(t);
      }
      const out: Ticket[] = [];
      for (const no of byDay.get(day) ?? []) {
        const t = repo.get(no);
        if (t) out.push(copyTicket(t));
      }
      return out.sort(byAge);
    },

    async finishedBetween(since, until) {
      if (!finished) {
        finished = new Map();
        for (const t of repo.values()) indexFinished(t.no);
      }
      const out: [string, Ticket][] = [];
      // The UTC months the range touches (a mall-local month spans two of them).
      for (let m = since.slice(0, 7); m <= until.slice(0, 7); m = nextMonth(m))
        for (const [no, at] of finished.get(m) ?? []) {
          const t = at >= since && at < until ? repo.get(no) : undefined;
          if (t) out.push([at, t]);
        }
      return out.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : byAge(x, y))).map(([, t]) => copyTicket(t));
    },

    async withOpenSlipsFor(userId) {
      if (!slipsTo) {
        slipsTo = new Map();
        for (const t of repo.values()) if (t.events.some((e) => e.slip)) indexSlips(t.no);
      }
      const out: Ticket[] = [];
      for (const no of slipsTo.get(userId) ?? []) {
        const t = repo.get(no);
        if (t) out.push(copyTicket(t));
      }
      return out.sort(byAge);
    },

    async report(month, now) {
      const { FEEDBACK_CONFIG } = await import('../feedback/config');
      // Read in place (no copies): the tally only reads.
      return tallyTickets(
        (function* () {
          for (const t of repo.values()) if (t.day.startsWith(month) && t.day[month.length] === '-') yield t;
        })(),
        month,
        FEEDBACK_CONFIG,
        now,
      );
    },

    async withAlerts() {
      const out: Ticket[] = [];
      for (const t of repo.openTickets()) if (hasAlerts(t)) out.push(copyTicket(t));
      return out;
    },

    async contactHeldBefore(before, limit) {
      if (!contactHeld) {
        // In stored order (by day), not sorted: one pass, no sort of tens of thousands in one turn,
        // and a yield to waiting requests every YIELD_EVERY tickets (the map is complete only at the end).
        const building = new Map<string, Ticket>();
        changedWhileBuilding = new Set();
        let n = 0;
        for (const t of repo.values()) {
          if (holdsContact(t)) building.set(t.no, t);
          if (++n % (YIELD_EVERY * 10) === 0) await yieldNow();
        }
        if (!contactHeld) {
          contactHeld = building;
          for (const no of changedWhileBuilding) track(no);
        }
        changedWhileBuilding = undefined;
      }
      // The oldest `limit` by last change: one pass, keeping a sorted page (the map is nearly in
      // that order already, so most candidates are rejected at the first comparison).
      const page: Ticket[] = [];
      if (limit <= 0) return page;
      let n = 0;
      for (const t of contactHeld.values()) {
        if (++n % (YIELD_EVERY * 10) === 0) await yieldNow();
        // Changed during a yield: erased by someone else, or reopened.
        if (!holdsContact(t)) continue;
        if (t.updatedAt >= before) continue;
        if (page.length === limit && t.updatedAt >= page[limit - 1].updatedAt) continue;
        let i = page.length;
        while (i > 0 && page[i - 1].updatedAt > t.updatedAt) i--;
        page.splice(i, 0, t);
        if (page.length > limit) page.pop();
      }
      return page.map(copyTicket);
    },

    async version() {
      return repo.version;
    },
  };
}

/**
 * A ticket of the caller's own: its events and their actors copied too (the repository shares
 * one actor object among the events of many tickets).
 */
export const copyTicket = (t: Ticket): Ticket => ({ ...t, events: t.events.map((e) => ({ ...e, by: { ...e.by } })) });

/** Long passes give way to waiting requests this often (the sweep's stall budget is 50 ms). */
const YIELD_EVERY = 500;
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Oldest first: by day, then by the day's sequence. */
/** The month after `YYYY-MM`. */
const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

const byAge = (a: Ticket, b: Ticket) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.seq - b.seq);

// ---------------------------------------------------------------- users, tokens, setup token

function userStore(repo: UsersRepo): UserStore {
  return {
    list: async () => repo.list(),
    byId: async (id) => repo.byId(id),
    byUsername: async (username) => repo.byUsername(username),
    hasActiveAdmin: async () => repo.hasActiveAdmin(),
    add: (input, now) => repo.add(input, now),
    update: (id, change, now) => repo.update(id, change, now),
    endSessions: (id, now) => repo.endSessions(id, now),
  };
}

function tokenStore(repo: TokensRepo): TokenStore {
  return {
    list: async () => repo.list().map(copyOf),
    byToken: async (token) => copyOf(repo.byToken(token)),
    async create(userId, label, now) {
      const { token, record } = await repo.create(userId, label, now);
      return { token, record: copyOf(record) };
    },
    revoke: (id, now) => repo.revoke(id, now),
  };
}

/** The setup token as a file holding its SHA-256; claimed by removing the file (one step, synchronous). */
function setupTokenStore(file: string): SetupTokenStore {
  const saved = (): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const isSaved = (sha256: string, text: string | undefined) => {
    if (!text) return false;
    try {
      const expected = Buffer.from((JSON.parse(text) as { sha256: string }).sha256, 'hex');
      const given = Buffer.from(sha256, 'hex');
      return given.length === 32 && expected.length === given.length && timingSafeEqual(given, expected);
    } catch {
      return false;
    }
  };
  const write = (sha256: string, now: Date, flag: 'w' | 'wx') =>
    writeFileSync(file, JSON.stringify({ sha256, createdAt: now.toISOString() }), { flag });
  return {
    async issue(sha256, now = new Date()) {
      write(sha256, now, 'w');
    },
    async matches(sha256) {
      return isSaved(sha256, saved());
    },
    async claim(sha256) {
      // Read, compare and remove with no await in between: of concurrent claims exactly one wins.
      if (!isSaved(sha256, saved())) return false;
      rmSync(file, { force: true });
      return true;
    },
    async restore(sha256) {
      try {
        write(sha256, new Date(), 'wx');
      } catch (error) {
        // A new token was issued meanwhile: that one stands.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    },
  };
}

/** SHA-256 (hex) of a setup token as presented. */
export const setupTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

// ---------------------------------------------------------------- quizzes, kiosks

/** A copy of the caller's own, deep (quizzes, attempts, kiosks and tokens are small, plain JSON). */
function copyOf<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function quizStore(repo: QuizzesRepo): QuizStore {
  return {
    list: async () => repo.list().map(copyOf),
    byId: async (id) => copyOf(repo.byId(id)),
    byCode: async (code) => copyOf(repo.byCode(code)),
    async insertQuiz(quiz) {
      // The code check and the insert are one step (insertQuiz indexes before its first await).
      if (repo.byCode(quiz.code)) return false;
      await repo.insertQuiz(copyOf(quiz));
      return true;
    },
    saveQuiz: (quiz) => repo.saveQuiz(copyOf(quiz)),
    attemptById: async (id) => copyOf(repo.attemptById(id)),
    // Narrowed before copying: a room of 200 has hundreds of attempts, a join needs one person's.
    attemptsOf: async (quizId, only) =>
      repo
        .attemptsOf(quizId)
        .filter((a) => (!only?.userId || a.userId === only.userId) && (!only?.open || !a.submittedAt))
        .map(copyOf),
    attemptsByUser: async (userId) => repo.attemptsByUser(userId).map(copyOf),
    insertAttempt: (attempt) => repo.insertAttempt(copyOf(attempt)),
    saveAttempt: (attempt) => repo.saveAttempt(copyOf(attempt)),
  };
}

function questionStore(repo: QuestionsRepo): QuestionStore {
  return {
    list: async () => repo.list().map(copyOf),
    byId: async (id, version) => copyOf(repo.byId(id, version)),
    versions: async (id) => repo.versions(id).map(copyOf),
    // The version check and the append are one step (put indexes before its first await).
    put: (record) => repo.put(copyOf(record)),
  };
}

function kioskStore(kiosks: KioskRepository, enrolments: KioskEnrolmentRepository): KioskStore {
  return {
    heartbeats: async () => kiosks.list().map(copyOf),
    putHeartbeat: (record) => kiosks.put(copyOf(record)),
    enrolments: async () => enrolments.list().map(copyOf),
    enrolment: async (id) => copyOf(enrolments.get(id)),
    putEnrolment: (record) => enrolments.put(copyOf(record)),
  };
}

// ---------------------------------------------------------------- cases, assignments

function caseStore(repo: CasesRepo): CaseStore {
  return {
    list: async () => repo.list().map(copyOf),
    byId: async (id) => copyOf(repo.get(id)),
    bySource: async (no) => copyOf(repo.bySource(no)),
    insert: (c) => repo.insert(copyOf(c)),
  };
}

function assignmentStore(repo: AssignmentsRepo): AssignmentStore {
  return {
    list: async () => repo.list().map(copyOf),
    byId: async (id) => copyOf(repo.get(id)),
    ofQuiz: async (quizId) => repo.ofQuiz(quizId).map(copyOf),
    insert: (a) => repo.insert(copyOf(a)),
  };
}

// ---------------------------------------------------------------- limits, notifier

/** Limits in this process's memory (the process owns the data directory, so they are the mall's). */
function limitStore(): LimitStore {
  const limits = new KeyedLimits();
  return {
    check: async (name, key, max, windowMs, now) => limits.check(name, key, max, windowMs, now),
    hit: async (name, key, max, windowMs, now) => limits.hit(name, key, max, windowMs, now),
    record: async (name, key, now) => limits.record(name, key, now),
    reset: async (name, key) => limits.reset(name, key),
    lockCheck: async (name, key, now) => limits.lockCheck(name, key, now),
    fail: async (name, key, max, windowMs, lockMs, now) => limits.fail(name, key, max, windowMs, lockMs, now),
    succeed: async (name, key) => limits.succeed(name, key),
  };
}

/** Live updates within this process (the only one of the mall). */
function memoryNotifier(): Notifier {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    async publish(channel, payload) {
      // A listener's failure is its own: the write that published has happened.
      for (const listener of events.listeners(channel)) {
        try {
          (listener as (p: unknown) => void)(payload);
        } catch {
          // ignored
        }
      }
    },
    subscribe(channel, listener) {
      events.on(channel, listener);
      return () => void events.off(channel, listener);
    },
  };
}
