import type { APIRoute } from 'astro';
import { parseLang } from '../../lib/i18n/dict';
import { safeKioskPath } from '../../lib/kiosk/tiles';
import { KIOSK_LANG_COOKIE } from '../../middleware';

/** Language switch: a plain link, so it works before any script has loaded. */
export const GET = (({ url, cookies, redirect }) => {
  const lang = parseLang(url.searchParams.get('to'));
  cookies.set(KIOSK_LANG_COOKIE, lang, { path: '/', sameSite: 'lax', httpOnly: true });
  return redirect(safeKioskPath(url.searchParams.get('next')), 303);
}) satisfies APIRoute;
