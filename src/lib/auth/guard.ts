/** Which paths need a signed-in user. Each page and endpoint still checks its own permission. */
const PROTECTED = ['/staff', '/training', '/admin', '/hq', '/api/staff', '/api/training', '/api/admin'];

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** An origin no request can have, to resolve `next` against. */
const PROBE_ORIGIN = 'http://next.invalid';
/**
 * Refused outright: backslashes (URL parsers read them as slashes), and every control, space or
 * separator character (parsers drop tabs and newlines, so `/<TAB>/evil.example` would become
 * `//evil.example`; others cannot go into a Location header at all).
 */
const UNSAFE_CHARS = /[\\\p{Cc}\p{Cf}\p{Z}\s]/u;

/**
 * A safe place to go after signing in: a path on this site, never another one. The value is
 * resolved as a browser would and kept only if it stays on our origin; what comes back is the
 * parsed path, query and fragment (percent-encoded, so always a valid Location header).
 */
export function safeNext(next: string | null | undefined, fallback = '/staff'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || UNSAFE_CHARS.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
