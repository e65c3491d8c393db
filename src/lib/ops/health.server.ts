/**
 * `GET /api/health` for monitoring: is the store open and writable, how long has the process run,
 * how many tickets are open. No paths, no names, no phone numbers.
 */
import pkg from '../../../package.json';
import { feedbackStore } from '../feedback/feedback.server';
import { probeWritable } from '../store/errors';

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
    const store = await feedbackStore();
    const writable = await probeWritable(store.dataDir);
    let open = 0;
    for (const _ of store.tickets.openTickets()) open++;
    return {
      status: writable ? 'ok' : 'degraded',
      ...base,
      store: { writable, tickets: store.tickets.size, openTickets: open },
    };
  } catch {
    return { status: 'degraded', ...base, store: { writable: false } };
  }
}
