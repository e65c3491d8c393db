/**
 * The route handler of POST /api/returns/check, called directly with a Request. The policy
 * library comes from astro:content in the server; here it is read from disk.
 */
import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';

vi.mock('../../../../../src/lib/policies/library.server', async () => {
  const { loadLibrary } = await import('../../../../../src/lib/policies/library-files');
  const { indexClauses } = await import('../../../../../src/lib/policies/library');
  const root = path.resolve(import.meta.dirname, '../../../../..');
  const { pages } = loadLibrary(root);
  return { getLibrary: async () => ({ pages, clauses: indexClauses(pages) }) };
});

const { POST } = await import('../../../../../src/pages/api/returns/check');

const call = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  POST({ request: new Request('http://kiosk.test/api/returns/check', { method: 'POST', body, headers }) } as never);
const ok = {
  category: 'apparel',
  purchaseDate: '2026-03-01',
  checkDate: '2026-03-16',
  proof: 'receipt',
  condition: 'unused',
  qualityIssue: false,
};

describe('POST /api/returns/check', () => {
  it('answers 200 with the decision and deep links to the clauses', async () => {
    const response = await call(JSON.stringify(ok));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = await response.json();
    expect(body).toMatchObject({ outcome: 'return_or_exchange', daysSincePurchase: 15, lastDay: '2026-03-16' });
    expect(body.reasons[0].clause).toEqual({ id: 'returns-1.1', url: '/policies/returns/basic-rules#returns-1.1' });
    expect(body.nextSteps.length).toBeGreaterThan(0);
  });

  it('lists every failing condition for refer_to_desk', async () => {
    const response = await call(
      JSON.stringify({ ...ok, category: 'watches', checkDate: '2026-03-17', proof: 'none', condition: 'used' }),
    );
    const body = await response.json();
    expect(body.outcome).toBe('refer_to_desk');
    expect(body.reasons.map((r: { code: string }) => r.code)).toEqual([
      'window_expired',
      'no_proof',
      'not_resalable',
      'excluded_category',
    ]);
    expect(body.reasons[3].clause.url).toBe('/policies/returns/exclusions#returns-2.1');
  });

  it('defaults the check date to today in the mall (a purchase today is day 0)', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const { checkDate: _, ...rest } = ok;
    const body = await (await call(JSON.stringify({ ...rest, purchaseDate: today }))).json();
    expect(body.daysSincePurchase).toBe(0);
  });

  it.each([
    ['unknown category', { ...ok, category: 'pets' }, ['category']],
    ['impossible date', { ...ok, purchaseDate: '2026-02-30' }, ['purchaseDate']],
    ['malformed date', { ...ok, checkDate: '16/03/2026' }, ['checkDate']],
    ['purchase after the check date', { ...ok, purchaseDate: '2026-03-17' }, ['purchaseDate']],
    ['missing field', { ...ok, condition: undefined }, ['condition']],
    ['unknown key', { ...ok, note: 'hi' }, ['note']],
    ['not an object', ['apparel'], ['(body)']],
  ])('400 invalid_input for %s', async (_, body, fields) => {
    const response = await call(JSON.stringify(body));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields).sort()).toEqual([...fields].sort());
    expect(JSON.stringify(error)).not.toMatch(/\/work\/|at .*\.ts/);
  });

  it('400 invalid_json for a body that is not JSON', async () => {
    const response = await call('{"category": ');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });

  it('413 for a body over the limit', async () => {
    const response = await call(JSON.stringify({ ...ok, pad: 'x'.repeat(70_000) }));
    expect(response.status).toBe(413);
  });

  it.each([
    ['9999-12-31', '9999-12-31'],
    ['0000-01-01', '2026-03-16'],
  ])('400 naming purchaseDate for an impossible year (%s)', async (purchaseDate, checkDate) => {
    const response = await call(JSON.stringify({ ...ok, purchaseDate, checkDate }));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields)).toContain('purchaseDate');
  });

  it('415 for a body that is not declared as JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await call(JSON.stringify(ok), { 'Content-Type': type });
      expect(response.status, type).toBe(415);
      expect((await response.json()).error.code).toBe('unsupported_media_type');
    }
  });
});
