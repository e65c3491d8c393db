/**
 * The quiz repositories: quiz sessions in one small file (`quizzes/quizzes.json`) and attempts
 * partitioned by session and by the first hex digit of the attempt id
 * (`quiz-attempts/<quiz id>.<0-f>.json`), so saving an answer rewrites a sixteenth of its own
 * session's attempts — when a whole room submits at once, sixteen small writes run side by side
 * instead of one large file being rewritten again and again. Everything is loaded at start and read from memory; the maps
 * are updated synchronously, so two requests never both see "no attempt yet".
 */
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { JOIN_CODE_LENGTH } from '../quiz/schema';
import { JsonFile } from './json-file';
import { PartitionedCollection } from './partitioned';
import { attemptSchema, quizSchema, type Attempt, type Quiz } from '../quiz/schema';

export const QUIZZES_FILE = path.join('quizzes', 'quizzes.json');
export const ATTEMPTS_DIR = 'quiz-attempts';

/**
 * How long attempt changes gather before their partitions are written: when a room submits at
 * once, one write carries many changes (JsonFile then coalesces whatever arrives while it
 * writes); a lone answer waits at most this long.
 */
const BATCH_MS = 2;

/** Partition of an attempt: its session and the first character of its (random, hex) id. */
const partitionOf = (a: Pick<Attempt, 'quizId' | 'id'>) => `${a.quizId}.${a.id[0]}`;

export class QuizzesRepo {
  #quizzes: JsonFile<Quiz>;
  #attempts: PartitionedCollection<Attempt>;
  #attemptById = new Map<string, Attempt>();
  #attemptsByQuiz = new Map<string, Attempt[]>();
  /** One changed record per partition (its key) waiting for the next batched write. */
  #dirty = new Map<string, Attempt>();
  #flush: Promise<void> | undefined;

  private constructor(quizzes: JsonFile<Quiz>, attempts: PartitionedCollection<Attempt>) {
    this.#quizzes = quizzes;
    this.#attempts = attempts;
    for (const a of attempts.all()) this.#index(a);
  }

  static async open(dataDir: string): Promise<QuizzesRepo> {
    const quizzes = await new JsonFile<Quiz>(path.join(dataDir, QUIZZES_FILE), {
      version: 1,
      parse: (r) => quizSchema.parse(r),
    }).load();
    const attempts = await new PartitionedCollection<Attempt>(path.join(dataDir, ATTEMPTS_DIR), partitionOf, {
      version: 1,
      parse: (r) => attemptSchema.parse(r),
      // Attempts change in place only in saveAttempt, which announces it (a room's burst of saves
      // then re-serialises the attempts that changed, not the whole partition each time).
      cacheRecords: true,
    }).load();
    return new QuizzesRepo(quizzes, attempts);
  }

  // -------------------------------------------------------------- quizzes

  /** Every quiz session, newest first. */
  list(): Quiz[] {
    return [...this.#quizzes.records].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  byId(id: string): Quiz | undefined {
    return this.#quizzes.records.find((q) => q.id === id);
  }

  /** The session a join code opens (ended sessions release their code). */
  byCode(code: string): Quiz | undefined {
    return this.#quizzes.records.find((q) => q.code === code && q.status !== 'ended');
  }

  /**
   * An 8-digit code no session that is not ended uses: 10⁸ codes against at most a few dozen
   * wrong tries per person and address per 15 minutes (quiz.server.ts) makes guessing hopeless.
   */
  freshCode(): string {
    for (;;) {
      const code = String(randomInt(0, 100_000_000)).padStart(JOIN_CODE_LENGTH, '0');
      if (!this.byCode(code)) return code;
    }
  }

  async insertQuiz(quiz: Quiz): Promise<void> {
    if (this.byCode(quiz.code)) throw new Error(`store: join code ${quiz.code} is in use`);
    this.#quizzes.records.push(quiz);
    await this.#quizzes.save().catch((error: unknown) => {
      // Not on disk: not in memory either (a later write would otherwise store it unannounced).
      this.#quizzes.records.splice(this.#quizzes.records.indexOf(quiz), 1);
      throw error;
    });
  }

  /** Replaces a stored quiz (same id) and saves. */
  async saveQuiz(quiz: Quiz): Promise<void> {
    const i = this.#quizzes.records.findIndex((q) => q.id === quiz.id);
    if (i < 0) throw new Error(`store: no quiz ${quiz.id}`);
    const before = this.#quizzes.records[i];
    this.#quizzes.records[i] = quiz;
    await this.#quizzes.save().catch((error: unknown) => {
      const j = this.#quizzes.records.indexOf(quiz);
      if (j >= 0) this.#quizzes.records[j] = before;
      throw error;
    });
  }

  // -------------------------------------------------------------- attempts

  attemptById(id: string): Attempt | undefined {
    return this.#attemptById.get(id);
  }

  /** Attempts of one session, in the order they started. */
  attemptsOf(quizId: string): Attempt[] {
    return this.#attemptsByQuiz.get(quizId) ?? [];
  }

  /** Attempts of one person across sessions. */
  attemptsByUser(userId: string): Attempt[] {
    return [...this.#attemptById.values()].filter((a) => a.userId === userId);
  }

  async insertAttempt(attempt: Attempt): Promise<void> {
    this.#index(attempt);
    await this.#attempts.insert(attempt);
  }

  /** Replaces a stored attempt (same id, same session) in place and saves its partition. */
  async saveAttempt(attempt: Attempt): Promise<void> {
    const current = this.#attemptById.get(attempt.id);
    if (!current || current.quizId !== attempt.quizId) throw new Error(`store: no attempt ${attempt.id}`);
    // Mutate in place: the partition file holds this very object.
    Object.assign(current, attempt);
    this.#attempts.changed(current);
    await this.#saveSoon(current);
  }

  /** Resolves once a write that includes this record's current state is on disk. */
  #saveSoon(record: Attempt): Promise<void> {
    this.#dirty.set(partitionOf(record), record);
    this.#flush ??= new Promise<void>((resolve) => setTimeout(resolve, BATCH_MS)).then(() => {
      const records = [...this.#dirty.values()];
      this.#dirty.clear();
      this.#flush = undefined;
      return Promise.all(records.map((r) => this.#attempts.saveRecord(r))).then(() => {});
    });
    return this.#flush;
  }

  #index(a: Attempt) {
    this.#attemptById.set(a.id, a);
    const list = this.#attemptsByQuiz.get(a.quizId);
    if (list) list.push(a);
    else this.#attemptsByQuiz.set(a.quizId, [a]);
  }
}
