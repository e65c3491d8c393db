/** The change log of policy pages (修订记录): which clauses changed lately, and the library's recent changes. */
import type { LibraryPage } from './library';
import type { HistoryEntry } from './schema';

/** How long a changed clause is marked on its page. */
export const RECENT_DAYS = 30;

const dayNumber = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/** Whether a version that took effect on `effective` counts as recent on `today` (both YYYY-MM-DD). */
export function isRecent(effective: string, today: string, days = RECENT_DAYS): boolean {
  const age = dayNumber(today) - dayNumber(effective);
  return age >= 0 && age <= days;
}

/** Ids of the clauses a page changed within the last `days` days before `today`. */
export function recentlyChangedClauses(page: LibraryPage, today: string, days = RECENT_DAYS): Set<string> {
  const ids = new Set<string>();
  for (const entry of page.data.history) {
    if (isRecent(entry.effective, today, days)) for (const id of entry.clauses) ids.add(id);
  }
  return ids;
}

export interface LibraryChange extends HistoryEntry {
  section: string;
  slug: string;
  title: string;
}

/** Every change-log entry of the library's original pages, newest first (ties by page title). */
export function libraryChanges(pages: LibraryPage[]): LibraryChange[] {
  return pages
    .filter((p) => !p.data.translationOf)
    .flatMap((p) =>
      p.data.history.map((entry) => ({ ...entry, section: p.data.section, slug: p.slug, title: p.data.title })),
    )
    .sort((a, b) => b.effective.localeCompare(a.effective) || a.title.localeCompare(b.title, 'zh-CN'));
}
