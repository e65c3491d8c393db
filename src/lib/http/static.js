// @ts-check
/**
 * Serves the built static files, with their pre-compressed variants (`.br`, `.gz`, written at
 * build by src/integrations/precompress.ts) for clients that accept them. Everything else
 * falls through to Astro's handler. Plain JavaScript: the launcher
 * (src/serve.mjs) uses it before the bundled server.
 */
import { closeSync, constants, createReadStream, lstatSync, openSync, readdirSync } from 'node:fs';
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
 * @typedef {{ file: string, size: number, mtime: Date, mtimeMs: number, br?: number, gz?: number }} StaticFile
 */

/**
 * Every file below `root` by URL path (`/_astro/app.js`), with its size, modification time and
 * the sizes of its `.br` and `.gz` variants. Dot-files and dot-folders are left out (except
 * `.well-known`): they are never served. Only regular files and real folders count: a symbolic
 * link (to a file or a folder, inside the root or out of it) is never followed, so nothing outside
 * the root can be served.
 * @param {string} root
 * @returns {Map<string, StaticFile>}
 */
export function indexStaticFiles(root) {
  /** @type {Map<string, StaticFile>} */
  const files = new Map();
  /** @param {string} dir @param {string} prefix */
  const walk = (dir, prefix) => {
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') && name !== '.well-known') continue;
      const file = path.join(dir, name);
      let stat;
      try {
        stat = lstatSync(file);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(file, `${prefix}/${name}`);
      else if (stat.isFile())
        files.set(`${prefix}/${name}`, { file, size: stat.size, mtime: stat.mtime, mtimeMs: stat.mtimeMs });
    }
  };
  walk(root, '');
  for (const [url, entry] of files) {
    entry.br = files.get(`${url}.br`)?.size;
    entry.gz = files.get(`${url}.gz`)?.size;
  }
  return files;
}

/**
 * Serves the built static files of `clientDir` (hashed assets, prerendered pages as
 * `<path>/index.html`, files from src/public) for GET and HEAD, sending the pre-compressed
 * variant to clients that accept it. Returns true when it answered, false to pass the request
 * on to Astro (on-demand pages, the API, and anything that is not a file here).
 *
 * The files are listed once, when the handler is made (a build does not change under a running
 * server: `npm start` builds, then starts), so a request that is not for a file (every API call)
 * costs a map lookup rather than file-system calls.
 * @param {string} clientDir
 * @param {Record<string, string>} headers extra headers for every response it sends
 */
export function createStaticHandler(clientDir, headers = {}) {
  const files = indexStaticFiles(path.resolve(clientDir));
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
    // A file, else a prerendered page's folder (`/policies/shopper-guide/feedback.en` is a folder).
    const found = files.get(pathname) ?? files.get(path.posix.join(pathname, 'index.html'));
    if (!found) return false;
    const ext = path.extname(found.file);
    const textType = TYPES[ext];
    const encoding = textType
      ? pickEncoding(/** @type {string | undefined} */ (req.headers['accept-encoding']))
      : undefined;
    const variantSize = encoding === 'br' ? found.br : encoding === 'gzip' ? found.gz : undefined;
    const sendFile = variantSize !== undefined ? `${found.file}.${encoding === 'br' ? 'br' : 'gz'}` : found.file;
    // O_NOFOLLOW: a file swapped for a symbolic link after the listing is refused, not followed.
    let fd;
    try {
      fd = openSync(sendFile, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return false;
    }

    res.setHeader('Content-Type', textType ?? BINARY_TYPES[ext] ?? 'application/octet-stream');
    if (textType) res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader(
      'Cache-Control',
      pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
    );
    res.setHeader('Last-Modified', found.mtime.toUTCString());
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const since = Date.parse(/** @type {string} */ (req.headers['if-modified-since'] ?? ''));
    if (!Number.isNaN(since) && Math.floor(found.mtimeMs / 1000) * 1000 <= since) {
      closeSync(fd);
      res.statusCode = 304;
      res.end();
      return true;
    }
    res.statusCode = 200;
    if (variantSize !== undefined) res.setHeader('Content-Encoding', /** @type {string} */ (encoding));
    res.setHeader('Content-Length', String(variantSize ?? found.size));
    if (req.method === 'HEAD') {
      closeSync(fd);
      res.end();
    } else {
      const stream = createReadStream('', { fd });
      stream.once('error', () => res.destroy());
      stream.pipe(res);
    }
    return true;
  };
}
