/**
 * Back from a search result keeps the search: a result link carries the query, and the guide page
 * it opens sends its Back button to the search with that query (which runs again on arrival).
 */

/** Longest query the kiosk search takes (as the search box and page do). */
export const SEARCH_QUERY_MAX = 200;

/** The kiosk search page showing `query` (the plain search page for an empty one). */
export function searchPageUrl(query: string): string {
  const q = query.trim().slice(0, SEARCH_QUERY_MAX);
  return q ? `/kiosk/search?q=${encodeURIComponent(q)}` : '/kiosk/search';
}

/** A result's link with the query that found it, kept before the clause's `#anchor`. */
export function resultUrlWithQuery(url: string, query: string): string {
  const q = query.trim().slice(0, SEARCH_QUERY_MAX);
  if (!q) return url;
  const hash = url.indexOf('#');
  const [path, anchor] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}${anchor}`;
}
