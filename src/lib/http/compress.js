// @ts-check
/**
 * Compresses dynamic responses (SSR HTML, API JSON) on the fly. The built static files are
 * pre-compressed at build time (src/integrations/precompress.ts, served by static.js or nginx);
 * this covers what Astro renders per request. Plain JavaScript: the launcher (src/serve.mjs)
 * wraps the response before Astro's handler writes to it.
 *
 * The contract, from the handler's side, is the plain `ServerResponse` API (Astro's node adapter
 * calls `writeHead`, `write` and `end`): the wrapper decides when it knows enough.
 * - Only a compressible type (text, JSON, XML, SVG, JavaScript) for a client that accepts br or
 *   gzip, on a GET or POST with a body, and only when the body reaches `threshold` bytes: the
 *   first chunks are held until then (or until `end`, which then sends them as they are, with
 *   their exact Content-Length). A small JSON error costs no zlib stream.
 * - Never `text/event-stream`: server-sent events must reach the client as they are written. Those
 *   responses also get `X-Accel-Buffering: no`, which tells nginx not to buffer them.
 * - Never a response that already has a Content-Encoding, a status without a body (1xx, 204,
 *   304), a HEAD request, or `Cache-Control: no-transform`.
 * - A compressed response loses its Content-Length (it is sent chunked) and gains
 *   `Vary: Accept-Encoding`, as does every response of a compressible type, compressed or not, so
 *   a shared cache keys on the header.
 * gzip (level 6) is preferred whenever the client takes it, brotli (quality 4) only for a client
 * that takes br but not gzip. Measured on /kiosk/returns (28.6 KB of HTML): gzip -6 sends 7.4 KB
 * for ~0.22 ms of CPU; brotli q4 sends the same 7.4 KB for ~0.35–0.48 ms, q5 sends 6.4 KB for
 * ~0.55–0.7 ms. Static files are another matter: they are brotli-11 once, at build.
 * test/bench/compress.bench.ts keeps the per-request figures.
 */
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

/** Bodies smaller than this go out as they are: the saving would not pay for the stream. */
export const COMPRESS_THRESHOLD = 1024;

/** Brotli quality for dynamic responses (0–11): low, so a page costs about what gzip does. */
export const BROTLI_QUALITY = 4;

/** gzip level for dynamic responses (1–9). */
export const GZIP_LEVEL = 6;

const COMPRESSIBLE =
  /^(text\/(?!event-stream)[\w.+-]+|application\/([\w.-]+\+)?(json|xml|javascript|manifest\+json)|image\/svg\+xml)\s*(;|$)/i;

/**
 * Whether a Content-Type is worth compressing: text (not an event stream), JSON, XML, JavaScript, SVG.
 * @param {unknown} type
 */
export function isCompressibleType(type) {
  return typeof type === 'string' && COMPRESSIBLE.test(type.trim());
}

/**
 * Whether a Content-Type is a server-sent event stream.
 * @param {unknown} type
 */
export function isEventStream(type) {
  return typeof type === 'string' && /^text\/event-stream\s*(;|$)/i.test(type.trim());
}

/**
 * The encoding for a dynamic response, given an Accept-Encoding header: gzip before br (see the file
 * comment for why), none if neither is accepted (or q=0).
 * @param {string | string[] | undefined} header
 * @returns {'gzip' | 'br' | undefined}
 */
export function pickDynamicEncoding(header) {
  /** @type {Map<string, number>} */
  const accepted = new Map();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  if ((accepted.get('gzip') ?? wildcard) > 0) return 'gzip';
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  return undefined;
}

/**
 * Adds `Accept-Encoding` to a response's Vary header unless it is there (or is `*`).
 * @param {import('node:http').ServerResponse} res
 */
function addVary(res) {
  const current = res.getHeader('vary');
  const text = Array.isArray(current) ? current.join(', ') : current === undefined ? '' : String(current);
  const names = text
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (names.includes('*') || names.includes('accept-encoding')) return;
  res.setHeader('Vary', text ? `${text}, Accept-Encoding` : 'Accept-Encoding');
}

/**
 * Headers given to `writeHead` (an object, or a flat or paired array of names and values), applied
 * with `setHeader` so the wrapper can still change them before they are sent.
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} headers
 */
function applyHeaders(res, headers) {
  if (!headers || typeof headers !== 'object') return;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers) res.appendHeader(String(name), value);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) res.appendHeader(String(headers[i]), headers[i + 1]);
    }
    return;
  }
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
}

/**
 * Wraps `res` so what the handler writes goes out compressed when it should (see the file comment).
 * Call before the handler writes anything; it returns nothing and changes only `res`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ threshold?: number }} [options]
 */
