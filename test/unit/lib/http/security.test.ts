import { describe, expect, it } from 'vitest';
import {
  normalisePath,
  parseTrustedProxies,
  prepareRequest,
  secureCookies,
} from '../../../../src/lib/http/security.js';
import type { IncomingMessage } from 'node:http';

describe('normalisePath', () => {
  it.each([
    ['/', '/'],
    ['/policies/', '/policies'],
    ['/policies/index.html', '/policies'],
    ['/policies/returns/basic-rules', '/policies/returns/basic-rules'],
  ])('%s → %s', (input, out) => expect(normalisePath(input)).toBe(out));
});

describe('secureCookies', () => {
  it.each([
    ['a=1; Path=/', 'a=1; Path=/; Secure'],
    ['a=1; Secure; HttpOnly', 'a=1; Secure; HttpOnly'],
    ['a=1; secure', 'a=1; secure'],
  ])('%s', (input, out) => expect(secureCookies(input)).toBe(out));
  it('handles a list', () => expect(secureCookies(['a=1', 'b=2; Secure'])).toEqual(['a=1; Secure', 'b=2; Secure']));
});

describe('prepareRequest', () => {
  const req = (remoteAddress: string, headers: Record<string, string>, encrypted = false) =>
    ({ socket: { remoteAddress, encrypted }, headers: { ...headers } }) as unknown as IncomingMessage;
  const trusted = parseTrustedProxies('10.0.0.1, ::1');
  it.each([
    ['trusted proxy, https', '::ffff:10.0.0.1', { 'x-forwarded-proto': 'https' }, false, true],
    ['trusted proxy, http', '10.0.0.1', { 'x-forwarded-proto': 'http' }, false, false],
    ['untrusted peer claiming https', '10.0.0.2', { 'x-forwarded-proto': 'https' }, false, false],
    ['direct TLS', '10.0.0.2', {}, true, true],
  ])('%s', (_name, addr, headers, encrypted, secure) =>
    expect(prepareRequest(req(addr, headers, encrypted), trusted)).toBe(secure),
  );
  it('drops forwarded headers from an untrusted peer only', () => {
    const from = (addr: string) => {
      const r = req(addr, { 'x-forwarded-for': '1.2.3.4', 'x-forwarded-host': 'evil', host: 'kiosk' });
      prepareRequest(r, trusted);
      return r.headers;
    };
    expect(from('10.0.0.2')).toEqual({ host: 'kiosk' });
    expect(from('10.0.0.1')['x-forwarded-for']).toBe('1.2.3.4');
  });
});
