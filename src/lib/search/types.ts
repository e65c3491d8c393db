/**
 * Types and constants of search with no runtime dependency: the browser bundle imports
 * these (schema.ts pulls in zod, which the staff search island must not ship).
 */
import type { Lang } from '../i18n/dict';
import type { Audience, SectionSlug } from '../policies/schema';
import type { CompactIndex } from './index-codec';

/** Options of one search, as the domain takes them. */
export interface SearchOptions {
  limit?: number;
  audience?: Audience;
  section?: SectionSlug;
  /** Show clauses in this language where the page has a translation (English at the kiosk). */
  lang?: Lang;
}

/** One hit as the API and the UIs show it. */
export interface SearchResult {
  /** Clause id, e.g. `returns-1.1`. */
  id: string;
  /** Clause title (without its number). */
  title: string;
  /** Section slug. */
  section: string;
  /** Page slug, for kiosk links (`/kiosk/guide/<slug>#<id>`). */
  slug: string;
  /** Title of the page the clause is on. */
  pageTitle: string;
  /** Staff deep link `/policies/<section>/<slug>#<id>`. */
  url: string;
  /** Plain-text excerpt of the clause around the best match. */
  excerpt: string;
  /** [start, end) offsets of matched words in `excerpt`. */
  highlights: [number, number][];
  /** [start, end) offsets of matched words in `title`. */
  titleHighlights: [number, number][];
  /** Relevance; higher is better. */
  score: number;
}

export interface SearchResponse {
  query: string;
  total: number;
  results: SearchResult[];
}

/** Audiences of a document as bit flags (shopper 1, staff 2, trainer 4), to keep the store small. */
export const AUDIENCE_BITS = { shopper: 1, staff: 2, trainer: 4 } as const;

/**
 * One clause in the document store, as a tuple to keep the asset small:
 * [id, clause title, section slug, page slug, page title, plain text, audience bits, staff url].
 */
export type StoredDoc = [string, string, string, string, string, string, number, string];

/** The file the build writes and the browser and server load. */
export interface SearchAsset {
  /** Format version. */
  v: 2;
  /** lunr's serialised index, compacted (index-codec.ts). */
  index: CompactIndex;
  /** Document store, by position; the index refers to a document by its position (as a string). */
  docs: StoredDoc[];
  /**
   * English versions of clauses whose page has a translation, by document position:
   * [clause title, page title, plain text]. Indexed in the `en` field, shown when asked in English.
   */
  en: Record<string, [string, string, string]>;
  /** Section titles by slug (indexed, and shown in results). */
  sections: Record<string, string>;
  /** Traditional-to-simplified folding pairs, two characters each ("貨货發发…"). */
  fold: string;
  /** Pinyin (full, and initials) of key words → those words. */
  pinyin: Record<string, string[]>;
  /** Synonym groups, already folded. */
  synonyms: string[][];
}
