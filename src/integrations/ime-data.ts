/**
 * Builds the kiosk input method's data (src/lib/ime/ime-files.ts) into two static files with a
 * content hash in their names, `/_astro/ime-pinyin.<hash>.json` and `/_astro/ime-strokes.<hash>.json`
 * (immutable, cached forever), fetched by the input panel only when a text step opens. Pages get
 * the names from `virtual:ime-assets`. Like the search index, the files are written into the client
 * output at `astro:build:done` (before precompress) and served from memory by `astro dev`.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPinyinTableFromDisk, buildStrokeTableFromDisk } from '../lib/ime/ime-files';

const VIRTUAL = 'virtual:ime-assets';
const RESOLVED = '\0' + VIRTUAL;
const ASSETS_DIR = '_astro';

interface Built {
  json: string;
  fileName: string;
}

export default function imeData(): AstroIntegration {
  let root = '';
  let clientDir = '';
  let built: { pinyin: Built; strokes: Built } | undefined;

  const asset = (name: string, data: unknown): Built => {
    const json = JSON.stringify(data);
    const hash = createHash('sha256').update(json).digest('hex').slice(0, 10);
    return { json, fileName: `${name}.${hash}.json` };
  };
  const build = () => {
    built ??= {
      pinyin: asset('ime-pinyin', buildPinyinTableFromDisk(root)),
      strokes: asset('ime-strokes', buildStrokeTableFromDisk(root)),
    };
    return built;
  };

  return {
    name: 'service-desk:ime-data',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        root = fileURLToPath(config.root);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'service-desk:ime-assets',
                resolveId: (id: string) => (id === VIRTUAL ? RESOLVED : undefined),
                load(id: string) {
                  if (id !== RESOLVED) return undefined;
                  const { pinyin, strokes } = build();
                  return [
                    `export const IME_PINYIN_URL = ${JSON.stringify(`/${ASSETS_DIR}/${pinyin.fileName}`)};`,
                    `export const IME_STROKES_URL = ${JSON.stringify(`/${ASSETS_DIR}/${strokes.fileName}`)};`,
                  ].join('\n');
                },
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        clientDir = fileURLToPath(config.build.client);
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const file = Object.values(build()).find((b) => req.url === `/${ASSETS_DIR}/${b.fileName}`);
          if (!file) return next();
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(file.json);
        });
      },
      'astro:build:done': ({ logger }) => {
        mkdirSync(path.join(clientDir, ASSETS_DIR), { recursive: true });
        for (const { json, fileName } of Object.values(build())) {
          writeFileSync(path.join(clientDir, ASSETS_DIR, fileName), json);
          logger.info(
            `input method data: ${ASSETS_DIR}/${fileName} (${Math.round(Buffer.byteLength(json) / 1024)} KB)`,
          );
        }
      },
    },
  };
}
