/**
 * The kiosk's outbox (browser only): feedback that could not be sent for lack of network is kept
 * in IndexedDB with its idempotency key and re-sent with backoff, across reloads and page
 * changes, until the server acknowledges it (201, or 200 for a key it already has: the server's
 * idempotency makes it land exactly once). A 4xx answer sets the item aside as refused; it is
 * never retried. The kiosk layout runs `startOutbox()` on every kiosk page; the feedback island
 * calls `enqueue()`. It holds only what a shopper submitted, so the idle reset leaves it alone.
 */
import { retryDelay } from './outbox-rules';

export interface OutboxItem {
  /** The submission's idempotency key (also the record key). */
  key: string;
  /** Short reference shown to the shopper. */
  ref: string;
  /** The request body, without the key. */
  body: Record<string, unknown>;
  createdAt: number;
  attempts: number;
  nextAt: number;
  /** `refused`: the server answered 4xx; kept for staff, not retried. */
  state: 'pending' | 'refused';
  status?: number;
}

export const OUTBOX_DB = 'kiosk-outbox';
const STORE = 'items';
const CHANGED = 'kiosk-outbox-changed';
const ADDED = 'kiosk-outbox-added';
const SEND_TIMEOUT_MS = 15_000;

function db(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(OUTBOX_DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = d.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    d.close();
  }
}

export const listOutbox = () => run<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
const put = (item: OutboxItem) => run('readwrite', (s) => s.put(item));
const remove = (key: string) => run('readwrite', (s) => s.delete(key));
const changed = () => dispatchEvent(new Event(CHANGED));

/**
 * Keeps a submission that could not be sent; the outbox sends it as soon as it can, or after
 * `waitMs` when the server said when (a 429's Retry-After).
 */
export async function enqueue(key: string, ref: string, body: Record<string, unknown>, waitMs?: number): Promise<void> {
  const now = Date.now();
  await put({
    key,
    ref,
    body,
    createdAt: now,
    attempts: 1,
    nextAt: now + (waitMs ?? retryDelay(1, Math.random())),
    state: 'pending',
  });
  dispatchEvent(new Event(ADDED));
}

/** Sends a submission once; `network` when it never reached the server (or timed out). */
export async function post(body: Record<string, unknown>, key: string): Promise<Response | 'network'> {
  try {
    return await fetch('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, idempotencyKey: key }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch {
    return 'network';
  }
}

/** A 429's Retry-After in milliseconds (a minute when missing or unreadable, at most an hour). */
export function retryAfterMs(res: Response): number {
  const seconds = Number(res.headers.get('Retry-After') ?? '60');
  return Math.min(3600, Number.isFinite(seconds) && seconds >= 0 ? seconds : 60) * 1000;
}

/** Whether an answer means "try again later" rather than "this submission is refused". */
export const retryable = (r: Response | 'network') =>
  r === 'network' || r.status >= 500 || r.status === 408 || r.status === 429;

let timer: ReturnType<typeof setTimeout> | undefined;
let flushing: Promise<void> | undefined;

/** Sends every item that is due; schedules the next try. */
export function flush(force = false): Promise<void> {
  flushing ??= (async () => {
    clearTimeout(timer);
    let next = Infinity;
    for (const item of await listOutbox()) {
      if (item.state !== 'pending') continue;
      if (!force && item.nextAt > Date.now()) {
        next = Math.min(next, item.nextAt);
        continue;
      }
      const res = await post(item.body, item.key);
      const status = res === 'network' ? 0 : res.status;
      if (status === 200 || status === 201) await remove(item.key);
      else if (retryable(res)) {
        const wait =
          res !== 'network' && status === 429 ? retryAfterMs(res) : retryDelay(item.attempts + 1, Math.random());
        await put({ ...item, attempts: item.attempts + 1, nextAt: Date.now() + wait });
        next = Math.min(next, Date.now() + wait);
      } else await put({ ...item, state: 'refused', status });
    }
    if (next < Infinity) timer = setTimeout(() => void flush(), Math.max(0, next - Date.now()));
  })()
    .catch(() => {})
    .finally(() => {
      flushing = undefined;
      changed();
    });
  return flushing;
}

/** Outbox figures for the heartbeat. */
export async function outboxState(now = Date.now()) {
  const items = await listOutbox();
  const pending = items.filter((i) => i.state === 'pending');
  const oldest = Math.min(...pending.map((i) => i.createdAt));
  return {
    pending: pending.length,
    failed: items.length - pending.length,
    ...(pending.length ? { oldestPendingSec: Math.max(0, Math.floor((now - oldest) / 1000)) } : {}),
  };
}

/** Runs the outbox on this page: sends what is due, retries on `online`, reports a heartbeat each minute and after changes. */
export function startOutbox(options: { heartbeat: boolean; version: string }) {
  let beating = false;
  const beat = async () => {
    if (!options.heartbeat || beating) return;
    beating = true;
    try {
      const state = await outboxState();
      await fetch('/api/kiosk/heartbeat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...state, version: options.version }),
        keepalive: true,
      });
    } catch {
      // offline: the next beat tells
    } finally {
      beating = false;
    }
  };
  addEventListener('online', () => void flush(true));
  addEventListener(ADDED, () => void flush());
  addEventListener(CHANGED, () => void beat());
  setInterval(() => void beat(), 60_000);
  void flush();
}
