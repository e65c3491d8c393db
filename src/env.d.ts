/// <reference types="astro/client" />

declare module '*.yaml?raw' {
  const text: string;
  export default text;
}

declare namespace App {
  interface Locals {
    /** Kiosk language, from the kiosk_lang cookie. */
    lang: import('./lib/i18n/dict').Lang;
  }
}
