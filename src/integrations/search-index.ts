/**
 * Builds the search asset (src/lib/search) from content/ and ships it as a static file with a
 * content hash in its name, `/_astro/search-index.<hash>.json` (immutable, cached forever).
 *
 * The name must be known before pages are prerendered (they link to it), so the asset is
 * built when first imported through `virtual:search-asset`, and written into the client
 * output at `astro:build:done`. The server finds the same file relative to its own entry
 * (never the working directory). In `astro dev` the file is served from memory and the
 * server gets the data inline.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchAssetFromDisk } from '../lib/search/search-files';

const VIRTUAL = 'virtual:search-asset';
const RESOLVED = '\0' + VIRTUAL;
const ASSETS_DIR = '_astro';

export default function searchIndex(): AstroIntegration {
  let root = '';
  let dev = false;
  let clientDir = '';
  let serverDir = '';
  let serverEntry = 'entry.mjs';
  let built: { json: string; fileName: string } | undefined;

  const build = () => {
    if (!built) {
      const json = JSON.stringify(buildSearchAssetFromDisk(root));
      const hash = createHash('sha256').update(json).digest('hex').slice(0, 10);
      built = { json, fileName: `search-index.${hash}.json` };
    }
    return built;
  };

  return {
    name: 'service-desk:search-index',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        root = fileURLToPath(config.root);
        dev = command === 'dev';
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'service-desk:search-asset',
                resolveId: (id: string) => (id === VIRTUAL ? RESOLVED : undefined),
                load(id: string) {
                  if (id !== RESOLVED) return undefined;
                  const { json, fileName } = build();
                  const fromServer = path
                    .relative(serverDir, path.join(clientDir, ASSETS_DIR, fileName))
                    .split(path.sep)
                    .join('/');
                  return [
                    `export const SEARCH_ASSET_URL = ${JSON.stringify(`/${ASSETS_DIR}/${fileName}`)};`,
                    `export const SEARCH_ASSET_FROM_SERVER = ${JSON.stringify(fromServer)};`,
                    `export const SERVER_ENTRY = ${JSON.stringify(serverEntry)};`,
                    `export const SEARCH_ASSET_INLINE = ${dev ? JSON.stringify(json) : 'undefined'};`,
                  ].join('\n');
                },
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        clientDir = fileURLToPath(config.build.client);
        serverDir = fileURLToPath(config.build.server);
        serverEntry = config.build.serverEntry;
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const { json, fileName } = build();
          if (req.url !== `/${ASSETS_DIR}/${fileName}`) return next();
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(json);
        });
      },
      'astro:build:done': ({ logger }) => {
        const { json, fileName } = build();
        mkdirSync(path.join(clientDir, ASSETS_DIR), { recursive: true });
        writeFileSync(path.join(clientDir, ASSETS_DIR, fileName), json);
        logger.info(`search index: ${ASSETS_DIR}/${fileName} (${Math.round(json.length / 1024)} KB)`);
      },
    },
  };
}
