import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTicket, formatTicketNo, ticketDay } from '../../../../src/lib/feedback/feedback';
import { CHUNK, IDEMPOTENCY_TTL_MS, TicketRepository } from '../../../../src/lib/store/tickets';
import { openJsonStore } from '../../../../src/lib/store/json-store';
import { bj, config } from '../feedback/fixtures';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'tickets-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newTicket(
  repo: TicketRepository,
  now: number,
  over: { phone?: string; tenant?: string; idempotencyKey?: string; kioskId?: string } = {},
) {
  const day = ticketDay(now, config.timeZone);
  const seq = repo.allocateSeq(day);
  return createTicket(
    { kind: 'complaint', category: 'service', description: '测试测试测试', consent: !!over.phone, ...over },
    { no: formatTicketNo(day, seq), day, seq, verifyCode: '123456', now },
    config,
  );
}

describe('TicketRepository', () => {
  it('numbers per mall-local day and partitions by that day', async () => {
    const repo = await TicketRepository.open(dir);
    // 23:30 UTC on the 21st is 07:30 on the 22nd in Shanghai.
    const a = newTicket(repo, Date.parse('2026-11-21T15:59:00Z'));
    const b = newTicket(repo, Date.parse('2026-11-21T16:00:00Z'));
    const c = newTicket(repo, Date.parse('2026-11-21T23:30:00Z'));
    await Promise.all([repo.insert(a), repo.insert(b), repo.insert(c)]);
    expect([a.no, b.no, c.no]).toEqual(['FK20261121-0001', 'FK20261122-0001', 'FK20261122-0002']);
    // New tickets are journal lines until the journal is compacted into the day files.
    await repo.compact();
    expect(readdirSync(path.join(dir, 'tickets')).sort()).toEqual(['2026-11-21.000.json', '2026-11-22.000.json']);
  });

  it('loses and duplicates nothing under 500 concurrent inserts, and continues numbering after a reload', async () => {
    const repo = await TicketRepository.open(dir);
    const now = bj('2026-11-22 12:00');
    const tickets = Array.from({ length: 500 }, () => newTicket(repo, now));
    await Promise.all(tickets.map((t) => repo.insert(t)));
    expect(new Set(tickets.map((t) => t.no)).size).toBe(500);
    await repo.compact();
    // 500 tickets fill exactly five chunk files of CHUNK (100).
    expect(readdirSync(path.join(dir, 'tickets')).sort()).toEqual(
      ['000', '001', '002', '003', '004'].map((c) => `2026-11-22.${c}.json`),
    );
    const file = JSON.parse(readFileSync(path.join(dir, 'tickets', '2026-11-22.004.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.records.map((t: { seq: number }) => t.seq)).toEqual(Array.from({ length: CHUNK }, (_, i) => 401 + i));
    const again = await TicketRepository.open(dir);
    expect(again.size).toBe(500);
    expect(again.get('FK20261122-0500')?.description).toBe('测试测试测试');
    const next = newTicket(again, now);
    expect(next.no).toBe('FK20261122-0501');
    await again.insert(next);
    await again.compact();
    expect(readdirSync(path.join(dir, 'tickets')).sort().at(-1)).toBe('2026-11-22.005.json');
  });

  it('keeps the open tickets and the counts per status up to date', async () => {
    const repo = await TicketRepository.open(dir);
    const a = newTicket(repo, bj('2026-11-22 12:00'));
    const b = newTicket(repo, bj('2026-11-22 12:01'));
    await Promise.all([repo.insert(a), repo.insert(b)]);
    await repo.update({ ...a, status: 'closed' });
    expect([...repo.openTickets()].map((t) => t.no)).toEqual([b.no]);
    expect(repo.statusCounts()).toEqual({ received: 1, closed: 1 });
    await repo.update({ ...a, status: 'assigned' });
    expect(new Set([...repo.openTickets()].map((t) => t.no))).toEqual(new Set([a.no, b.no]));
    expect(repo.statusCounts()).toEqual({ received: 1, closed: 0, assigned: 1 });
  });

  it('saves an update in place and reloads it', async () => {
    const repo = await TicketRepository.open(dir);
    const t = newTicket(repo, bj('2026-11-22 12:00'));
    await repo.insert(t);
    const { satisfaction: _s, ...rest } = { ...t, satisfaction: 3 };
    await repo.update({ ...rest, status: 'assigned', assignee: '王主管' });
    expect(repo.get(t.no)?.assignee).toBe('王主管');
    const again = await TicketRepository.open(dir);
    expect(again.get(t.no)).toMatchObject({ status: 'assigned', assignee: '王主管' });
    expect(() => repo.update({ ...t, no: 'FK20991231-0001' })).toThrow('no ticket');
  });

  it('puts a ticket back as it is on disk when its update cannot be written', async () => {
    const repo = await TicketRepository.open(dir);
    const t = newTicket(repo, bj('2026-11-22 12:00'));
    await repo.insert(t);
    const fault = path.join(dir, '.fail');
    process.env.STORE_FAULT_FILE = fault;
    try {
      writeFileSync(fault, '');
      // Two changes in one failed write: both roll back, to what the disk holds.
      const first = repo.update({ ...t, status: 'assigned', assignee: '王主管' });
      const second = repo.update({ ...t, status: 'in_progress', assignee: '王主管' });
      expect(repo.get(t.no)?.status).toBe('in_progress');
      await expect(first).rejects.toThrow();
      await expect(second).rejects.toThrow();
      expect(repo.get(t.no)).toEqual(t);
      expect(repo.statusCounts()).toEqual({ received: 1, assigned: 0, in_progress: 0 });
      // A failed change after a saved one goes back to the saved one, not further.
      rmSync(fault);
      await repo.update({ ...t, status: 'assigned', assignee: '王主管' });
      writeFileSync(fault, '');
      await expect(repo.update({ ...t, status: 'closed', assignee: '王主管' })).rejects.toThrow();
      expect(repo.get(t.no)).toMatchObject({ status: 'assigned', assignee: '王主管' });
      rmSync(fault);
      const again = await TicketRepository.open(dir);
      expect(again.get(t.no)).toEqual(repo.get(t.no));
    } finally {
      delete process.env.STORE_FAULT_FILE;
    }
  });

  it('honours an idempotency key per kiosk for 24 h', async () => {
    let now = bj('2026-11-22 12:00');
    const repo = await TicketRepository.open(dir, () => now);
    const t = newTicket(repo, now, { idempotencyKey: 'key-12345678', kioskId: 'K1' });
    await repo.insert(t);
    expect(repo.findByIdempotencyKey('K1', 'key-12345678')?.no).toBe(t.no);
    expect(repo.findByIdempotencyKey('K2', 'key-12345678')).toBeUndefined();
    now += IDEMPOTENCY_TTL_MS - 1;
    expect((await TicketRepository.open(dir, () => now)).findByIdempotencyKey('K1', 'key-12345678')?.no).toBe(t.no);
    now += 1;
    expect(repo.findByIdempotencyKey('K1', 'key-12345678')).toBeUndefined();
    expect((await TicketRepository.open(dir, () => now)).findByIdempotencyKey('K1', 'key-12345678')).toBeUndefined();
  });

  it('finds the latest ticket with a phone, tenant and category of the last 72 h', async () => {
    let now = bj('2026-11-22 12:00');
    const repo = await TicketRepository.open(dir, () => now);
    const first = newTicket(repo, now, { phone: '13800138000', tenant: '2f-shoes' });
    await repo.insert(first);
    now += 3_600_000;
    const second = newTicket(repo, now, { phone: '13800138000', tenant: '2f-shoes' });
    await repo.insert(second);
    await repo.insert(newTicket(repo, now, { phone: '13800138000', tenant: '2f-tea' }));
    expect(repo.latestWith('13800138000', '2f-shoes', 'service')?.no).toBe(second.no);
    expect(repo.latestWith('13800138000', '2f-shoes', 'quality')).toBeUndefined();
    expect((await TicketRepository.open(dir, () => now)).latestWith('13800138000', '2f-shoes', 'service')?.no).toBe(
      second.no,
    );
    now += 72 * 3_600_000;
    expect(repo.latestWith('13800138000', '2f-shoes', 'service')).toBeUndefined();
  });
});

describe('openJsonStore', () => {
  it('takes the data directory lock and refuses a second opener', async () => {
    const store = await openJsonStore(dir, 'test-mall');
    expect(readFileSync(path.join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    await store.close();
    const again = await openJsonStore(dir, 'test-mall');
    await again.close();
  });
});
