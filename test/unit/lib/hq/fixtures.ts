import fc from 'fast-check';
import { applyAction } from '../../../../src/lib/feedback/feedback';
import { CHANNELS, KINDS, URGENCIES, type Action, type Ticket } from '../../../../src/lib/feedback/schema';
import { bj, config, ticketAt } from '../feedback/fixtures';

const by = { id: 'u1', name: '李娜' };
// The follow-up call is made by someone other than the handler (complaints-6.1).
const caller = { id: 'u2', name: '回访员' };

/** A ticket received at a Beijing time and worked through `steps` (each at its own time). */
export function worked(
  local: string,
  no: string,
  steps: [Action, string, object?][],
  over: Partial<Ticket> = {},
): Ticket {
  let t = ticketAt(local, { no, ...over });
  for (const [action, when, input] of steps) {
    const r = applyAction(
      t,
      action,
      { department: 'sales', assignee: '王', note: '说明', ...input },
      action === 'followUp' ? caller : by,
      bj(when),
      config,
    );
    if (!r.ok) throw new Error(`${action}: ${r.reason}`);
    t = r.ticket;
  }
  return t;
}

const PATH: Action[] = [
  'assign',
  'start',
  'reply',
  'followUp',
  'reopen',
  'assign',
  'start',
  'reply',
  'followUp',
  'close',
];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A random ticket of October to December 2026: any kind, channel and urgency, worked some way
 * along the life cycle (a reopen and a second round included) with random delays, some carrying
 * escalations to random levels.
 */
export const ticketArb = (seq: number) =>
  fc
    .record({
      month: fc.constantFrom('10', '11', '11', '11', '12'),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 10, max: 20 }),
      kind: fc.constantFrom(...KINDS),
      channel: fc.constantFrom(...CHANNELS),
      urgency: fc.constantFrom(...URGENCIES),
      steps: fc.integer({ min: 0, max: PATH.length }),
      delays: fc.array(fc.integer({ min: 1, max: 40 * 60 }), { minLength: PATH.length, maxLength: PATH.length }),
      scores: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 2 }),
      invalid: fc.boolean(),
      escalations: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 3 }),
    })
    .map((g) => {
      const day = `2026-${g.month}-${pad(g.day)}`;
      let at = bj(`${day} ${pad(g.hour)}:00`);
      let t = ticketAt(`${day} ${pad(g.hour)}:00`, {
        no: `FK${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
        seq,
        kind: g.kind,
        channel: g.channel,
        urgency: g.urgency,
      });
      let followUps = 0;
      const path: Action[] = g.invalid ? ['markInvalid'] : PATH.slice(0, g.steps);
      for (const [i, action] of path.entries()) {
        at += g.delays[i] * 60_000;
        const input =
          action === 'followUp'
            ? { satisfaction: g.scores[followUps++] }
            : { department: 'sales', assignee: '王', note: '说明' };
        const r = applyAction(t, action, input, action === 'followUp' ? caller : by, at, config);
        if (!r.ok) break; // e.g. no follow-up for this kind: the ticket stays where it got
        t = r.ticket;
      }
      for (const level of g.escalations) {
        at += 3_600_000;
        const iso = new Date(at).toISOString();
        t = {
          ...t,
          level,
          updatedAt: iso,
          events: [
            ...t.events,
            { at: iso, by: { id: 'system', name: '系统' }, type: 'escalation', milestone: 'reply', level },
          ],
        };
      }
      return t;
    });

/** Up to `max` random tickets per mall, numbered apart. */
export const mallsArb = (ids: string[], max = 12) =>
  fc.tuple(
    ...ids.map((_, m) =>
      fc
        .integer({ min: 0, max })
        .chain((n) =>
          n
            ? fc
                .tuple(...Array.from({ length: n }, (_, i) => ticketArb(m * 100 + i + 1)))
                .map((ts): Ticket[] => [...ts])
            : fc.constant<Ticket[]>([]),
        ),
    ),
  );
