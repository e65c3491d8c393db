/**
 * A collection's write-ahead journal: JSON Lines, one line per inserted or changed record, in
 * numbered segments (`<dataDir>/journal/<collection>.<n>.jsonl`). A line is acknowledged only
 * once it is fsync'd; lines appended while a sync is in flight wait and go together in the next
 * write and sync (group commit), so concurrent writers share one fsync.
 *
 * Every line carries a sequence number `s` (increasing across segments), the record's partition
 * `p`, the record's schema version `v` and the whole record `r`. A crash can tear only the last
 * line of a segment: a line that does not parse there was never acknowledged and is ignored.
 * After a restart, or after a failed write, appends go to a fresh segment, so nothing is ever
 * written after a torn line.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from './durable';
import { injectedWriteFault, StoreUnavailableError } from './errors';

/** How long the segment's file stays open after the last write. */
const IDLE_CLOSE_MS = 1000;

export interface JournalEntry {
  /** Sequence number: increases with every line, across segments. */
  s: number;
  /** Partition key of the record. */
  p: string;
  /** Schema version the record was written at. */
  v: number;
  /** The record, whole. */
  r: unknown;
}

interface Waiting {
  seq: number;
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Journal {
  readonly dir: string;
  readonly name: string;
  #seq = 0;
  /** Segment numbers on disk that are complete (no longer appended to). */
  #sealed: number[] = [];
  /** Their sizes. */
  #sealedBytes = new Map<number, number>();
  /** The segment appended to; its file exists once `created`; `handle` is open while writes come. */
  #active: { n: number; bytes: number; created: boolean; handle?: FileHandle; idle?: NodeJS.Timeout } | undefined;
  #nextSegment = 1;
  #waiting: Waiting[] = [];
  #rotations: ((sealed: { upTo: number; segments: number[] }) => void)[] = [];
  #flushing: Promise<void> | undefined;
  #running = false;
  /** Sequence number of the last line on disk. */
  #lastWritten = 0;

  /** `name` is the collection's name (its directory's base name), used in segment file names. */
  constructor(dir: string, name: string) {
    if (!/^[\w-]+$/.test(name)) throw new Error(`store: bad journal name "${name}"`);
    this.dir = dir;
    this.name = name;
  }

  #file(n: number): string {
    return path.join(this.dir, `${this.name}.${String(n).padStart(6, '0')}.jsonl`);
  }

