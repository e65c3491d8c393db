// @ts-check
import node from '@astrojs/node';
import solid from '@astrojs/solid-js';
import { defineConfig } from 'astro/config';
import contentCheck from './src/integrations/content-check.ts';
import precompress from './src/integrations/precompress.ts';
import searchIndex from './src/integrations/search-index.ts';

export default defineConfig({
  output: 'server',
  // The top level stays small (see README): static files live under src/.
  publicDir: './src/public',
  // src/serve.mjs runs the standalone handler inside its own HTTP server (pre-compressed assets).
  adapter: node({ mode: 'standalone', bodySizeLimit: 1024 * 1024 }),
  // searchIndex writes its asset at build:done, before precompress compresses the client files.
  integrations: [contentCheck(), searchIndex(), solid(), precompress()],
  server: { port: 4321, host: 'localhost' },
  security: { checkOrigin: true },
  session: {
    driver: { entrypoint: new URL('./src/lib/store/session-driver.ts', import.meta.url) },
    // A staff session lasts one shift.
    ttl: 8 * 60 * 60,
    // Astro always sets HttpOnly on the session cookie.
    cookie: { name: 'sdk_session', sameSite: 'lax' },
  },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
