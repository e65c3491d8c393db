/**
 * Mall-local time bound to this mall's zone (`timeZone` in content/mall/mall.yaml): the one-line
 * bindings pages use, so no page names a zone or formats a time itself.
 */
import { MALL } from '../mall/mall';
import { formatLocalDateTime, localDay, toLocalInput } from './mall-time';

/** An instant (ISO text or epoch ms) as `YYYY-MM-DD HH:MM` in the mall; empty when there is none. */
export const mallDateTime = (at: string | number | undefined): string =>
  at === undefined ? '' : formatLocalDateTime(typeof at === 'number' ? at : Date.parse(at), MALL.timeZone);

/** Today's date (`YYYY-MM-DD`) in the mall. */
export const mallToday = (now: number = Date.now()): string => localDay(now, MALL.timeZone);

/** An instant as the mall-local value of an `<input type="datetime-local">`. */
export const mallInputValue = (ms: number): string => toLocalInput(ms, MALL.timeZone);
