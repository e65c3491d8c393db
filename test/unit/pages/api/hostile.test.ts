/**
 * Hostile input against the public API's route handlers, called directly (docs/RELIABILITY.md,
 * "Hostile input"): arbitrary JSON, wrong types, prototype keys, huge and broken bodies. Never a
 * 5xx, always the error envelope on a refusal, and afterwards every stored file parses with the
 * ticket schema and holds exactly the tickets that were acknowledged with 201.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const dataDir = mkdtempSync(path.join(tmpdir(), 'sdk-hostile-'));
process.env.DATA_DIR = dataDir;
process.env.FEEDBACK_RATE_LIMIT = '0';
process.env.FEEDBACK_GLOBAL_PER_MINUTE = '0';
process.env.FEEDBACK_SWEEP_SECONDS = '0';
process.env.FEEDBACK_LOOKUP_MAX_FAILURES = '1000000';

vi.mock('../../../../src/lib/policies/library.server', async () => {
  const { loadLibrary } = await import('../../../../src/lib/policies/library-files');
  const { indexClauses } = await import('../../../../src/lib/policies/library');
  const { pages } = loadLibrary(path.resolve(import.meta.dirname, '../../../..'));
  return { getLibrary: async () => ({ pages, clauses: indexClauses(pages) }) };
});

const feedback = await import('../../../../src/pages/api/feedback/index');
const status = await import('../../../../src/pages/api/feedback/[no]');
const returns = await import('../../../../src/pages/api/returns/check');
const heartbeat = await import('../../../../src/pages/api/kiosk/heartbeat');
const { parseSearchRequest } = await import('../../../../src/lib/search/request');
const { ticketSchema } = await import('../../../../src/lib/feedback/schema');
const { getStore } = await import('../../../../src/lib/store/store.server');
import type { JsonStore } from '../../../../src/lib/store/json-store';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);
const ORIGIN = 'http://kiosk.test';

const post = (
  handler: { POST: unknown },
  url: string,
  body: BodyInit,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) =>
  (handler.POST as (ctx: unknown) => Promise<Response>)({
    request: new Request(`${ORIGIN}${url}`, { method: 'POST', body, headers }),
    url: new URL(`${ORIGIN}${url}`),
    clientAddress: '10.0.0.1',
    params: {},
    cookies: { get: () => undefined },
  });

/** The answer is a known status, JSON, and a refusal is the error envelope. */
async function expectSane(response: Response, allowed: number[]) {
  expect(allowed).toContain(response.status);
  const text = await response.text();
  const body = JSON.parse(text);
  if (response.status >= 400) {
    expect(body.error).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.stringContaining(' / ') }),
    );
    expect(text).not.toMatch(/\bat .+:\d+:\d+|node:internal/);
    expect(text).not.toContain(dataDir);
  }
  return body;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
/** JSON text with dangerous keys at any depth (JSON.parse makes `__proto__` an own key). */
const protoJson = fc
  .tuple(
    fc.constantFrom(...PROTO_KEYS),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('', 'contact', 'kind', 'description'),
  )
  .map(([key, value, under]) => {
    const inner = `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`;
    const base = { kind: 'complaint', category: 'service', description: '原型污染测试内容。' };
    const text = JSON.stringify(base).slice(0, -1);
    return under ? `${text},${JSON.stringify(under)}:${inner}}` : `${text},${inner.slice(1)}`;
  });

const VALID = { kind: 'complaint', category: 'service', description: '收银台排队太久，没人管。' };
/** Objects close to valid, with fields replaced by anything. */
const nearlyValid = fc
  .record(
    {
      kind: fc.oneof(fc.constantFrom('complaint', 'suggestion', 'inquiry', 'praise'), fc.anything()),
      category: fc.oneof(fc.constantFrom('quality', 'service', 'other'), fc.anything()),
      description: fc.oneof(
        fc.string({ minLength: 0, maxLength: 1200 }),
        fc.string({ unit: 'grapheme', maxLength: 50 }),
        fc.anything(),
      ),
      floor: fc.oneof(fc.constantFrom('B1', '1F', '4F'), fc.string()),
      tenant: fc.oneof(fc.constantFrom('4f-home'), fc.string()),
      contact: fc.oneof(
        fc.record(
          { name: fc.anything(), phone: fc.oneof(fc.constantFrom('13912345678', '+86 139-1234-5678'), fc.string()) },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
      consent: fc.oneof(fc.boolean(), fc.anything()),
      idempotencyKey: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/), fc.string()),
      kioskId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.string()),
    },
    { requiredKeys: [] },
  )
  .map((r) => ({ ...VALID, ...r }));

const acknowledged = new Set<string>();

