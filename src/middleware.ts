import { defineMiddleware } from 'astro:middleware';
import { bilingual, parseLang } from './lib/i18n/dict';
import { sessionIsCurrent, toSessionUser } from './lib/auth/users';
import { isProtectedPath } from './lib/auth/guard';

/** Kiosk language cookie; the idle reset clears it (back to Chinese). */
export const KIOSK_LANG_COOKIE = 'kiosk_lang';

/** Loading the ticket store takes seconds at 200,000 tickets: start it with the first request, not the first ticket. */
let storeWarming = false;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The users module, imported on the first signed-in request and kept (not looked up again per request). */
let authServerModule: Promise<typeof import('./lib/auth/auth.server')> | undefined;
const authServer = () => (authServerModule ??= import('./lib/auth/auth.server'));

/**
 * A browser always sends Origin on a cross-site POST; Astro's checkOrigin refuses only form-like
 * bodies, so JSON to the API or an action from another site is refused here too. Clients that send
 * no Origin (kiosk scripts, curl) are not browsers and carry no ambient cookies of ours to abuse.
 */
function crossSite(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get('origin');
  return origin !== null && origin !== url.origin;
}

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.isPrerendered && crossSite(context.request, context.url)) {
    const { apiError } = await import('./lib/api/http');
    return apiError(403, 'cross_site', bilingual('api.error.cross_site'));
  }
  if (!storeWarming && !context.isPrerendered) {
    storeWarming = true;
    void import('./lib/feedback/feedback.server')
      .then((m) => m.startFeedback())
      .catch(async (error) => (await import('./lib/api/errors')).logError(error, '(store open)'));
    // Policy pages render on request: parse the library now, not on the first reader's request.
    void import('./lib/policies/library.server')
      .then((m) => m.getLibrary())
      .catch(async (error) => (await import('./lib/api/errors')).logError(error, '(policy library)'));
  }
  // Prerendered pages are built once for everyone: no cookies, no user.
  if (context.isPrerendered) {
    context.locals.lang = 'zh-CN';
    return next();
  }
  context.locals.lang = parseLang(context.cookies.get(KIOSK_LANG_COOKIE)?.value);

  const { pathname } = context.url;
  const guarded = isProtectedPath(pathname);
  // Only touch the session where a signed-in user matters, so kiosk and policy pages stay cookie-free.
  // The staff API also takes `Authorization: Bearer <token>` (scripts, the hotline system): no session then.
  const bearer = pathname.startsWith('/api/staff/') ? context.request.headers.get('authorization') : null;
  if (bearer) {
    const { bearerToken } = await import('./lib/auth/tokens');
    const token = bearerToken(bearer);
    const user = token ? await (await authServer()).userOfToken(token) : undefined;
    if (user) context.locals.user = toSessionUser(user);
  } else if (guarded || context.cookies.has('sdk_session')) {
    const userId = await context.session?.get('userId');
    if (userId) {
      const user = await (await authServer()).userById(userId);
      // A password, role or account change (or "sign out everywhere") ends the session here.
      if (user && sessionIsCurrent(user, await context.session?.get('sessionVersion')))
        context.locals.user = toSessionUser(user);
      else context.session?.destroy();
    }
  }
  // A phone's training-only pass (30 days): only where quizzes are taken, and only for that (roles.ts `can`).
  if (!context.locals.user && !bearer && context.cookies.has('sdk_training')) {
    const pass = await import('./lib/auth/training-pass');
    if (pass.isTrainingPassPath(pathname)) {
      const { userOfTrainingPass } = await import('./lib/auth/training-pass.server');
      const user = await userOfTrainingPass(context.cookies.get(pass.TRAINING_COOKIE)?.value ?? '');
      if (user) context.locals.user = { ...toSessionUser(user), scope: 'training' };
    }
  }
  if (guarded && !context.locals.user) {
    if (pathname.startsWith('/api/')) {
      const { apiError } = await import('./lib/api/http');
      return apiError(401, 'unauthenticated', bilingual('auth.error.signIn'));
    }
    return context.redirect(`/login?next=${encodeURIComponent(pathname + context.url.search)}`, 303);
  }

  let response: Response;
  try {
    response = await next();
  } catch (error) {
    // Never a stack or a store path to the client: log it, answer with the envelope.
    const { errorResponse } = await import('./lib/api/errors');
    return errorResponse(error, pathname);
  }
  const headers = response.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
  if (context.locals.user) headers.set('Cache-Control', 'no-store');
  return response;
});
