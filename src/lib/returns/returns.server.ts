/** Binds the pure return check to this mall's rules, time zone and policy library. */
import { clauseLink } from '../policies/clause-link';
import { getLibrary } from '../policies/library.server';
import { MALL } from '../mall/mall';
import type { CheckContext } from './returns';
import { RETURN_RULES } from './rules';

/** The context of checkReturn for this server: rules, mall, and deep links from the clause index. */
export async function checkContext(): Promise<CheckContext> {
  const { clauses } = await getLibrary();
  return {
    rules: RETURN_RULES,
    mall: MALL,
    clauseUrl: (id) => {
      const { href } = clauseLink(clauses, id);
      // The build fails on a cited clause that does not exist, so this is a bug if it happens.
      if (!href) throw new Error(`returns: clause "${id}" is not in the policy library`);
      return href;
    },
  };
}
