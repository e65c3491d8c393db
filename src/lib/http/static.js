// @ts-check
/**
 * Serves the pre-compressed variants (`.br`, `.gz`, written at build by
 * src/integrations/precompress.ts) of built static files to clients that accept them.
 * Everything else falls through to Astro's own handler. Plain JavaScript: the launcher
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

/**
 * A request handler for `clientDir`: true when it answered, false to pass the request on.
 * @param {string} clientDir
 * @param {Record<string, string>} headers extra headers for every response it sends
 */
export function createPrecompressedHandler(clientDir, headers = {}) {
  const root = path.resolve(clientDir);
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const encoding = pickEncoding(/** @type {string | undefined} */ (req.headers['accept-encoding']));
    if (!encoding) return false;
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return false;
    }
    if (pathname.includes('\0')) return false;
    const candidates = path.extname(pathname) ? [pathname] : [path.posix.join(pathname, 'index.html')];
    for (const candidate of candidates) {
      const file = path.join(root, candidate);
      if (!file.startsWith(root + path.sep)) return false;
      const type = TYPES[path.extname(file)];
      const compressed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
      const size = type ? sizeOf(compressed) : undefined;
      if (size === undefined || sizeOf(file) === undefined) continue;
      res.statusCode = 200;
      res.setHeader('Content-Type', /** @type {string} */ (type));
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', String(size));
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader(
        'Cache-Control',
        pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      );
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      if (req.method === 'HEAD') res.end();
      else createReadStream(compressed).pipe(res);
      return true;
    }
    return false;
  };
}
