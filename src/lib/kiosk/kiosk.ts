/**
 * Kiosk rules as pure functions: the device's id and printer setting (cookies set once by
 * staff), the outbox's retry schedule and local reference, and the health view of heartbeats.
 */
import { kioskIdSchema, type Heartbeat, type KioskRecord } from './schema';

/**
 * Cookie holding the kiosk's credential `<id>.<secret>`, issued by the server at enrolment:
 * HttpOnly, long-lived, never cleared by the idle reset. Only the server can make a valid one.
 */
export const KIOSK_ID_COOKIE = 'kiosk_id';

/** A credential: the kiosk id, a dot, and 32 random bytes in base64url (43 characters). */
const CREDENTIAL = /^([A-Za-z0-9_-]{1,40})\.([A-Za-z0-9_-]{43})$/;

/** The id and secret of a credential cookie, or undefined when it is not one (e.g. an old bare id). */
export function parseKioskCredential(value: string | undefined | null): { id: string; secret: string } | undefined {
  const m = CREDENTIAL.exec(value ?? '');
  return m ? { id: m[1], secret: m[2] } : undefined;
}

/** The cookie value for a kiosk id and its secret. */
export const formatKioskCredential = (id: string, secret: string) => `${id}.${secret}`;
/** Cookie overriding the mall-wide printer setting for one kiosk: `1` has a printer, `0` has none. */
export const KIOSK_PRINTER_COOKIE = 'kiosk_printer';
/**
 * 400 days, the longest a browser keeps a cookie (RFC 6265bis); every kiosk page renews it, so
 * the id set once at installation stays while the kiosk is in use.
 */
export const KIOSK_COOKIE_MAX_AGE = 400 * 86_400;
/** A kiosk not heard of for this long is flagged on the health page (three missed heartbeats). */
export const STALE_AFTER_MS = 3 * 60_000;

/** The kiosk id a credential cookie names (not yet checked against the enrolments), or undefined. */
export function parseKioskId(value: string | undefined | null): string | undefined {
  const credential = parseKioskCredential(value);
  return credential && kioskIdSchema.safeParse(credential.id).success ? credential.id : undefined;
}

/** Whether this kiosk has a printer: its own setting when staff made one, else the mall's default. */
export function hasPrinter(cookie: string | undefined, mallDefault: boolean): boolean {
  return cookie === '1' ? true : cookie === '0' ? false : mallDefault;
}

/** The stored record after a heartbeat arrives at `now`. */
export function applyHeartbeat(id: string, beat: Heartbeat, now: number): KioskRecord {
  return {
    id,
    lastSeen: new Date(now).toISOString(),
    pending: beat.pending,
    failed: beat.failed,
    ...(beat.pending > 0 && beat.oldestPendingSec !== undefined
      ? { oldestPendingAt: new Date(now - beat.oldestPendingSec * 1000).toISOString() }
      : {}),
    version: beat.version,
  };
}

/** One row of the kiosk-health page. */
export interface KioskHealth extends KioskRecord {
  /** Not heard of for longer than STALE_AFTER_MS. */
  stale: boolean;
  /** Milliseconds since the last heartbeat. */
  silentMs: number;
  /** Age in milliseconds of the oldest pending submission (now), if any. */
  oldestPendingMs?: number;
}

/** Health rows, the ones needing attention first (stale, then most pending), then by id. */
export function kioskHealth(records: readonly KioskRecord[], now: number): KioskHealth[] {
  return records
    .map((r) => {
      const silentMs = Math.max(0, now - Date.parse(r.lastSeen));
      return {
        ...r,
        silentMs,
        stale: silentMs > STALE_AFTER_MS,
        ...(r.oldestPendingAt ? { oldestPendingMs: Math.max(0, now - Date.parse(r.oldestPendingAt)) } : {}),
      };
    })
    .sort(
      (a, b) =>
        Number(b.stale) - Number(a.stale) || b.pending + b.failed - (a.pending + a.failed) || a.id.localeCompare(b.id),
    );
}

/** "3 min", "2 h 5 min", "45 s": a short age for staff. */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d`;
}

/** Query value the receipt's QR link carries (`?via=qr`): the status page is opened on a shopper's phone. */
export const VIA_QR = 'qr';

/**
 * Whether a status-page request comes from a shopper's phone (the receipt's QR code) rather than a
 * kiosk: the link says so (`via=qr`), or the browser is a mobile one (`Sec-CH-UA-Mobile: ?1`, or a
 * phone's user agent) and the device is not an enrolled kiosk. An enrolled kiosk is never a phone,
 * whatever its browser says, so a kiosk always keeps its idle reset.
 */
export function isPhoneVisit(visit: {
  via?: string | null;
  enrolled: boolean;
  userAgent?: string | null;
  mobileHint?: string | null;
}): boolean {
  if (visit.enrolled) return false;
  if (visit.via === VIA_QR) return true;
  if (visit.mobileHint?.trim() === '?1') return true;
  return /\b(iPhone|iPod|Android.+Mobile|Mobile Safari|Windows Phone|HarmonyOS.+Mobile|MicroMessenger)\b/i.test(
    visit.userAgent ?? '',
  );
}
