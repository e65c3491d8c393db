/**
 * A compact form of lunr's serialised index. lunr stores every posting twice (the inverted
 * index lists each term's documents per field, the field vectors list each document's terms
 * with scores) and spells out empty fields; the postings follow from the vectors, so only
 * the sorted term list and delta-encoded vectors are shipped, and the rest is rebuilt on load.
 * About half the gzip size of `index.toJSON()`.
 */

import lunr from 'lunr';

/** lunr 2's serialised index, as far as this codec reads and writes it. */
export interface LunrJson {
  version: string;
  fields: string[];
  fieldVectors: [string, number[]][];
  invertedIndex: [string, Record<string, unknown> & { _index: number }][];
  pipeline: string[];
}

export interface CompactIndex {
  version: string;
  fields: string[];
  /** Every term, sorted; a term's number is its position. */
  terms: string[];
  /** `field/ref` → [term number delta, score × 1000, …] sorted by term number. */
  vectors: [string, number[]][];
}

const SCALE = 1000;

/** lunr JSON → compact form. */
export function encodeIndex(json: LunrJson): CompactIndex {
  const sorted = [...json.invertedIndex].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const renumber = new Map<number, number>(sorted.map(([, posting], i) => [posting._index, i]));
  const vectors = json.fieldVectors.map(([fieldRef, elements]): [string, number[]] => {
    const pairs: [number, number][] = [];
    for (let i = 0; i < elements.length; i += 2)
      pairs.push([renumber.get(elements[i])!, Math.round(elements[i + 1] * SCALE)]);
    pairs.sort((a, b) => a[0] - b[0]);
    const out: number[] = [];
    let previous = 0;
    for (const [term, score] of pairs) {
      out.push(term - previous, score);
      previous = term;
    }
    return [fieldRef, out];
  });
  return { version: json.version, fields: json.fields, terms: sorted.map(([term]) => term), vectors };
}

/** Compact form → lunr JSON, ready for `lunr.Index.load`. */
export function decodeIndex(compact: CompactIndex): LunrJson {
  const postings = compact.terms.map((_, i) => {
    const p: Record<string, unknown> & { _index: number } = { _index: i };
    for (const field of compact.fields) p[field] = {};
    return p;
  });
  const fieldVectors = compact.vectors.map(([fieldRef, packed]): [string, number[]] => {
    const slash = fieldRef.indexOf('/');
    const field = fieldRef.slice(0, slash);
    const ref = fieldRef.slice(slash + 1);
    const elements: number[] = [];
    let term = 0;
    for (let i = 0; i < packed.length; i += 2) {
      term += packed[i];
      elements.push(term, packed[i + 1] / SCALE);
      (postings[term][field] as Record<string, object>)[ref] = {};
    }
    return [fieldRef, elements];
  });
  return {
    version: compact.version,
    fields: compact.fields,
    fieldVectors,
    invertedIndex: compact.terms.map((term, i) => [term, postings[i]]),
    pipeline: [],
  };
}

/**
 * Compact form → a searchable `lunr.Index`, without `lunr.Index.load`.
 *
 * `Index.load` needs every posting as an object and builds a TokenSet automaton over every
 * term, which cost about 100 ms on the staff page's main thread before the first result.
 * A query touches a handful of terms and a few hundred field vectors, so this builds those
 * on first use instead. It relies on how search.ts queries: every clause is an exact term
 * (no wildcard, no edit distance), OPTIONAL (never a negated query) and without pipeline.
 * Under those rules lunr's `Index#query` reads only `tokenSet.intersect(fromString(term))`,
 * `invertedIndex[term]` and `fieldVectors[fieldRef]`, which is what is provided here.
 * A unit test holds it to the same results as `lunr.Index.load(decodeIndex(…))`.
 */
export function loadIndex(compact: CompactIndex): lunr.Index {
  const { terms, fields, vectors } = compact;
  const termNumber = new Map<string, number>();
  terms.forEach((term, i) => termNumber.set(term, i));

  // Which vectors hold which term, as one flat array with offsets per term (CSR).
  const start = new Uint32Array(terms.length + 1);
  for (const [, packed] of vectors) {
    let term = 0;
    for (let i = 0; i < packed.length; i += 2) start[(term += packed[i]) + 1]++;
  }
  for (let t = 0; t < terms.length; t++) start[t + 1] += start[t];
  const holders = new Uint32Array(start[terms.length]);
  const filled = start.slice(0, terms.length);
  vectors.forEach(([, packed], v) => {
    let term = 0;
    for (let i = 0; i < packed.length; i += 2) holders[filled[(term += packed[i])]++] = v;
  });
  const vectorNumber = new Map<string, number>();
  vectors.forEach(([fieldRef], v) => vectorNumber.set(fieldRef, v));

  const posting = (term: string) => {
    const n = termNumber.get(term)!;
    const p: Record<string, unknown> & { _index: number } = { _index: n };
    for (const field of fields) p[field] = {};
    for (let i = start[n]; i < start[n + 1]; i++) {
      const fieldRef = vectors[holders[i]][0];
      const slash = fieldRef.indexOf('/');
      (p[fieldRef.slice(0, slash)] as Record<string, object>)[fieldRef.slice(slash + 1)] = {};
    }
    return p;
  };
  const vector = (fieldRef: string) => {
    const packed = vectors[vectorNumber.get(fieldRef)!][1];
    const elements: number[] = [];
    let term = 0;
    for (let i = 0; i < packed.length; i += 2) elements.push((term += packed[i]), packed[i + 1] / SCALE);
    return new lunr.Vector(elements);
  };
  // Stands in for lunr's TokenSet: with exact terms, the intersection is the term if indexed.
  const tokenSet = {
    intersect: (clause: lunr.TokenSet) => {
      const found = clause.toArray().filter((term) => termNumber.has(term));
      return { toArray: () => found };
    },
  };
  // @types/lunr names the vectors `documentVectors`; lunr 2.3.9 reads `fieldVectors`.
  const attrs = {
    fields,
    pipeline: new lunr.Pipeline(),
    tokenSet,
    invertedIndex: lazyRecord((term) => termNumber.has(term), posting),
    fieldVectors: lazyRecord((fieldRef) => vectorNumber.has(fieldRef), vector),
  };
  return new lunr.Index(attrs as unknown as lunr.Index.Attributes);
}

/** A read-only record whose values are built on first read (lunr reads it with `[key]`). */
function lazyRecord<T>(has: (key: string) => boolean, build: (key: string) => T): Record<string, T> {
  const cache = new Map<string, T>();
  return new Proxy({} as Record<string, T>, {
    get(_, key) {
      if (typeof key !== 'string' || !has(key)) return undefined;
      let value = cache.get(key);
      if (value === undefined) cache.set(key, (value = build(key)));
      return value;
    },
    has: (_, key) => typeof key === 'string' && has(key),
  });
}
