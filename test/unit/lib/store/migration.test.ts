/**
 * Start-up migration: a data directory written by each earlier store version opens with the current
 * code, every record passing today's schemas (test/fixtures/store-v<N>/). Version 1 is the first
 * released format and still current: when a version 2 appears, add its migration to the repository,
 * keep store-v1 here and add store-v2. A file newer than the server is refused, never overwritten.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ticketSchema } from '../../../../src/lib/feedback/schema';
import { JsonFile } from '../../../../src/lib/store/json-file';
import { formatTicketNo } from '../../../../src/lib/feedback/feedback';
import { openJsonStore } from '../../../../src/lib/store/json-store';
import { TicketRepository } from '../../../../src/lib/store/tickets';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');
const dirs: string[] = [];
const copyOf = (name: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `sdk-${name}-`));
  cpSync(path.join(FIXTURES, name), d, { recursive: true });
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(['store-v1'])('a data directory from %s', (fixture) => {
  it('opens, every record parses, nothing is lost', async () => {
    const dir = copyOf(fixture);
    const store = await openJsonStore(dir, 'test-mall');
    try {
      expect(await store.tickets.count()).toBe(2);
      for (const t of (await TicketRepository.open(dir)).values()) expect(() => ticketSchema.parse(t)).not.toThrow();
      const first = await store.tickets.get('FK20260110-0001');
      expect(first).toMatchObject({ name: '王女士', status: 'received' });
      expect((await store.audit.readMonth('2026-01')).length).toBe(1);
      expect((await store.users.byUsername('admin'))?.role).toBe('admin');
      // The next number of that day continues after the stored ones.
      const next = await store.tickets.create('2026-01-10', (seq) => ({
        ...first!,
        no: formatTicketNo('2026-01-10', seq),
        seq,
      }));
      expect(next.ticket.seq).toBe(3);
    } finally {
      await store.close();
    }
  });
});

describe('JsonFile versions', () => {
  const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'sdk-ver-')), 'x.json');
  const parse = (r: unknown) => r as { id: number; label: string };

  it('upgrades an older file step by step and writes it back at the current version', async () => {
    const f = file();
    writeFileSync(f, JSON.stringify({ version: 1, records: [{ id: 1 }] }));
    const loaded = await new JsonFile(f, {
      version: 3,
      parse,
      migrations: {
        1: (rs) => rs.map((r) => ({ ...(r as object), label: 'a' })),
        2: (rs) => rs.map((r) => ({ ...(r as object), label: `${(r as { label: string }).label}b` })),
      },
    }).load();
    expect(loaded.records).toEqual([{ id: 1, label: 'ab' }]);
    expect(JSON.parse(readFileSync(f, 'utf8')).version).toBe(3);
  });

  it('treats a file without a version as version 1', async () => {
    const f = file();
    writeFileSync(f, JSON.stringify({ records: [{ id: 2, label: 'x' }] }));
    expect((await new JsonFile(f, { version: 1, parse }).load()).records).toEqual([{ id: 2, label: 'x' }]);
  });

  it.each([
    ['a newer version', { version: 9, records: [] }, /newer than this server understands/],
    ['a missing migration', { version: 0, records: [] }, /no migration from version 0/],
  ])('refuses %s and leaves the file alone', async (_name, content, message) => {
    const f = file();
    writeFileSync(f, JSON.stringify(content));
    await expect(new JsonFile(f, { version: 1, parse }).load()).rejects.toThrow(message);
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual(content);
  });
});
