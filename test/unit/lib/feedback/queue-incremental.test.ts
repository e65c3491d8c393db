import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseQueueFilter, queryQueue, type QueueResult, type QueueSource } from '../../../../src/lib/feedback/queue';
import { STATUSES, type Ticket } from '../../../../src/lib/feedback/schema';
import { TicketRepository } from '../../../../src/lib/store/tickets';
import { bj, config, ticketAt } from './fixtures';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'queue-inc-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = bj('2026-11-22 15:00');
const viewer = { id: 'u1', role: 'staff' as const };
const FILTERS = [
  '',
  'status=received',
  'page=2',
  'overdue=1',
  'status=all',
  'status=all&category=quality',
  'channel=desk',
  'category=service',
  'status=closed',
  'status=received&floor=2F',
  'assignee=王',
  'urgent=1&status=all',
  'view=mine',
  'view=unassigned&category=quality',
  'status=all&page=2',
];

/** The same tickets without a version: every query scans afresh (the reference). */
const uncached = (repo: TicketRepository): QueueSource => ({
  values: () => [...repo.values()],
  openTickets: () => [...repo.openTickets()],
  statusCounts: () => repo.statusCounts(),
});

const shape = (r: QueueResult) => ({
  total: r.total,
  page: r.page,
  pages: r.pages,
  counts: r.counts,
  rows: r.rows.map((row) => [row.ticket.no, row.nextDueAt, row.nextMilestone?.milestone, row.overdue]),
});

const ticketArb = fc.record({
  minute: fc.integer({ min: 0, max: 600 }),
  category: fc.constantFrom('service', 'quality', 'price'),
  channel: fc.constantFrom(undefined, 'desk', 'phone'),
  floor: fc.constantFrom(undefined, '2F', '5F'),
  urgent: fc.boolean(),
});
const changeArb = fc.record({
  status: fc.constantFrom(...STATUSES),
  category: fc.constantFrom('service', 'quality', 'price'),
  assignee: fc.constantFrom(undefined, '王主管', '李主管'),
  assigneeId: fc.constantFrom(undefined, 'u1', 'u2'),
  urgent: fc.boolean(),
});
const opArb = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), t: ticketArb }),
  fc.record({ op: fc.constant('update' as const), pick: fc.nat(), c: changeArb }),
  fc.record({ op: fc.constant('view' as const), filter: fc.constantFrom(...FILTERS) }),
);

describe('queue views kept across writes', () => {
  it('equal a full scan after any inserts and updates (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const repo = await TicketRepository.open(path.join(dir, `r${run++}`), () => now);
        let seq = 0;
        for (const op of ops) {
          if (op.op === 'insert') {
            seq++;
            const local = new Date(bj('2026-11-22 05:00') + op.t.minute * 60_000 + 8 * 3_600_000)
              .toISOString()
              .slice(0, 16)
              .replace('T', ' ');
            const t = ticketAt(local, {
              no: `FK20261122-${String(seq).padStart(4, '0')}`,
              day: '2026-11-22',
              seq,
              category: op.t.category,
              floor: op.t.floor,
              urgency: op.t.urgent ? 'urgent' : 'normal',
              ...(op.t.channel ? { channel: op.t.channel } : {}),
            } as Partial<Ticket>);
            await repo.insert(t);
          } else if (op.op === 'update') {
            const all = [...repo.values()];
            if (all.length === 0) continue;
            const current = all[op.pick % all.length];
            await repo.update({
              ...current,
              status: op.c.status,
              category: op.c.category,
              assignee: op.c.assignee,
              assigneeId: op.c.assigneeId,
              urgency: op.c.urgent ? 'urgent' : 'normal',
              updatedAt: new Date(now).toISOString(),
            });
          } else {
            const f = parseQueueFilter(new URLSearchParams(op.filter));
            expect(shape(queryQueue(repo, f, config, now, viewer))).toEqual(
              shape(queryQueue(uncached(repo), f, config, now, viewer)),
            );
          }
        }
        // Finally every filter, each kept scan brought up to date at once.
        for (const filter of FILTERS) {
          const f = parseQueueFilter(new URLSearchParams(filter));
          expect(shape(queryQueue(repo, f, config, now, viewer))).toEqual(
            shape(queryQueue(uncached(repo), f, config, now, viewer)),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a view after an update shows the update, without a rescan', async () => {
    const repo = await TicketRepository.open(dir, () => now);
    const tickets = [1, 2, 3].map((seq) =>
      ticketAt(`2026-11-22 1${seq}:00`, { no: `FK20261122-000${seq}`, seq, category: 'quality' }),
    );
    for (const t of tickets) await repo.insert(t);
    const f = parseQueueFilter(new URLSearchParams('status=all&category=quality'));
    expect(queryQueue(repo, f, config, now).total).toBe(3);
    // A rescan would read values(): make it impossible, so only the change feed can bring the view up to date.
    const values = repo.values.bind(repo);
    let scans = 0;
    Object.defineProperty(repo, 'values', { value: () => (scans++, values()) });
    await repo.update({ ...repo.get('FK20261122-0002')!, category: 'service', updatedAt: new Date(now).toISOString() });
    await repo.update({ ...repo.get('FK20261122-0003')!, status: 'closed', updatedAt: new Date(now).toISOString() });
    const after = queryQueue(repo, f, config, now);
    expect(scans).toBe(0);
    expect(after.total).toBe(2);
    expect(after.counts).toMatchObject({ all: 2, closed: 1, open: 1 });
    // Closed tickets follow those with a deadline.
    expect(after.rows.map((r) => r.ticket.no)).toEqual(['FK20261122-0001', 'FK20261122-0003']);
    const service = queryQueue(repo, parseQueueFilter(new URLSearchParams('status=all&category=service')), config, now);
    expect(service.rows.map((r) => r.ticket.no)).toEqual(['FK20261122-0002']);
  });
});
