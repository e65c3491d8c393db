// @ts-check
/**
 * Structured access log: one JSON line per request on stdout (time, level, event, method, route,
 * status, durationMs). The route is the path only: query strings carry verification codes and
 * search words, bodies carry names and phones, so neither is ever logged. LOG_REQUESTS=0 turns it off.
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
      },
      write,
    );
  });
}
