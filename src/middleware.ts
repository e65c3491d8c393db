import { defineMiddleware } from 'astro:middleware';
import { parseLang } from './lib/i18n/dict';

/** Kiosk language cookie; the idle reset clears it (back to Chinese). */
export const KIOSK_LANG_COOKIE = 'kiosk_lang';

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.lang = parseLang(context.cookies.get(KIOSK_LANG_COOKIE)?.value);
  const response = await next();
  const headers = response.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
  return response;
});
