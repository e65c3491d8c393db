import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'astro/zod';
import { JsonFile } from '../../../../src/lib/store/json-file';
import { PartitionedCollection } from '../../../../src/lib/store/partitioned';
import { AppendLog } from '../../../../src/lib/store/append-log';
import { acquireDataDirLock } from '../../../../src/lib/store/data-dir';

const itemSchema = z.strictObject({ id: z.string(), n: z.number(), day: z.string() });
type Item = z.infer<typeof itemSchema>;
const options = {
  version: 2,
  parse: (r: unknown) => itemSchema.parse(r),
  migrations: { 1: (rs: unknown[]) => rs.map((r) => ({ ...(r as object), day: '2026-01-01' })) },
};

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'store-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JsonFile', () => {
  it('reads a missing file as empty and writes a versioned envelope', async () => {
    const file = await new JsonFile<Item>(path.join(dir, 'a.json'), options).load();
    expect(file.records).toEqual([]);
    file.records.push({ id: 'x', n: 1, day: '2026-11-22' });
    await file.save();
    expect(JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8'))).toEqual({
      version: 2,
      records: [{ id: 'x', n: 1, day: '2026-11-22' }],
    });
  });

  it('coalesces concurrent saves and loses no change', async () => {
    const file = await new JsonFile<Item>(path.join(dir, 'a.json'), options).load();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        file.records.push({ id: String(i), n: i, day: 'd' });
        return file.save();
      }),
    );
    const reread = await new JsonFile<Item>(path.join(dir, 'a.json'), options).load();
    expect(reread.records).toHaveLength(200);
  });

  it('with cacheRecords, writes the same text as JSON.stringify and re-serialises only announced changes', async () => {
    const at = path.join(dir, 'c.json');
    const file = await new JsonFile<Item>(at, { ...options, cacheRecords: true }).load();
    file.records.push({ id: 'a', n: 1, day: 'd' }, { id: 'b', n: 2, day: 'd' }, { id: 'c', n: 3, day: 'd' });
    await file.save();
    expect(readFileSync(at, 'utf8')).toBe(JSON.stringify({ version: 2, records: file.records }));
    const [a, b] = file.records;
    b.n = 20;
    file.changed(b);
    a.n = 10; // not announced: the kept JSON of `a` is written
    await file.save();
    expect(JSON.parse(readFileSync(at, 'utf8')).records.map((r: Item) => r.n)).toEqual([1, 20, 3]);
    file.changed(a);
    await file.save();
    expect(readFileSync(at, 'utf8')).toBe(JSON.stringify({ version: 2, records: file.records }));
    expect((await new JsonFile<Item>(at, options).load()).records.map((r) => r.n)).toEqual([10, 20, 3]);
  });

  it('with cacheRecords, forgets the kept JSON after a failed write', async () => {
    const at = path.join(dir, 'c.json');
    const file = await new JsonFile<Item>(at, { ...options, cacheRecords: true }).load();
    file.records.push({ id: 'a', n: 1, day: 'd' });
    await file.save();
    // A write that fails after serialising (the target is a directory, so the rename fails).
    const blocked = await new JsonFile<Item>(path.join(dir, 'blocked'), { ...options, cacheRecords: true }).load();
    const record = { id: 'x', n: 1, day: 'd' };
    blocked.records.push(record);
    mkdirSync(path.join(dir, 'blocked'));
    writeFileSync(path.join(dir, 'blocked', 'keep'), '');
    await expect(blocked.save()).rejects.toThrow();
    record.n = 2; // put back silently, as a rollback does
    rmSync(path.join(dir, 'blocked'), { recursive: true });
    await blocked.save();
    expect(JSON.parse(readFileSync(path.join(dir, 'blocked'), 'utf8')).records[0].n).toBe(2);
  });

  it('upgrades an older file and saves it at the current version', async () => {
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ version: 1, records: [{ id: 'a', n: 1 }] }));
    const file = await new JsonFile<Item>(path.join(dir, 'old.json'), options).load();
    expect(file.records).toEqual([{ id: 'a', n: 1, day: '2026-01-01' }]);
    expect(JSON.parse(readFileSync(path.join(dir, 'old.json'), 'utf8')).version).toBe(2);
  });

  it.each([
    ['an invalid record', { version: 2, records: [{ id: 1 }] }, 'record 0'],
    ['a newer version', { version: 9, records: [] }, 'newer than this server'],
  ])('refuses %s', async (_n, content, message) => {
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(content));
    await expect(new JsonFile<Item>(path.join(dir, 'bad.json'), options).load()).rejects.toThrow(message);
  });
});

describe('PartitionedCollection', () => {
  it('writes one file per partition and reloads them all', async () => {
    const c = await new PartitionedCollection<Item>(path.join(dir, 'items'), (r) => r.day, options).load();
    await c.insert({ id: 'a', n: 1, day: '2026-11-21' });
    await c.insert({ id: 'b', n: 2, day: '2026-11-22' });
    await c.insert({ id: 'c', n: 3, day: '2026-11-22' });
    expect(readdirSync(path.join(dir, 'items')).sort()).toEqual(['2026-11-21.json', '2026-11-22.json']);
    const first = [...c.all()][0];
    first.n = 10;
    await c.saveRecord(first);
    const again = await new PartitionedCollection<Item>(path.join(dir, 'items'), (r) => r.day, options).load();
    expect(again.size).toBe(3);
    expect([...again.all()].map((r) => [r.id, r.n])).toEqual([
      ['a', 10],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('rejects a partition key that is not a safe file name', async () => {
    const c = await new PartitionedCollection<Item>(dir, (r) => r.day, options).load();
    await expect(c.insert({ id: 'a', n: 1, day: '../x' })).rejects.toThrow('bad partition key');
  });
});

describe('AppendLog', () => {
  it('appends lines per month in order and skips a torn last line', async () => {
    const log = new AppendLog<{ at: string; n: number }>(path.join(dir, 'audit'));
    await Promise.all(Array.from({ length: 50 }, (_, n) => log.append({ at: '2026-11-22T01:00:00Z', n })));
    await log.append({ at: '2026-12-01T00:00:00Z', n: 99 });
    writeFileSync(
      path.join(dir, 'audit', '2026-11.jsonl'),
      readFileSync(path.join(dir, 'audit', '2026-11.jsonl'), 'utf8') + '{"at":"2026-11',
      { flag: 'w' },
    );
    const nov = await log.readMonth('2026-11');
    expect(nov.map((e) => e.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(await log.readMonth('2026-12')).toHaveLength(1);
    expect(await log.readMonth('2020-01')).toEqual([]);
  });
});

describe('acquireDataDirLock', () => {
  it('refuses a second live owner with a clear message, and takes over a stale lock', () => {
    const release = acquireDataDirLock(dir, process.pid);
    expect(existsSync(path.join(dir, '.lock'))).toBe(true);
    // pid 1 is alive (init) and is not us
    writeFileSync(path.join(dir, '.lock'), '1');
    expect(() => acquireDataDirLock(dir, process.pid)).toThrow(/in use by another server \(pid 1\)/);
    writeFileSync(path.join(dir, '.lock'), '999999999');
    const again = acquireDataDirLock(dir, process.pid);
    expect(readFileSync(path.join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    again();
    release();
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
  });
});
