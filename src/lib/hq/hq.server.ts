/**
 * The head office's data access: which malls the store holds and each mall's report figures of a
 * month (counted by the store).
 * The only impure part of src/lib/hq. It reads the store port's `hq` (src/lib/store/port.ts):
 * every mall of the database with PostgreSQL, this server's one mall with the JSON store.
 */
import type { ReportTally } from '../feedback/reports';
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

/** A mall's report figures of a month (counted by the store: SQL with PostgreSQL). */
export async function hqReportOf(mallId: string, month: string, now: number): Promise<ReportTally> {
  return (await getStore()).hq.report(mallId, month, now);
}

/** Every mall's report figures of a month, in `hqMalls()` order. */
export async function hqTallies(month: string, now: number): Promise<Map<string, ReportTally>> {
  const ids = await hqMalls();
  const tallies = await Promise.all(ids.map((id) => hqReportOf(id, month, now)));
  return new Map(ids.map((id, i) => [id, tallies[i]]));
}
