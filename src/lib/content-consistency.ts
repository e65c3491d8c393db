/**
 * Checks that a policy page and the data file built from it say the same thing: the feedback
 * categories (complaints-2.3), the time limits (sla.yaml and the clauses it cites) and the goods
 * excluded from counter returns (returns.yaml and the exclusions and shopper-guide pages).
 * Pure: clauses come in as an index, data files already parsed. Run by src/lib/content-check.ts.
 */
import { Lexer, type Tokens } from 'marked';
import { toPlainText } from './policies/clauses';
import type { ClauseRef } from './policies/library';
import type { Sla } from './feedback/schema';
import type { Escalation } from './mall/escalation';
import type { ReturnRules } from './returns/schema';

type Clauses = Map<string, ClauseRef>;

/** The clause that lists the complaint categories, and the shopper-guide clause that lists the exclusions. */
export const CATEGORY_CLAUSE = 'complaints-2.3';
export const GUIDE_EXCLUSIONS_CLAUSE = 'shopper-guide-2.2';

/** Plain text of a clause's first table column, one entry per body row. */
export function firstColumn(markdown: string): string[] {
  const table = new Lexer().lex(markdown).find((t): t is Tokens.Table => t.type === 'table');
  return table ? table.rows.map((row) => toPlainText(row[0]?.text ?? '')) : [];
}

const clauseText = (ref: ClauseRef) => toPlainText(`${ref.clause.title}\n\n${ref.clause.markdown}`);

/** feedback-categories.yaml against the category table of complaints-2.3: same names, same order. */
export function categoryProblems(categories: { id: string; zh: string }[], clauses: Clauses): string[] {
  const ref = clauses.get(CATEGORY_CLAUSE);
  if (!ref) return [`${CATEGORY_CLAUSE}: the clause listing the complaint categories is missing`];
  const page = firstColumn(ref.clause.markdown).filter((name) => name !== '');
  const data = categories.map((c) => c.zh);
  const problems: string[] = [];
  for (const name of data.filter((n) => !page.includes(n))) {
    problems.push(
      `content/mall/feedback-categories.yaml: category "${name}" is not in the table of clause ${CATEGORY_CLAUSE}`,
    );
  }
  for (const name of page.filter((n) => !data.includes(n))) {
    problems.push(
      `clause ${CATEGORY_CLAUSE}: category "${name}" is not in content/mall/feedback-categories.yaml (kiosks could not pick it)`,
    );
  }
  if (problems.length === 0 && page.join() !== data.join()) {
    problems.push(
      `content/mall/feedback-categories.yaml: categories are in a different order from clause ${CATEGORY_CLAUSE} (${page.join('、')})`,
    );
  }
  return problems;
}

const UNIT_WORDS = { m: ['分钟'], h: ['小时'], d: ['日', '天'] } as const;

/** The ways a clause may write a limit such as `24h`: "24 小时", "24小时". */
export function limitPhrases(within: string): string[] {
  const m = /^(\d+)([mhd])$/.exec(within);
  if (!m) return [];
  return UNIT_WORDS[m[2] as 'm' | 'h' | 'd'].flatMap((unit) => [`${m[1]} ${unit}`, `${m[1]}${unit}`]);
}

/** Every limit in sla.yaml and the escalation interval is written in the clause the rule cites. */
export function limitProblems(sla: Sla, escalation: Escalation | undefined, clauses: Clauses): string[] {
  const problems: string[] = [];
  const check = (file: string, what: string, within: string, clause: string) => {
    const ref = clauses.get(clause);
    if (!ref) return; // a missing clause is reported by the file's own check
    const text = clauseText(ref);
    if (!limitPhrases(within).some((p) => text.includes(p))) {
      problems.push(
        `${file}: ${what} is ${within}, but clause ${clause} does not say "${limitPhrases(within)[0]}" (page and data disagree)`,
      );
    }
  };
  for (const rule of sla.rules) check('content/mall/sla.yaml', `rule "${rule.id}"`, rule.within, rule.clause);
  check('content/mall/sla.yaml', 'retention.contactDays', `${sla.retention.contactDays}d`, sla.retention.clause);
  if (escalation) check('content/mall/escalation.yaml', '"every"', escalation.every, escalation.everyClause);
  return problems;
}

/**
 * returns.yaml's excluded categories against the pages: each is named in the clause that excludes it
 * and in the shopper guide, and every row of the exclusions table is an excluded category.
 */
export function exclusionProblems(rules: ReturnRules, clauses: Clauses): string[] {
  const file = 'content/rules/returns.yaml';
  const problems: string[] = [];
  const names = (id: string) => {
    const c = rules.categories.find((x) => x.id === id);
    return c ? [c.zh, ...c.aliases] : [id];
  };
  const mentions = (text: string, id: string) => names(id).some((n) => text.includes(n));
  const guide = clauses.get(GUIDE_EXCLUSIONS_CLAUSE);
  for (const id of rules.excluded.categories) {
    const clause = rules.excluded.clauses[id] ?? rules.excluded.clause;
    const ref = clauses.get(clause);
    if (ref && !mentions(clauseText(ref), id)) {
      problems.push(`${file}: "${names(id)[0]}" is excluded citing clause ${clause}, which does not name it`);
    }
    if (guide && !mentions(clauseText(guide), id)) {
      problems.push(
        `${file}: "${names(id)[0]}" is excluded, but the shopper guide (${GUIDE_EXCLUSIONS_CLAUSE}) does not say so`,
      );
    }
  }
  const list = clauses.get(rules.excluded.clause);
  for (const row of list ? firstColumn(list.clause.markdown) : []) {
    if (!rules.excluded.categories.some((id) => mentions(row, id))) {
      problems.push(`clause ${rules.excluded.clause}: "${row}" is listed as excluded, but ${file} does not exclude it`);
    }
  }
  // A returnable category must not be named where the pages list exclusions: the guide's clause,
  // and the headings of the exclusions page (one heading per specially excluded category).
  const returnable = rules.categories.filter((c) => !rules.excluded.categories.includes(c.id));
  const exclusionHeadings = list
    ? [...clauses.values()].filter((r) => r.section === list.section && r.slug === list.slug)
    : [];
  for (const c of returnable) {
    if (guide && mentions(clauseText(guide), c.id)) {
      problems.push(
        `clause ${GUIDE_EXCLUSIONS_CLAUSE}: tells shoppers "${c.zh}" is excluded, but ${file} does not exclude it`,
      );
    }
    for (const ref of exclusionHeadings.filter((r) => mentions(r.clause.title, c.id))) {
      problems.push(`clause ${ref.id}: "${ref.clause.title}" excludes "${c.zh}", but ${file} does not exclude it`);
    }
  }
  return problems;
}
