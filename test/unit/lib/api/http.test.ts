import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { apiError, fieldErrors, invalidInput, readJsonBody } from '../../../../src/lib/api/http';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://x/api', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('readJsonBody', () => {
  it('parses JSON', async () => {
    expect(await readJsonBody(post('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });
  it.each([
    ['not JSON', 'nope', 400, 'invalid_json'],
    ['empty body', '', 400, 'invalid_json'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 400, 'invalid_json'],
    ['a body over the limit', JSON.stringify({ a: 'x'.repeat(100) }), 413, 'payload_too_large'],
  ])('rejects %s', async (_n, body, status, code) => {
    const result = await readJsonBody(post(body as BodyInit), 64);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(status);
      expect((await result.response.json()).error.code).toBe(code);
    }
  });
  it('415 for a body declared as something other than JSON; +json and parameters are fine', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const result = await readJsonBody(post('{}', { 'content-type': type }));
      expect(!result.ok && result.response.status, type).toBe(415);
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json']) {
      expect((await readJsonBody(post('{}', { 'content-type': type }))).ok, type).toBe(true);
    }
  });
  it('cleans every string: NFC, no NUL, no bidirectional overrides (keys too)', async () => {
    const body = JSON.stringify({ 'a\u0000': ['e\u0301', 'x\u202Egnp.exe', 'ok\u0007'], n: 1 });
    expect(await readJsonBody(post(body))).toEqual({ ok: true, value: { a: ['\u00e9', 'xgnp.exe', 'ok'], n: 1 } });
  });
  it('rejects by declared length before reading', async () => {
    const result = await readJsonBody(post('{}', { 'content-length': '999999' }), 64);
    expect(!result.ok && result.response.status).toBe(413);
  });
});

describe('fieldErrors', () => {
  const schema = z.strictObject({
    name: z.string().min(2),
    age: z.number(),
    nested: z.strictObject({ x: z.string() }).optional(),
  });
  it('names every bad field, unknown keys included', () => {
    const r = schema.safeParse({ name: 'a', extra: 1, nested: { x: 1, y: 2 } });
    expect(r.success).toBe(false);
    const fields = fieldErrors(r.error!, { name: { zh: '姓名太短', en: 'Name too short' } });
    expect(Object.keys(fields).sort()).toEqual(['age', 'extra', 'name', 'nested.x', 'nested.y']);
    expect(fields.name).toEqual({ zh: '姓名太短', en: 'Name too short' });
    expect(fields.age).toEqual({ zh: '必填', en: 'Required' });
    expect(fields.extra.en).toBe('Unknown field');
  });
  it('uses a per-code label when given', () => {
    const r = schema.safeParse({ name: 'abc', age: 'x' });
    expect(
      fieldErrors(r.error!, { age: { invalid_type: { zh: '年龄应为数字', en: 'Age must be a number' } } }).age.en,
    ).toBe('Age must be a number');
  });
});

describe('error envelope', () => {
  it('has code, bilingual message and fields', async () => {
    const res = apiError(404, 'not_found', { zh: '未找到', en: 'Not found' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: '未找到 / Not found' } });
    const bad = invalidInput(z.object({ a: z.string() }).safeParse({}).error!);
    expect((await bad.json()).error).toMatchObject({
      code: 'invalid_input',
      fields: { a: { zh: '必填', en: 'Required' } },
    });
  });
});
