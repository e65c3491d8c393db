import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mallName, orderMalls, parseChain } from '../../../../src/lib/hq/chain';
import { chainSchema, hqQuerySchema } from '../../../../src/lib/hq/schema';

const root = path.resolve(import.meta.dirname, '../../../..');

describe('content/mall/chain.yaml', () => {
  it('is valid and lists this mall (mall.yaml id)', () => {
    const chain = parseChain(readFileSync(path.join(root, 'content/mall/chain.yaml'), 'utf8'))!;
    const own = /^id:\s*(\S+)/m.exec(readFileSync(path.join(root, 'content/mall/mall.yaml'), 'utf8'))![1];
    expect(chain.malls.map((m) => m.id)).toContain(own);
  });

  it('is optional: no file, no list', () => {
    expect(parseChain(undefined)).toBeUndefined();
  });

  it.each([
    ['a mall without a name', 'malls:\n  - id: a\n', 'malls.0.name'],
    ['an id with capitals', 'malls:\n  - { id: Galaxy, name: 星河 }\n', 'malls.0.id'],
    ['an empty list', 'malls: []\n', 'malls'],
    ['a field it does not know', 'malls:\n  - { id: a, name: 甲, city: 上海 }\n', 'malls.0'],
    ['a duplicate id', 'malls:\n  - { id: a, name: 甲 }\n  - { id: a, name: 乙 }\n', 'malls.1.id'],
    ['a blank name', "malls:\n  - { id: a, name: '  ' }\n", 'malls.0.name'],
  ])('rejects %s, naming the field', (_, source, field) => {
    expect(() => parseChain(source)).toThrow(new RegExp(`chain\\.yaml is invalid: .*${field.replace('.', '\\.')}`));
  });

  it('accepts an English name', () => {
    expect(chainSchema.parse({ malls: [{ id: 'a', name: '甲', nameEn: 'A' }] }).malls[0].nameEn).toBe('A');
  });
});

describe('mall names and order', () => {
  const chain = parseChain('malls:\n  - { id: b, name: 乙店 }\n  - { id: a, name: 甲店 }\n');
  it.each([
    ['b', '乙店'],
    ['z', 'z'], // unknown ids show the id
  ])('%s is shown as %s', (id, name) => expect(mallName(chain, id)).toBe(name));

  it('lists the chain’s malls in its order, then the others sorted, and only malls that exist', () => {
    expect(orderMalls(chain, ['z', 'a', 'y', 'b'])).toEqual(['b', 'a', 'y', 'z']);
    expect(orderMalls(chain, ['a'])).toEqual(['a']);
    expect(orderMalls(undefined, ['b', 'a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('the /hq query', () => {
  it.each([
    [{}, true],
    [{ month: '2026-11', sort: 'onTime.reply', dir: 'asc' }, true],
    [{ month: '2026-13' }, false],
    [{ sort: 'password' }, false],
    [{ dir: 'up' }, false],
    [{ mall: 'x' }, false],
  ])('%j valid: %s', (query, ok) => {
    expect(hqQuerySchema.safeParse(query).success).toBe(ok);
  });
});
