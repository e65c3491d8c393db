import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from '../../../../src/lib/search/request';
import { GET } from '../../../../src/pages/api/search';

const parse = (qs: string) => parseSearchRequest(new URLSearchParams(qs));

describe('parseSearchRequest', () => {
  it.each([
    ['q=退货', { q: '退货', limit: 10 }],
    [
      'q=%20退货%20&limit=50&audience=shopper&section=shopper-guide',
      { q: '退货', limit: 50, audience: 'shopper', section: 'shopper-guide' },
    ],
    ['q=x&limit=&audience=', { q: 'x', limit: 10 }],
    ['q=x&_=123', { q: 'x', limit: 10 }],
    [`q=${'字'.repeat(200)}`, { q: '字'.repeat(200), limit: 10 }],
    ['q=refund&lang=en', { q: 'refund', limit: 10, lang: 'en' }],
    ['q=x&lang=zh-CN', { q: 'x', limit: 10, lang: 'zh-CN' }],
  ])('%s is valid', (qs, value) => {
    expect(parse(qs)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty_query'],
    ['q=', 'empty_query'],
    ['q=%20%E3%80%80%09', 'empty_query'],
    [`q=${'字'.repeat(201)}`, 'query_too_long'],
    // The cost cap on words (issue 16): 13 words is past MAX_QUERY_TERMS.
    [`q=${encodeURIComponent(Array.from({ length: 13 }, (_, i) => `w${i}`).join(' '))}`, 'query_too_complex'],
    [`q=${encodeURIComponent('退货　'.repeat(13))}`, 'query_too_complex'],
    ['q=x&limit=0', 'invalid_input'],
    ['q=x&limit=51', 'invalid_input'],
    ['q=x&limit=2.5', 'invalid_input'],
    ['q=x&limit=ten', 'invalid_input'],
    ['q=x&audience=boss', 'invalid_input'],
    ['q=x&section=nowhere', 'invalid_input'],
    ['q=x&lang=fr', 'invalid_input'],
  ])('%s → %s', (qs, code) => {
    const r = parse(qs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
});

describe('GET /api/search', () => {
  const call = (qs: string, clientAddress = '127.0.0.1', locals: Record<string, unknown> = {}) =>
    GET({
      url: new URL(`http://kiosk.test/api/search?${qs}`),
      cookies: { get: () => undefined },
      clientAddress,
      locals,
    } as unknown as Parameters<typeof GET>[0]);

  // Issue 16: 100 concurrent long queries from one client stalled every other request for ~3 s.
  it('limits one address (429 with Retry-After) and leaves other addresses alone', async () => {
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 130; i++) {
      const res = await call(`q=${encodeURIComponent('退货')}&limit=1`, '10.9.9.9');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after') ?? '';
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(120);
    expect(statuses.slice(120).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await call('q=x', '10.9.9.10')).status).toBe(200);
  });

  it('refuses more searches in flight from one address than SEARCH_CONCURRENCY (4)', async () => {
    const all = await Promise.all(Array.from({ length: 10 }, () => call('q=x', '10.9.9.11')));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  });

  it.each([
    ['q=', 400, 'empty_query'],
    [`q=${'a'.repeat(201)}`, 400, 'query_too_long'],
    [`q=${'a%20'.repeat(20)}`, 400, 'query_too_complex'],
    ['q=x&limit=99', 400, 'invalid_input'],
    ['q=x&audience=x', 400, 'invalid_input'],
    ['q=x&lang=de', 400, 'invalid_input'],
  ])('%s → %i %s', async (qs, status, code) => {
    const res = await call(qs);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/ \/ /);
    if (code === 'invalid_input') expect(Object.keys(body.error.fields).length).toBe(1);
  });

  it.each(['退货', 'title:退货^2', '~2', '*', '+-', 'tuihuo'])('answers 200 for %j', async (q) => {
    const res = await call(`q=${encodeURIComponent(q)}&limit=3`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.query).toBe(q);
    expect(body.results.length).toBeLessThanOrEqual(3);
    expect(typeof body.total).toBe('number');
  });

  // POLICIES_PUBLIC is unset here (default 0): staff-only clauses are for signed-in callers only.
  it('finds staff-only clauses for a signed-in caller only', async () => {
    const ids = async (locals: Record<string, unknown>) => {
      const res = await call(`q=${encodeURIComponent('投诉升级找谁')}&limit=10`, '10.7.7.7', locals);
      expect(res.status).toBe(200);
      return ((await res.json()).results as { id: string }[]).map((r) => r.id);
    };
    const anonymous = await ids({});
    expect(anonymous.length).toBeGreaterThan(0);
    for (const id of anonymous) expect(id).not.toMatch(/^(complaints|roles|records|discipline)-/);
    const staff = await ids({ user: { id: 'u1', username: 'staff', name: '张客服', role: 'staff' } });
    expect(staff.some((id) => id.startsWith('complaints-4'))).toBe(true);
  });

  it('answers a shopper in English with the English clause, and in Chinese by default', async () => {
    const ask = async (lang?: string) => {
      const res = await call(`q=refund&audience=shopper&section=shopper-guide&limit=3${lang ? `&lang=${lang}` : ''}`);
      expect(res.status).toBe(200);
      return (await res.json()).results as {
        id: string;
        title: string;
        excerpt: string;
        highlights: [number, number][];
      }[];
    };
    const english = await ask('en');
    const chinese = await ask();
    expect(english.map((r) => r.id)).toEqual(chinese.map((r) => r.id));
    expect(english[0].id).toMatch(/^shopper-guide-2/);
    expect(english[0].title).toMatch(/^[\x20-\x7e]+$/);
    expect(chinese[0].title).toMatch(/\p{Script=Han}/u);
    const [start, end] = english.find((r) => r.highlights.length)!.highlights[0];
    // The word or one of its synonyms (content/mall/synonyms.yaml) is marked.
    expect(
      english
        .find((r) => r.highlights.length)!
        .excerpt.slice(start, end)
        .toLowerCase(),
    ).toMatch(/^(refund|return|exchange)/);
  });
});
