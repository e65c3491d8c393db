/**
 * The kiosk shows shoppers only pages written for them, in the kiosk's language: a return decision
 * cites the staff rule it applies (returns-x.y), and the kiosk opens the shopper guide's clause that
 * tells the shopper the same rule (shopper-guide-2.x, in Chinese and English).
 */
import { CLAUSE_ID_PATTERN } from '../policies/schema';

/** Staff clause (or its whole chapter, `returns-2`) → the shopper guide clause saying the same to shoppers. */
export const KIOSK_CLAUSES: Readonly<Record<string, string>> = {
  'returns-1.1': 'shopper-guide-2.1', // fifteen days
  'returns-1.2': 'shopper-guide-2.1', // unused, resaleable
  'returns-1.3': 'shopper-guide-2.1', // receipt or invoice
  'returns-1.4': 'shopper-guide-2.4', // counting the days
  'returns-2': 'shopper-guide-2.2', // goods not returned at the counter, each group with its reason
  'returns-3': 'shopper-guide-2.3', // quality problems are always handled
  'returns-4': 'shopper-guide-2.2', // special cases: the counter asks its manager
};

/** The shopper guide clause the kiosk shows for a staff clause, or undefined when the guide has none. */
export function kioskClauseFor(staffClause: string): string | undefined {
  if (KIOSK_CLAUSES[staffClause]) return KIOSK_CLAUSES[staffClause];
  const match = CLAUSE_ID_PATTERN.exec(staffClause);
  if (!match) return undefined;
  const chapter = `${match[1]}-${match[2].split('.')[0]}`;
  return KIOSK_CLAUSES[chapter];
}
