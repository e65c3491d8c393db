// Production entry: makes sure the data directory exists, offers a one-time setup link while
// no admin exists, then starts the built server (dist/). PORT, HOST and DATA_DIR override the
// defaults (4321, localhost, ./data). Plain JavaScript: it runs before anything is bundled.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:http';
import { acquireDataDirLock } from './lib/store/data-dir.js';
import { launcherMallId, openLauncherStore } from './lib/store/launcher-store.js';
import { createStaticHandler } from './lib/http/static.js';
import { logEvent, logRequest, structureOutput } from './lib/http/log.js';
import { applySecurityHeaders, loadStaticCsp, parseTrustedProxies, prepareRequest } from './lib/http/security.js';
import { config } from './lib/config/env.js';
import { createSearchGate } from './lib/http/search-gate.js';
import { compressResponse } from './lib/http/compress.js';

// Every line this process prints is one JSON object, from the first (a bad setting) to the last.
structureOutput(process.stdout, 'info');
structureOutput(process.stderr, 'error');

/** @type {import('./lib/config/env.js').Config} */
let env;
try {
  env = config();
} catch (error) {
  // A bad value stops the server here, naming the variable, rather than running on a default.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const dataDir = path.resolve(env.DATA_DIR);
process.env.DATA_DIR = dataDir;
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
mkdirSync(dataDir, { recursive: true });
try {
  const release = acquireDataDirLock(dataDir);
  process.once('exit', release);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

if (!existsSync(path.join(process.cwd(), 'dist', 'server', 'entry.mjs'))) {
  console.error('The server is not built yet: run `npm run build` (or `npm start`, which builds first).');
  process.exit(1);
}

let setupToken;
try {
  const launcherStore = openLauncherStore({
    dataDir,
    databaseUrl: env.DATABASE_URL,
    mallId: launcherMallId(env.MALL_ID),
  });
  if (!(await launcherStore.hasActiveAdmin())) {
    setupToken = randomBytes(24).toString('base64url');
    await launcherStore.issueSetupToken(createHash('sha256').update(setupToken).digest('hex'));
  }
} catch (error) {
  // The database is away or the mall id is missing: say so in one line and let the service manager retry.
  console.error(`store: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
if (setupToken) {
  const token = setupToken;
  const host = env.HOST ?? 'localhost';
  const port = env.PORT;
  // Written as our own JSON line, so the query string (the token) is not redacted like other output.
  logEvent(
    {
      event: 'setup_link',
      message:
        'No administrator yet. Create one with this one-time link (or: npm run users -- add <name> --role admin)',
      url: `http://${host}:${port}/setup?token=${token}`,
    },
    (line) => process.stdout.write(line + '\n'),
  );
}

// Our own HTTP server around Astro's handler: the built static files first (pre-compressed: the
// Node adapter does not compress), then Astro (on-demand pages, the API, the 404 page), whose
// answers src/lib/http/compress.js compresses on the fly.
const { handler, options } = await import('../dist/server/entry.mjs');
const serveStatic = createStaticHandler(path.join(process.cwd(), 'dist', 'client'));
const staticCsp = loadStaticCsp(path.join(process.cwd(), 'dist'));
const trustedProxies = parseTrustedProxies(env.TRUSTED_PROXIES);
const host = env.HOST ?? (typeof options.host === 'string' ? options.host : options.host ? '0.0.0.0' : 'localhost');
const port = env.PORT;
const logRequests = env.LOG_REQUESTS;
// Every line on stdout and stderr one JSON object, whatever a library prints (src/lib/http/log.js).

/** The methods any route answers; anything else is 405 before routing (nothing rendered, nothing logged but the line). */
const METHODS = new Set(['GET', 'HEAD', 'POST']);

/** Searches refused cheaply before Astro under a flood (src/lib/http/search-gate.js, docs/RELIABILITY.md). */
const searchGate = createSearchGate({ perAddress: env.SEARCH_CONCURRENCY });

// With staff-only policy pages closed (POLICIES_PUBLIC, see src/lib/policies/access.ts), the search index
// holding their clauses is not a public file: signed-in staff get it from /api/staff/search-index.json.
const policiesPublic = env.POLICIES_PUBLIC;

const server = createServer((req, res) => {
  if (logRequests) logRequest(req, res);
  applySecurityHeaders(req, res, { staticCsp, secure: prepareRequest(req, trustedProxies) });
  if (!METHODS.has(req.method ?? '')) {
    res.writeHead(405, { Allow: 'GET, HEAD, POST', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed.');
    return;
  }
  try {
    decodeURI(req.url ?? '/');
  } catch {
    // A malformed escape (e.g. /staff/tickets/%E0) is the client's mistake, answered before any routing.
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad request.');
    return;
  }
  if (searchGate(req, res)) return;
  if (!policiesPublic && req.url?.startsWith('/_astro/search-index.')) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found.');
    return;
  }
  if (serveStatic(req, res)) return;
  // On-demand pages and API answers, compressed when the client accepts it (static files are pre-compressed).
  compressResponse(req, res);
  handler(req, res);
});
server.listen(port, host, () =>
  logEvent({
    event: 'listening',
    message: `Service Desk Kiosk listening on http://${host}:${port}`,
    url: `http://${host}:${port}`,
    dataDir,
  }),
);
