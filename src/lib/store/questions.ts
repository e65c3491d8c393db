/**
 * Trainer-written questions in one small file (`questions/questions.json`): every version of every
 * question, appended, never changed. Loaded at start and read from memory; `put` checks and appends
 * in one synchronous step, so two saves racing from one version store one.
 */
import path from 'node:path';
import { JsonFile } from './json-file';
import { trainerQuestionSchema, type TrainerQuestion } from '../quiz/questions';

export const QUESTIONS_FILE = path.join('questions', 'questions.json');

export class QuestionsRepo {
  #file: JsonFile<TrainerQuestion>;
  /** id → its versions, oldest first. */
  #byId = new Map<string, TrainerQuestion[]>();

  private constructor(file: JsonFile<TrainerQuestion>) {
    this.#file = file;
    for (const r of file.records) this.#index(r);
  }

  static async open(dataDir: string): Promise<QuestionsRepo> {
    const file = await new JsonFile<TrainerQuestion>(path.join(dataDir, QUESTIONS_FILE), {
      version: 1,
      parse: (r) => trainerQuestionSchema.parse(r),
    }).load();
    return new QuestionsRepo(file);
  }

  /** The latest version of every question, in the order they were first written. */
  list(): TrainerQuestion[] {
    return [...this.#byId.values()]
      .map((v) => v[v.length - 1])
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  byId(id: string, version?: number): TrainerQuestion | undefined {
    const versions = this.#byId.get(id);
    if (!versions) return undefined;
    return version === undefined ? versions[versions.length - 1] : versions.find((r) => r.version === version);
  }

  versions(id: string): TrainerQuestion[] {
    return [...(this.#byId.get(id) ?? [])];
  }

  async put(record: TrainerQuestion): Promise<boolean> {
    const latest = this.byId(record.id)?.version ?? 0;
    if (record.version !== latest + 1) return false;
    this.#index(record);
    this.#file.records.push(record);
    await this.#file.save().catch((error: unknown) => {
      // Not on disk: not in memory either.
      this.#file.records.splice(this.#file.records.indexOf(record), 1);
      this.#byId.get(record.id)!.pop();
      if (this.#byId.get(record.id)!.length === 0) this.#byId.delete(record.id);
      throw error;
    });
    return true;
  }

  #index(r: TrainerQuestion) {
    const list = this.#byId.get(r.id);
    if (list) list.push(r);
    else this.#byId.set(r.id, [r]);
  }
}
