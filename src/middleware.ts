import { defineMiddleware } from 'astro:middleware';
import { parseLang } from './lib/i18n/dict';
import { toSessionUser } from './lib/auth/users';
import { isProtectedPath } from './lib/auth/guard';

/** Kiosk language cookie; the idle reset clears it (back to Chinese). */
export const KIOSK_LANG_COOKIE = 'kiosk_lang';

export const onRequest = defineMiddleware(async (context, next) => {
  // Prerendered pages are built once for everyone: no cookies, no user.
  if (context.isPrerendered) {
    context.locals.lang = 'zh-CN';
    return next();
  }
  context.locals.lang = parseLang(context.cookies.get(KIOSK_LANG_COOKIE)?.value);

  const { pathname } = context.url;
  const guarded = isProtectedPath(pathname);
  // Only touch the session where a signed-in user matters, so kiosk and policy pages stay cookie-free.
  if ((guarded || context.cookies.has('sdk_session'))) {
    const userId = await context.session?.get('userId');
    if (userId) {
      const { getUsers } = await import('./lib/auth/auth.server');
      const user = (await getUsers()).byId(userId);
      if (user?.active) context.locals.user = toSessionUser(user);
      else context.session?.destroy();
    }
  }
  if (guarded && !context.locals.user) {
    if (pathname.startsWith('/api/')) {
      const { apiError } = await import('./lib/api/http');
      return apiError(401, 'unauthenticated', { zh: '请先登录', en: 'Sign in first' });
    }
    return context.redirect(`/login?next=${encodeURIComponent(pathname + context.url.search)}`, 303);
  }

  const response = await next();
  const headers = response.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
  if (context.locals.user) headers.set('Cache-Control', 'no-store');
  return response;
});
