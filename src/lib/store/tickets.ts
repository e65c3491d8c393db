/**
 * The tickets repository: files per mall-local day of creation, in chunks of 100 tickets
 * (tickets/2026-11-22.000.json, .001 …), and a journal (journal/tickets.<n>.jsonl): a new or
 * changed ticket is one fsync'd line of the journal, and the chunks it touched are rewritten
 * only when the journal is compacted (partitioned.ts), so a new ticket writes about 2 KB
 * however many tickets the store holds. Everything is loaded at start (journal replayed) and
 * served from memory, with indexes by number, by idempotency key (24 h), by phone, tenant and
 * category (the last 72 h, for repeat detection) and of open tickets (the queue's default view),
 * counts per status, and a feed of recent changes (so the queue keeps its views up to date
 * instead of rescanning every ticket after each write).
 *
 * Concurrency: a number is allocated and the ticket indexed synchronously, before the first
 * await, so concurrent submissions can neither share a number nor lose one another; the
 * journal's group commit then carries every ticket added meanwhile in one write and one fsync.
 */
import path from 'node:path';
import { ticketSchema, type Ticket } from '../feedback/schema';
import { PartitionedCollection } from './partitioned';

/** How long an idempotency key is honoured. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** How far back the repeat index (phone, tenant, category) reaches. */
export const PHONE_INDEX_MS = 72 * 3_600_000;

const TICKETS_VERSION = 1;

/** Tickets per partition file. */
export const CHUNK = 100;

/** The partition (file name without .json) a ticket lives in: its day and its chunk of that day. */
export const ticketPartition = (t: Pick<Ticket, 'day' | 'seq'>) =>
  `${t.day}.${String(Math.floor((t.seq - 1) / CHUNK)).padStart(3, '0')}`;

const FINAL = new Set<Ticket['status']>(['closed', 'invalid']);

/** Changes the feed remembers; a reader further behind rebuilds what it derives. */
export const CHANGE_FEED = 4096;

/** One change in the feed: a ticket inserted, changed in place (with its content before), or removed. */
export interface TicketChange {
  /** The repository's version after the change. */
  version: number;
  ticket: Ticket;
  /** A copy of the ticket's content before an in-place change (absent for an insert). */
  before?: Ticket;
  /** The ticket was taken out (its first write failed). */
  removed?: boolean;
}

const idemKey = (kioskId: string | undefined, key: string) => `${kioskId ?? ''}\u0000${key}`;
const repeatKey = (phone: string, tenant: string, category: string) => `${phone}\u0000${tenant}\u0000${category}`;

export class TicketRepository {
  #collection: PartitionedCollection<Ticket>;
  #byNo = new Map<string, Ticket>();
  #seq = new Map<string, number>();
  #byKey = new Map<string, Ticket>();
  /** The idempotency claim each ticket is indexed under (its key in #byKey). */
  #claimOf = new WeakMap<Ticket, string>();
  #byRepeatKey = new Map<string, Ticket>();
  #saving = new Map<string, Promise<void>>();
  #open = new Set<Ticket>();
  #version = 0;
  #counts = new Map<Ticket['status'], number>();
  #now: () => number;
  /** Position of each ticket in values() (insertion order), for readers that keep ordered lists. */
  #order = new WeakMap<Ticket, number>();
  #nextOrder = 0;
  #changes: TicketChange[] = [];
  /** Version before the oldest change the feed holds. */
  #changesBase = 0;

