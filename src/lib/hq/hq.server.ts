/**
 * The head office's data access: which malls the store holds and each mall's tickets of a month.
 * The only impure part of src/lib/hq. With the store port (src/lib/store/port.ts) it reads
 * `store.hq`, across every mall of the database; until then the JSON store of this server is the
 * one mall it knows (the two `// PORT:` lines).
 */
import { ticketsOfMonth } from '../feedback/reports';
import type { Ticket } from '../feedback/schema';
import { MALL } from '../mall/mall';
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
  // PORT: const store = await getStore(); return orderMalls(CHAIN, [store.mallId, ...(await store.hq.malls())]);
  return orderMalls(CHAIN, [MALL.id]);
}

/** A mall's tickets received in a month (`YYYY-MM`). */
export async function hqTicketsOf(mallId: string, month: string): Promise<Ticket[]> {
  // PORT: return (await getStore()).hq.ofMonth(mallId, month);
  return mallId === MALL.id ? [...ticketsOfMonth((await getStore()).tickets.values(), month)] : [];
}

/** Every mall's tickets of a month, in `hqMalls()` order. */
export async function hqMonth(month: string): Promise<Map<string, Ticket[]>> {
  const ids = await hqMalls();
  const lists = await Promise.all(ids.map((id) => hqTicketsOf(id, month)));
  return new Map(ids.map((id, i) => [id, lists[i]]));
}
