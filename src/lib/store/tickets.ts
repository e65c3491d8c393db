/**
 * The tickets repository: one JSON file per mall-local day of creation (tickets/2026-11-22.json),
 * so a write re-serialises one day's tickets however many years the store holds. Everything is
 * loaded at start and served from memory, with indexes by number, by idempotency key (24 h) and
 * by phone (the last 72 h, for repeat detection).
 *
 * Concurrency: a number is allocated and the ticket indexed synchronously, before the first
 * await, so concurrent submissions can neither share a number nor lose one another; the
 * partition's coalesced write (json-file.ts) then carries every ticket added meanwhile.
 */
import path from 'node:path';
import { ticketSchema, type Ticket } from '../feedback/schema';
import { PartitionedCollection } from './partitioned';

/** How long an idempotency key is honoured. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** How far back the phone index reaches (repeat detection). */
export const PHONE_INDEX_MS = 72 * 3_600_000;

const TICKETS_VERSION = 1;

const idemKey = (kioskId: string | undefined, key: string) => `${kioskId ?? ''}\u0000${key}`;

export class TicketRepository {
  #collection: PartitionedCollection<Ticket>;
  #byNo = new Map<string, Ticket>();
  #seq = new Map<string, number>();
  #byKey = new Map<string, Ticket>();
  #byPhone = new Map<string, Ticket[]>();
  #saving = new Map<string, Promise<void>>();
  #now: () => number;

  private constructor(dir: string, now: () => number) {
    this.#now = now;
    this.#collection = new PartitionedCollection<Ticket>(dir, (t) => t.day, {
      version: TICKETS_VERSION,
      parse: (r) => ticketSchema.parse(r),
    });
  }

  /** Loads every partition under `<dataDir>/tickets`. */
  static async open(dataDir: string, now: () => number = Date.now): Promise<TicketRepository> {
    const repo = new TicketRepository(path.join(dataDir, 'tickets'), now);
    await repo.#collection.load();
    for (const t of repo.#collection.all()) repo.#index(t);
    return repo;
  }

  #index(t: Ticket) {
    if (this.#byNo.has(t.no)) throw new Error(`store: ticket ${t.no} is stored twice`);
    this.#byNo.set(t.no, t);
    if (t.seq > (this.#seq.get(t.day) ?? 0)) this.#seq.set(t.day, t.seq);
    const age = this.#now() - Date.parse(t.createdAt);
    if (t.idempotencyKey && age < IDEMPOTENCY_TTL_MS) this.#byKey.set(idemKey(t.kioskId, t.idempotencyKey), t);
    if (t.phone && age < PHONE_INDEX_MS) {
      const list = this.#byPhone.get(t.phone) ?? [];
      list.push(t);
      this.#byPhone.set(t.phone, list);
    }
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

  /** Partition keys (days) that hold tickets. */
  days(): string[] {
    return this.#collection.keys();
  }

  /** The next sequence number of a day; allocated at once, never handed out twice. */
  allocateSeq(day: string): number {
    const seq = (this.#seq.get(day) ?? 0) + 1;
    this.#seq.set(day, seq);
    return seq;
  }

  /** The ticket created with this idempotency key (per kiosk) within the last 24 h. */
  findByIdempotencyKey(kioskId: string | undefined, key: string): Ticket | undefined {
    const t = this.#byKey.get(idemKey(kioskId, key));
    if (!t) return undefined;
    if (this.#now() - Date.parse(t.createdAt) >= IDEMPOTENCY_TTL_MS) {
      this.#byKey.delete(idemKey(kioskId, key));
      return undefined;
    }
    return t;
  }

  /** Tickets with this phone created in the last 72 h. */
  recentWithPhone(phone: string): Ticket[] {
    const list = this.#byPhone.get(phone);
    if (!list) return [];
    const cutoff = this.#now() - PHONE_INDEX_MS;
    const fresh = list.filter((t) => Date.parse(t.createdAt) >= cutoff);
    if (fresh.length) this.#byPhone.set(phone, fresh);
    else this.#byPhone.delete(phone);
    return fresh;
  }

  /**
   * Adds a new ticket. It is indexed at once (visible to reads and to a retry with the same key);
   * the promise settles when its partition is on disk.
   */
  insert(ticket: Ticket): Promise<void> {
    this.#index(ticket);
    const saved = this.#collection.insert(ticket);
    this.#track(ticket.no, saved);
    return saved;
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
    for (const key of Object.keys(current) as (keyof Ticket)[]) if (!(key in next)) delete current[key];
    Object.assign(current, next);
    const saved = this.#collection.saveRecord(current);
    this.#track(next.no, saved);
    return saved;
  }

  #track(no: string, saved: Promise<void>) {
    const p = saved.catch(() => {}).finally(() => {
      if (this.#saving.get(no) === p) this.#saving.delete(no);
    });
    this.#saving.set(no, p);
  }

  /** Forgets expired idempotency keys and phone entries (call now and then). */
  prune(): void {
    const now = this.#now();
    for (const [k, t] of this.#byKey) if (now - Date.parse(t.createdAt) >= IDEMPOTENCY_TTL_MS) this.#byKey.delete(k);
    for (const phone of [...this.#byPhone.keys()]) this.recentWithPhone(phone);
  }
}
