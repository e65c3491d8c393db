/**
 * Pre-compresses the built static files (Brotli and gzip) once at build time, so the server
 * sends compressed assets without compressing on every request (src/lib/http/static.js).
 */
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt|xml|webmanifest)$/;
const MIN_BYTES = 512;

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

export default function precompress(): AstroIntegration {
  return {
    name: 'service-desk:precompress',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        // For server output `dir` is the client directory.
        const root = fileURLToPath(dir);
        let count = 0;
        for (const file of walk(root)) {
          if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
          const data = readFileSync(file);
          writeFileSync(
            `${file}.br`,
            brotliCompressSync(data, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
            }),
          );
          writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
          count++;
        }
        logger.info(`pre-compressed ${count} static files (br, gz)`);
      },
    },
  };
}
