/** The escalation table bundled from content/mall/escalation.yaml at build time (checked by the content check). */
import { parse } from 'yaml';
import escalationRaw from '../../../content/mall/escalation.yaml?raw';
import { escalationSchema, type Escalation } from './escalation';

export const ESCALATION: Escalation = escalationSchema.parse(parse(escalationRaw));
