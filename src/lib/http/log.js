// @ts-check
/**
 * Structured logs: one JSON object per line on stdout and stderr, always.
 *
 * - The access log: one line per request (time, level, event, method, route, status, durationMs,
 *   address). The route is the path only: query strings carry verification codes and search
 *   words, bodies carry names and phones, so neither is ever logged. LOG_REQUESTS=0 turns it off.
 * - Errors: `errorFields` puts the stack inside the object.
 * - Anything else a library prints (Astro's own `[ERROR] …` lines with their stacks) is wrapped
 *   into one JSON object per write by `structureOutput`, with query strings cut from URLs in it.
 */

/** @type {string[]} */
let pending = [];

/**
 * Writes a log line to stdout, batching the lines of one turn of the event loop into a single
 * write: stdout to a pipe is synchronous on Linux, and a burst of 200 requests must not make
 * 200 blocking system calls.
 * @param {string} line
 */
function writeBatched(line) {
  if (pending.length === 0) {
    setImmediate(() => {
      const text = pending.join('');
      pending = [];
      process.stdout.write(text);
    });
  }
  pending.push(line + '\n');
}

/**
 * @param {Record<string, unknown>} fields
 * @param {(line: string) => void} [write]
 */
export function logEvent(fields, write = writeBatched) {
  write(JSON.stringify({ time: new Date().toISOString(), level: 'info', ...fields }));
}

/**
 * Logs the request when its response has been sent.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {(line: string) => void} [write]
 */
export function logRequest(req, res, write) {
  const start = process.hrtime.bigint();
  res.once('finish', () => {
    let route;
    try {
      route = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      route = '(unparseable)';
    }
    const durationMs = Number((process.hrtime.bigint() - start) / 10_000n) / 100;
    logEvent(
      {
        level: res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        event: 'request',
        method: req.method,
        route,
        status: res.statusCode,
        durationMs,
        address: clientAddress(req),
      },
      write,
    );
  });
}

/**
 * The client's address: the socket's peer, or the first X-Forwarded-For entry when the request
 * came through a trusted proxy (the launcher drops that header from anyone else).
 * @param {import('node:http').IncomingMessage} req
 */
export function clientAddress(req) {
  const forwarded = req.headers?.['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0].trim();
  return first || req.socket?.remoteAddress || 'unknown';
}

/**
 * `error` ("Name: message") and `stack` of a thrown value, for a log object.
 * @param {unknown} error
 */
export function errorFields(error) {
  if (!(error instanceof Error)) return { error: redactQueries(String(error)) };
  return {
    error: redactQueries(`${error.name}: ${error.message}`),
    ...(error.stack ? { stack: redactQueries(error.stack) } : {}),
  };
}

/**
 * A path or URL's query string replaced by `?…`: wherever a URL appears in free text.
 * @param {string} text
 */
export function redactQueries(text) {
  return text.replace(/(\/[^\s?#"'<>]*)\?[^\s#"'<>]*/g, '$1?…');
}

/** Our own lines start like this (JSON.stringify of an object whose first key is time). */
const OWN_LINE = '{"time":';

/**
 * Makes every line a stream receives one JSON object: text that is not already one of our JSON
 * lines (a library's plain message, a multi-line stack) becomes `{ time, level, event: "output",
 * message }`, one object per write, with query strings redacted.
 * @param {NodeJS.WriteStream} stream
 * @param {'info' | 'error'} level
 */
export function structureOutput(stream, level) {
  const write = stream.write.bind(stream);
  /** @type {any} */ (stream).write = (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    if (lines.every((l) => l.startsWith(OWN_LINE))) return write(chunk, ...rest);
    // eslint-disable-next-line no-control-regex -- strips terminal colour codes (ESC) from library output
    const message = redactQueries(text.replace(/\u001b\[[0-9;]*m/g, '').trimEnd());
    const line = JSON.stringify({ time: new Date().toISOString(), level, event: 'output', message }) + '\n';
    return write(line, ...rest.filter((r) => typeof r === 'function'));
  };
}
