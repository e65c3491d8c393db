/**
 * Roles and what each may do. Every page, endpoint and action checks a permission with
 * `can()` itself; the middleware's sign-in gate is not enough on its own.
 */
/** `hq` (集团客服): the chain's head office, reading every mall's figures and working no ticket. */
export const ROLES = ['staff', 'supervisor', 'manager', 'trainer', 'admin', 'hq'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** See the ticket queue and ticket pages. */
  'tickets.view': ['staff', 'supervisor', 'manager', 'admin'],
  /** Assign, start, reply, follow up, close, mark invalid, reopen. */
  'tickets.work': ['staff', 'supervisor', 'manager', 'admin'],
  /**
   * Decide that a complaint is invalid: confirm or reject a proposal, or decide at once. The
   * department manager decides (complaints-5.3); staff and supervisors propose.
   */
  'tickets.decideInvalid': ['manager', 'admin'],
  /** Reveal a shopper's full phone number (recorded in the audit log). */
  'tickets.revealPhone': ['supervisor', 'manager', 'admin'],
  /** Monthly reports and CSV export (read-only: the head office reads this mall's report too). */
  'reports.view': ['supervisor', 'manager', 'admin', 'hq'],
  /** The chain's head office view `/hq`: every mall side by side, read-only. */
  'hq.view': ['hq', 'admin'],
  /** Kiosk health and kiosk setup. */
  'kiosks.manage': ['supervisor', 'manager', 'admin'],
  /** Create and run quizzes, read results. */
  'training.manage': ['trainer', 'manager', 'admin'],
  /** Join and take quizzes (the head office's staff learn the same policies). */
  'training.take': ['staff', 'supervisor', 'manager', 'trainer', 'admin', 'hq'],
  /**
   * Turn a closed ticket into an anonymised case of the case library (complaints-8.3: the service
   * centre builds the library; supervisors and managers review closed cases, complaints-8.2).
   */
  'cases.create': ['supervisor', 'manager', 'admin'],
  /** Add, disable and re-role users. */
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** The signed-in user as pages and endpoints see it. */
export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  /**
   * `training`: signed in by a training-only pass (training-pass.ts), which allows taking quizzes
   * and nothing else, whatever the role.
   */
  scope?: 'training';
}

/** Whether a user (or nobody) holds a permission. */
export function can(user: SessionUser | undefined, permission: Permission): boolean {
  if (user?.scope === 'training' && permission !== 'training.take') return false;
  return !!user && (PERMISSIONS[permission] as readonly Role[]).includes(user.role);
}
