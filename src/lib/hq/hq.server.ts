/**
 * The head office's data access: which malls the store holds and each mall's tickets of a month.
 * The only impure part of src/lib/hq. It reads the store port's `hq` (src/lib/store/port.ts):
 * every mall of the database with PostgreSQL, this server's one mall with the JSON store.
 */
import type { Ticket } from '../feedback/schema';
import { getStore } from '../store/store.server';
import { orderMalls, parseChain } from './chain';

const files = import.meta.glob<string>('../../../content/mall/chain.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** content/mall/chain.yaml, bundled at build time; undefined when the chain keeps no list. */
export const CHAIN = parseChain(Object.values(files)[0]);

/** The malls `/hq` shows: every mall with tickets in the store, and this server's own, in chain order. */
export async function hqMalls(): Promise<string[]> {
  const store = await getStore();
  return orderMalls(CHAIN, [store.mallId, ...(await store.hq.malls())]);
}

/** A mall's tickets received in a month (`YYYY-MM`). */
export async function hqTicketsOf(mallId: string, month: string): Promise<Ticket[]> {
  return (await getStore()).hq.ofMonth(mallId, month);
}

/** Every mall's tickets of a month, in `hqMalls()` order. */
export async function hqMonth(month: string): Promise<Map<string, Ticket[]>> {
  const ids = await hqMalls();
  const lists = await Promise.all(ids.map((id) => hqTicketsOf(id, month)));
  return new Map(ids.map((id, i) => [id, lists[i]]));
}
