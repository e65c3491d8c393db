/**
 * `GET /api/health` for monitoring: is the store open and writable, how long has the process run,
 * how many tickets are open. No paths, no names, no phone numbers.
 */
import pkg from '../../../package.json';
import { ticketCounts } from '../feedback/feedback.server';
import { probeWritable } from '../store/errors';
import { getStore } from '../store/store.server';

export interface Health {
  /** `ok`, or `degraded` when the store cannot be opened or written. */
  status: 'ok' | 'degraded';
  /** The application's version (package.json). */
  version: string;
  /** Seconds since this server process started. */
  uptimeSeconds: number;
  /** The server's clock, ISO. */
  time: string;
  store: {
    /** The store opened and a probe file could be written and removed in the data directory. */
    writable: boolean;
    /** Tickets stored, and those not closed or invalid (absent when the store did not open). */
    tickets?: number;
    openTickets?: number;
  };
}

export async function checkHealth(now = Date.now()): Promise<Health> {
  const base = { version: pkg.version, uptimeSeconds: Math.round(process.uptime()), time: new Date(now).toISOString() };
  try {
    const store = await getStore();
    // The JSON store writes files in its data directory; a database answers the counts below or throws.
    const writable =
      'dataDir' in store && typeof store.dataDir === 'string' ? await probeWritable(store.dataDir) : true;
    const counts = await ticketCounts();
    return { status: writable ? 'ok' : 'degraded', ...base, store: { writable, ...counts } };
  } catch {
    return { status: 'degraded', ...base, store: { writable: false } };
  }
}
