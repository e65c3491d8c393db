/**
 * The live-quiz repositories of the JSON store: paced sessions and training passes in one small
 * file each (`live/sessions.json`, `live/passes.json`), players and answers partitioned by quiz
 * (`live-players/<quiz id>.json`, `live-answers/<quiz id>.json`), so a room's burst of answers
 * rewrites its own quiz's file (JsonFile coalesces the writes that arrive while one is on disk).
 * Everything is loaded at start and read from memory; each check-and-change happens before the
 * first await, so two requests never both store an answer or both advance a session.
 */
import path from 'node:path';
import { JsonFile } from './json-file';
import { PartitionedCollection } from './partitioned';
import {
  liveAnswerSchema,
  livePlayerSchema,
  liveSessionSchema,
  trainingPassSchema,
  type LiveAnswer,
  type LivePlayer,
  type LiveSession,
  type TrainingPass,
} from '../quiz/live-schema';
import type { LiveStore } from './port';

const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

export class LiveRepo implements LiveStore {
  #sessions: JsonFile<LiveSession>;
  #passes: JsonFile<TrainingPass>;
  #players: PartitionedCollection<LivePlayer>;
  #answers: PartitionedCollection<LiveAnswer>;
  #playersOf = new Map<string, LivePlayer[]>();
  #answersOf = new Map<string, LiveAnswer[]>();
  /** `quiz\0user\0index` of every stored answer. */
  #answered = new Set<string>();

  private constructor(
    sessions: JsonFile<LiveSession>,
    passes: JsonFile<TrainingPass>,
    players: PartitionedCollection<LivePlayer>,
    answers: PartitionedCollection<LiveAnswer>,
  ) {
    this.#sessions = sessions;
    this.#passes = passes;
    this.#players = players;
    this.#answers = answers;
    for (const p of players.all()) this.#push(this.#playersOf, p.quizId, p);
    for (const a of answers.all()) {
      this.#push(this.#answersOf, a.quizId, a);
      this.#answered.add(answerKey(a));
    }
  }

  static async open(dataDir: string): Promise<LiveRepo> {
    const [sessions, passes, players, answers] = await Promise.all([
      new JsonFile<LiveSession>(path.join(dataDir, 'live', 'sessions.json'), {
        version: 1,
        parse: (r) => liveSessionSchema.parse(r),
      }).load(),
      new JsonFile<TrainingPass>(path.join(dataDir, 'live', 'passes.json'), {
        version: 1,
        parse: (r) => trainingPassSchema.parse(r),
      }).load(),
      new PartitionedCollection<LivePlayer>(path.join(dataDir, 'live-players'), (p) => p.quizId, {
        version: 1,
        parse: (r) => livePlayerSchema.parse(r),
      }).load(),
      new PartitionedCollection<LiveAnswer>(path.join(dataDir, 'live-answers'), (a) => a.quizId, {
        version: 1,
        parse: (r) => liveAnswerSchema.parse(r),
      }).load(),
    ]);
    return new LiveRepo(sessions, passes, players, answers);
  }

  async session(quizId: string) {
    return copy(this.#sessions.records.find((s) => s.quizId === quizId));
  }

  async createSession(session: LiveSession) {
    if (this.#sessions.records.some((s) => s.quizId === session.quizId)) return false;
    const record = copy(session);
    this.#sessions.records.push(record);
    await this.#sessions.save().catch((error: unknown) => {
      this.#sessions.records.splice(this.#sessions.records.indexOf(record), 1);
      throw error;
    });
    return true;
  }

  async saveSession(next: LiveSession, expectedRev: number) {
    const records = this.#sessions.records;
    const i = records.findIndex((s) => s.quizId === next.quizId);
    if (i < 0) throw new Error(`store: no live session for quiz ${next.quizId}`);
    if (records[i].rev !== expectedRev || next.rev !== expectedRev + 1) return false;
    const before = records[i];
    records[i] = copy(next);
    await this.#sessions.save().catch((error: unknown) => {
      const j = records.findIndex((s) => s.quizId === next.quizId);
      if (j >= 0 && records[j].rev === next.rev) records[j] = before;
      throw error;
    });
    return true;
  }

  async join(player: LivePlayer) {
    const existing = this.#playersOf.get(player.quizId)?.find((p) => p.userId === player.userId);
    if (existing) return copy(existing);
    const record = copy(player);
    this.#push(this.#playersOf, record.quizId, record);
    await this.#players.insert(record).catch((error: unknown) => {
      this.#players.forget(record);
      this.#drop(this.#playersOf, record.quizId, record);
      throw error;
    });
    return copy(record);
  }

  async players(quizId: string) {
    return (this.#playersOf.get(quizId) ?? []).map(copy);
  }

  async answer(answer: LiveAnswer) {
    const key = answerKey(answer);
    if (this.#answered.has(key)) return false;
    this.#answered.add(key);
    const record = copy(answer);
    this.#push(this.#answersOf, record.quizId, record);
    await this.#answers.insert(record).catch((error: unknown) => {
      this.#answers.forget(record);
      this.#drop(this.#answersOf, record.quizId, record);
      this.#answered.delete(key);
      throw error;
    });
    return true;
  }

  async answers(quizId: string) {
    return (this.#answersOf.get(quizId) ?? []).map(copy).sort((a, b) => a.index - b.index);
  }

  async putPass(pass: TrainingPass) {
    const records = this.#passes.records;
    const now = Date.now();
    // Expired passes leave the file as new ones come in.
    for (let i = records.length - 1; i >= 0; i--)
      if (records[i].hash === pass.hash || Date.parse(records[i].expiresAt) <= now) records.splice(i, 1);
    records.push(copy(pass));
    await this.#passes.save();
  }

  async pass(hash: string) {
    return copy(this.#passes.records.find((p) => p.hash === hash));
  }

  async dropPass(hash: string) {
    const records = this.#passes.records;
    const i = records.findIndex((p) => p.hash === hash);
    if (i < 0) return;
    records.splice(i, 1);
    await this.#passes.save();
  }

  #push<T>(map: Map<string, T[]>, key: string, value: T) {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  #drop<T>(map: Map<string, T[]>, key: string, value: T) {
    const list = map.get(key);
    const i = list ? list.indexOf(value) : -1;
    if (i >= 0) list!.splice(i, 1);
  }
}

const answerKey = (a: Pick<LiveAnswer, 'quizId' | 'userId' | 'index'>) =>
  `${a.quizId}\u0000${a.userId}\u0000${a.index}`;
