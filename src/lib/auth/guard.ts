/** Which paths need a signed-in user. Each page and endpoint still checks its own permission. */
const PROTECTED = ['/staff', '/training', '/admin', '/api/staff', '/api/training', '/api/admin'];

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** A safe place to go after signing in: a local path, never another site. */
export function safeNext(next: string | null | undefined, fallback = '/staff'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\r\n]/.test(next)) return fallback;
  return next;
}
