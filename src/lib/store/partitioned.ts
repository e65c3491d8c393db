/**
 * A collection split into files by a partition key (e.g. the day a ticket was created), so
 * one write re-serialises one small file however many records the store holds. All
 * partitions are loaded at start; reads are served from memory.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { JsonFile, type JsonFileOptions } from './json-file';

export class PartitionedCollection<T> {
  readonly dir: string;
  #options: JsonFileOptions<T>;
  #partitionOf: (record: T) => string;
  #files = new Map<string, JsonFile<T>>();

  /** `partitionOf` must be stable for a record's lifetime and safe as a file name. */
  constructor(dir: string, partitionOf: (record: T) => string, options: JsonFileOptions<T>) {
    this.dir = dir;
    this.#partitionOf = partitionOf;
    this.#options = options;
  }

  /** Loads every partition file in the directory. */
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
    return this;
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

  /** Adds a record and saves its partition. */
  async insert(record: T): Promise<void> {
    const file = await this.#file(this.#partitionOf(record));
    file.records.push(record);
    await file.save();
  }

  /** Takes a record out of memory (after its first save failed: it was never stored). */
  forget(record: T): void {
    const records = this.#files.get(this.#partitionOf(record))?.records;
    const i = records ? records.indexOf(record) : -1;
    if (i >= 0) records!.splice(i, 1);
  }

  /** Saves the partition of a record changed in place. */
  async saveRecord(record: T): Promise<void> {
    const file = await this.#file(this.#partitionOf(record));
    file.changed(record);
    await file.save();
  }

  /** Announces a record changed in place that is saved later (or put back after a failed save). */
  changed(record: T): void {
    this.#files.get(this.#partitionOf(record))?.changed(record);
  }

  /** Partition keys present. */
  keys(): string[] {
    return [...this.#files.keys()].sort();
  }

  async #file(key: string): Promise<JsonFile<T>> {
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
