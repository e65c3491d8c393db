import type { APIRoute } from 'astro';
import { safeKioskPath } from '../../lib/kiosk/tiles';

/** 长辈模式: large text and high contrast, one tap from every kiosk screen; cleared by the idle reset. */
export const GET = (({ url, cookies, redirect }) => {
  if (url.searchParams.get('mode') === 'large')
    cookies.set('kiosk_view', 'large', { path: '/', sameSite: 'lax', httpOnly: true });
  else cookies.delete('kiosk_view', { path: '/' });
  return redirect(safeKioskPath(url.searchParams.get('next')), 303);
}) satisfies APIRoute;
