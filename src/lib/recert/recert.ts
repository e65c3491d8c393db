/**
 * Re-certification when a rule changes, pure, from the policy pages' change logs (`history`,
 * each entry naming the clauses whose text or meaning changed and the day it took effect).
 *
 * - A question is **待复核** (to review) when a clause it cites changed on a day after the question
 *   was written or last reviewed (a question reviewed on the day the change took effect is
 *   current). Future changes count: a question should be reviewed before the rule applies.
 * - A person needs **需重新认证** for a section when their last passing attempt covering the section
 *   (a quiz citing any of its clauses) was on a day before a change of one of its clauses took
 *   effect. A pass on the effective day counts as current. Only changes in effect by `today` count
 *   (training ahead of a change must not be undone by it).
 *
 * Days are mall-local `YYYY-MM-DD`; instants (ISO) are turned into the mall's day first.
 */
import { localDay } from '../time/mall-time';
import { CLAUSE_ID_PATTERN, type HistoryEntry, type PolicyFrontmatter } from '../policies/schema';
import type { Attempt, Quiz, QuizQuestion } from '../quiz/schema';

/** The mall's zone when none is given (content/mall/mall.yaml). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A policy page as the change log needs it. */
export interface PageLike {
  slug: string;
  data: Pick<PolicyFrontmatter, 'section' | 'title' | 'translationOf'> & { history: HistoryEntry[] };
}

/** One change of one clause. */
export interface ClauseChange {
  clause: string;
  section: string;
  slug: string;
  pageTitle: string;
  version: string;
  /** Day it took effect (YYYY-MM-DD). */
  effective: string;
  changes: string;
}

/** The section a clause id belongs to (`returns-2.5` → `returns`). */
export const sectionOfClause = (id: string): string | undefined => CLAUSE_ID_PATTERN.exec(id)?.[1];

