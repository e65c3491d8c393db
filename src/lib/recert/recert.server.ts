/**
 * Re-certification on the running server: the library's change logs, the question banks and the
 * stored passes put together (recert.ts holds the rules), and the one-step re-certification quiz.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Role, SessionUser } from '../auth/roles';
import { createAssignment } from '../assignments/assignments.server';
import type { Assignment } from '../assignments/schema';
import { MALL } from '../mall/mall';
import { getLibrary, SECTIONS } from '../policies/library.server';
import { BANKS } from '../quiz/banks';
import { JOIN_CODE_LENGTH, type Quiz, type QuizQuestion } from '../quiz/schema';
import { getStore } from '../store/store.server';
import { localDay, parseLocalDateTime } from '../time/mall-time';
import {
  certification,
  clauseChanges,
  passesOf,
  questionsToReview,
  recertQuestions,
  trainerNeedsReview,
  type ClauseChange,
  type SectionCert,
} from './recert';

/** Whose certification is counted: the people who work the desk. */
export const CERTIFIED_ROLES: readonly Role[] = ['staff', 'supervisor', 'manager'];
/** Sections with rules staff are tested on (the shopper guide retells them for shoppers). */
const TESTED_SECTIONS = SECTIONS.filter((s) => s.slug !== 'shopper-guide');

export interface RecertOverview {
  today: string;
  sections: (SectionCert & { title: string })[];
  /** Bank questions to review (待复核), with the changes that flag them. */
  toReview: { question: QuizQuestion; changes: ClauseChange[] }[];
  /** How many active trainer-written questions are 待复核 (listed on /training/questions). */
  trainerToReview: number;
  /** Display names of the people counted, by id. */
  names: Map<string, string>;
  changes: Map<string, ClauseChange[]>;
}

/** Everything /training and /training/recert show. */
export async function recertOverview(now = Date.now()): Promise<RecertOverview> {
  const today = localDay(now, MALL.timeZone);
  const { pages } = await getLibrary();
  const changes = clauseChanges(pages);
  const store = await getStore();
  const people = (await store.users.list()).filter((u) => u.active && CERTIFIED_ROLES.includes(u.role));
  const quizzes = await store.quizzes.list();
  const attempts = (await Promise.all(quizzes.map((q) => store.quizzes.attemptsOf(q.id)))).flat();
  const passes = passesOf(quizzes, attempts, MALL.timeZone);
  const certs = certification(
    TESTED_SECTIONS.map((s) => s.slug),
    people.map((u) => u.id),
    passes,
    changes,
    today,
  );
  return {
    today,
    sections: certs.map((c) => ({ ...c, title: TESTED_SECTIONS.find((s) => s.slug === c.section)!.title })),
    toReview: questionsToReview(
      BANKS.flatMap((b) => b.questions),
      changes,
      MALL.timeZone,
    ),
    trainerToReview: (await store.questions.list()).filter(
      (r) => r.status === 'active' && trainerNeedsReview(r, changes, MALL.timeZone).length > 0,
    ).length,
    names: new Map(people.map((u) => [u.id, u.name])),
    changes,
  };
}

/**
 * Every question a re-certification quiz may use: the banks' and the trainers' active ones (a
 * trainer question's last save counts as its review). `clean` gives each back as a quiz copies it.
 */
async function recertPool(): Promise<{
  pool: (QuizQuestion & { reviewed?: string })[];
  clean: Map<string, QuizQuestion>;
}> {
  const bank = BANKS.flatMap((b) => b.questions);
  const trainer = (await (await getStore()).questions.list()).filter((r) => r.status === 'active');
  const clean = new Map<string, QuizQuestion>([...bank, ...trainer.map((r) => r.question)].map((q) => [q.id, q]));
  const pool = [
    ...bank,
    ...trainer.map((r) => {
      const saved = localDay(Date.parse(r.savedAt), MALL.timeZone);
      const reviewed = [r.question.reviewed, saved]
        .filter((d): d is string => !!d)
        .sort()
        .at(-1);
      return { ...r.question, reviewed };
    }),
  ];
  return { pool, clean };
}

export type RecertOutcome =
  | { ok: true; quiz: Quiz; assignment: Assignment }
  | { ok: false; problem: 'unknown_section' | 'nobody' | 'no_questions' };

/** Tries at a free join code (see quiz.server.ts). */
const CODE_TRIES = 20;
const randomCode = () => String(randomInt(0, 10 ** JOIN_CODE_LENGTH)).padStart(JOIN_CODE_LENGTH, '0');

/**
 * In one step: a live quiz of the current questions citing the clauses the people due for
 * re-certification in `section` missed, assigned to them, due on `due` (mall-local day).
 */
export async function assignRecert(
  section: string,
  due: string,
  by: SessionUser,
  now = new Date(),
): Promise<RecertOutcome> {
  const overview = await recertOverview(now.getTime());
  const cert = overview.sections.find((s) => s.section === section);
  if (!cert) return { ok: false, problem: 'unknown_section' };
  const people = cert.people.filter((p) => p.status === 'recertify').map((p) => p.userId);
  if (!people.length) return { ok: false, problem: 'nobody' };
  const { pool, clean } = await recertPool();
  const questions = recertQuestions(cert, pool, overview.changes, MALL.timeZone)
    .slice(0, 100)
    .map((q) => clean.get(q.id)!);
  if (!questions.length) return { ok: false, problem: 'no_questions' };
  const closes = parseLocalDateTime(`${due}T23:59`, MALL.timeZone) ?? now.getTime() + 7 * 86_400_000;
  const store = await getStore();
  const base: Quiz = {
    id: randomUUID(),
    code: randomCode(),
    settings: {
      title: `复训：${cert.title}（${cert.lastChange ?? ''} 修订）`.slice(0, 80),
      banks: [],
      sections: [section as Quiz['settings']['sections'][number]],
      questionCount: questions.length,
      shuffleQuestions: true,
      shuffleOptions: true,
      passMark: 80,
      timeLimitMinutes: 0,
      attemptsAllowed: 3,
      opensAt: now.toISOString(),
      closesAt: new Date(Math.max(closes, now.getTime() + 3_600_000)).toISOString(),
      scoringRule: 'all-or-nothing',
    },
    questions,
    seed: randomInt(0, 2 ** 31),
    status: 'live',
    createdBy: { id: by.id, name: by.name },
    createdAt: now.toISOString(),
    startedAt: now.toISOString(),
  };
  let quiz: Quiz | undefined;
  for (let i = 0; i < CODE_TRIES && !quiz; i++) {
    const candidate = i === 0 ? base : { ...base, code: randomCode() };
    if (await store.quizzes.insertQuiz(candidate)) quiz = candidate;
  }
  if (!quiz) throw new Error('recert: no free join code found');
  const assigned = await createAssignment(
    { quizId: quiz.id, userIds: people, roles: [], departments: [], due, title: quiz.settings.title },
    by,
    { reason: 'recert', section: cert.section as Assignment['section'] },
    now,
  );
  if (!assigned.ok) throw new Error(`recert: assigning the new quiz failed (${assigned.problem})`);
  return { ok: true, quiz, assignment: assigned.value };
}
