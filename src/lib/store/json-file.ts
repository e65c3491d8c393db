/**
 * One JSON file of the store, held in memory, written through lowdb with a durable adapter
 * (durable.ts: temp file, fsync, rename, fsync of the directory), so a crash leaves the old or
 * the new file, never half of one, and a resolved `save()` survives a power cut.
 *
 * Writes are coalesced (group commit): mutations made while a write is in flight are saved
 * together by the next write, and each caller's `save()` resolves once a write that includes its
 * change is on disk. One write stays small because collections are partitioned (see
 * partitioned.ts), and the tickets journal their changes (journal.ts) so a partition is
 * rewritten only at compaction.
 */
import { Low } from 'lowdb';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DurableJsonAdapter } from './durable';
import { injectedWriteFault, StoreUnavailableError } from './errors';

/** The envelope every store file has: a schema version and the records. */
export interface StoreFile<T> {
  version: number;
  /**
   * For a partition of a journaled collection: every journal line numbered up to this is in the
   * file (replay skips them). Absent in other files.
   */
  journal?: number;
  records: T[];
}

export interface JsonFileOptions<T> {
  /** Current schema version of this collection's files. */
  version: number;
  /** Parses (and validates) one stored record at the current version; throw on bad data. */
  parse: (record: unknown) => T;
  /** Upgrades the records of an older file, one step per version: migrations[v] takes v → v+1. */
  migrations?: Record<number, (records: unknown[]) => unknown[]>;
  /**
   * Keep each record's JSON between writes, so a write re-serialises only the records that
   * changed. Only for collections whose every in-place change is announced with `changed()`
   * (PartitionedCollection.saveRecord does): a record changed silently would be written stale.
   */
  cacheRecords?: boolean;
}

export class JsonFile<T> {
  readonly path: string;
  #db: Low<StoreFile<unknown>>;
  #records: T[] = [];
  #options: JsonFileOptions<T>;
  #writing: Promise<void> | undefined;
  #pending: Promise<void> | undefined;
  /** Record → its JSON as last written (with `cacheRecords`). */
  #json: WeakMap<object, string> | undefined;
  /** Journal sequence number the file includes (journaled collections; 0 otherwise). */
  journalSeq = 0;

  constructor(file: string, options: JsonFileOptions<T>) {
    this.path = file;
    this.#options = options;
    if (options.cacheRecords) this.#json = new WeakMap();
    this.#db = new Low<StoreFile<unknown>>(
      new DurableJsonAdapter<StoreFile<unknown>>(file, (data) => this.#stringify(data)),
      { version: options.version, records: [] },
    );
  }

  /** Reads the file (a missing file is empty), upgrading and validating every record. */
  async load(): Promise<this> {
    mkdirSync(path.dirname(this.path), { recursive: true });
    await this.#db.read();
    const raw = this.#db.data ?? { version: this.#options.version, records: [] };
    let records: unknown[] = Array.isArray(raw.records) ? raw.records : [];
    let version = typeof raw.version === 'number' ? raw.version : 1;
    this.journalSeq = typeof raw.journal === 'number' ? raw.journal : 0;
    if (version > this.#options.version) {
      throw new Error(
        `store: ${this.path} has version ${version}, newer than this server understands (${this.#options.version})`,
      );
    }
    const upgraded = version < this.#options.version;
    while (version < this.#options.version) {
      const step = this.#options.migrations?.[version];
      if (!step) throw new Error(`store: no migration from version ${version} for ${this.path}`);
      records = step(records);
      version++;
    }
    this.#records = records.map((r, i) => {
      try {
        return this.#options.parse(r);
      } catch (error) {
        throw new Error(`store: record ${i} of ${this.path} is invalid`, { cause: error });
      }
    });
    if (upgraded && existsSync(this.path)) await this.save();
    return this;
  }

  /** The records, in memory. Mutate them, then call save(). */
  get records(): T[] {
    return this.#records;
  }

  /** Saves the current records; resolves when a write including every change so far is done. */
  save(): Promise<void> {
    if (!this.#writing) {
      this.#writing = this.#write().finally(() => (this.#writing = undefined));
      return this.#writing;
    }
    // A write is in flight: queue exactly one follow-up that carries every change made meanwhile.
    this.#pending ??= this.#writing
      .catch(() => {})
      .then(() => {
        this.#pending = undefined;
        return this.save();
      });
    return this.#pending;
  }

  /** Announces that a record was changed in place: its JSON is made again at the next write. */
  changed(record: T): void {
    this.#json?.delete(record as object);
  }

  /** The file's text: the same as JSON.stringify of the envelope, from cached record JSON where kept. */
  #stringify(data: StoreFile<unknown>): string {
    const cache = this.#json;
    if (!cache) return JSON.stringify(data);
    const journal = data.journal === undefined ? '' : `"journal":${data.journal},`;
    const parts = data.records.map((record) => {
      let json = cache.get(record as object);
      if (json === undefined) cache.set(record as object, (json = JSON.stringify(record)));
      return json;
    });
    return `{"version":${JSON.stringify(data.version)},${journal}"records":[${parts.join(',')}]}`;
  }

  async #write() {
    this.#db.data = this.journalSeq
      ? { version: this.#options.version, journal: this.journalSeq, records: this.#records }
      : { version: this.#options.version, records: this.#records };
    if (injectedWriteFault()) throw new StoreUnavailableError();
    try {
      await this.#db.write();
    } catch (error) {
      // Whatever is put back in memory after a failed write is serialised afresh.
      if (this.#json) this.#json = new WeakMap();
      throw new StoreUnavailableError(error);
    }
  }
}
