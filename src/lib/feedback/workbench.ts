/**
 * Working the queue: who tickets may be assigned to, the personal views (mine, unassigned,
 * escalated to me, overdue), which role each escalation step reaches, and the counts on the
 * staff home page. Pure.
 */
import { can, type Role, type SessionUser } from '../auth/roles';
import type { FeedbackConfig } from './feedback';
import { STATUSES, type Status, type Ticket } from './schema';
import { FINAL_STATUSES, type MilestoneState } from './sla';

/** A person tickets may be assigned to. */
export interface Assignable {
  id: string;
  /** Sign-in name (the staff API's `assignee=<user>`). */
  username: string;
  name: string;
  role: Role;
  /** The department the person works in, if any (departments.yaml id). */
  department?: string;
}

/** Active users whose role may work tickets, by name: the assignee picker's list. */
export function assignableUsers(users: Iterable<SessionUser & { active: boolean; department?: string }>): Assignable[] {
  const out: Assignable[] = [];
  for (const u of users)
    if (u.active && can(u, 'tickets.work'))
      out.push({
        id: u.id,
        username: u.username,
        name: u.name || u.username,
        role: u.role,
        ...(u.department ? { department: u.department } : {}),
      });
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * The assignee picker's groups for a department: its people first, then everyone else who may
 * work tickets (a case may go to someone outside it); one group when nobody is in the department.
 */
export function pickerGroups(
  people: readonly Assignable[],
  department: string | undefined,
): { department?: string; people: Assignable[] }[] {
  const own = department ? people.filter((p) => p.department === department) : [];
  if (!own.length) return [{ people: [...people] }];
  const others = people.filter((p) => p.department !== department);
  return others.length ? [{ department, people: own }, { people: others }] : [{ department, people: own }];
}

/**
 * The role each step of the escalation ladder reaches (complaints-4.1): the floor supervisor is
 * a supervisor; the operations manager and the store manager are managers. A step not listed
 * reaches managers.
 */
export const LADDER_ROLES: Record<string, Role> = {
  'floor-supervisor': 'supervisor',
  'operations-manager': 'manager',
  'store-manager': 'manager',
};

/** The role a ticket at ladder `level` has reached. */
export function roleAtLevel(level: number, config: Pick<FeedbackConfig, 'sla'>): Role {
  const ladder = config.sla.overdue.ladder;
  const step = ladder[Math.min(level, ladder.length - 1)];
  return (step && LADDER_ROLES[step.id]) ?? 'manager';
}

/** Whether an escalated ticket has reached this user (admins see every escalation). */
export function escalatedTo(ticket: Ticket, user: Pick<SessionUser, 'role'>, config: Pick<FeedbackConfig, 'sla'>) {
  if (ticket.level === 0 || FINAL_STATUSES.has(ticket.status)) return false;
  return user.role === 'admin' || roleAtLevel(ticket.level, config) === user.role;
}

/** The personal views of the queue. */
export const VIEWS = ['mine', 'unassigned', 'escalated', 'overdue'] as const;
export type View = (typeof VIEWS)[number];

/** Whether an open ticket belongs to a view for this user. */
export function inView(
  ticket: Ticket,
  view: View,
  user: Pick<SessionUser, 'id' | 'role'>,
  config: Pick<FeedbackConfig, 'sla'>,
  overdue: () => boolean,
): boolean {
  if (FINAL_STATUSES.has(ticket.status)) return false;
  switch (view) {
    case 'mine':
      return ticket.assigneeId === user.id;
    case 'unassigned':
      return !ticket.assigneeId && !ticket.assignee;
    case 'escalated':
      return escalatedTo(ticket, user, config);
    case 'overdue':
      return overdue();
  }
}

/** What the staff home page counts. */
export interface WorkbenchCounts {
  byStatus: Record<Status, number>;
  views: Record<View, number>;
}

/** A count for every status, zero where none is stored. */
export const everyStatus = (counts: Partial<Record<Status, number>>) =>
  Object.fromEntries(STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<Status, number>;

/** Counts per status (all tickets) and per view (open tickets) for one user. */
export function workbenchCounts(
  statusCounts: Partial<Record<Status, number>>,
  open: Iterable<Ticket>,
  user: Pick<SessionUser, 'id' | 'role'>,
  config: FeedbackConfig,
  milestones: (t: Ticket) => MilestoneState[],
): WorkbenchCounts {
  const byStatus = everyStatus(statusCounts);
  const views = Object.fromEntries(VIEWS.map((v) => [v, 0])) as Record<View, number>;
  for (const t of open) {
    for (const v of VIEWS) if (inView(t, v, user, config, () => milestones(t).some((m) => m.overdue))) views[v]++;
  }
  return { byStatus, views };
}
