/// <reference types="astro/client" />

declare module '*.yaml?raw' {
  const text: string;
  export default text;
}

declare namespace App {
  interface Locals {
    /** Kiosk language, from the kiosk_lang cookie. */
    lang: import('./lib/i18n/dict').Lang;
    /** The signed-in staff member, if any (set by src/middleware.ts). */
    user?: import('./lib/auth/roles').SessionUser;
  }
  interface SessionData {
    /** Id of the signed-in user. */
    userId: string;
  }
}