/** Every clause's changes from the original pages' change logs, newest first. */
export function clauseChanges(pages: readonly PageLike[]): Map<string, ClauseChange[]> {
  const out = new Map<string, ClauseChange[]>();
  for (const p of pages) {
    if (p.data.translationOf) continue;
    for (const h of p.data.history) {
      for (const clause of h.clauses) {
        const change: ClauseChange = {
          clause,
          section: p.data.section,
          slug: p.slug,
          pageTitle: p.data.title,
          version: h.version,
          effective: h.effective,
          changes: h.changes,
        };
        const list = out.get(clause);
        if (list) list.push(change);
        else out.set(clause, [change]);
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => b.effective.localeCompare(a.effective));
  return out;
}

/** A day from a `YYYY-MM-DD` date or an ISO instant (mall-local). */
export function dayOf(value: string, timeZone = DEFAULT_TIME_ZONE): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : localDay(ms, timeZone);
}

/** A question as the review rule needs it: what it cites, and when it was last looked at. */
export interface ReviewableQuestion {
  clauses: readonly string[];
  /** Day (or instant) the question was last reviewed; YAML bank questions: `reviewed:`. */
  reviewed?: string;
  /** Trainer questions: when reviewed, else last edited, else written. */
  reviewedAt?: string;
  updatedAt?: string;
  createdAt?: string;
}

/**
 * The changes that make a question 待复核: changes of the clauses it cites that took effect after
 * it was last reviewed (every change when it never was). Empty when the question is current.
 * `pages` may be the library's pages or `clauseChanges(pages)` already made.
 */
export function needsReview(
  question: ReviewableQuestion,
  pages: readonly PageLike[] | ReadonlyMap<string, ClauseChange[]>,
  timeZone = DEFAULT_TIME_ZONE,
): ClauseChange[] {
  const changes: ReadonlyMap<string, ClauseChange[]> =
    pages instanceof Map ? pages : clauseChanges(pages as readonly PageLike[]);
  const stamp = question.reviewed ?? question.reviewedAt ?? question.updatedAt ?? question.createdAt;
  const since = stamp ? dayOf(stamp, timeZone) : undefined;
  return question.clauses.flatMap((c) => (changes.get(c) ?? []).filter((ch) => !since || ch.effective > since));
}

/**
 * The changes that flag a trainer-written question (src/lib/quiz/questions.ts): its last save
 * counts as its review, unless the question carries a later `reviewed` day of its own.
 */
export function trainerNeedsReview(
  record: { question: Pick<QuizQuestion, 'clauses' | 'reviewed'>; savedAt: string },
  changes: ReadonlyMap<string, ClauseChange[]>,
  timeZone = DEFAULT_TIME_ZONE,
): ClauseChange[] {
  const saved = dayOf(record.savedAt, timeZone);
  const reviewed = [record.question.reviewed, saved]
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  return needsReview({ clauses: record.question.clauses, reviewed }, changes, timeZone);
}

/** Questions to review, each with the changes that flag it. */
export function questionsToReview<Q extends ReviewableQuestion>(
  questions: readonly Q[],
  changes: ReadonlyMap<string, ClauseChange[]>,
  timeZone = DEFAULT_TIME_ZONE,
): { question: Q; changes: ClauseChange[] }[] {
  return questions
    .map((question) => ({ question, changes: needsReview(question, changes, timeZone) }))
    .filter((x) => x.changes.length > 0);
}

/** A passing attempt, reduced to what certification needs. */
export interface Pass {
  userId: string;
  /** Day it was submitted (mall-local). */
  day: string;
  /** Sections the quiz's questions cite. */
  sections: ReadonlySet<string>;
}

/** Passing attempts as passes: the sections each quiz covers, the day each was submitted. */
export function passesOf(
  quizzes: readonly Pick<Quiz, 'id' | 'questions'>[],
  attempts: readonly Pick<Attempt, 'quizId' | 'userId' | 'submittedAt' | 'score'>[],
  timeZone = DEFAULT_TIME_ZONE,
): Pass[] {
  const sectionsByQuiz = new Map(
    quizzes.map((q) => [
      q.id,
      new Set(q.questions.flatMap((x) => x.clauses.map(sectionOfClause).filter((s): s is string => !!s))),
    ]),
  );
  const out: Pass[] = [];
  for (const a of attempts) {
    if (!a.submittedAt || !a.score?.passed) continue;
    const sections = sectionsByQuiz.get(a.quizId);
    const day = dayOf(a.submittedAt, timeZone);
    if (sections && day) out.push({ userId: a.userId, day, sections });
  }
  return out;
}

/** Where a person stands in a section: certified on the current version, due again, or never passed. */
export type CertStatus = 'current' | 'recertify' | 'none';

export interface PersonCert {
  userId: string;
  status: CertStatus;
  /** Day of the last passing attempt covering the section. */
  lastPass?: string;
  /** Clauses changed (in effect by today) after the last pass: what to learn again. */
  missed: string[];
}

export interface SectionCert {
  section: string;
  /** The latest change in effect by today (YYYY-MM-DD), if any. */
  lastChange?: string;
  people: PersonCert[];
  /** Share of the people certified on the current version (0–1; 0 when there is nobody). */
  share: number;
  current: number;
  recertify: number;
}

/**
 * Per section, where each person stands (see the file comment). `userIds` are the people counted
 * (the desk staff); `sections` the sections to report.
 */
export function certification(
  sections: readonly string[],
  userIds: readonly string[],
  passes: readonly Pass[],
  changes: ReadonlyMap<string, ClauseChange[]>,
  today: string,
): SectionCert[] {
  const inEffect = [...changes.values()].flat().filter((c) => c.effective <= today);
  return sections.map((section) => {
    const own = inEffect.filter((c) => c.section === section);
    const lastChange = own.reduce<string | undefined>((m, c) => (!m || c.effective > m ? c.effective : m), undefined);
    const people = userIds.map((userId): PersonCert => {
      const lastPass = passes
        .filter((p) => p.userId === userId && p.sections.has(section))
        .reduce<string | undefined>((m, p) => (!m || p.day > m ? p.day : m), undefined);
      if (!lastPass) return { userId, status: 'none', missed: [] };
      const missed = [...new Set(own.filter((c) => c.effective > lastPass).map((c) => c.clause))].sort();
      return { userId, status: missed.length ? 'recertify' : 'current', lastPass, missed };
    });
    const current = people.filter((p) => p.status === 'current').length;
    const recertify = people.filter((p) => p.status === 'recertify').length;
    return { section, lastChange, people, share: people.length ? current / people.length : 0, current, recertify };
  });
}

/**
 * The questions of a re-certification quiz for a section: those citing a clause someone has to
 * learn again, leaving out questions still 待复核 (they may test the old rule). Bank order.
 */
export function recertQuestions<Q extends QuizQuestion & ReviewableQuestion>(
  cert: SectionCert,
  pool: readonly Q[],
  changes: ReadonlyMap<string, ClauseChange[]>,
  timeZone = DEFAULT_TIME_ZONE,
): Q[] {
  const missed = new Set(cert.people.flatMap((p) => (p.status === 'recertify' ? p.missed : [])));
  return pool.filter((q) => q.clauses.some((c) => missed.has(c)) && needsReview(q, changes, timeZone).length === 0);
}
