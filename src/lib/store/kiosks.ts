/** The kiosks repository: each kiosk's last heartbeat, one small JSON file (`kiosks/kiosks.json`). */
import path from 'node:path';
import { JsonFile } from './json-file';
import { kioskRecordSchema, type KioskRecord } from '../kiosk/schema';

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
