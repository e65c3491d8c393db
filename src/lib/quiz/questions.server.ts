/**
 * Trainer-written questions on the running server: the store's `questions`, checked against the
 * policy library (every cited clause must exist) with the same rules as the banks (questions.ts).
 */
import { randomBytes } from 'node:crypto';
import { getStore } from '../store/store.server';
import { getLibrary } from '../policies/library.server';
import { clauseChanges, trainerNeedsReview } from '../recert/recert';
import { BANKS } from './banks';
import {
  bankOf,
  bankYaml,
  checkDraft,
  firstVersion,
  nextVersion,
  type FieldErrors,
  type QuestionDraft,
  type QuestionStatus,
  type TrainerQuestion,
} from './questions';
import type { QuizQuestion } from './schema';
import type { SectionSlug } from '../policies/schema';

const questionStore = async () => (await getStore()).questions;

/** Every trainer question at its latest version, in the order they were written. */
export async function listQuestions(): Promise<TrainerQuestion[]> {
  return (await questionStore()).list();
}

/** A question's latest version (or the given one). */
export async function questionById(id: string, version?: number): Promise<TrainerQuestion | undefined> {
  return (await questionStore()).byId(id, version);
}

/** Every version of a question, oldest first. */
export async function questionVersions(id: string): Promise<TrainerQuestion[]> {
  return (await questionStore()).versions(id);
}

/**
 * Whether a question is flagged 待复核: a clause it cites changed (the policy pages' change logs)
 * on a day after the question was last saved (or reviewed, for a question copied from a bank with
 * its `reviewed` day). The rule is src/lib/recert/recert.ts `needsReview`.
 */
export async function reviewCheck(): Promise<(r: TrainerQuestion) => boolean> {
  const changes = clauseChanges((await getLibrary()).pages);
  return (r) => trainerNeedsReview(r, changes).length > 0;
}

/** A bank question by id (to copy into the editor). */
export function bankQuestion(id: string): QuizQuestion | undefined {
  for (const bank of BANKS) for (const q of bank.questions) if (q.id === id) return q;
  return undefined;
}

/** Whether the policy library holds a clause. */
async function clauseChecker(): Promise<(id: string) => boolean> {
  const { clauses } = await getLibrary();
  return (id) => clauses.has(id);
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** `tq-` and eight random characters (36⁸ ≈ 2.8 × 10¹²: a clash is refused by the store and retried). */
const newId = () => `tq-${[...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`;

export type SaveOutcome =
  | { ok: true; record: TrainerQuestion }
  | { ok: false; problem: 'invalid'; fields: FieldErrors }
  | { ok: false; problem: 'not_found' }
  | { ok: false; problem: 'stale'; version: number };

type By = { id: string; name: string };

/** Writes a new question (version 1) from the editor's fields. */
export async function createQuestion(draft: QuestionDraft, by: By, now = new Date()): Promise<SaveOutcome> {
  const exists = await clauseChecker();
  const store = await questionStore();
  for (let i = 0; i < 5; i++) {
    const checked = checkDraft(draft, newId(), exists);
    if (!checked.ok) return { ok: false, problem: 'invalid', fields: checked.fields };
    const record = firstVersion(checked.question, by, now, draft);
    if (await store.put(record)) return { ok: true, record };
  }
  throw new Error('quiz: no free question id found');
}

/** Saves the editor's fields as the next version of `id`, if `expectedVersion` is still the latest. */
export async function saveQuestion(
  id: string,
  expectedVersion: number,
  draft: QuestionDraft,
  by: By,
  now = new Date(),
): Promise<SaveOutcome> {
  const store = await questionStore();
  const current = await store.byId(id);
  if (!current) return { ok: false, problem: 'not_found' };
  const checked = checkDraft(draft, id, await clauseChecker());
  if (!checked.ok) return { ok: false, problem: 'invalid', fields: checked.fields };
  if (current.version !== expectedVersion) return { ok: false, problem: 'stale', version: current.version };
  const record = nextVersion(current, { question: checked.question }, by, now);
  if (!(await store.put(record))) return { ok: false, problem: 'stale', version: current.version + 1 };
  return { ok: true, record };
}

/** Retires (hidden from new quizzes) or restores a question, as its next version. */
export async function setQuestionStatus(
  id: string,
  expectedVersion: number,
  status: QuestionStatus,
  by: By,
  now = new Date(),
): Promise<SaveOutcome> {
  const store = await questionStore();
  const current = await store.byId(id);
  if (!current) return { ok: false, problem: 'not_found' };
  if (current.version !== expectedVersion) return { ok: false, problem: 'stale', version: current.version };
  if (current.status === status) return { ok: true, record: current };
  const record = nextVersion(current, { status }, by, now);
  if (!(await store.put(record))) return { ok: false, problem: 'stale', version: current.version + 1 };
  return { ok: true, record };
}

/** The active questions (of a section) as a bank file, or undefined when there are none. */
export async function exportQuestions(meta: {
  bank: string;
  title: string;
  section?: SectionSlug;
}): Promise<string | undefined> {
  const bank = bankOf(await listQuestions(), meta);
  return bank && bankYaml(bank);
}
