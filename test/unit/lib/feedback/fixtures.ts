import path from 'node:path';
import { loadFeedbackConfig } from '../../../../src/lib/feedback/config-files';
import type { FeedbackConfig } from '../../../../src/lib/feedback/feedback';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import type { Store } from '../../../../src/lib/store/port';

/** The repository's own content/mall configuration. */
export const config: FeedbackConfig = loadFeedbackConfig(path.resolve(import.meta.dirname, '../../../..'));

/** Epoch ms of a Beijing wall time 'YYYY-MM-DD HH:MM'. */
export const bj = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
/** Beijing wall time of epoch ms, 'YYYY-MM-DD HH:MM'. */
export const toBj = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A fresh ticket received at a Beijing time. */
export function ticketAt(local: string, over: Partial<Ticket> = {}): Ticket {
  const at = new Date(bj(local)).toISOString();
  return {
    no: 'FK20261122-0001',
    day: local.slice(0, 10),
    seq: 1,
    createdAt: at,
    updatedAt: at,
    verifyCode: '123456',
    kind: 'complaint',
    category: 'service',
    description: '收银员态度很差',
    consent: false,
    status: 'received',
    urgency: 'normal',
    cause: 'general',
    level: 0,
    events: [{ at, by: { id: 'kiosk', name: '自助终端' }, type: 'created', to: 'received' }],
    ...over,
  };
}

/** Stores a prepared ticket through the store port (its `seq` must be the day's next number). */
export async function storeTicket(store: Pick<Store, 'tickets'>, t: Ticket): Promise<Ticket> {
  const result = await store.tickets.create(t.day, () => t);
  return result.ticket;
}
