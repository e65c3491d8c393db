import type { APIRoute } from 'astro';
import { KIOSK_LANG_COOKIE } from '../../middleware';

/** The idle reset's last step: back to Chinese and standard text, then home. The kiosk id stays. */
export const GET = (({ cookies, redirect }) => {
  cookies.delete(KIOSK_LANG_COOKIE, { path: '/' });
  cookies.delete('kiosk_view', { path: '/' });
  return redirect('/kiosk', 303);
}) satisfies APIRoute;
