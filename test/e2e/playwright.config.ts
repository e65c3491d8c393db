import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// Worker processes re-evaluate this file: keep the port and data directory of the main process.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'sdk-e2e-'));
const port = Number(process.env.E2E_PORT);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results',
  forbidOnly: !!process.env.CI,
  // One retry on CI: a journey that passes on retry is reported as flaky in the output, not hidden.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // The longest journeys (a live quiz with three browsers) take about a minute on a busy 2-core machine.
  timeout: 120_000,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node --import tsx test/e2e/seed.ts && node src/serve.mjs',
    cwd: '../..',
    url: `${baseURL}/kiosk`,
    reuseExistingServer: false,
    timeout: 120_000,
    // Every journey here comes from 127.0.0.1, one address: the per-address feedback limit is raised so
    // journeys do not share a budget of 10 a minute (the limits have their own specs and servers).
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: process.env.E2E_DATA_DIR,
      FEEDBACK_RATE_LIMIT: '300',
      FEEDBACK_GLOBAL_PER_MINUTE: '1000',
      // Wrong codes from every journey add up on the one address (30 per 15 minutes by default would lock
      // the status page for the journeys after); the lockouts are tested on servers of their own.
      FEEDBACK_LOOKUP_MAX_FAILURES: '100',
      SEARCH_RATE_LIMIT: '1200',
      SEARCH_CONCURRENCY: '16',
      // The suite reads the library as a mall that opened it does; policy-access.spec.ts starts a server
      // with the default (staff-only pages closed).
      POLICIES_PUBLIC: '1',
    },
    // The access log would drown the test report; errors still arrive on stderr.
    stdout: 'ignore',
  },
});