  /**
   * Reads every segment, oldest first. A line that does not parse is skipped if it is the last
   * of its segment (torn by a crash, never acknowledged); anywhere else it is corruption and throws.
   */
  read(): JournalEntry[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const pattern = new RegExp(`^${this.name}\\.(\\d+)\\.jsonl$`);
    const segments = names
      .map((n) => pattern.exec(n))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const entries: JournalEntry[] = [];
    for (const n of segments) {
      const text = readFileSync(this.#file(n), 'utf8');
      this.#sealedBytes.set(n, Buffer.byteLength(text));
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]) continue;
        let entry: JournalEntry;
        try {
          entry = JSON.parse(lines[i]) as JournalEntry;
          if (typeof entry.s !== 'number' || typeof entry.p !== 'string') throw new Error('not a journal entry');
        } catch (error) {
          const last = lines.slice(i + 1).every((l) => !l);
          if (last) break;
          throw new Error(`store: line ${i + 1} of ${this.#file(n)} is damaged`, { cause: error });
        }
        entries.push(entry);
        if (entry.s > this.#seq) this.#seq = this.#lastWritten = entry.s;
      }
    }
    this.#sealed = segments;
    this.#nextSegment = (segments.at(-1) ?? 0) + 1;
    return entries;
  }

  /** The last sequence number handed out (or read). */
  get seq(): number {
    return this.#seq;
  }

  /** Continues numbering after `seq` (the highest number a partition file says it includes). */
  advanceTo(seq: number): void {
    if (seq > this.#seq) this.#seq = this.#lastWritten = seq;
  }

  /** Bytes in every segment not yet compacted away (sealed ones, left by earlier runs too, and the active one). */
  get bytes(): number {
    let n = this.#active?.bytes ?? 0;
    for (const b of this.#sealedBytes.values()) n += b;
    return n;
  }

  /** Bytes of JSON Lines written since start (a figure for the bench). */
  written = 0;

  /**
   * Appends one record; resolves once its line is fsync'd, rejects with StoreUnavailableError
   * when it could not be. Returns the line's sequence number at once.
   */
  append(partition: string, version: number, record: unknown): { seq: number; done: Promise<void> } {
    const seq = ++this.#seq;
    const text = `{"s":${seq},"p":${JSON.stringify(partition)},"v":${version},"r":${JSON.stringify(record)}}\n`;
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ seq, text, resolve, reject }));
    this.#kick();
    return { seq, done };
  }

  #kick() {
    // `#running` is cleared by the writer itself, in the same step as it finds nothing left to do:
    // a line or a rotation arriving after that starts a new writer, never waits for a finished one.
    if (this.#running) return;
    this.#running = true;
    this.#flushing = this.#flush();
  }

  /** Writes whatever waits, one write and one fsync per round, until nothing waits. */
  async #flush(): Promise<void> {
    try {
      await this.#rounds();
    } catch (error) {
      // Not expected (each round catches its own failure); never leave writers waiting for nobody.
      this.#running = false;
      for (const w of this.#waiting.splice(0)) w.reject(new StoreUnavailableError(error));
    }
  }

  async #rounds(): Promise<void> {
    // No wait before the first round (a lone writer pays one fsync, no more): what arrives while a
    // round is syncing goes in the next one.
    await Promise.resolve();
    for (;;) {
      if (this.#waiting.length === 0 && this.#rotations.length === 0) {
        // In the same step as the check (no await between): see #kick.
        this.#running = false;
        return;
      }
      if (this.#rotations.length > 0) {
        // Between two rounds: every line numbered so far and not waiting is on disk.
        this.#seal();
        const sealed = { upTo: this.#lastWritten, segments: [...this.#sealed] };
        for (const resolve of this.#rotations.splice(0)) resolve(sealed);
        continue;
      }
      const batch = this.#waiting.splice(0);
      const bytes = Buffer.from(batch.map((w) => w.text).join(''), 'utf8');
      const segment = (this.#active ??= { n: this.#nextSegment++, bytes: 0, created: false });
      let handle: FileHandle | undefined;
      try {
        if (injectedWriteFault()) throw new Error('injected write fault');
        mkdirSync(this.dir, { recursive: true });
        clearTimeout(segment.idle);
        handle = segment.handle ??= await open(this.#file(segment.n), segment.created ? 'r+' : 'wx');
        if (!segment.created) {
          // The new name must survive a power cut too.
          await syncDir(this.dir);
          segment.created = true;
        }
        let off = 0;
        while (off < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, off, bytes.length - off, segment.bytes + off);
          off += bytesWritten;
        }
        await handle.datasync();
        handle = undefined;
        // Kept open while writes keep coming; closed after a quiet second, so no descriptor is left to the GC.
        segment.idle = setTimeout(() => this.#release(segment), IDLE_CLOSE_MS).unref();
        segment.bytes += bytes.length;
        this.written += bytes.length;
        this.#lastWritten = batch.at(-1)!.seq;
        for (const w of batch) w.resolve();
      } catch (error) {
        // Take back what may have been written, and never append to this segment again.
        if (handle) await handle.truncate(segment.bytes).catch(() => {});
        this.#seal();
        const failure = new StoreUnavailableError(error);
        for (const w of batch) w.reject(failure);
      }
    }
  }

  #seal() {
    const active = this.#active;
    if (!active) return;
    this.#active = undefined;
    this.#release(active);
    if (active.created) {
      this.#sealed.push(active.n);
      this.#sealedBytes.set(active.n, active.bytes);
    }
  }

  #release(segment: { handle?: FileHandle; idle?: NodeJS.Timeout }) {
    clearTimeout(segment.idle);
    const handle = segment.handle;
    segment.handle = undefined;
    void handle?.close().catch(() => {});
  }

  /**
   * Starts a new segment for what is appended from now on. Returns the sequence number up to
   * which lines are in the segments sealed so far, and those segments (delete them with
   * `drop` once every change up to that number is in the partition files).
   */
  rotate(): Promise<{ upTo: number; segments: number[] }> {
    // Done by the writer between two rounds, so a round never straddles two segments.
    const sealed = new Promise<{ upTo: number; segments: number[] }>((resolve) => this.#rotations.push(resolve));
    this.#kick();
    return sealed;
  }

  /** Deletes sealed segments whose every line is in the partition files. */
  async drop(segments: number[]): Promise<void> {
    if (segments.length === 0) return;
    for (const n of segments) await rm(this.#file(n), { force: true });
    await syncDir(this.dir);
    const gone = new Set(segments);
    this.#sealed = this.#sealed.filter((n) => !gone.has(n));
    for (const n of segments) this.#sealedBytes.delete(n);
  }

  /** Waits for the lines already appended (tests). */
  async settle(): Promise<void> {
    while (this.#running) await this.#flushing;
  }
}
