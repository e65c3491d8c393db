/**
 * Live updates across nodes: one PostgreSQL channel (`sdk_events`) carries every mall's events
 * as `{ mall, channel, payload }`; each store keeps one dedicated connection LISTENing on it
 * (reconnecting with a growing pause when it drops) and hands each event of its mall to the
 * subscribers of its channel. A node hears its own events the same way, so every node sees one
 * order of delivery per sender.
 */
import pg from 'pg';
import type { Notifier } from '../port';
import type { Db } from './db';

/** The PostgreSQL channel every mall's events travel on. */
export const PG_CHANNEL = 'sdk_events';
/** PostgreSQL refuses payloads of 8000 bytes or more; the port promises at most 1 KB of JSON. */
const MAX_PAYLOAD = 7_900;

export interface PgNotifier extends Notifier {
  /** Resolves once the LISTEN connection is up (tests; publishing does not need it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The text of a notification as every node's listener reads it (for a statement that notifies in
 * its own transaction, e.g. a ticket insert: `pg_notify('${PG_CHANNEL}', text)`).
 */
export function notificationText(mallId: string, channel: string, payload: unknown): string {
  const text = JSON.stringify({ mall: mallId, channel, payload });
  if (Buffer.byteLength(text) > MAX_PAYLOAD) throw new Error(`store: notification on ${channel} is too large`);
  return text;
}

/** `publish` runs on `send` (the store's pool); the listener has a connection of its own. */
export function openNotifier(url: string, mallId: string, send: Pick<Db, 'rows'>): PgNotifier {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let client: pg.Client | undefined;
  let closed = false;
  let pause = 100;
  let timer: NodeJS.Timeout | undefined;
  let up: Promise<void>;
  let markUp: () => void = () => {};
  const resetUp = () => {
    up = new Promise<void>((resolve) => (markUp = resolve));
  };
  resetUp();

  const deliver = (message: pg.Notification) => {
    if (message.channel !== PG_CHANNEL || !message.payload) return;
    let event: { mall?: string; channel?: string; payload?: unknown };
    try {
      event = JSON.parse(message.payload);
    } catch {
      return;
    }
    if (event.mall !== mallId || typeof event.channel !== 'string') return;
    for (const listener of listeners.get(event.channel) ?? []) {
      try {
        listener(event.payload);
      } catch {
        // One subscriber's failure is its own.
      }
    }
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    const retry = () => {
      if (client === c) client = undefined;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (closed || timer) return;
      resetUp();
      timer = setTimeout(() => {
        timer = undefined;
        void connect();
      }, pause);
      pause = Math.min(pause * 2, 5_000);
    };
    c.on('error', retry);
    c.on('end', () => {
      if (!closed) retry();
    });
    c.on('notification', deliver);
    try {
      await c.connect();
      await c.query(`LISTEN ${PG_CHANNEL}`);
      if (closed) {
        await c.end().catch(() => {});
        return;
      }
      client = c;
      pause = 100;
      markUp();
    } catch {
      retry();
    }
  };
  void connect();

  return {
    async publish(channel, payload) {
      await send.rows('SELECT pg_notify($1, $2)', [PG_CHANNEL, notificationText(mallId, channel, payload)]);
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (!set.size && listeners.get(channel) === set) listeners.delete(channel);
      };
    },
    ready: () => up,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      markUp();
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
