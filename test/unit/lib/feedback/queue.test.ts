import { describe, expect, it } from 'vitest';
import { applyAction } from '../../../../src/lib/feedback/feedback';
import {
  filterQuery,
  PAGE_SIZE,
  parseQueueFilter,
  queryQueue,
  type QueueSource,
} from '../../../../src/lib/feedback/queue';
import type { Status, Ticket } from '../../../../src/lib/feedback/schema';
import { bj, config, ticketAt } from './fixtures';

/** A queue source over a list (oldest first), like the repository. */
function source(tickets: Ticket[]): QueueSource {
  const counts: Partial<Record<Status, number>> = {};
  for (const t of tickets) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return {
    values: () => tickets,
    openTickets: () => [...tickets].reverse().filter((t) => t.status !== 'closed' && t.status !== 'invalid'),
    statusCounts: () => counts,
  };
}

const at = (local: string, no: string, over: Partial<Ticket> = {}) => ticketAt(local, { no, ...over });
const f = (query = '') => parseQueueFilter(new URLSearchParams(query));
const now = bj('2026-11-22 15:00');

const tickets = [
  at('2026-11-20 10:00', 'FK20261120-0001', { status: 'closed' }),
  at('2026-11-21 11:00', 'FK20261121-0001', { status: 'invalid', kind: 'suggestion' }),
  at('2026-11-22 14:00', 'FK20261122-0001', { floor: '2F', tenant: '2f-shoes', category: 'quality' }), // hand-off overdue since 14:10
  at('2026-11-22 14:58', 'FK20261122-0002', { urgency: 'urgent', floor: '5F' }), // due 15:08
  assigned(at('2026-11-22 12:00', 'FK20261122-0003')), // handed off at 12:05; reply due tomorrow 12:00
];

