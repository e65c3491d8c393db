/** The chain's list of malls (content/mall/chain.yaml): parsing and ordering. Pure. */
import { parse } from 'yaml';
import { chainSchema, type Chain, type ChainMall } from './schema';

/**
 * Parses chain.yaml's text (undefined when the file does not exist: no chain list, every mall
 * shown by its id). Throws one readable error naming the bad fields.
 */
export function parseChain(source: string | undefined): Chain | undefined {
  if (source === undefined) return undefined;
  const result = chainSchema.safeParse(parse(source));
  if (!result.success)
    throw new Error(
      `hq: content/mall/chain.yaml is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return result.data;
}

/** A mall's name from the chain list, or its id when the list does not name it. */
export function mallName(chain: Chain | undefined, id: string): string {
  return chain?.malls.find((m) => m.id === id)?.name ?? id;
}

/** The malls to show: those listed in the chain's order first, then any other id, sorted. */
export function orderMalls(chain: Chain | undefined, ids: Iterable<string>): string[] {
  const found = new Set(ids);
  const listed = (chain?.malls ?? []).map((m: ChainMall) => m.id).filter((id) => found.has(id));
  const rest = [...found].filter((id) => !listed.includes(id)).sort();
  return [...listed, ...rest];
}
