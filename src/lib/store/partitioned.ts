/**
 * A collection split into files by a partition key (e.g. the day a ticket was created), so
 * one write re-serialises one small file however many records the store holds. All
 * partitions are loaded at start; reads are served from memory.
 *
 * With a journal (`journal` option), a write appends the record to the collection's journal
 * (journal.ts: JSON Lines, fsync'd, grouped) instead of rewriting its partition: a new ticket
 * costs one line, not its 100-ticket file. The partitions changed since the last compaction are
 * rewritten in the background once the journal has grown past `compactBytes`; then the sealed
 * journal segments are deleted. Loading replays the journal over the partition files: each file
 * records the journal number it includes (`journal` in its envelope), so a crash at any point of
 * a compaction neither loses nor re-applies a change.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { JsonFile, type JsonFileOptions } from './json-file';
import { Journal } from './journal';

/** Journal size past which its partitions are compacted (a few thousand tickets; replayed in well under a second). */
export const COMPACT_BYTES = 8 * 1024 * 1024;

export interface PartitionedOptions<T> extends JsonFileOptions<T> {
  /** Journal the collection's writes (see the file comment); `idOf` names a record across its changes. */
  journal?: {
    idOf: (record: T) => string;
    /** Compact once the journal holds this many bytes (default COMPACT_BYTES). */
    compactBytes?: number;
    /** Told when a background compaction fails (its segments stay; the next one retries). */
    onError?: (error: unknown) => void;
  };
}

export class PartitionedCollection<T> {
  readonly dir: string;
  #options: PartitionedOptions<T>;
  #partitionOf: (record: T) => string;
  #files = new Map<string, JsonFile<T>>();
  #journal: Journal | undefined;
  /** Partitions changed in memory (and in the journal) since their file was last written. */
  #dirty = new Set<string>();
  #compacting: Promise<void> | undefined;

  /** `partitionOf` must be stable for a record's lifetime and safe as a file name. */
  constructor(dir: string, partitionOf: (record: T) => string, options: PartitionedOptions<T>) {
    this.dir = dir;
    this.#partitionOf = partitionOf;
    this.#options = options;
    if (options.journal) this.#journal = new Journal(path.join(path.dirname(dir), 'journal'), path.basename(dir));
  }

  /** Loads every partition file in the directory, then replays the journal over them. */
  async load(): Promise<this> {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names.sort()) {
      const file = await new JsonFile<T>(path.join(this.dir, name), this.#options).load();
      this.#files.set(name.slice(0, -'.json'.length), file);
    }
    if (this.#journal) this.#replay(this.#journal);
    return this;
  }

  #replay(journal: Journal) {
    const { idOf } = this.#options.journal!;
    const entries = journal.read();
    // Which record of a partition has an id, built for the partitions the journal touches.
    const ids = new Map<string, Map<string, number>>();
    for (const file of this.#files.values()) journal.advanceTo(file.journalSeq);
    for (const entry of entries) {
      const file = this.#file(entry.p);
      if (entry.s <= file.journalSeq) continue;
      let raw: unknown[] = [entry.r];
      for (let v = entry.v; v < this.#options.version; v++) {
        const step = this.#options.migrations?.[v];
        if (!step) throw new Error(`store: no migration from version ${v} for the ${journal.name} journal`);
        raw = step(raw);
      }
      let record: T;
      try {
        record = this.#options.parse(raw[0]);
      } catch (error) {
        throw new Error(`store: journal line ${entry.s} of ${journal.name} is invalid`, { cause: error });
      }
      let byId = ids.get(entry.p);
      if (!byId) {
        byId = new Map(file.records.map((r, i) => [idOf(r), i]));
        ids.set(entry.p, byId);
      }
      const id = idOf(record);
      const at = byId.get(id);
      if (at === undefined) {
        byId.set(id, file.records.length);
        file.records.push(record);
      } else file.records[at] = record;
      this.#dirty.add(entry.p);
    }
  }

  /** Every record, partition by partition (oldest key first). */
  *all(): Generator<T> {
    for (const key of [...this.#files.keys()].sort()) yield* this.#files.get(key)!.records;
  }

  get size(): number {
    let n = 0;
    for (const file of this.#files.values()) n += file.records.length;
    return n;
  }

  /** Adds a record and saves it (its journal line, or its partition). */
  async insert(record: T): Promise<void> {
    const key = this.#partitionOf(record);
    const file = this.#file(key);
    file.records.push(record);
    if (this.#journal) await this.#append(key, record);
    else await file.save();
  }

  /** Takes a record out of memory (after its first save failed: it was never stored). */
  forget(record: T): void {
    const records = this.#files.get(this.#partitionOf(record))?.records;
    const i = records ? records.indexOf(record) : -1;
    if (i >= 0) records!.splice(i, 1);
  }

  /** Saves a record changed in place (its journal line, or its partition). */
  async saveRecord(record: T): Promise<void> {
    const key = this.#partitionOf(record);
    const file = this.#file(key);
    file.changed(record);
    if (this.#journal) await this.#append(key, record);
    else await file.save();
  }

  /** Announces a record changed in place that is saved later (or put back after a failed save). */
  changed(record: T): void {
    const key = this.#partitionOf(record);
    this.#files.get(key)?.changed(record);
    if (this.#journal) this.#dirty.add(key);
  }

  /** Partition keys present. */
  keys(): string[] {
    return [...this.#files.keys()].sort();
  }

  async #append(key: string, record: T): Promise<void> {
    const journal = this.#journal!;
    this.#dirty.add(key);
    await journal.append(key, this.#options.version, record).done;
    const limit = this.#options.journal!.compactBytes ?? COMPACT_BYTES;
    if (journal.bytes >= limit && !this.#compacting) {
      this.compact().catch((error: unknown) => this.#options.journal!.onError?.(error));
    }
  }

  /**
   * Writes every partition changed since the last compaction (each fsync'd), then deletes the
   * journal segments they include. Safe to interrupt at any point: until a segment is deleted,
   * replay restores what the files miss and skips what they have. Resolves at once without a journal.
   */
  compact(): Promise<void> {
    if (!this.#journal) return Promise.resolve();
    this.#compacting ??= this.#compact(this.#journal).finally(() => (this.#compacting = undefined));
    return this.#compacting;
  }

  async #compact(journal: Journal) {
    const { upTo, segments } = await journal.rotate();
    const keys = [...this.#dirty];
    this.#dirty.clear();
    try {
      for (const key of keys) {
        const file = this.#files.get(key);
        if (!file) continue;
        if (!/^[\w.-]+$/.test(key)) throw new Error(`store: bad partition key "${key}"`);
        file.journalSeq = upTo;
        // One partition at a time: the event loop serves requests between two files.
        await file.save();
      }
    } catch (error) {
      for (const key of keys) this.#dirty.add(key);
      throw error;
    }
    await journal.drop(segments);
  }

  /** Bytes of journal lines written since start (0 without a journal). */
  get journalBytes(): number {
    return this.#journal?.written ?? 0;
  }

  /** Waits for journal writes and a compaction in flight (tests). */
  async settle(): Promise<void> {
    await this.#compacting?.catch(() => {});
    await this.#journal?.settle();
  }

  #file(key: string): JsonFile<T> {
    if (!/^[\w.-]+$/.test(key)) throw new Error(`store: bad partition key "${key}"`);
    let file = this.#files.get(key);
    if (!file) {
      mkdirSync(this.dir, { recursive: true });
      file = new JsonFile<T>(path.join(this.dir, `${key}.json`), this.#options);
      this.#files.set(key, file);
    }
    return file;
  }
}
