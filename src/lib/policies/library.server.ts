/**
 * The policy library for pages: astro:content entries parsed into clauses, memoised.
 * The content was already checked at build start (src/integrations/policy-library.ts).
 */
import { getCollection } from 'astro:content';
import { parse } from 'yaml';
import sectionsRaw from '../../../content/policies/sections.yaml?raw';
import { parsePolicy } from './clauses';
import { clauseLink, clauseUrl, type ClauseLink } from './clause-link';
import { indexClauses, type ClauseRef, type LibraryPage } from './library';
import { renderPolicyHtml, type RenderOptions } from './render';
import { sectionsSchema, type Section } from './schema';

export const SECTIONS: Section[] = sectionsSchema.parse(parse(sectionsRaw)).sort((a, b) => a.order - b.order);

let cache: Promise<{ pages: LibraryPage[]; clauses: Map<string, ClauseRef> }> | undefined;

/** Every page (originals and translations) and the clause index. */
export function getLibrary() {
  cache ??= getCollection('policies').then((entries) => {
    const pages: LibraryPage[] = entries
      .map((e) => ({
        file: e.filePath ?? e.id,
        slug: e.id.split('/')[1],
        data: e.data,
        parsed: parsePolicy(e.body ?? ''),
      }))
      .sort(
        (a, b) =>
          a.data.section.localeCompare(b.data.section) || a.data.order - b.data.order || a.slug.localeCompare(b.slug),
      );
    return { pages, clauses: indexClauses(pages) };
  });
  return cache;
}

/** Clause citations for pages: a function from a clause id to its link and label. */
export async function clauseLinks(): Promise<(id: string) => ClauseLink> {
  const { clauses } = await getLibrary();
  return (id) => clauseLink(clauses, id);
}

/** HTML of a page; `linkBase` maps a clause to its URL (the kiosk keeps links inside /kiosk). */
export async function renderPage(
  page: LibraryPage,
  copyLabel: string,
  linkFor: (ref: ClauseRef) => string = clauseUrl,
  extra: Omit<RenderOptions, 'copyLabel' | 'clauseUrl'> = {},
) {
  const { clauses } = await getLibrary();
  return renderPolicyHtml(page.parsed, {
    ...extra,
    copyLabel,
    clauseUrl: (id) => {
      const ref = clauses.get(id);
      return ref ? linkFor(ref) : undefined;
    },
  });
}

const rendered = new Map<string, Promise<string>>();

/**
 * `renderPage`, kept under `key` (page and day): policy pages are rendered on request, and their HTML
 * only changes with a build or a new day (the "recently changed" marks).
 */
export function renderPageCached(key: string, ...args: Parameters<typeof renderPage>): Promise<string> {
  let html = rendered.get(key);
  if (!html) {
    // Yesterday's entries are dead: drop them rather than grow for as long as the server runs.
    if (rendered.size > 500) rendered.clear();
    html = renderPage(...args);
    html.catch(() => rendered.delete(key));
    rendered.set(key, html);
  }
  return html;
}
