// @ts-check
/**
 * Serves the built static files, with their pre-compressed variants (`.br`, `.gz`, written at
 * build by src/integrations/precompress.ts) for clients that accept them. Everything else
 * falls through to Astro's handler. Plain JavaScript: the launcher
 * (src/serve.mjs) uses it before the bundled server.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The encoding to send, given an Accept-Encoding header: br before gzip, none if neither.
 * @param {string | undefined} header
 * @returns {'br' | 'gzip' | undefined}
 */
export function pickEncoding(header) {
  const accepted = new Map();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return undefined;
}

/** @param {string} file */
const sizeOf = (file) => {
  try {
    const s = statSync(file);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
};

/** Binary types served as they are. @type {Record<string, string>} */
const BINARY_TYPES = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

/**
 * Serves the built static files of `clientDir` (hashed assets, prerendered pages as
 * `<path>/index.html`, files from src/public) for GET and HEAD, sending the pre-compressed
 * variant to clients that accept it. Returns true when it answered, false to pass the request
 * on to Astro (on-demand pages, the API, and anything that is not a file here).
 * @param {string} clientDir
 * @param {Record<string, string>} headers extra headers for every response it sends
 */
export function createStaticHandler(clientDir, headers = {}) {
  const root = path.resolve(clientDir);
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return false;
    }
    if (pathname.includes('\0') || /\/\.(?!well-known\/)/.test(pathname)) return false;
    // A file, else a prerendered page's folder (`/policies/shopper-guide/feedback.en` is a folder).
    let file = '';
    /** @type {import('node:fs').Stats | undefined} */
    let stat;
    for (const candidate of [pathname, path.posix.join(pathname, 'index.html')]) {
      file = path.join(root, candidate);
      if (!file.startsWith(root + path.sep)) return false;
      try {
        stat = statSync(file);
      } catch {
        stat = undefined;
      }
      if (stat?.isFile()) break;
      stat = undefined;
    }
    if (!stat) return false;
    const ext = path.extname(file);
    const textType = TYPES[ext];
    const encoding = textType ? pickEncoding(/** @type {string | undefined} */ (req.headers['accept-encoding'])) : undefined;
    const variant = encoding ? `${file}.${encoding === 'br' ? 'br' : 'gz'}` : undefined;
    const variantSize = variant ? sizeOf(variant) : undefined;
    const sendFile = variantSize !== undefined ? /** @type {string} */ (variant) : file;

    res.setHeader('Content-Type', textType ?? BINARY_TYPES[ext] ?? 'application/octet-stream');
    if (textType) res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader(
      'Cache-Control',
      pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
    );
    res.setHeader('Last-Modified', stat.mtime.toUTCString());
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const since = Date.parse(/** @type {string} */ (req.headers['if-modified-since'] ?? ''));
    if (!Number.isNaN(since) && Math.floor(stat.mtimeMs / 1000) * 1000 <= since) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    res.statusCode = 200;
    if (variantSize !== undefined) res.setHeader('Content-Encoding', /** @type {string} */ (encoding));
    res.setHeader('Content-Length', String(variantSize ?? stat.size));
    if (req.method === 'HEAD') res.end();
    else createReadStream(sendFile).pipe(res);
    return true;
  };
}
