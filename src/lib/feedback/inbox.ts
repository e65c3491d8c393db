/**
 * The 收件箱 (inbox): escalations and reminders (催办) reach the people they are for, and stay
 * there until each of them acknowledges. An escalation to a ladder step (overdue, or a reopen
 * because the shopper was not satisfied) reaches the users holding that step's role
 * (complaints-4.1); a reminder reaches the responsible person, or the first step's role while
 * nobody is assigned (complaints-7.1). Acknowledging is an `ack` event on the ticket. Pure.
 */
import type { SessionUser } from '../auth/roles';
import type { FeedbackConfig } from './feedback';
import type { Actor, Milestone, Ticket, TicketEvent } from './schema';
import { FINAL_STATUSES } from './sla';
import { roleAtLevel } from './workbench';

export interface InboxItem {
  /** Ticket number. */
  no: string;
  /** When the escalation or reminder happened (ISO). */
  at: string;
  type: 'escalation' | 'reminder';
  /** Escalations: the ladder level reached. */
  level?: number;
  /** The overdue milestone; none for a reopen. */
  milestone?: Milestone;
  /** True for an escalation by reopening (the shopper was not satisfied). */
  reopen?: boolean;
}

const raisesLevel = (e: TicketEvent) =>
  (e.type === 'escalation' || (e.type === 'transition' && e.action === 'reopen')) && e.level !== undefined;

/**
 * Whether an event is an inbox item for this user (ignoring acknowledgement); `level` is the
 * ticket's ladder level when the event happened.
 */
function isFor(
  e: TicketEvent,
  level: number,
  ticket: Ticket,
  user: Pick<SessionUser, 'id' | 'role'>,
  config: Pick<FeedbackConfig, 'sla'>,
): InboxItem['type'] | undefined {
  if (raisesLevel(e) && e.level! > 0) return roleAtLevel(e.level!, config) === user.role ? 'escalation' : undefined;
  if (e.type === 'reminder') {
    if (ticket.assigneeId) return ticket.assigneeId === user.id ? 'reminder' : undefined;
    return roleAtLevel(level, config) === user.role ? 'reminder' : undefined;
  }
  return undefined;
}

/**
 * Whether an open ticket holds anything that can be an inbox item for someone (an escalation to a
 * step above the first, or a reminder): only such tickets are read for an inbox.
 */
export function hasAlerts(ticket: Ticket): boolean {
  if (FINAL_STATUSES.has(ticket.status)) return false;
  return ticket.events.some((e) => e.type === 'reminder' || (raisesLevel(e) && e.level! > 0));
}

/** The user's unacknowledged items on one ticket, oldest first. */
export function inboxItemsOf(
  ticket: Ticket,
  user: Pick<SessionUser, 'id' | 'role'>,
  config: Pick<FeedbackConfig, 'sla'>,
): InboxItem[] {
  if (FINAL_STATUSES.has(ticket.status)) return [];
  const acked = ticket.events.findLast((e) => e.type === 'ack' && e.by.id === user.id)?.at ?? '';
  const out: InboxItem[] = [];
  let level = 0;
  for (const e of ticket.events) {
    if (raisesLevel(e)) level = e.level!;
    if (e.at <= acked) continue;
    const type = isFor(e, level, ticket, user, config);
    if (!type) continue;
    out.push({
      no: ticket.no,
      at: e.at,
      type,
      ...(e.level !== undefined ? { level: e.level } : {}),
      ...(e.milestone ? { milestone: e.milestone } : {}),
      ...(e.action === 'reopen' ? { reopen: true } : {}),
    });
  }
  return out;
}

/** The user's inbox over the open tickets, newest first. */
export function inboxOf(
  open: Iterable<Ticket>,
  user: Pick<SessionUser, 'id' | 'role'>,
  config: Pick<FeedbackConfig, 'sla'>,
): InboxItem[] {
  const items: InboxItem[] = [];
  for (const t of open) items.push(...inboxItemsOf(t, user, config));
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.no.localeCompare(b.no)));
}

/** Acknowledges every item of the ticket for this user; undefined when there was nothing to acknowledge. */
export function acknowledge(
  ticket: Ticket,
  user: Pick<SessionUser, 'id' | 'role'>,
  by: Actor,
  now: number,
  config: Pick<FeedbackConfig, 'sla'>,
): Ticket | undefined {
  if (!inboxItemsOf(ticket, user, config).length) return undefined;
  const at = new Date(Math.max(now, ...ticket.events.map((e) => Date.parse(e.at)))).toISOString();
  return { ...ticket, updatedAt: at, events: [...ticket.events, { at, by, type: 'ack' }] };
}
