// @ts-check
import node from '@astrojs/node';
import solid from '@astrojs/solid-js';
import { defineConfig } from 'astro/config';
import contentCheck from './src/integrations/content-check.ts';
import cspDigestCache from './src/integrations/csp-digest-cache.ts';
import imeData from './src/integrations/ime-data.ts';
import { solidHydrationScriptHash } from './src/integrations/csp-hashes.ts';
import precompress from './src/integrations/precompress.ts';
import searchIndex from './src/integrations/search-index.ts';

export default defineConfig({
  output: 'server',
  // The top level stays small (see README): static files live under src/.
  publicDir: './src/public',
  // src/serve.mjs is the HTTP server: it serves the built static files itself (pre-compressed,
  // with security headers) and hands the rest to Astro's handler, so an API POST never waits
  // for a static-file probe in the thread pool.
  // staticHeaders: the build writes each prerendered page's CSP to dist/_headers.json, sent as a header.
  adapter: node({ mode: 'middleware', bodySizeLimit: 1024 * 1024, staticHeaders: true }),
  // searchIndex and imeData write their assets at build:done, before precompress compresses the client files.
  integrations: [contentCheck(), cspDigestCache(), searchIndex(), imeData(), solid(), precompress()],
  server: { port: 4321, host: 'localhost' },
  security: {
    checkOrigin: true,
    // Any host and protocol: src/serve.mjs drops X-Forwarded-* unless the peer is in TRUSTED_PROXIES,
    // so what reaches Astro is either the socket's own or a trusted proxy's (https behind TLS).
    allowedDomains: [{ protocol: 'http' }, { protocol: 'https' }],
    // A Content-Security-Policy header on every page (docs/RELIABILITY.md): Astro hashes the inline
    // scripts and styles it emits (island bootstrap, hydration directives), so no 'unsafe-inline' for scripts.
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "img-src 'self' data:",
        "connect-src 'self'",
      ],
      // Solid's hydration bootstrap is inline and unknown to Astro: its hash is computed at build.
      scriptDirective: { resources: ["'self'"], hashes: [solidHydrationScriptHash()] },
      // Solid and the layouts set style attributes; <style> elements stay hash-checked.
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  session: {
    driver: { entrypoint: new URL('./src/lib/store/session-driver.ts', import.meta.url) },
    // A staff session lasts one shift.
    ttl: 8 * 60 * 60,
    // Astro always sets HttpOnly on the session cookie. Secure is added per request by src/serve.mjs
    // when the request came over TLS (plain http on a mall LAN would otherwise drop the cookie).
    cookie: { name: 'sdk_session', sameSite: 'lax', secure: false },
  },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
