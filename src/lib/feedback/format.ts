/**
 * Small text rules shared by the server and the kiosk islands (no imports, so an island can
 * bundle them without the schemas): how characters are counted, what a mobile number and a
 * ticket number look like.
 */

/** Length of a text as people count it (code points, so one Chinese character is one). */
export const textLength = (s: string) => [...s].length;

/** Mainland mobile number from what was typed: spaces, dashes and a +86/0086 prefix are dropped. */
export function normalisePhone(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** `FK20261122-0042`: the mall-local day and the day's sequence number. */
export function formatTicketNo(day: string, seq: number): string {
  return `FK${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}

/**
 * A ticket number from what a shopper typed or scanned: case, spaces and dashes do not matter,
 * the FK prefix may be left out (12+ digits). Undefined when it cannot be a ticket number.
 */
export function parseTicketNo(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const m = /^(?:FK)?(\d{8})(\d{4,6})$/.exec(compact);
  return m ? `FK${m[1]}-${m[2]}` : undefined;
}

/**
 * What the status form shows while a ticket number is typed digit by digit: the number as the
 * receipt prints it (`FK20261130-0016`), the prefix and the dash added, so the shopper compares
 * like with like. Anything else (a scanned link) is left as it is.
 */
export function formatTicketInput(text: string): string {
  if (!/^[\sFfKk\d-]*$/.test(text)) return text;
  const digits = text.replace(/\D/g, '').slice(0, 14);
  if (!digits) return '';
  return digits.length > 8 ? `FK${digits.slice(0, 8)}-${digits.slice(8)}` : `FK${digits}`;
}

/**
 * Ticket number and code from a scanned receipt QR code (a status link `…/kiosk/status?t=…&c=…`)
 * typed into the ticket field by a scanner; undefined when the text is not such a link.
 */
export function parseScannedLink(text: string | null | undefined): { t: string; c: string } | undefined {
  if (!text || !text.includes('t=') || !text.includes('c=')) return undefined;
  const query = text.slice(text.indexOf('?') + 1);
  const params = new URLSearchParams(query);
  const t = params.get('t');
  const c = params.get('c');
  return t && c ? { t, c } : undefined;
}

/**
 * Whether the shopper is promised a reply time. Praise (表扬) is thanked and passed on to the
 * person or shop praised: it is not a case waiting for an answer, so no deadline is shown for it.
 */
export const promisesReply = (kind: string) => kind !== 'praise';
