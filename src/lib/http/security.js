// @ts-check
/**
 * Security headers for every response the launcher (src/serve.mjs) sends, and what it trusts of a
 * reverse proxy. Plain JavaScript: the launcher uses it before the bundled server.
 *
 * - Pages: Astro computes a Content-Security-Policy with the hashes of the inline scripts and
 *   styles it emits (astro.config.mjs `security.csp`). On-demand pages carry it as a header; for
 *   prerendered pages the build writes it to dist/_headers.json and we send it from there.
 * - Everything else (JSON, SVG, redirects, assets) gets DEFAULT_CSP, which allows nothing.
 * - X-Forwarded-* headers are honoured only from TRUSTED_PROXIES (comma-separated addresses); from
 *   anyone else they are dropped, so a client cannot fake its address (rate limits) or https.
 * - Cookies get `Secure` when the request came over TLS (directly or via a trusted proxy), so the
 *   staff session still works on a plain-http mall network.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** For responses that are not pages: nothing may load, nothing may frame it. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Sent with every response. */
export const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/**
 * The CSP of each prerendered page, by pathname without a trailing slash ('/' for the root).
 * @param {string} distDir
 * @returns {Map<string, string>}
 */
export function loadStaticCsp(distDir) {
  /** @type {Map<string, string>} */
  const map = new Map();
  let entries;
  try {
    entries = JSON.parse(readFileSync(path.join(distDir, '_headers.json'), 'utf8'));
  } catch {
    return map;
  }
  for (const entry of Array.isArray(entries) ? entries : []) {
    const csp = entry?.headers?.find(
      (/** @type {{ key: string }} */ h) => h.key.toLowerCase() === 'content-security-policy',
    );
    if (typeof entry?.pathname === 'string' && csp) map.set(normalisePath(entry.pathname), csp.value);
  }
  return map;
}

/** @param {string} pathname */
export function normalisePath(pathname) {
  let p = pathname.replace(/\/index\.html$/, '/');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p || '/';
}

/**
 * Parses TRUSTED_PROXIES: addresses as Node reports them (IPv4-mapped IPv6 is matched both ways).
 * @param {string | undefined} value
 * @returns {Set<string>}
 */
export function parseTrustedProxies(value) {
  const set = new Set();
  for (const part of (value ?? '').split(',')) {
    const a = part.trim();
    if (!a) continue;
    set.add(a);
    if (a.startsWith('::ffff:')) set.add(a.slice(7));
    else if (/^\d+\.\d+\.\d+\.\d+$/.test(a)) set.add(`::ffff:${a}`);
  }
  return set;
}

/**
 * Drops forwarded headers from untrusted peers; true when the request reached us over TLS.
 * @param {import('node:http').IncomingMessage} req
 * @param {Set<string>} trusted
 */
export function prepareRequest(req, trusted) {
  const socket = /** @type {import('node:net').Socket & { encrypted?: boolean }} */ (req.socket);
  const fromProxy = trusted.has(socket.remoteAddress ?? '');
  if (!fromProxy) {
    for (const name of ['x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-for', 'forwarded'])
      delete req.headers[name];
  }
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim()
    .toLowerCase();
  return Boolean(socket.encrypted) || (fromProxy && forwardedProto === 'https');
}

/**
 * Adds `; Secure` to every Set-Cookie value that lacks it.
 * @param {string | string[] | number | undefined} value
 */
export function secureCookies(value) {
  if (value === undefined || typeof value === 'number') return value;
  const add = (/** @type {string} */ c) => (/;\s*secure\s*(;|$)/i.test(c) ? c : `${c}; Secure`);
  return Array.isArray(value) ? value.map(add) : add(value);
}

/**
 * Sets the base headers and the CSP before a handler runs (a handler's own CSP header, e.g. Astro's
 * for an on-demand page, replaces the default), and marks cookies Secure on TLS requests.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ staticCsp: Map<string, string>, secure: boolean }} options
 */
export function applySecurityHeaders(req, res, options) {
  for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
  let pathname = '/';
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    // keep '/': the default policy below applies
  }
  res.setHeader('Content-Security-Policy', options.staticCsp.get(normalisePath(pathname)) ?? DEFAULT_CSP);
  if (!options.secure) return;
  const writeHead = res.writeHead;
  /** @type {any} */ (res).writeHead = function (/** @type {any[]} */ ...args) {
    const headers = args.find((a, i) => i > 0 && a && typeof a === 'object' && !Array.isArray(a));
    if (headers) {
      for (const key of Object.keys(headers))
        if (key.toLowerCase() === 'set-cookie') headers[key] = secureCookies(headers[key]);
    }
    const pre = res.getHeader('set-cookie');
    if (pre !== undefined) res.setHeader('set-cookie', /** @type {string[]} */ (secureCookies(pre)));
    return writeHead.apply(res, /** @type {any} */ (args));
  };
}
