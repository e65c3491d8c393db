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
    /** The user's sessionVersion at sign-in; the session ends when it changes. */
    sessionVersion: number;
  }
}

/** The built search asset (src/integrations/search-index.ts). */
declare module 'virtual:search-asset' {
  /** Public URL of the asset, with its content hash. */
  export const SEARCH_ASSET_URL: string;
  /** Path of the asset relative to the built server's directory. */
  export const SEARCH_ASSET_FROM_SERVER: string;
  /** File name of the built server's entry, to find that directory. */
  export const SERVER_ENTRY: string;
  /** The asset's JSON in `astro dev` (no built file there). */
  export const SEARCH_ASSET_INLINE: string | undefined;
}

/** The built input method data (src/integrations/ime-data.ts). */
declare module 'virtual:ime-assets' {
  /** Public URL of the pinyin table, with its content hash. */
  export const IME_PINYIN_URL: string;
  /** Public URL of the handwriting templates, with its content hash. */
  export const IME_STROKES_URL: string;
}
