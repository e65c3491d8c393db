/** The kiosks repository: each kiosk's last heartbeat, one small JSON file (`kiosks/kiosks.json`). */
import path from 'node:path';
import { JsonFile } from './json-file';
import { kioskEnrolmentSchema, kioskRecordSchema, type KioskEnrolment, type KioskRecord } from '../kiosk/schema';

/** Most kiosks remembered: heartbeats are public, so a flood of made-up ids must not grow the file without bound. */
export const MAX_KIOSKS = 500;

export class KioskRepository {
  #file: JsonFile<KioskRecord>;
  private constructor(file: JsonFile<KioskRecord>) {
    this.#file = file;
  }

  static async open(dataDir: string): Promise<KioskRepository> {
    const file = await new JsonFile<KioskRecord>(path.join(dataDir, 'kiosks', 'kiosks.json'), {
      version: 1,
      parse: (r) => kioskRecordSchema.parse(r),
    }).load();
    return new KioskRepository(file);
  }

  list(): KioskRecord[] {
    return [...this.#file.records];
  }

  get(id: string): KioskRecord | undefined {
    return this.#file.records.find((k) => k.id === id);
  }

  /** Replaces a kiosk's record (adds it when new, forgetting the longest-silent kiosk beyond MAX_KIOSKS). */
  async put(record: KioskRecord): Promise<void> {
    const records = this.#file.records;
    const i = records.findIndex((k) => k.id === record.id);
    if (i >= 0) records[i] = record;
    else {
      records.push(record);
      if (records.length > MAX_KIOSKS) {
        records.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
        records.length = MAX_KIOSKS;
      }
    }
    await this.#file.save();
  }
}

/** Enrolled kiosks (`kiosks/enrolments.json`): one record per id, with its secret's hash. */
export class KioskEnrolmentRepository {
  #file: JsonFile<KioskEnrolment>;
  #byId = new Map<string, KioskEnrolment>();
  private constructor(file: JsonFile<KioskEnrolment>) {
    this.#file = file;
    for (const r of file.records) this.#byId.set(r.id, r);
  }

  static async open(dataDir: string): Promise<KioskEnrolmentRepository> {
    const file = await new JsonFile<KioskEnrolment>(path.join(dataDir, 'kiosks', 'enrolments.json'), {
      version: 1,
      parse: (r) => kioskEnrolmentSchema.parse(r),
    }).load();
    return new KioskEnrolmentRepository(file);
  }

  list(): KioskEnrolment[] {
    return [...this.#file.records].sort((a, b) => a.id.localeCompare(b.id));
  }

  get(id: string): KioskEnrolment | undefined {
    return this.#byId.get(id);
  }

  /** Adds or replaces the enrolment of `record.id` (memory follows the disk when the write fails). */
  async put(record: KioskEnrolment): Promise<void> {
    const records = this.#file.records;
    const i = records.findIndex((k) => k.id === record.id);
    const before = i >= 0 ? records[i] : undefined;
    if (i >= 0) records[i] = record;
    else records.push(record);
    this.#byId.set(record.id, record);
    await this.#file.save().catch((error: unknown) => {
      const j = records.indexOf(record);
      if (before) {
        records[j] = before;
        this.#byId.set(before.id, before);
      } else {
        records.splice(j, 1);
        this.#byId.delete(record.id);
      }
      throw error;
    });
  }
}
