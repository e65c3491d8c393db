/**
 * Kiosk I/O: enrolment (a server-issued credential per kiosk, revocable), heartbeats from
 * enrolled kiosks into the store, and the health rows for the staff page.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionUser } from '../auth/roles';
import { getStore } from '../store/store.server';
import { addressOf } from '../feedback/responses';
import {
  applyHeartbeat,
  formatKioskCredential,
  KIOSK_ID_COOKIE,
  kioskHealth,
  parseKioskCredential,
  type KioskHealth,
} from './kiosk';
import type { Heartbeat, KioskEnrolment } from './schema';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Enrols (or re-enrols) a kiosk: a new random secret, stored hashed; the previous credential of
 * that id stops working. Returns the cookie value for the kiosk.
 */
export async function enrolKiosk(id: string, by: SessionUser, now = Date.now()): Promise<string> {
  const store = await getStore();
  const secret = randomBytes(32).toString('base64url');
  const at = new Date(now).toISOString();
  await store.kiosks.putEnrolment({
    id,
    secretHash: hashSecret(secret),
    enrolledAt: at,
    enrolledBy: { id: by.id, username: by.username },
  });
  await store.audit.append({ at, actor: { id: by.id, username: by.username }, action: 'kiosk.enrol', target: id });
  return formatKioskCredential(id, secret);
}

/** Revokes a kiosk's credential; false when the id is not enrolled (or already revoked). */
export async function revokeKiosk(id: string, by: SessionUser, now = Date.now()): Promise<boolean> {
  const store = await getStore();
  const current = await store.kiosks.enrolment(id);
  if (!current || current.revokedAt) return false;
  const at = new Date(now).toISOString();
  await store.kiosks.putEnrolment({ ...current, revokedAt: at });
  await store.audit.append({ at, actor: { id: by.id, username: by.username }, action: 'kiosk.revoke', target: id });
  return true;
}

/**
 * The enrolled kiosk a credential cookie proves, or undefined: no cookie, a made-up id, a wrong
 * or old secret and a revoked kiosk are all just "not a kiosk" (the request counts as its address).
 */
export async function authenticateKiosk(cookie: string | undefined | null): Promise<string | undefined> {
  const credential = parseKioskCredential(cookie);
  if (!credential) return undefined;
  const enrolment = await (await getStore()).kiosks.enrolment(credential.id);
  if (!enrolment || enrolment.revokedAt) return undefined;
  const given = Buffer.from(hashSecret(credential.secret), 'hex');
  return timingSafeEqual(given, Buffer.from(enrolment.secretHash, 'hex')) ? enrolment.id : undefined;
}

/** Records an enrolled kiosk's heartbeat. */
export async function recordHeartbeat(id: string, beat: Heartbeat, now = Date.now()): Promise<void> {
  const store = await getStore();
  await store.kiosks.putHeartbeat(applyHeartbeat(id, beat, now));
}

/** A row of /staff/kiosks: an enrolment with its health, when the kiosk has reported. */
export interface KioskRow {
  id: string;
  enrolment?: KioskEnrolment;
  health?: KioskHealth;
}

/** Every enrolled kiosk (revoked ones too) with its health, the ones needing attention first. */
export async function listKiosks(now = Date.now()): Promise<KioskRow[]> {
  const store = await getStore();
  const [beats, enrolments] = await Promise.all([store.kiosks.heartbeats(), store.kiosks.enrolments()]);
  const health = kioskHealth(beats, now);
  const byId = new Map(enrolments.map((e) => [e.id, e]));
  const rows: KioskRow[] = health.map((h) => ({ id: h.id, health: h, enrolment: byId.get(h.id) }));
  const seen = new Set(rows.map((r) => r.id));
  for (const e of enrolments) if (!seen.has(e.id)) rows.push({ id: e.id, enrolment: e });
  return rows;
}

/**
 * Who is asking, for limits and lockouts: `kiosk:<id>` for an enrolled kiosk (so kiosks behind one
 * NAT address are counted apart), else `addr:<address>`.
 */
export async function clientKeyOf(ctx: {
  cookies: { get(name: string): { value: string } | undefined };
  clientAddress: string;
}): Promise<string> {
  const cookie = ctx.cookies.get(KIOSK_ID_COOKIE)?.value;
  const kiosk = cookie ? await authenticateKiosk(cookie) : undefined;
  return kiosk ? `kiosk:${kiosk}` : `addr:${addressOf(ctx)}`;
}
