/**
 * Durability of the tickets journal (journal.ts, partitioned.ts): what a crash at any point
 * leaves, what a failing disk answers, and what a new ticket costs on disk.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'astro/zod';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import { StoreUnavailableError } from '../../../../src/lib/store/errors';
import { JsonFile } from '../../../../src/lib/store/json-file';
import { PartitionedCollection } from '../../../../src/lib/store/partitioned';
import { AppendLog } from '../../../../src/lib/store/append-log';
import { CHUNK, TicketRepository } from '../../../../src/lib/store/tickets';
import { ticketAt } from '../feedback/fixtures';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'journal-'))));
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.STORE_FAULT_FILE;
  rmSync(dir, { recursive: true, force: true });
});

const ticket = (seq: number, over: Partial<Ticket> = {}) =>
  ticketAt('2026-11-22 10:00', { no: `FK20261122-${String(seq).padStart(4, '0')}`, seq, ...over });
const journalDir = () => path.join(dir, 'journal');
const segments = () => (existsSync(journalDir()) ? readdirSync(journalDir()).sort() : []);
const partitions = () => readdirSync(path.join(dir, 'tickets')).filter((f) => f.endsWith('.json'));
/** The FileHandle prototype, to make one of its calls fail as a failing disk would. */
async function fileHandleProto() {
  const h = await open(path.join(dir, 'probe'), 'w');
  await h.close();
  return Object.getPrototypeOf(h) as { datasync: () => Promise<void>; sync: () => Promise<void> };
}