describe('POST /api/feedback with hostile bodies', () => {
  it('arbitrary JSON values: 400, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await post(feedback, '/api/feedback', JSON.stringify(value));
        const body = await expectSane(res, [201, 400]);
        if (res.status === 201) acknowledged.add(body.ticketNo);
      }),
      { numRuns: RUNS },
    );
  });

  it('nearly valid objects with any field replaced: 201 or 400 naming fields, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(nearlyValid, async (value) => {
        const res = await post(feedback, '/api/feedback', JSON.stringify(value));
        const body = await expectSane(res, [200, 201, 400, 409]);
        if (res.status === 201) acknowledged.add(body.ticketNo);
        if (res.status === 400) expect(Object.keys(body.error.fields ?? { '(body)': 1 }).length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('valid shape with arbitrary text in every free-text field: stored as given or refused, never 5xx', async () => {
    const text = (min: number, max: number) =>
      fc.oneof(
        fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
        fc.string({ unit: 'binary', minLength: min, maxLength: max }),
      );
    await fc.assert(
      fc.asyncProperty(text(5, 300), fc.option(text(0, 60)), async (description, name) => {
        const res = await post(
          feedback,
          '/api/feedback',
          JSON.stringify({ ...VALID, description, ...(name === null ? {} : { contact: { name } }) }),
        );
        const body = await expectSane(res, [201, 400]);
        if (res.status === 201) acknowledged.add(body.ticketNo);
      }),
      { numRuns: RUNS },
    );
  });

  it('prototype keys anywhere are refused or ignored, and never reach Object.prototype', async () => {
    await fc.assert(
      fc.asyncProperty(protoJson, async (text) => {
        const res = await post(feedback, '/api/feedback', text);
        const body = await expectSane(res, [201, 400]);
        if (res.status === 201) acknowledged.add(body.ticketNo);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.toString.call({})).toBe('[object Object]');
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes and text: 400 invalid_json, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 200 })), async (raw) => {
        const res = await post(feedback, '/api/feedback', raw as BodyInit);
        await expectSane(res, [201, 400]);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['65 KiB of JSON', JSON.stringify({ ...VALID, description: 'x'.repeat(65 * 1024) }), 413],
    ['a declared length over the limit', '{}', 413],
    ['deeply nested arrays', '['.repeat(5000) + ']'.repeat(5000), 400],
    ['a 1 MB string of spaces', ' '.repeat(1024 * 1024), 413],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400],
    ['an empty body', '', 400],
  ])('%s', async (_name, body, expected) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (_name.startsWith('a declared')) headers['Content-Length'] = String(10 * 1024 * 1024);
    const res = await post(feedback, '/api/feedback', body as BodyInit, headers);
    await expectSane(res, [expected]);
  });
});

describe('GET /api/feedback/<no> with hostile numbers and codes', () => {
  it('any number and code: 404 or 200, never 5xx, never another ticket', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.option(fc.string({ maxLength: 30 })), async (no, code) => {
        const url = new URL(`${ORIGIN}/api/feedback/x`);
        if (code !== null) url.searchParams.set('code', code);
        const res = await (status.GET as (ctx: unknown) => Promise<Response>)({
          params: { no },
          url,
          clientAddress: '10.0.0.2',
          cookies: { get: () => undefined },
          request: new Request(url),
        });
        await expectSane(res, [404, 429]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('POST /api/returns/check with hostile bodies', () => {
  it('any JSON value or nearly valid request: 200 or 400, never 5xx', async () => {
    const near = fc
      .record(
        {
          category: fc.oneof(fc.constantFrom('apparel', 'cosmetics'), fc.anything()),
          purchaseDate: fc.oneof(fc.constantFrom('2026-01-01', '2026-02-30', '0000-00-00'), fc.string(), fc.anything()),
          checkDate: fc.oneof(fc.constantFrom('2026-01-10'), fc.string()),
          proof: fc.oneof(fc.constantFrom('receipt', 'none'), fc.anything()),
          condition: fc.oneof(fc.constantFrom('unused', 'damaged'), fc.anything()),
          qualityIssue: fc.oneof(fc.boolean(), fc.anything()),
        },
        { requiredKeys: [] },
      )
      .chain((r) =>
        fc.oneof(
          fc.constant(r),
          fc.constantFrom(...PROTO_KEYS).map((k) => ({ ...r, [k]: 1 })),
        ),
      );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), near), async (value) => {
        await expectSane(await post(returns, '/api/returns/check', JSON.stringify(value)), [200, 400]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('POST /api/kiosk/heartbeat with hostile bodies', () => {
  it('any JSON value or near-valid beat: 204 or 400, never 5xx', async () => {
    const near = fc.record(
      {
        pending: fc.oneof(fc.nat(), fc.anything()),
        failed: fc.oneof(fc.nat(), fc.anything()),
        oldestPendingSec: fc.anything(),
        version: fc.oneof(fc.string(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), near), async (value) => {
        const res = await post(heartbeat, '/api/kiosk/heartbeat', JSON.stringify(value));
        if (res.status === 204) return;
        await expectSane(res, [400, 413]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('GET /api/search parameters', () => {
  it('any query string parses to a request or a refusal, never throws', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('q', 'limit', 'audience', 'section', '__proto__', 'constructor'),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
        ),
        (params) => {
          const sp = new URLSearchParams();
          for (const [k, v] of Object.entries(params)) sp.append(k, v);
          const result = parseSearchRequest(sp);
          if (result.ok) expect(typeof result.value.q).toBe('string');
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });
});

describe('the store afterwards', () => {
  afterAll(async () => (await getStore()).close());

  it('every file parses with the schema and holds exactly the acknowledged tickets, once each', async () => {
    const store = await getStore();
    // A resolved create is on disk: every acknowledged ticket is there to read.
    for (const no of acknowledged) expect(await store.tickets.get(no)).toBeDefined();
    // Acknowledged tickets are journal lines until a compaction writes them into the day files.
    await (store as JsonStore).compact();
    const dir = path.join(dataDir, 'tickets');
    const stored: string[] = [];
    for (const name of readdirSync(dir)) {
      const file = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
      expect(file.version).toBe(1);
      for (const record of file.records) stored.push(ticketSchema.parse(record).no);
    }
    expect(new Set(stored).size).toBe(stored.length);
    expect(new Set(stored)).toEqual(acknowledged);
    expect(acknowledged.size).toBeGreaterThan(0);
    console.log(`hostile: ${acknowledged.size} tickets acknowledged and stored, ${RUNS} runs per property`);
  });
});
