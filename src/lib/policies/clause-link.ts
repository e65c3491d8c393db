/**
 * How every page cites a clause: its deep link on the staff portal and its label, from the clause
 * id alone. A clause the library does not hold gets no link and is labelled by its id, so a
 * citation never points nowhere (the build already fails on a cited clause that does not exist).
 */
import type { ClauseRef } from './library';

/** A clause as a page cites it. */
export interface ClauseLink {
  /** Stable clause id, e.g. `returns-1.2`. */
  id: string;
  /** `/policies/<section>/<slug>#<clause-id>`; undefined when the library has no such clause. */
  href?: string;
  /** Number shown in the clause heading, e.g. `1.2`; the id when the clause is unknown. */
  number: string;
  /** Title of the page holding the clause; undefined when the clause is unknown. */
  pageTitle?: string;
  /** Page title, number and heading, e.g. `退换货基本规则 · 1.2 退货期限`; the id when unknown. */
  title: string;
}

/** `/policies/<section>/<slug>#<clause-id>`: the deep link of a clause on the staff portal. */
export const clauseUrl = (ref: Pick<ClauseRef, 'section' | 'slug' | 'id'>): string =>
  `/policies/${ref.section}/${ref.slug}#${ref.id}`;

/**
 * `/kiosk/guide/<slug>#<clause-id>`: where a clause opens on a kiosk. Only the shopper guide has
 * kiosk pages; other sections give undefined.
 */
export const kioskClauseUrl = (ref: Pick<ClauseRef, 'section' | 'slug' | 'id'>): string | undefined =>
  ref.section === 'shopper-guide' ? `/kiosk/guide/${ref.slug}#${ref.id}` : undefined;

/** The link and label of clause `id`, looked up in the library's clause index. */
export function clauseLink(clauses: ReadonlyMap<string, ClauseRef>, id: string): ClauseLink {
  const ref = clauses.get(id);
  if (!ref) return { id, number: id, title: id };
  return {
    id,
    href: clauseUrl(ref),
    number: ref.clause.number,
    pageTitle: ref.pageTitle,
    title: `${ref.pageTitle} · ${ref.clause.number} ${ref.clause.title}`,
  };
}
