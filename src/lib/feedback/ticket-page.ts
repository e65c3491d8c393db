/**
 * What the staff ticket page shows, decided here rather than in its `.astro` file: which step of
 * the life cycle is offered as the primary action (the rest go to a secondary place), and how an
 * event of the timeline reads. Pure: the translator and the configuration are arguments.
 */
import type { FeedbackConfig } from './feedback';
import type { Action, Channel, Ticket, TicketEvent } from './schema';

/**
 * The life cycle's next step for each status, in order of preference: the first one the user may
 * take is the primary action. A reassignment while assigned, a proposal to find a complaint
 * invalid or a reopen of a closed case are always secondary.
 */
const NEXT: Partial<Record<Ticket['status'], Action[]>> = {
  received: ['assign'],
  assigned: ['start'],
  in_progress: ['reply'],
  replied: ['followUp'],
  // Closing is blocked while the shopper is not satisfied: then reopening is the next step.
  followed_up: ['close', 'reopen'],
  invalid_proposed: ['confirmInvalid'],
  invalid_follow_up: ['followUp'],
};

/** The primary action for a ticket among those the user may take, if any. */
export function primaryAction(ticket: Pick<Ticket, 'status'>, possible: readonly Action[]): Action | undefined {
  return NEXT[ticket.status]?.find((a) => possible.includes(a));
}

/** The user's other actions, in the order the page lists them (the primary one left out). */
export function secondaryActions(possible: readonly Action[], primary: Action | undefined): Action[] {
  return possible.filter((a) => a !== primary);
}

/**
 * One timeline line of an event, in the staff's language; `channel` is the ticket's (a request
 * recorded by staff reads as such, not as the shopper's own submission).
 */
export function describeEvent(
  e: TicketEvent,
  translate: (key: string, params?: Record<string, string | number>) => string,
  config: Pick<FeedbackConfig, 'sla'>,
  channel: Channel = 'kiosk',
): string {
  const t = translate;
  const milestone = (m: string | undefined) => config.sla.rules.find((r) => r.milestone === m)?.label.zh ?? m ?? '';
  const ladder = config.sla.overdue.ladder;
  const level = (n: number) => ladder[Math.min(n, ladder.length - 1)]?.zh ?? String(n);
  const cause = (id: string | undefined) => config.sla.causes.find((c) => c.id === id)?.zh ?? id ?? '';
  switch (e.type) {
    case 'created':
      return channel === 'kiosk'
        ? t('tickets.event.created')
        : t('tickets.event.recorded', { channel: t(`feedback.channel.${channel}`) });
    case 'transition':
      return `${t(`tickets.action.${e.action!}`)} · ${t('tickets.event.to', { status: t(`feedback.state.${e.to!}`) })}`;
    case 'reminder':
      return t('tickets.event.reminder', { milestone: milestone(e.milestone) });
    case 'escalation':
      return t('tickets.event.escalation', { level: level(e.level ?? 0), milestone: milestone(e.milestone) });
    case 'note':
      return t('tickets.event.note');
    case 'urgency':
      return t('tickets.event.urgency', { urgency: t(`tickets.urgency.${e.urgency!}`) });
    case 'cause':
      return t('tickets.event.cause', { cause: cause(e.cause) });
    case 'erased':
      return t('tickets.event.erased');
    case 'ack':
      return t('inbox.event.ack');
    case 'slip':
      return t('slips.event.issued', {
        kind: t(`slips.kind.${e.slip!.kind}`),
        id: e.slip!.id,
        name: e.slip!.addressee,
      });
    case 'slipAnswer':
      return t('slips.event.answered', { kind: t(`slips.kind.${e.slip!.kind}`), id: e.slip!.id });
  }
}
