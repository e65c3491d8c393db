/**
 * UI strings: the dictionaries and the translator. Keys are dotted, grouped by feature
 * (`kiosk.`, `feedback.`, `returns.`, `tickets.` …); `{name}` placeholders are filled by `t()`.
 *
 * Two audiences, two kinds of dictionary:
 * - Shopper-facing strings (kiosk pages and islands, the kiosk set-up screen, and every message of
 *   the JSON API, whose error envelope is bilingual "中文 / English") are offered in every language
 *   in LANGS: one file per language, `zh-CN.ts` (the source) and `en.ts`. `en.ts` is typed
 *   `satisfies Record<MessageKey, string>`, so a key missing in English, or only in English, fails
 *   `npm run check`; the unit test adds what types cannot see (empty strings, Chinese left in the
 *   English file, placeholders that differ).
 * - Staff-only strings (the intranet: policies, search, workbench, reports, kiosk health, training,
 *   sign-in and user admin) are Chinese only, in `staff.zh-CN.ts`. Staff pages are always rendered
 *   in Chinese (the mall's customer-service staff work in Chinese, and no page offers a language
 *   switch), so an English copy would be maintained for nobody. If the intranet ever gets an
 *   English mode, add `staff.en.ts` typed against `StaffKey` the same way.
 *
 * `translator('zh-CN')` reads both dictionaries; `translator(lang)` for any other language, or for a
 * `Lang` variable, only accepts shopper keys, so a staff string cannot reach a kiosk in the wrong
 * language. A third kiosk language is one more file typed like `en.ts` plus an entry in LANGS and
 * MESSAGES.
 */
import { en } from './en';
import { staffZhCN, type StaffKey } from './staff.zh-CN';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey, StaffKey };

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Shopper-facing strings, one table per language. */
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Joins two dictionaries; a key defined in both is a type error (one would silently win). */
function joinDisjoint<A extends object, B extends object>(
  a: A,
  b: B & { [K in keyof B]: K extends keyof A ? never : B[K] },
) {
  return { ...a, ...b };
}

/** Every Chinese string: the shopper-facing ones and the staff-only ones. */
export const ZH_CN: Record<MessageKey | StaffKey, string> = joinDisjoint(zhCN, staffZhCN);

/** Values for `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders from `params`; unknown ones are left as they are. */
export function fill(template: string, params?: Params): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
}

/** A translator bound to one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: 'zh-CN'): (key: MessageKey | StaffKey, params?: Params) => string;
export function translator(lang: Lang): (key: MessageKey, params?: Params) => string;
export function translator(lang: Lang) {
  const table: Record<string, string> = lang === 'zh-CN' ? ZH_CN : MESSAGES[lang];
  return (key: MessageKey | StaffKey, params?: Params) => fill(table[key], params);
}

/** One shopper-facing string in Chinese and English, e.g. for the API's `{ zh, en }` messages. */
export function bilingual(key: MessageKey, params?: Params): { zh: string; en: string } {
  return { zh: fill(MESSAGES['zh-CN'][key], params), en: fill(MESSAGES.en[key], params) };
}

/** The shopper-facing strings of one language whose keys start with `prefix` (an island's strings). */
export function messagesWithPrefix(lang: Lang, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(MESSAGES[lang]).filter(([key]) => key.startsWith(prefix)));
}

/** Parses a language tag from a cookie or query; anything unknown is Chinese. */
export const parseLang = (value: string | undefined | null): Lang => (value === 'en' ? 'en' : 'zh-CN');
