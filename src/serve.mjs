// Starts the built server (dist/) after making sure its data directory exists.
// PORT, HOST and DATA_DIR override the defaults (4321, localhost, ./data).
import { mkdirSync } from 'node:fs';
import path from 'node:path';

process.env.DATA_DIR = path.resolve(process.env.DATA_DIR ?? 'data');
mkdirSync(process.env.DATA_DIR, { recursive: true });
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
await import('../dist/server/entry.mjs');
