/**
 * The training records of the JSON store: the case library (`training/cases.json`) and quiz
 * assignments (`training/assignments.json`). Small collections (a case is written by hand, an
 * assignment by a trainer), one file each.
 */
import path from 'node:path';
import { assignmentSchema, type Assignment } from '../assignments/schema';
import { caseSchema, type Case } from '../cases/schema';
import { JsonFile } from './json-file';

/** Records kept in one file, in insertion order; memory follows the disk when a write fails. */
class AppendOnlyFile<T extends { id: string }> {
  #file: JsonFile<T>;
  #byId = new Map<string, T>();
  protected constructor(file: JsonFile<T>) {
    this.#file = file;
    for (const r of file.records) this.#byId.set(r.id, r);
  }

  protected static async load<T extends { id: string }>(file: string, parse: (r: unknown) => T): Promise<JsonFile<T>> {
    return new JsonFile<T>(file, { version: 1, parse }).load();
  }

  /** Newest first (records are appended in the order they were made). */
  list(): T[] {
    return [...this.#file.records].reverse();
  }

  get(id: string): T | undefined {
    return this.#byId.get(id);
  }

  protected async append(record: T): Promise<void> {
    if (this.#byId.has(record.id)) throw new Error(`store: ${record.id} is stored already`);
    this.#file.records.push(record);
    this.#byId.set(record.id, record);
    await this.#file.save().catch((error: unknown) => {
      this.#file.records.splice(this.#file.records.indexOf(record), 1);
      this.#byId.delete(record.id);
      throw error;
    });
  }
}

export class CasesRepo extends AppendOnlyFile<Case> {
  #bySource = new Map<string, Case>();

  static async open(dataDir: string): Promise<CasesRepo> {
    const file = await AppendOnlyFile.load(path.join(dataDir, 'training', 'cases.json'), (r) => caseSchema.parse(r));
    const repo = new CasesRepo(file);
    for (const c of file.records) repo.#bySource.set(c.sourceNo, c);
    return repo;
  }

  bySource(no: string): Case | undefined {
    return this.#bySource.get(no);
  }

  /** Adds a case unless its ticket has one: the check and the claim are one synchronous step. */
  async insert(c: Case): Promise<boolean> {
    if (this.#bySource.has(c.sourceNo)) return false;
    this.#bySource.set(c.sourceNo, c);
    try {
      await this.append(c);
    } catch (error) {
      this.#bySource.delete(c.sourceNo);
      throw error;
    }
    return true;
  }
}

export class AssignmentsRepo extends AppendOnlyFile<Assignment> {
  static async open(dataDir: string): Promise<AssignmentsRepo> {
    const file = await AppendOnlyFile.load(path.join(dataDir, 'training', 'assignments.json'), (r) =>
      assignmentSchema.parse(r),
    );
    return new AssignmentsRepo(file);
  }

  ofQuiz(quizId: string): Assignment[] {
    return this.list()
      .filter((a) => a.quizId === quizId)
      .reverse();
  }

  insert(a: Assignment): Promise<void> {
    return this.append(a);
  }
}
