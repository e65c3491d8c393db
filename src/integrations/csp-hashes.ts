/**
 * Hashes for the Content-Security-Policy of inline scripts Astro does not know about. Astro hashes
 * its own (island bootstrap, hydration directives, hoisted scripts); Solid's renderer adds its
 * hydration bootstrap (`window._$HY…`) to every page with an island, which Astro leaves out.
 * Computed from the installed solid-js at build time, so an upgrade cannot silently break hydration
 * (test/e2e/security.spec.ts fails on any CSP violation).
 */
import { createHash } from 'node:crypto';
import { generateHydrationScript } from 'solid-js/web';

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}` as const;

/** The sha256 source of Solid's hydration script, as @astrojs/solid-js renders it (default events). */
export function solidHydrationScriptHash(): `sha256-${string}` {
  const html = generateHydrationScript();
  const body = /^<script[^>]*>([\s\S]*)<\/script>/.exec(html)?.[1];
  if (!body) throw new Error("csp-hashes: unexpected shape of Solid's hydration script");
  return sha256(body);
}
