/** The return rules, bundled from content/rules/returns.yaml at build time (checked at build start). */
import { parse } from 'yaml';
import raw from '../../../content/rules/returns.yaml?raw';
import { returnRulesSchema } from './schema';

export const RETURN_RULES = returnRulesSchema.parse(parse(raw));