function assigned(t: Ticket): Ticket {
  const r = applyAction(
    t,
    'assign',
    { department: 'sales', assignee: '王主管' },
    { id: 'u', name: 'u' },
    bj('2026-11-22 12:05'),
    config,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.ticket;
}

describe('queryQueue', () => {
  it('shows open tickets by next deadline, most overdue first, with counts per status', () => {
    const r = queryQueue(source(tickets), f(), config, now);
    expect(r.rows.map((x) => [x.ticket.no, x.overdue])).toEqual([
      ['FK20261122-0001', true],
      ['FK20261122-0002', false],
      ['FK20261122-0003', false],
    ]);
    expect(r.counts).toMatchObject({ open: 3, received: 2, assigned: 1, closed: 1, invalid: 1, all: 5 });
    expect(r.rows[0].nextMilestone?.milestone).toBe('handoff');
  });

  it.each([
    ['status=all', ['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003', 'FK20261121-0001', 'FK20261120-0001']],
    ['status=closed', ['FK20261120-0001']],
    ['status=received', ['FK20261122-0001', 'FK20261122-0002']],
    ['overdue=1', ['FK20261122-0001']],
    ['urgent=1', ['FK20261122-0002']],
    ['floor=2F', ['FK20261122-0001']],
    ['tenant=2f-shoes&category=quality', ['FK20261122-0001']],
    ['department=sales', ['FK20261122-0003']],
    ['assignee=王', ['FK20261122-0003']],
    ['kind=suggestion&status=all', ['FK20261121-0001']],
    ['status=bogus&page=-3', ['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003']],
  ])('filters %s', (query, expected) => {
    expect(queryQueue(source(tickets), f(query), config, now).rows.map((x) => x.ticket.no)).toEqual(expected);
  });

  it('filters by channel; tickets stored without one are kiosk tickets', () => {
    const mixed = [...tickets, at('2026-11-22 14:30', 'FK20261122-0004', { channel: 'phone' })];
    const nos = (q: string) => queryQueue(source(mixed), f(q), config, now).rows.map((r) => r.ticket.no);
    expect(nos('channel=phone')).toEqual(['FK20261122-0004']);
    expect(nos('channel=kiosk')).toEqual(['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003']);
    expect(nos('channel=letter')).toEqual([]);
    expect(f('channel=fax').channel).toBeUndefined();
  });

  it('counts within the other filters', () => {
    expect(queryQueue(source(tickets), f('floor=5F'), config, now).counts).toMatchObject({
      all: 1,
      open: 1,
      received: 1,
      closed: 0,
    });
    expect(queryQueue(source(tickets), f('overdue=1'), config, now).counts).toMatchObject({ all: 1, closed: 0 });
  });

  it('pages by PAGE_SIZE and clamps the page', () => {
    const many = Array.from({ length: PAGE_SIZE + 5 }, (_, i) =>
      at('2026-11-22 10:00', `FK20261122-${String(i + 1).padStart(4, '0')}`, { status: 'closed' }),
    );
    const p2 = queryQueue(source(many), f('status=closed&page=2'), config, now);
    expect([p2.page, p2.pages, p2.total, p2.rows.length]).toEqual([2, 2, PAGE_SIZE + 5, 5]);
    // Nothing due: newest first (the last created is first on page 1).
    expect(queryQueue(source(many), f('status=closed'), config, now).rows[0].ticket.no).toBe(
      `FK20261122-${String(PAGE_SIZE + 5).padStart(4, '0')}`,
    );
    expect(queryQueue(source(many), f('status=closed&page=99'), config, now).page).toBe(2);
  });

  it('caches the open tickets’ order per source version, and drops it when the version moves', () => {
    const list = [at('2026-11-22 14:00', 'FK20261122-0011'), at('2026-11-22 14:30', 'FK20261122-0012')];
    const src = { ...source(list), openTickets: () => list.filter((t) => t.status !== 'closed'), version: 1 };
    expect(queryQueue(src, f(), config, now).rows.map((r) => r.ticket.no)).toEqual([
      'FK20261122-0011',
      'FK20261122-0012',
    ]);
    list[0] = { ...list[0], status: 'closed' };
    // Same version: the cached order is used (the repository bumps the version on every change).
    expect(queryQueue(src, f(), config, now).rows).toHaveLength(2);
    src.version = 2;
    expect(queryQueue(src, f(), config, now).rows.map((r) => r.ticket.no)).toEqual(['FK20261122-0012']);
    // Overdue flags follow the clock even from the cache.
    expect(queryQueue(src, f(), config, bj('2026-11-22 14:35')).rows[0].overdue).toBe(false);
    expect(queryQueue(src, f(), config, bj('2026-11-22 14:45')).rows[0].overdue).toBe(true);
  });

  it('remembers a full scan until the version moves', () => {
    const list = [at('2026-11-22 10:00', 'FK20261122-0021', { status: 'closed', floor: '1F' })];
    const src = { ...source(list), version: 7 };
    expect(queryQueue(src, f('status=all&floor=1F'), config, now).total).toBe(1);
    list.push(at('2026-11-22 11:00', 'FK20261122-0022', { status: 'closed', floor: '1F' }));
    expect(queryQueue(src, f('status=all&floor=1F&page=2'), config, now).total).toBe(1);
    src.version = 8;
    expect(queryQueue(src, f('status=all&floor=1F'), config, now).rows.map((r) => r.ticket.no)).toEqual([
      'FK20261122-0022',
      'FK20261122-0021',
    ]);
  });

  it('recomputes deadlines when a ticket changes', () => {
    const t = at('2026-11-22 14:00', 'FK20261122-0009');
    const list = [t];
    expect(queryQueue(source(list), f(), config, now).rows[0].overdue).toBe(true);
    const r = applyAction(
      t,
      'assign',
      { department: 'sales', assignee: '王' },
      { id: 'u', name: 'u' },
      bj('2026-11-22 14:30'),
      config,
    );
    list[0] = r.ok ? r.ticket : t;
    const row = queryQueue(source(list), f(), config, now).rows[0];
    expect([row.overdue, row.nextMilestone?.milestone]).toEqual([false, 'reply']);
  });
});

describe('formatting', () => {
  it('orders tickets with nothing due newest first, ties by number, whatever order the source keeps', () => {
    // Closed tickets (nothing due), two of them received at the same instant.
    const closed = [
      at('2026-11-20 10:00', 'FK20261120-0002', { status: 'closed' }),
      at('2026-11-20 10:00', 'FK20261120-0001', { status: 'closed' }),
      at('2026-11-21 09:00', 'FK20261121-0001', { status: 'invalid' }),
      at('2026-11-19 08:00', 'FK20261119-0001', { status: 'closed' }),
    ];
    const expected = ['FK20261121-0001', 'FK20261120-0002', 'FK20261120-0001', 'FK20261119-0001'];
    for (const order of [closed, [...closed].reverse()]) {
      const r = queryQueue(source(order), f('status=all'), config, now);
      expect(r.rows.map((x) => x.ticket.no)).toEqual(expected);
    }
  });

  it('builds filter queries', () => {
    expect(filterQuery(f('status=open&floor=2F&page=1'))).toBe('?floor=2F');
    expect(filterQuery(f('overdue=1'), 3)).toBe('?overdue=1&page=3');
  });
});

describe('sorting the queue by a column', () => {
  const levelled = [...tickets.slice(0, 4), { ...tickets[4], level: 2 }];
  const nos = (query: string) => queryQueue(source(levelled), f(query), config, now).rows.map((x) => x.ticket.no);

  it.each([
    // The default: next deadline, most overdue first.
    ['', ['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003']],
    ['sort=received', ['FK20261122-0002', 'FK20261122-0001', 'FK20261122-0003']],
    ['sort=received&dir=asc', ['FK20261122-0003', 'FK20261122-0001', 'FK20261122-0002']],
    ['sort=due&dir=desc', ['FK20261122-0003', 'FK20261122-0002', 'FK20261122-0001']],
    ['sort=urgency', ['FK20261122-0002', 'FK20261122-0001', 'FK20261122-0003']],
    ['sort=status', ['FK20261122-0002', 'FK20261122-0001', 'FK20261122-0003']],
    ['sort=status&dir=desc', ['FK20261122-0003', 'FK20261122-0002', 'FK20261122-0001']],
    ['sort=level', ['FK20261122-0003', 'FK20261122-0002', 'FK20261122-0001']],
    // A bad value is dropped, like every queue filter.
    ['sort=nope&dir=up', ['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003']],
  ])('?%s', (query, expected) => expect(nos(query)).toEqual(expected));

  it('sorts a full scan (all statuses) before paging, and keeps rows with nothing due last by deadline', () => {
    const all = queryQueue(source(levelled), f('status=all&sort=due'), config, now).rows.map((x) => x.ticket.no);
    expect(all.slice(0, 3)).toEqual(['FK20261122-0001', 'FK20261122-0002', 'FK20261122-0003']);
    expect(all.slice(3).sort()).toEqual(['FK20261120-0001', 'FK20261121-0001']);
    const received = queryQueue(source(levelled), f('status=all&sort=received&dir=asc'), config, now);
    expect(received.rows.map((x) => x.ticket.no)).toEqual([
      'FK20261120-0001',
      'FK20261121-0001',
      'FK20261122-0003',
      'FK20261122-0001',
      'FK20261122-0002',
    ]);
  });

  it('keeps the sort in the pagination links', () => {
    expect(filterQuery(f('sort=level&dir=asc'), 2)).toBe('?sort=level&dir=asc&page=2');
  });
});
