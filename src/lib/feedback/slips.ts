/**
 * Reminder slips (催办单, complaints-7.1) and inquiry slips (洽办单, 7.2) as records on a ticket:
 * who issued one, when, why and to whom; the addressee answers it (progress for a reminder, the
 * cause of the delay and the measures for an inquiry) and it stays in their inbox until then.
 * A reminder is for a ticket still being worked; an inquiry for a case finished (closed or found
 * invalid) after one of its deadlines. Pure.
 */
import type { FeedbackConfig } from './feedback';
import { NOTE_MAX } from './feedback';
import type { Actor, Slip, SlipKind, Ticket, TicketEvent } from './schema';
import { computeRounds, FINAL_STATUSES, type MilestoneState } from './sla';

/** What the issuer fills in. */
export interface SlipInput {
  kind: SlipKind;
  addresseeId: string;
  /** Display name of the addressee (resolved from the id by the service). */
  addressee: string;
  department?: string;
  rule?: string;
  /** Reminder: when it must be done (ms). */
  dueBy?: number;
  /** Why the slip is issued. */
  note: string;
}

export type SlipRefusal =
  | 'slip_ticket_finished'
  | 'slip_ticket_not_finished'
  | 'slip_not_late'
  | 'slip_unknown_rule'
  | 'slip_due_in_past'
  | 'note_required'
  | 'unknown_department'
  | 'slip_not_found'
  | 'slip_not_addressee'
  | 'slip_answered';

export type SlipResult = { ok: true; ticket: Ticket; event: TicketEvent } | { ok: false; reason: SlipRefusal };

/** A slip with its issue and its answer, as the ticket page and the print page show it. */
export interface SlipRecord {
  slip: Slip;
  issuedAt: string;
  issuedBy: Actor;
  reason: string;
  answer?: { at: string; by: Actor; note: string; measures?: string };
}

const PREFIX: Record<SlipKind, 'CB' | 'QB'> = { reminder: 'CB', inquiry: 'QB' };

/** The ticket's slips, oldest first, each with its answer if there is one. */
export function slipsOf(ticket: Ticket): SlipRecord[] {
  const out: SlipRecord[] = [];
  for (const e of ticket.events) {
    if (e.type === 'slip' && e.slip) out.push({ slip: e.slip, issuedAt: e.at, issuedBy: e.by, reason: e.note ?? '' });
    if (e.type === 'slipAnswer' && e.slip) {
      const r = out.find((x) => x.slip.id === e.slip!.id);
      if (r && !r.answer)
        r.answer = {
          at: e.at,
          by: e.by,
          note: e.note ?? '',
          ...(e.slip.measures ? { measures: e.slip.measures } : {}),
        };
    }
  }
  return out;
}

/**
 * The deadlines a finished ticket missed, in every round: met after the limit, or never met
 * before it was finished. What an inquiry slip asks about.
 */
export function missedDeadlines(ticket: Ticket, config: FeedbackConfig, now: number): MilestoneState[] {
  const last = ticket.events.findLast((e) => e.type === 'transition' && e.to === ticket.status);
  const end = last ? Date.parse(last.at) : now;
  return computeRounds(ticket, config, now)
    .flat()
    .filter((m) => (m.metAt !== undefined ? m.metAt > m.dueAt : m.dueAt < end));
}

/** Issues a slip; the caller has checked that the addressee is a real, active user. */
export function issueSlip(
  ticket: Ticket,
  input: SlipInput,
  by: Actor,
  now: number,
  config: FeedbackConfig,
): SlipResult {
  const finished = FINAL_STATUSES.has(ticket.status);
  if (input.kind === 'reminder' && finished) return { ok: false, reason: 'slip_ticket_finished' };
  if (input.kind === 'inquiry' && !finished) return { ok: false, reason: 'slip_ticket_not_finished' };
  const note = input.note.trim().slice(0, NOTE_MAX);
  if (!note) return { ok: false, reason: 'note_required' };
  if (input.department && !config.departments.some((d) => d.id === input.department))
    return { ok: false, reason: 'unknown_department' };
  if (input.rule && !config.sla.rules.some((r) => r.id === input.rule))
    return { ok: false, reason: 'slip_unknown_rule' };
  if (input.kind === 'inquiry') {
    const missed = missedDeadlines(ticket, config, now);
    if (!missed.length) return { ok: false, reason: 'slip_not_late' };
    if (input.rule && !missed.some((m) => m.rule.id === input.rule)) return { ok: false, reason: 'slip_not_late' };
  }
  if (input.kind === 'reminder' && input.dueBy !== undefined && input.dueBy <= now)
    return { ok: false, reason: 'slip_due_in_past' };
  const n = ticket.events.filter((e) => e.type === 'slip' && e.slip?.kind === input.kind).length + 1;
  const slip: Slip = {
    id: `${PREFIX[input.kind]}-${n}`,
    kind: input.kind,
    addresseeId: input.addresseeId,
    addressee: input.addressee,
    ...(input.department ? { department: input.department } : {}),
    ...(input.rule ? { rule: input.rule } : {}),
    ...(input.kind === 'reminder' && input.dueBy !== undefined ? { dueBy: new Date(input.dueBy).toISOString() } : {}),
  };
  const at = new Date(now).toISOString();
  const event: TicketEvent = { at, by, type: 'slip', note, slip };
  return { ok: true, ticket: { ...ticket, updatedAt: at, events: [...ticket.events, event] }, event };
}