export function compressResponse(req, res, options = {}) {
  const threshold = options.threshold ?? COMPRESS_THRESHOLD;
  const encoding = req.method === 'HEAD' ? undefined : pickDynamicEncoding(req.headers['accept-encoding']);

  const writeHead = res.writeHead;
  // Loosely typed: they are called with the argument lists the handler used, which their overloads do not name.
  const write = /** @type {(...args: any[]) => boolean} */ (res.write);
  const end = /** @type {(...args: any[]) => import('node:http').ServerResponse} */ (res.end);
  const flushHeaders = res.flushHeaders;

  /** 'pending' until the headers and (if needed) the first bytes decide; then 'identity' or 'compress'. */
  let mode = /** @type {'pending' | 'identity' | 'compress'} */ ('pending');
  /** True once the handler has called writeHead (its status and headers are on `res` already). */
  let headed = false;
  /** @type {Buffer[]} */
  let held = [];
  let heldBytes = 0;

  const restore = () => {
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    res.flushHeaders = flushHeaders;
  };

  /** The decision the headers alone allow: 'identity', 'compress', or 'pending' (size unknown). */
  const decideFromHeaders = () => {
    const type = res.getHeader('content-type');
    if (isEventStream(type)) {
      res.setHeader('X-Accel-Buffering', 'no');
      return 'identity';
    }
    if (!isCompressibleType(type)) return 'identity';
    addVary(res);
    const status = res.statusCode;
    if (!encoding || status < 200 || status === 204 || status === 304) return 'identity';
    if (res.getHeader('content-encoding') !== undefined) return 'identity';
    if (/(^|,)\s*no-transform\s*(,|$)/i.test(String(res.getHeader('cache-control') ?? ''))) return 'identity';
    const length = res.getHeader('content-length');
    if (length !== undefined) return Number(length) >= threshold ? 'compress' : 'identity';
    return 'pending';
  };

  const goIdentity = () => {
    mode = 'identity';
    restore();
    // Without a reason argument: Node then keeps a reason the handler gave, or uses the standard one.
    if (headed) writeHead.call(res, res.statusCode);
  };

  const goCompress = () => {
    mode = 'compress';
    restore();
    res.removeHeader('Content-Length');
    res.setHeader('Content-Encoding', /** @type {string} */ (encoding));
    const z =
      encoding === 'br'
        ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
        : createGzip({ level: GZIP_LEVEL });
    if (headed) writeHead.call(res, res.statusCode);
    z.on('data', (chunk) => {
      if (write.call(res, chunk) === false) z.pause();
    });
    res.on('drain', () => z.resume());
    z.once('end', () => end.call(res));
    z.once('error', (error) => res.destroy(error));
    // A client that goes away mid-response: the stream is dropped with it.
    res.once('close', () => {
      if (!z.writableEnded) z.destroy();
    });
    // From here on the handler writes into the compressor.
    res.write = /** @type {any} */ (
      (/** @type {any} */ chunk, /** @type {any} */ enc, /** @type {any} */ cb) => z.write(chunk, enc, cb)
    );
    res.end = /** @type {any} */ (
      (/** @type {any} */ chunk, /** @type {any} */ enc, /** @type {any} */ cb) => {
        if (typeof chunk === 'function') z.end(chunk);
        else if (chunk === undefined || chunk === null) z.end(enc);
        else z.end(chunk, enc, cb);
        return res;
      }
    );
    res.flushHeaders = flushHeaders;
    for (const chunk of held) z.write(chunk);
    held = [];
  };

  /** Settles the headers-only decision, if the headers are enough. */
  const settle = () => {
    if (mode !== 'pending') return;
    const decision = decideFromHeaders();
    if (decision === 'identity') goIdentity();
    else if (decision === 'compress') goCompress();
  };

  /**
   * @param {any} chunk
   * @param {any} enc
   */
  const toBuffer = (chunk, enc) =>
    Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, enc) : Buffer.from(chunk);

  res.writeHead = /** @type {any} */ (
    function (/** @type {number} */ status, /** @type {any} */ reason, /** @type {any} */ headers) {
      if (typeof reason !== 'string') {
        headers = reason;
        reason = undefined;
      }
      res.statusCode = status;
      if (reason !== undefined) res.statusMessage = reason;
      applyHeaders(res, headers);
      headed = true;
      settle();
      return res;
    }
  );

  res.flushHeaders = function () {
    // Whoever flushes the headers early means to stream: decide now, without the body.
    if (mode === 'pending') {
      const decision = decideFromHeaders();
      if (decision === 'identity') goIdentity();
      else goCompress();
    }
    flushHeaders.call(res);
  };

  res.write = /** @type {any} */ (
    function (/** @type {any} */ chunk, /** @type {any} */ enc, /** @type {any} */ cb) {
      settle();
      if (mode !== 'pending') return res.write(chunk, enc, cb);
      const buffer = toBuffer(chunk, typeof enc === 'string' ? enc : undefined);
      held.push(buffer);
      heldBytes += buffer.length;
      if (heldBytes >= threshold) goCompress();
      if (typeof enc === 'function') enc();
      else if (typeof cb === 'function') cb();
      return true;
    }
  );

  res.end = /** @type {any} */ (
    function (/** @type {any} */ chunk, /** @type {any} */ enc, /** @type {any} */ cb) {
      if (typeof chunk === 'function') {
        cb = chunk;
        chunk = undefined;
      } else if (typeof enc === 'function') {
        cb = enc;
        enc = undefined;
      }
      settle();
      if (mode === 'pending') {
        if (chunk !== undefined && chunk !== null) {
          const buffer = toBuffer(chunk, enc);
          held.push(buffer);
          heldBytes += buffer.length;
        }
        chunk = undefined;
        if (heldBytes >= threshold) goCompress();
        else {
          // The whole body is known and small: it goes out as it is, with its exact length.
          res.setHeader('Content-Length', String(heldBytes));
          goIdentity();
          for (const b of held) write.call(res, b);
          held = [];
        }
      }
      return chunk === undefined || chunk === null ? res.end(cb) : res.end(chunk, enc, cb);
    }
  );
}
