/** The forms library bundled from content/forms/forms.yaml at build time (checked by the content check). */
import { parse } from 'yaml';
import formsRaw from '../../../content/forms/forms.yaml?raw';
import { formsSchema, type Form } from './forms';

export const FORMS: Form[] = formsSchema.parse(parse(formsRaw));
