// @ts-check
/**
 * The server's configuration from the environment: every variable an operator may set, typed
 * and checked by one zod schema. The launcher (src/serve.mjs) reads it before anything else, so
 * a bad value stops the server at start with a message naming the variable instead of being
 * silently replaced by a default. Plain JavaScript (checked by TypeScript) because the launcher
 * runs before the bundled server; the bundled modules read it through `config()`.
 * README "Configuration" documents each variable.
 */
import { z } from 'astro/zod';

/** A whole number from a variable; empty or unset means the default. */
const count = (/** @type {number} */ fallback, max = 1_000_000) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number (0 or more)')
      .transform(Number)
      .pipe(z.number().int().min(0).max(max, `must be at most ${max}`))
      .optional()
      .transform((n) => n ?? fallback),
  );

const text = () =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

export const envSchema = z.object({
  /** Port to listen on. */
  PORT: count(4321, 65_535),
  /** Interface to bind; unset lets the adapter decide (localhost). */
  HOST: text(),
  /** Where the runtime store lives. */
  DATA_DIR: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().default('data')),
  /** Failed sign-ins per user name within 15 min before the name is locked. */
  LOGIN_MAX_FAILURES: count(5),
  /** Failed sign-ins per address within 15 min before the address is locked. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: count(30),
  /** New feedback per minute from one enrolled kiosk, or from one address otherwise (0 = off). */
  FEEDBACK_RATE_LIMIT: count(10),
  /** New feedback per minute from everyone together; beyond it 429 and nothing stored (0 = off). */
  FEEDBACK_GLOBAL_PER_MINUTE: count(300),
  /** Wrong verification codes before a lookup lockout (see docs/RELIABILITY.md, "Lookups"). */
  FEEDBACK_LOOKUP_MAX_FAILURES: count(5),
  /** Length of a lookup lockout, in minutes. */
  FEEDBACK_LOOKUP_LOCK_MINUTES: count(15, 24 * 60),
  /** Seconds between overdue sweeps (0 = never). */
  FEEDBACK_SWEEP_SECONDS: count(60, 86_400),
  /** `/api/search` requests per minute from one enrolled kiosk or address (0 = off). */
  SEARCH_RATE_LIMIT: count(120),
  /** `/api/search` requests in flight at once from one kiosk or address. */
  SEARCH_CONCURRENCY: count(4, 1000),
  /** Origin written into status links and QR codes. */
  PUBLIC_BASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://kiosk.mall.lan:4321' }).optional(),
  ),
  /** Comma-separated addresses of a TLS reverse proxy. */
  TRUSTED_PROXIES: text(),
  /** One JSON access line per request (`0` = off). */
  LOG_REQUESTS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .enum(['0', '1'], { error: 'must be 0 or 1' })
      .default('1')
      .transform((v) => v === '1'),
  ),
  /** `1` opens the staff-only policy pages to readers who are not signed in (README "Configuration"). */
  POLICIES_PUBLIC: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .enum(['0', '1'], { error: 'must be 0 or 1' })
      .default('0')
      .transform((v) => v === '1'),
  ),
  /** Where `npm run backup` writes (default `<DATA_DIR>.backups`). */
  BACKUP_DIR: text(),
  /** The mall this server serves within the chain (default: content/mall/mall.yaml `id`). */
  MALL_ID: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and hyphens (at most 32)')
      .optional(),
  ),
  /** PostgreSQL instead of the JSON store in DATA_DIR, e.g. postgres://kiosk@db.mall.lan/kiosk. */
  DATABASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL such as postgres://kiosk@localhost/kiosk')
      .optional(),
  ),
  /** Connections each node keeps to PostgreSQL (the chain's first limit: nodes × this ≤ max_connections). */
  DATABASE_POOL_SIZE: count(10, 200),
});

/** @typedef {z.infer<typeof envSchema>} Config */

/**
 * Parses the environment; throws one error naming every bad variable and why.
 * @param {Record<string, string | undefined>} env
 * @returns {Config}
 */
export function parseEnv(env) {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    // A database URL may hold a password: never echoed.
    (i) =>
      `  ${i.path.join('.')}=${i.path[0] === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(env[String(i.path[0])])}: ${i.message}`,
  );
  throw new Error(`config: invalid environment variable${lines.length > 1 ? 's' : ''}\n${lines.join('\n')}`);
}

/** @type {Config | undefined} */
let cached;

/**
 * This process's configuration, parsed once.
 * @returns {Config}
 */
export function config() {
  return (cached ??= parseEnv(process.env));
}
