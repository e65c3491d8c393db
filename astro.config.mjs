// @ts-check
import node from '@astrojs/node';
import solid from '@astrojs/solid-js';
import { defineConfig } from 'astro/config';
import contentCheck from './src/integrations/content-check.ts';
import searchIndex from './src/integrations/search-index.ts';

export default defineConfig({
  output: 'server',
  // The top level stays small (see README): static files live under src/.
  publicDir: './src/public',
  adapter: node({ mode: 'standalone' }),
  integrations: [contentCheck(), searchIndex(), solid()],
  server: { port: 4321, host: 'localhost' },
  security: { checkOrigin: true },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