/** The addressee answers a slip (once). */
export function answerSlip(
  ticket: Ticket,
  id: string,
  answer: { note: string; measures?: string },
  by: Actor,
  now: number,
): SlipResult {
  const record = slipsOf(ticket).find((r) => r.slip.id === id);
  if (!record) return { ok: false, reason: 'slip_not_found' };
  if (record.slip.addresseeId !== by.id) return { ok: false, reason: 'slip_not_addressee' };
  if (record.answer) return { ok: false, reason: 'slip_answered' };
  const note = answer.note.trim().slice(0, NOTE_MAX);
  if (!note) return { ok: false, reason: 'note_required' };
  const measures = answer.measures?.trim().slice(0, NOTE_MAX) || undefined;
  const at = new Date(Math.max(now, Date.parse(record.issuedAt))).toISOString();
  const event: TicketEvent = {
    at,
    by,
    type: 'slipAnswer',
    note,
    slip: { ...record.slip, ...(measures ? { measures } : {}) },
  };
  return { ok: true, ticket: { ...ticket, updatedAt: at, events: [...ticket.events, event] }, event };
}

/**
 * The users a ticket has an unanswered slip for, sorted, each once (both stores index tickets by
 * them: a user's slip inbox never reads tickets without one).
 */
export function openSlipAddressees(ticket: Pick<Ticket, 'events'>): string[] {
  const open = new Map<string, string>();
  for (const e of ticket.events) {
    if (!e.slip) continue;
    if (e.type === 'slip') open.set(e.slip.id, e.slip.addresseeId);
    else if (e.type === 'slipAnswer') open.delete(e.slip.id);
  }
  return [...new Set(open.values())].sort();
}

/** An unanswered slip in its addressee's inbox. */
export interface SlipInboxItem {
  no: string;
  slip: Slip;
  issuedAt: string;
  issuedBy: string;
  reason: string;
}

/** The unanswered slips addressed to a user, newest first. */
export function openSlipsFor(tickets: Iterable<Ticket>, userId: string): SlipInboxItem[] {
  const out: SlipInboxItem[] = [];
  for (const t of tickets) {
    if (!t.events.some((e) => e.type === 'slip' && e.slip?.addresseeId === userId)) continue;
    for (const r of slipsOf(t)) {
      if (r.slip.addresseeId !== userId || r.answer) continue;
      out.push({ no: t.no, slip: r.slip, issuedAt: r.issuedAt, issuedBy: r.issuedBy.name, reason: r.reason });
    }
  }
  return out.sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : a.no.localeCompare(b.no)));
}

/** The forms library's form for each kind of slip (content/forms/forms.yaml). */
export const SLIP_FORM_IDS: Record<SlipKind, string> = { reminder: 'reminder-slip', inquiry: 'inquiry-slip' };

/** Between a name and its date on a signature line: an ideographic space, as on the paper form. */
const SIGN_GAP = '\u3000';

/** What the printed slip needs to name things. */
export interface SlipNames {
  department: (id: string | undefined) => string;
  rule: (id: string | undefined) => string;
  time: (ms: number) => string;
  duration: (ms: number) => string;
}

/**
 * The printed slip's values, keyed by the labels of its paper form (forms.yaml), so the record
 * and the blank form carry the same fields. Labels the record cannot fill (signatures, the
 * centre's conclusion) are left out and print as blank lines.
 */
export function slipFormValues(
  record: SlipRecord,
  ticket: Ticket,
  config: FeedbackConfig,
  now: number,
  names: SlipNames,
): Record<string, string> {
  const s = record.slip;
  const issued = Date.parse(record.issuedAt);
  const values: Record<string, string> = {
    投诉单号: ticket.no,
    责任部门: names.department(s.department ?? ticket.department),
    开单人: `${record.issuedBy.name}${SIGN_GAP}${names.time(issued)}`,
  };
  if (s.kind === 'reminder') {
    values['受理时间'] = names.time(Date.parse(ticket.createdAt));
    values['责任人'] = s.addressee;
    if (s.rule) values['逾期的时限'] = names.rule(s.rule);
    const m = computeRounds(ticket, config, issued)
      .at(-1)
      ?.find((x) => x.rule.id === s.rule);
    // The paper form has no line for the reason: it goes with how late the work is.
    const late = m && m.dueAt < issued ? names.duration(issued - m.dueAt) : '未逾期（人工催办）';
    values['已超时'] = `${late}；事由：${record.reason}`;
    if (s.dueBy) values['要求完成的时间'] = names.time(Date.parse(s.dueBy));
    if (record.answer) {
      values['责任部门签收'] = `${record.answer.by.name}${SIGN_GAP}${names.time(Date.parse(record.answer.at))}`;
      values['处理进度回复'] = record.answer.note;
    }
  } else {
    const last = ticket.events.findLast((e) => e.type === 'transition' && e.to === ticket.status);
    if (last) values['结案时间'] = names.time(Date.parse(last.at));
    const missed = missedDeadlines(ticket, config, now).filter((m) => !s.rule || m.rule.id === s.rule);
    values['规定时限和实际用时'] = [
      ...missed.map(
        (m) =>
          `${names.rule(m.rule.id)}：${m.rule.within}，` +
          (m.metAt !== undefined ? `实际 ${names.duration(m.metAt - m.startAt)}` : '未完成'),
      ),
      record.reason,
    ].join('；');
    if (record.answer) {
      values['逾期原因（责任部门填写）'] = record.answer.note;
      if (record.answer.measures) values['改进措施'] = record.answer.measures;
      values['责任部门负责人'] = `${record.answer.by.name}${SIGN_GAP}${names.time(Date.parse(record.answer.at))}`;
    }
  }
  return values;
}
