/**
 * Astro (7.3) hashes the route's stylesheet and script entries for the Content-Security-Policy on
 * every SSR response (`generateCspDigest` in `astro/dist/core/encryption.js`, an async WebCrypto
 * digest each), although they are the same for every request of a route: about 0.6 ms of a staff
 * page's 7 ms of node CPU on this machine (`npm run bench chain`, profiled). This build-time
 * transform memoises the digest by its input (bounded), so each distinct text is hashed once per
 * process. Nothing in node_modules changes; when Astro's function is renamed the build says so and
 * the transform does nothing (drop this file once Astro caches the digests itself).
 */
import type { AstroIntegration } from 'astro';

const FILE = /[\\/]astro[\\/]dist[\\/]core[\\/]encryption\.js$/;
const NEEDLE = 'async function generateCspDigest(data, algorithm) {';
/** Distinct texts kept: a route's entries are few; anything past this is hashed every time. */
const MAX_ENTRIES = 2000;

export function memoiseCspDigest(code: string): string | undefined {
  if (!code.includes(NEEDLE)) return undefined;
  return code.replace(
    NEEDLE,
    `const cspDigests = new Map();
function generateCspDigest(data, algorithm) {
  const key = algorithm + "\\u0000" + data;
  let digest = cspDigests.get(key);
  if (digest === undefined) {
    digest = computeCspDigest(data, algorithm);
    if (cspDigests.size < ${MAX_ENTRIES}) cspDigests.set(key, digest);
    // A failed digest is not kept.
    digest.catch(() => cspDigests.delete(key));
  }
  return digest;
}
async function computeCspDigest(data, algorithm) {`,
  );
}

export default function cspDigestCache(): AstroIntegration {
  return {
    name: 'service-desk:csp-digest-cache',
    hooks: {
      'astro:config:setup': ({ updateConfig, logger }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'service-desk:csp-digest-cache',
                enforce: 'pre',
                transform(code, id) {
                  if (!FILE.test(id.split('?')[0])) return undefined;
                  const out = memoiseCspDigest(code);
                  if (out === undefined)
                    logger.warn(`${id}: generateCspDigest not found, CSP digests are not memoised`);
                  return out === undefined ? undefined : { code: out, map: null };
                },
              },
            ],
          },
        });
      },
    },
  };
}
