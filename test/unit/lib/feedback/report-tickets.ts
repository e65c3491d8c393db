/**
 * Tickets for report tests: generated through the real state machine (test/bench/generate-tickets.ts:
 * closed, invalid, reopened with a score per round, still open), plus what the generator leaves out:
 * reminders and escalations from the overdue sweep at a later moment, and slips. Deterministic.
 */
import type { FeedbackConfig } from '../../../../src/lib/feedback/feedback';
import type { Ticket } from '../../../../src/lib/feedback/schema';
import { sweepEvents } from '../../../../src/lib/feedback/sla';
import { ticketStream } from '../../../bench/generate-tickets';

const DAY = 86_400_000;

/** `count` tickets received over the `days` before `now`, oldest first. */
export function reportTickets(config: FeedbackConfig, count: number, now: number, days = 75, seed = 7): Ticket[] {
  const out: Ticket[] = [];
  let i = 0;
  for (let t of ticketStream({ count, days, now, seed }, config)) {
    i++;
    if (i % 3 === 0) {
      // The sweep ran while the ticket still waited for its hand-off: reminders and escalations.
      const at = Math.min(now, Date.parse(t.createdAt) + ((i % 4) + 0.5) * DAY);
      const events = sweepEvents({ ...t, status: 'received', events: t.events.slice(0, 1) }, config, at);
      const level = events.findLast((e) => e.level !== undefined)?.level;
      if (events.length) t = { ...t, events: [...t.events, ...events], level: Math.max(level ?? 0, t.level) };
    } else if (i % 17 === 1 && now - Date.parse(t.createdAt) < 20 * DAY) {
      // Never handled: open, its deadlines passed.
      t = { ...t, status: 'received', events: t.events.slice(0, 1), updatedAt: t.createdAt };
    }
    if (i % 7 === 0) {
      const at = new Date(Date.parse(t.createdAt) + 2 * DAY).toISOString();
      const kind = i % 2 ? 'reminder' : 'inquiry';
      t = {
        ...t,
        events: [
          ...t.events,
          {
            at,
            by: { id: 'gen-staff-1', name: '张经理' },
            type: 'slip',
            note: '请尽快处理。',
            slip: { id: kind === 'reminder' ? 'CB-1' : 'QB-1', kind, addresseeId: 'gen-staff-2', addressee: '李主管' },
          },
        ],
      };
    }
    if (i % 13 === 0) t = { ...t, kind: 'complaint', urgency: 'urgent' };
    out.push(t);
  }
  return out;
}
