/**
 * The anonymiser of the case library (案例库, complaints-8.3: a case is stripped of the shopper's
 * name, phone and other personal details before it is used for training). Pure.
 *
 * What it removes from free text:
 * - the names it is given (the shopper's, and every staff member's who touched the ticket), also
 *   written with spaces or invisible characters between the characters, and the shopper's surname
 *   with a form of address (张先生, 王女士 …);
 * - the shopper's phone, address and verification code as given;
 * - anything shaped like a phone number, an identity-card number or another long number, in
 *   ASCII, full-width or Chinese digits, with or without separators (dates are kept);
 * - e-mail addresses.
 *
 * It errs on the side of removing: a long order number is removed too. The supervisor sees the
 * result before saving, and the server runs it again over what the supervisor saves.
 */

/** What the anonymiser knows about the people of one ticket. */
export interface PersonalData {
  /** The shopper's name, as given. */
  customerName?: string;
  /** The shopper's phone, as given. */
  phone?: string;
  /** The shopper's address, as given. */
  address?: string;
  /** The ticket's verification code. */
  verifyCode?: string;
  /** Names of staff members (actors, assignees) on the ticket. */
  staffNames?: readonly string[];
}

/** What replaced what, for the preview ("3 处电话已隐去"). */
export type ScrubKind = 'customer' | 'staff' | 'phone' | 'idNumber' | 'number' | 'email' | 'address' | 'code';

export interface ScrubResult {
  text: string;
  /** How many of each kind were replaced. */
  removed: Partial<Record<ScrubKind, number>>;
}

/** The words put in place of what was removed. */
export const PLACEHOLDER: Record<ScrubKind, string> = {
  customer: '顾客',
  staff: '客服人员',
  phone: '〔电话已隐去〕',
  idNumber: '〔证件号已隐去〕',
  number: '〔号码已隐去〕',
  email: '〔邮箱已隐去〕',
  address: '〔地址已隐去〕',
  code: '〔验证码已隐去〕',
};

/** Zero-width and other invisible characters someone could put inside a name or a number. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\ufeff]/g;
/** Chinese digits (also 幺 and 两, as numbers are read out on the phone). */
const CHINESE_DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  一: '1',
  幺: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
/** Forms of address after a surname. */
const ADDRESS_FORMS = ['先生', '女士', '小姐', '太太', '阿姨', '大爷', '大妈', '师傅', '同志', '老师', '总'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Full-width digits and letters to ASCII, invisible characters dropped (the rest of the text as it is). */
function normalise(text: string): string {
  return (
    text
      .replace(INVISIBLE, '')
      // Control characters (the placeholder for set-aside dates is one of them).
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0e\uff0d]/g, (c) =>
        String.fromCharCode(c.charCodeAt(0) - 0xfee0),
      )
      .replace(/\u3000/g, ' ')
  );
}

/** A pattern for a name that also matches it with spaces between its characters (case-insensitive). */
function namePattern(name: string, withAddressForm = false): RegExp | undefined {
  const chars = [...normalise(name).replace(/\s+/g, '')];
  if (chars.length < 2) return undefined; // one character would remove it from every word it is in
  const form = withAddressForm ? `(?:${ADDRESS_FORMS.join('|')})?` : '';
  return new RegExp(chars.map(escapeRegExp).join('\\s*') + form, 'giu');
}

/** The digits of a number, also when written with separators or Chinese digits. */
const digitsOf = (s: string) => s.replace(/[零〇一幺二两三四五六七八九]/g, (c) => CHINESE_DIGITS[c]).replace(/\D/g, '');

/**
 * A run of digits (ASCII or Chinese) with at most one separator (space, dash, dot, slash) between
 * any two of them; `+86` in front is part of it.
 */
const NUMBER_RUN = /(?:\+?86[\s-]?)?[0-9零〇一幺二两三四五六七八九](?:[\s\-./]?[0-9零〇一幺二两三四五六七八九])+[xX]?/g;

