import { describe, expect, it } from 'vitest';
import { resultUrlWithQuery, searchPageUrl } from '../../../../src/lib/kiosk/search-back';

describe('searchPageUrl', () => {
  it.each([
    ['tuihuo', '/kiosk/search?q=tuihuo'],
    ['  refund policy ', '/kiosk/search?q=refund%20policy'],
    ['', '/kiosk/search'],
    ['   ', '/kiosk/search'],
    ['a&b#c', '/kiosk/search?q=a%26b%23c'],
  ])('%j → %s', (q, url) => expect(searchPageUrl(q)).toBe(url));

  it('caps the query at 200 characters', () => {
    expect(searchPageUrl('x'.repeat(300))).toBe(`/kiosk/search?q=${'x'.repeat(200)}`);
  });
});

describe('resultUrlWithQuery', () => {
  it.each([
    [
      '/kiosk/guide/returns#shopper-guide-returns-2-1',
      'tuihuo',
      '/kiosk/guide/returns?q=tuihuo#shopper-guide-returns-2-1',
    ],
    ['/kiosk/guide/returns', 'tuihuo', '/kiosk/guide/returns?q=tuihuo'],
    ['/kiosk/guide/returns?x=1#a', 'th', '/kiosk/guide/returns?x=1&q=th#a'],
    ['/kiosk/guide/returns#a', '  ', '/kiosk/guide/returns#a'],
    ['/kiosk/guide/returns#a', '退 货', '/kiosk/guide/returns?q=%E9%80%80%20%E8%B4%A7#a'],
  ])('%s with %j', (url, q, out) => expect(resultUrlWithQuery(url, q)).toBe(out));
});