describe('tickets journal', () => {
  it('a new ticket is one journal line (not its chunk rewritten), replayed at the next start', async () => {
    const repo = await TicketRepository.open(dir);
    for (let i = 1; i <= CHUNK - 1; i++) await repo.insert(ticket(i));
    await repo.compact();
    const chunk = path.join(dir, 'tickets', '2026-11-22.000.json');
    const before = statSync(chunk).mtimeMs;
    await repo.insert(ticket(CHUNK, { description: '最后一张' }));
    const [segment] = segments();
    const bytes = statSync(path.join(journalDir(), segment)).size;
    expect(bytes).toBeGreaterThan(200);
    expect(bytes).toBeLessThan(10 * 1024);
    expect(statSync(chunk).mtimeMs).toBe(before);
    expect(JSON.parse(readFileSync(chunk, 'utf8')).records).toHaveLength(CHUNK - 1);
    const again = await TicketRepository.open(dir);
    expect(again.size).toBe(CHUNK);
    expect(again.get(`FK20261122-0${CHUNK}`)?.description).toBe('最后一张');
  });

  it('replays inserts and updates in order, and ignores a torn last line (never acknowledged)', async () => {
    const repo = await TicketRepository.open(dir);
    await repo.insert(ticket(1));
    await repo.insert(ticket(2));
    await repo.update({ ...repo.get('FK20261122-0001')!, status: 'assigned', assignee: '王主管' });
    const [segment] = segments();
    // A crash in the middle of writing the next line.
    appendFileSync(path.join(journalDir(), segment), '{"s":4,"p":"2026-11-22.000","v":1,"r":{"no":"FK2026');
    const again = await TicketRepository.open(dir);
    expect(again.size).toBe(2);
    expect(again.get('FK20261122-0001')).toMatchObject({ status: 'assigned', assignee: '王主管' });
    // Appends after a restart go to a new segment, never after the torn line.
    await again.insert(ticket(3));
    expect(segments()).toHaveLength(2);
    const third = await TicketRepository.open(dir);
    expect([...third.values()].map((t) => t.no)).toEqual(['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003']);
  });

  it('refuses to start on a damaged line that is not the last (corruption, not a crash)', async () => {
    const repo = await TicketRepository.open(dir);
    await repo.insert(ticket(1));
    await repo.insert(ticket(2));
    const file = path.join(journalDir(), segments()[0]);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, ['{"s":1,"p":"x"', ...lines.slice(1)].join('\n'));
    await expect(TicketRepository.open(dir)).rejects.toThrow(/line 1 .* is damaged/);
  });

  it('a compaction interrupted at any point loses nothing and applies nothing twice', async () => {
    const repo = await TicketRepository.open(dir);
    await repo.insert(ticket(1));
    await repo.insert(ticket(2));
    await repo.update({ ...repo.get('FK20261122-0001')!, status: 'assigned' });
    const saved = mkdtempSync(path.join(tmpdir(), 'journal-saved-'));
    try {
      cpSync(journalDir(), saved, { recursive: true });
      // Crash after the partition files were written, before the segments were deleted.
      await repo.compact();
      expect(segments()).toEqual([]);
      expect(partitions()).toEqual(['2026-11-22.000.json']);
      // A later change goes to a new segment...
      await repo.update({ ...repo.get('FK20261122-0001')!, status: 'in_progress' });
      await repo.insert(ticket(3));
      // ...and the old segments come back as the crash left them.
      cpSync(saved, journalDir(), { recursive: true });
      expect(segments()).toHaveLength(2);
      const again = await TicketRepository.open(dir);
      expect(again.size).toBe(3);
      expect(again.get('FK20261122-0001')?.status).toBe('in_progress');
      expect(again.statusCounts()).toEqual({ in_progress: 1, received: 2 });
      // Crash before anything was written: the journal alone holds the changes.
      rmSync(path.join(dir, 'tickets'), { recursive: true });
      cpSync(saved, journalDir(), { recursive: true });
      const fromJournal = await TicketRepository.open(dir);
      expect(fromJournal.get('FK20261122-0001')?.status).toBe('in_progress');
      expect(fromJournal.size).toBe(3);
      // And a compaction after such a start writes the files and clears the journal.
      await fromJournal.compact();
      expect(segments()).toEqual([]);
      expect((await TicketRepository.open(dir)).get('FK20261122-0001')?.status).toBe('in_progress');
    } finally {
      rmSync(saved, { recursive: true, force: true });
    }
  });

  it('compacts in the background once the journal passes its size', async () => {
    const itemSchema = z.strictObject({ id: z.string(), n: z.number(), day: z.string() });
    type Item = z.infer<typeof itemSchema>;
    const open = () =>
      new PartitionedCollection<Item>(path.join(dir, 'items'), (r) => r.day, {
        version: 1,
        parse: (r) => itemSchema.parse(r),
        journal: { idOf: (r) => r.id, compactBytes: 200 },
      }).load();
    const c = await open();
    for (let i = 0; i < 10; i++) await c.insert({ id: `i${i}`, n: i, day: `2026-11-${10 + (i % 2)}` });
    await c.settle();
    await vi.waitFor(() =>
      expect(readdirSync(path.join(dir, 'items')).sort()).toEqual(['2026-11-10.json', '2026-11-11.json']),
    );
    await c.settle();
    const again = await open();
    expect([...again.all()].map((r) => r.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `i${i}`).sort());
  });

  it('an fsync that fails rejects with StoreUnavailableError; the ticket is not kept, and the next write works', async () => {
    const repo = await TicketRepository.open(dir);
    await repo.insert(ticket(1));
    const proto = await fileHandleProto();
    const datasync = proto.datasync;
    vi.spyOn(proto, 'datasync').mockImplementationOnce(() => Promise.reject(new Error('EIO: i/o error, fdatasync')));
    await expect(repo.insert(ticket(2))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(repo.get('FK20261122-0002')).toBeUndefined();
    expect(proto.datasync).not.toBe(datasync);
    await repo.insert(ticket(3));
    const again = await TicketRepository.open(dir);
    expect([...again.values()].map((t) => t.no)).toEqual(['FK20261122-0001', 'FK20261122-0003']);
  });

  it('a disk refusing writes (STORE_FAULT_FILE) fails inserts and updates with StoreUnavailableError', async () => {
    const repo = await TicketRepository.open(dir);
    await repo.insert(ticket(1));
    process.env.STORE_FAULT_FILE = path.join(dir, '.fail');
    writeFileSync(process.env.STORE_FAULT_FILE, '');
    await expect(repo.insert(ticket(2))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(repo.update({ ...repo.get('FK20261122-0001')!, status: 'assigned' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(repo.get('FK20261122-0001')?.status).toBe('received');
    rmSync(process.env.STORE_FAULT_FILE);
    const again = await TicketRepository.open(dir);
    expect(again.size).toBe(1);
    expect(again.get('FK20261122-0001')?.status).toBe('received');
  });

  it('a file write whose fsync fails rejects with StoreUnavailableError and leaves the old file', async () => {
    const file = new JsonFile<{ id: string }>(path.join(dir, 'f.json'), {
      version: 1,
      parse: (r) => r as { id: string },
    });
    await file.load();
    file.records.push({ id: 'a' });
    await file.save();
    const proto = await fileHandleProto();
    vi.spyOn(proto, 'sync').mockImplementationOnce(() => Promise.reject(new Error('EIO: i/o error, fsync')));
    file.records.push({ id: 'b' });
    await expect(file.save()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(JSON.parse(readFileSync(path.join(dir, 'f.json'), 'utf8')).records).toEqual([{ id: 'a' }]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the audit log syncs each append and groups concurrent ones', async () => {
    const log = new AppendLog<{ at: string; n: number }>(path.join(dir, 'audit'));
    const proto = await fileHandleProto();
    const syncs = vi.spyOn(proto, 'datasync');
    await Promise.all(Array.from({ length: 20 }, (_, n) => log.append({ at: '2026-11-22T10:00:00Z', n })));
    expect((await log.readMonth('2026-11')).map((e) => e.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(syncs.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(syncs.mock.calls.length).toBeLessThan(20);
  });
});
