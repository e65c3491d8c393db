/** Kiosk health I/O: heartbeats into the store, and the health rows for the staff page. */
import { getStore } from '../store/store.server';
import { applyHeartbeat, kioskHealth, type KioskHealth } from './kiosk';
import type { Heartbeat } from './schema';

/** Records a kiosk's heartbeat. */
export async function recordHeartbeat(id: string, beat: Heartbeat, now = Date.now()): Promise<void> {
  const store = await getStore();
  await store.kiosks.put(applyHeartbeat(id, beat, now));
}

/** Every known kiosk with its health, the ones needing attention first. */
export async function listKioskHealth(now = Date.now()): Promise<KioskHealth[]> {
  const store = await getStore();
  return kioskHealth(store.kiosks.list(), now);
}
