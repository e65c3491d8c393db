/**
 * Who may read a policy page. Pages written for shoppers are public (the kiosk and the shopper guide
 * quote them); the rest (roles, discipline, records, the complaint procedures) are staff documents,
 * readable by anyone only when the mall chooses so with `POLICIES_PUBLIC=1` (`config()`, src/lib/config/env.js).
 */
import type { Audience } from './schema';

/** A page is staff-only when it is not written for shoppers. */
export function isStaffOnly(audience: readonly Audience[]): boolean {
  return !audience.includes('shopper');
}

/** Whether a reader (signed in or not) may open a page of this audience. */
export function canReadPolicy(audience: readonly Audience[], signedIn: boolean, publicLibrary: boolean): boolean {
  return publicLibrary || signedIn || !isStaffOnly(audience);
}
