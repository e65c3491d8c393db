/**
 * The policy library as a whole: parsing every page, checking the rules that span pages
 * (unique clause ids, cross-references, translations) and the clause index other features
 * cite. Pure: the files are read by library-files.ts (build, tests) or astro:content (pages).
 */

import { findClauseRefs, parsePolicy, type Clause, type ParsedPolicy } from './clauses';
import { CLAUSE_ID_PATTERN, policyFrontmatterSchema, type PolicyFrontmatter, type Section } from './schema';

/** A page as read from disk, before validation. */
export interface RawPage {
  /** Path for messages, e.g. `content/policies/returns/basic-rules.md`. */
  file: string;
  /** Folder name (the section it sits in). */
  folder: string;
  /** File name without `.md`, e.g. `basic-rules` or `feedback.en`. */
  slug: string;
  data: unknown;
  body: string;
}

export interface LibraryPage {
  file: string;
  /** Page slug as used in URLs (`basic-rules`, `feedback.en`). */
  slug: string;
  data: PolicyFrontmatter;
  parsed: ParsedPolicy;
}

/** A clause with the page it belongs to: what search, rules and quizzes cite. */
export interface ClauseRef {
  id: string;
  section: string;
  slug: string;
  pageTitle: string;
  clause: Clause;
}

/** Parses every page and checks the library; returns the pages and every problem found. */
export function checkLibrary(raw: RawPage[], sections: Section[]) {
  const problems: string[] = [];
  const pages: LibraryPage[] = [];
  const sectionSlugs = new Set(sections.map((s) => s.slug));

  for (const page of raw) {
    const result = policyFrontmatterSchema.safeParse(page.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push(`${page.file}: frontmatter field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
      }
      continue;
    }
    const data = result.data;
    if (!sectionSlugs.has(data.section))
      problems.push(`${page.file}: section "${data.section}" is not in sections.yaml`);
    if (data.section !== page.folder) {
      problems.push(`${page.file}: section "${data.section}" does not match its folder "${page.folder}"`);
    }
    const parsed = parsePolicy(page.body);
    for (const h of parsed.headingsWithoutId) {
      problems.push(`${page.file}:${h.line}: clause heading "${h.text}" has no id (end it with {#${data.section}-…})`);
    }
    for (const c of parsed.clauses) {
      const m = CLAUSE_ID_PATTERN.exec(c.id);
      if (!m) {
        problems.push(`${page.file}:${c.line}: clause id "${c.id}" is not <section>-<numbers>`);
      } else if (m[1] !== data.section) {
        problems.push(`${page.file}:${c.line}: clause id "${c.id}" must start with its section "${data.section}-"`);
      } else if (m[2].split('.')[0] !== String(data.order)) {
        problems.push(`${page.file}:${c.line}: clause id "${c.id}" must start with the page order ${data.order}`);
      }
    }
    pages.push({ file: page.file, slug: page.slug, data, parsed });
  }

  const originals = pages.filter((p) => !p.data.translationOf);
  const owner = new Map<string, LibraryPage>();
  const orders = new Map<string, LibraryPage>();
  for (const page of originals) {
    const key = `${page.data.section}/${page.data.order}`;
    const other = orders.get(key);
    if (other) problems.push(`${page.file}: order ${page.data.order} is also used by ${other.file}`);
    orders.set(key, page);
    for (const c of page.parsed.clauses) {
      const first = owner.get(c.id);
      if (first) problems.push(`${page.file}:${c.line}: duplicate clause id "${c.id}" (first in ${first.file})`);
      else owner.set(c.id, page);
    }
  }

  for (const page of pages.filter((p) => p.data.translationOf)) {
    const original = originals.find((p) => p.data.section === page.data.section && p.slug === page.data.translationOf);
    if (!original) {
      problems.push(
        `${page.file}: translationOf "${page.data.translationOf}" is not a page of section ${page.data.section}`,
      );
      continue;
    }
    const mine = page.parsed.clauses.map((c) => c.id).join(',');
    const theirs = original.parsed.clauses.map((c) => c.id).join(',');
    if (mine !== theirs) problems.push(`${page.file}: clause ids differ from its original ${original.file}`);
  }

  for (const page of pages) {
    const texts = [page.parsed.intro, ...page.parsed.clauses.map((c) => `${c.title}\n${c.markdown}`)];
    for (const ref of texts.flatMap(findClauseRefs)) {
      if (!owner.has(ref)) problems.push(`${page.file}: cross-reference to missing clause "${ref}"`);
    }
    problems.push(...historyProblems(page, owner));
  }

  return { pages, problems };
}

/**
 * The change log must describe the page as it is: its newest entry is the page's version and date,
 * entries run newest first, and every clause an entry names exists (an id never changes meaning silently).
 */
function historyProblems(page: LibraryPage, owner: Map<string, LibraryPage>): string[] {
  const { history, version, effective } = page.data;
  if (history.length === 0) return [];
  const problems: string[] = [];
  const [latest] = history;
  if (latest.version !== version || latest.effective !== effective) {
    problems.push(
      `${page.file}: history starts with ${latest.version} (${latest.effective}) but the page is ${version} (${effective})`,
    );
  }
  for (let i = 1; i < history.length; i++) {
    if (history[i].effective > history[i - 1].effective) {
      problems.push(`${page.file}: history entry ${history[i].version} is newer than the one before it (newest first)`);
    }
  }
  for (const entry of history) {
    for (const id of entry.clauses) {
      if (!owner.has(id)) problems.push(`${page.file}: history ${entry.version} names missing clause "${id}"`);
    }
  }
  return problems;
}

/** Every clause of the original (non-translated) pages, by id. */
export function indexClauses(pages: LibraryPage[]): Map<string, ClauseRef> {
  const index = new Map<string, ClauseRef>();
  for (const page of pages) {
    if (page.data.translationOf) continue;
    for (const clause of page.parsed.clauses) {
      index.set(clause.id, {
        id: clause.id,
        section: page.data.section,
        slug: page.slug,
        pageTitle: page.data.title,
        clause,
      });
    }
  }
  return index;
}

/** Frontmatter and body of a Markdown file. */
export function splitFrontmatter(source: string, parseYaml: (s: string) => unknown): { data: unknown; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!m) return { data: {}, body: source };
  return { data: parseYaml(m[1]), body: m[2] };
}