  private constructor(dir: string, now: () => number) {
    this.#now = now;
    this.#collection = new PartitionedCollection<Ticket>(dir, ticketPartition, {
      version: TICKETS_VERSION,
      parse: (r) => ticketSchema.parse(r),
      journal: {
        idOf: (t) => t.no,
        onError: (error) => console.error(JSON.stringify({ event: 'store.compactionFailed', error: String(error) })),
      },
    });
  }

  /** Loads every partition under `<dataDir>/tickets`. */
  static async open(dataDir: string, now: () => number = Date.now): Promise<TicketRepository> {
    const repo = new TicketRepository(path.join(dataDir, 'tickets'), now);
    await repo.#collection.load();
    const actors = new Map<string, Ticket['events'][number]['by']>();
    for (const t of repo.#collection.all()) {
      // Each staff member acts on thousands of tickets: share one object per actor (memory at 200,000 tickets).
      for (const e of t.events) {
        const key = `${e.by.id}\u0000${e.by.name}`;
        const shared = actors.get(key);
        if (shared) e.by = shared;
        else actors.set(key, e.by);
      }
      // Claims are kept in the tickets themselves (the domain builds a ticket with its claim):
      // of two live tickets with one claim, the first created keeps it.
      const claim = t.idempotencyKey ? idemKey(t.kioskId, t.idempotencyKey) : undefined;
      const holder = claim ? repo.#byKey.get(claim) : undefined;
      repo.#index(t, holder && byAge(holder, t) <= 0 ? undefined : claim);
    }
    repo.#changesBase = repo.#version;
    return repo;
  }

  /** Indexes a ticket; `claim` (an idemKey) is the idempotency claim it was created under, if any. */
  #index(t: Ticket, claim: string | undefined) {
    if (this.#byNo.has(t.no)) throw new Error(`store: ticket ${t.no} is stored twice`);
    this.#byNo.set(t.no, t);
    this.#order.set(t, this.#nextOrder++);
    this.#version++;
    this.#countStatus(t, 1);
    if (t.seq > (this.#seq.get(t.day) ?? 0)) this.#seq.set(t.day, t.seq);
    const age = this.#now() - Date.parse(t.createdAt);
    if (claim && age < IDEMPOTENCY_TTL_MS) {
      this.#byKey.set(claim, t);
      this.#claimOf.set(t, claim);
    }
    if (t.phone && t.tenant && age < PHONE_INDEX_MS) {
      const key = repeatKey(t.phone, t.tenant, t.category);
      const last = this.#byRepeatKey.get(key);
      if (!last || last.createdAt <= t.createdAt) this.#byRepeatKey.set(key, t);
    }
  }

  /** Changes with every insert and update (lets readers cache what they derive). */
  get version(): number {
    return this.#version;
  }

  /** Position of a ticket in values() order (for readers that keep lists in that order). */
  orderOf(t: Ticket): number {
    return this.#order.get(t) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * The changes after `version`, oldest first; undefined when the feed no longer reaches back
   * that far (the reader then rebuilds from values()).
   */
  changesSince(version: number): readonly TicketChange[] | undefined {
    if (version < this.#changesBase || version > this.#version) return undefined;
    let lo = 0;
    let hi = this.#changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#changes[mid].version <= version) lo = mid + 1;
      else hi = mid;
    }
    return this.#changes.slice(lo);
  }

  #record(change: Omit<TicketChange, 'version'>) {
    this.#changes.push({ version: this.#version, ...change });
    if (this.#changes.length > CHANGE_FEED) {
      const dropped = this.#changes.splice(0, this.#changes.length - CHANGE_FEED / 2);
      this.#changesBase = dropped.at(-1)!.version;
    }
  }

  #countStatus(t: Ticket, by: 1 | -1) {
    this.#counts.set(t.status, (this.#counts.get(t.status) ?? 0) + by);
    if (FINAL.has(t.status)) this.#open.delete(t);
    else if (by > 0) this.#open.add(t);
    else this.#open.delete(t);
  }

  /** Tickets not closed or invalid (order not guaranteed). */
  openTickets(): IterableIterator<Ticket> {
    return this.#open.values();
  }

  /** How many tickets are in each status. */
  statusCounts(): Partial<Record<Ticket['status'], number>> {
    return Object.fromEntries(this.#counts);
  }

  /** Number of tickets stored. */
  get size(): number {
    return this.#byNo.size;
  }

  /** A ticket by its number. */
  get(no: string): Ticket | undefined {
    return this.#byNo.get(no);
  }

  /** Every ticket, oldest day first. */
  values(): IterableIterator<Ticket> {
    return this.#byNo.values();
  }

  /** Partition keys (day.chunk) that hold tickets. */
  partitions(): string[] {
    return this.#collection.keys();
  }

  /** The next sequence number of a day; allocated at once, never handed out twice. */
  allocateSeq(day: string): number {
    const seq = (this.#seq.get(day) ?? 0) + 1;
    this.#seq.set(day, seq);
    return seq;
  }

  /** The ticket created under this idempotency claim (key per kiosk) within the last 24 h. */
  findByIdempotencyKey(kioskId: string | undefined, key: string): Ticket | undefined {
    const t = this.#byKey.get(idemKey(kioskId, key));
    if (!t) return undefined;
    if (this.#now() - Date.parse(t.createdAt) >= IDEMPOTENCY_TTL_MS) {
      this.#byKey.delete(idemKey(kioskId, key));
      return undefined;
    }
    return t;
  }

  /** The latest ticket with this phone, tenant and category created in the last 72 h (repeat detection). */
  latestWith(phone: string, tenant: string, category: string): Ticket | undefined {
    const key = repeatKey(phone, tenant, category);
    const t = this.#byRepeatKey.get(key);
    if (t && this.#now() - Date.parse(t.createdAt) >= PHONE_INDEX_MS) {
      this.#byRepeatKey.delete(key);
      return undefined;
    }
    return t;
  }

  /**
   * Adds a new ticket. It is indexed at once (visible to reads and to a retry with the same
   * claim); the promise settles when its partition is on disk. With `claim`, the ticket is the
   * claim's for 24 h from its creation (replacing an expired holder; the caller has checked there
   * is no live one); `null`: no claim; left out: the claim the ticket carries (`kioskId`,
   * `idempotencyKey`), if any. The claim outlives a restart when the ticket carries it, as every
   * ticket the domain builds does; otherwise it lasts while the process runs.
   */
  insert(ticket: Ticket, claim?: { kioskId?: string; key: string } | null): Promise<void> {
    const own = ticket.idempotencyKey ? idemKey(ticket.kioskId, ticket.idempotencyKey) : undefined;
    this.#index(ticket, claim ? idemKey(claim.kioskId, claim.key) : claim === null ? undefined : own);
    this.#record({ ticket });
    const saved = this.#collection.insert(ticket).catch((error) => {
      // Never on disk: forget it, so neither a read nor a retry with its key is told it exists.
      this.#unindex(ticket);
      this.#collection.forget(ticket);
      throw error;
    });
    this.#track(ticket.no, saved);
    return saved;
  }

  #unindex(t: Ticket) {
    if (this.#byNo.get(t.no) !== t) return;
    this.#byNo.delete(t.no);
    this.#version++;
    this.#countStatus(t, -1);
    this.#record({ ticket: t, removed: true });
    const claim = this.#claimOf.get(t);
    if (claim && this.#byKey.get(claim) === t) this.#byKey.delete(claim);
    if (t.phone && t.tenant) {
      const key = repeatKey(t.phone, t.tenant, t.category);
      if (this.#byRepeatKey.get(key) === t) this.#byRepeatKey.delete(key);
    }
  }

  /** Resolves once the ticket's last change is on disk (a retry waits for the first request's write). */
  async settled(no: string): Promise<void> {
    await this.#saving.get(no);
  }

  /**
   * Replaces a ticket's content with `next` (same number and day) and saves its partition.
   * The stored object is updated in place, so indexes stay valid.
   */
  update(next: Ticket): Promise<void> {
    const current = this.#byNo.get(next.no);
    if (!current) throw new Error(`store: no ticket ${next.no}`);
    if (current.day !== next.day) throw new Error(`store: ticket ${next.no} cannot move to another day`);
    // A failed write must not leave memory ahead of the disk (a retry would be refused as done):
    // keep what is on disk until the change is, and put it back if the write fails.
    const unsaved = this.#unsaved.get(next.no) ?? { onDisk: { ...current }, latest: 0 };
    const mine = ++unsaved.latest;
    this.#unsaved.set(next.no, unsaved);
    const written = { ...next };
    this.#replace(current, next);
    const saved = this.#collection.saveRecord(current).then(
      () => {
        if (unsaved.latest === mine) this.#unsaved.delete(next.no);
        else unsaved.onDisk = written;
      },
      (error: unknown) => {
        // Only the latest change rolls back; an earlier one's fate follows the later write.
        if (unsaved.latest === mine) {
          this.#replace(current, unsaved.onDisk);
          this.#collection.changed(current);
          this.#unsaved.delete(next.no);
        }
        throw error;
      },
    );
    this.#track(next.no, saved);
    return saved;
  }

  /** Tickets with a change not yet on disk: their content on disk, and the number of their latest change. */
  #unsaved = new Map<string, { onDisk: Ticket; latest: number }>();

  /** Replaces a stored ticket's content in place (indexes keep pointing at the same object). */
  #replace(current: Ticket, content: Ticket) {
    const before = { ...current };
    this.#version++;
    this.#countStatus(current, -1);
    for (const key of Object.keys(current) as (keyof Ticket)[]) if (!(key in content)) delete current[key];
    Object.assign(current, content);
    this.#countStatus(current, 1);
    // A rollback can land after its ticket was taken out (its first write failed too): not a change to announce.
    if (this.#byNo.get(current.no) === current) this.#record({ ticket: current, before });
  }

  #track(no: string, saved: Promise<void>) {
    const p = saved
      .catch(() => {})
      .finally(() => {
        if (this.#saving.get(no) === p) this.#saving.delete(no);
      });
    this.#saving.set(no, p);
  }

  /**
   * Writes the chunks changed since the last compaction and deletes the journal they include
   * (also done in the background as the journal grows; tests and tools call it to see the files).
   */
  compact(): Promise<void> {
    return this.#collection.compact();
  }

  /** Bytes of journal lines written since start (a figure for the bench). */
  get journalBytes(): number {
    return this.#collection.journalBytes;
  }

  /** Forgets expired idempotency keys and phone entries (call now and then). */
  prune(): void {
    const now = this.#now();
    for (const [k, t] of this.#byKey) if (now - Date.parse(t.createdAt) >= IDEMPOTENCY_TTL_MS) this.#byKey.delete(k);
    for (const [k, t] of this.#byRepeatKey)
      if (now - Date.parse(t.createdAt) >= PHONE_INDEX_MS) this.#byRepeatKey.delete(k);
  }
}

/** Oldest first: by creation time, then by number. */
const byAge = (a: Ticket, b: Ticket) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.no < b.no ? -1 : a.no > b.no ? 1 : 0;
