/** The mall's settings, bundled from content/mall/mall.yaml at build time. */
import { parse } from 'yaml';
import raw from '../../../content/mall/mall.yaml?raw';
import { mallSchema } from './schema';

export const MALL = mallSchema.parse(parse(raw));