/** What kind of personal number a run is, or undefined to keep it. */
function classifyNumber(run: string): ScrubKind | undefined {
  const digits = digitsOf(run);
  // Chinese numerals: "三十" is not a number we read here, but seven digits read out one by one are.
  if (/[零〇一幺二两三四五六七八九]/.test(run) && digits.length < 7) return undefined;
  const withCheck = digits + (/[xX]$/.test(run) ? 'X' : '');
  if (/^1[3-9]\d{9}$/.test(digits) || /^861[3-9]\d{9}$/.test(digits)) return 'phone';
  if (/^\d{17}[\dX]$/.test(withCheck) || /^\d{15}$/.test(digits)) return 'idNumber';
  if (/^0\d{9,11}$/.test(digits)) return 'phone';
  if (digits.length >= 7) return 'number';
  return undefined;
}

/**
 * A date, with a time (kept): 2026-11-29, 2026.11.29, 2026年11月29日 14:30. Not when it touches
 * more digits, so an identity number cannot hide its birth date behind this rule.
 */
const DATE_IN_TEXT =
  /(?<![\d\-./])\d{4}(?:[-./]\d{1,2}[-./]\d{1,2}|年\d{1,2}月\d{1,2}日?)(?:\s*\d{1,2}[:：]\d{2})?(?![\d]|[-./]\d)/g;

/** An e-mail address (bounded parts: a long run of letters before no `@` must not cost n² steps). */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;

/** Removes the personal data of one ticket from a text (see the file comment for what it removes). */
export function scrubText(text: string, data: PersonalData): ScrubResult {
  const removed: Partial<Record<ScrubKind, number>> = {};
  const count = (kind: ScrubKind, n = 1) => (removed[kind] = (removed[kind] ?? 0) + n);
  let out = normalise(text);

  const replaceAll = (pattern: RegExp | undefined, kind: ScrubKind) => {
    if (!pattern) return;
    out = out.replace(pattern, () => {
      count(kind);
      return PLACEHOLDER[kind];
    });
  };

  // What was given exactly first: the address, then the names (longest first, so 张伟明 goes before 张伟).
  const address = data.address && normalise(data.address).trim();
  if (address && address.length >= 2) replaceAll(new RegExp(escapeRegExp(address), 'g'), 'address');
  const names: [string, ScrubKind][] = [
    ...(data.customerName ? [[data.customerName, 'customer'] as [string, ScrubKind]] : []),
    ...(data.staffNames ?? []).map((n) => [n, 'staff'] as [string, ScrubKind]),
  ];
  names.sort((a, b) => b[0].length - a[0].length);
  // 王小明女士 becomes 顾客, not 顾客女士.
  for (const [name, kind] of names) replaceAll(namePattern(name, kind === 'customer'), kind);
  const surname = data.customerName && [...normalise(data.customerName).trim()][0];
  if (surname && /\p{Script=Han}/u.test(surname))
    replaceAll(new RegExp(`${escapeRegExp(surname)}(?:${ADDRESS_FORMS.join('|')})`, 'gu'), 'customer');

  replaceAll(EMAIL, 'email');

  // Every number run: the shopper's phone and code are caught here too, whatever their spacing.
  const phone = data.phone ? digitsOf(data.phone) : '';
  const code = data.verifyCode ? digitsOf(data.verifyCode) : '';
  // Dates are set aside while numbers are looked at (a date and a phone side by side stay apart).
  const dates: string[] = [];
  out = out.replace(DATE_IN_TEXT, (d) => `\u0000${dates.push(d) - 1}\u0000`);
  out = out.replace(NUMBER_RUN, (run) => {
    const digits = digitsOf(run);
    let kind: ScrubKind | undefined;
    if (phone && digits.length >= 7 && digits.endsWith(phone.slice(-7))) kind = 'phone';
    else if (code && digits === code) kind = 'code';
    else kind = classifyNumber(run);
    if (!kind) return run;
    count(kind);
    return PLACEHOLDER[kind];
  });
  // eslint-disable-next-line no-control-regex -- the placeholder of a set-aside date
  out = out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => dates[Number(i)]);
  return { text: out, removed };
}

/**
 * Whether a text still holds any of the ticket's personal data or anything phone- or ID-shaped
 * (what the e2e test and the server's last check ask): true when scrubbing would change nothing.
 */
export function isClean(text: string, data: PersonalData): boolean {
  return Object.keys(scrubText(text, data).removed).length === 0;
}
