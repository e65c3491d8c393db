import type { Permission } from './auth/roles';
import type { MessageKey, StaffKey } from './i18n/dict';

/**
 * Staff portal navigation: a link appears once its feature works, and only for users who
 * hold its permission (none = everyone, signed in or not).
 */
export const STAFF_NAV: { href: string; label: MessageKey | StaffKey; permission?: Permission }[] = [
  { href: '/policies', label: 'staff.nav.policies' },
  { href: '/staff/tickets', label: 'staff.nav.tickets', permission: 'tickets.view' },
  { href: '/staff/reports', label: 'staff.nav.reports', permission: 'reports.view' },
  { href: '/hq', label: 'staff.nav.hq', permission: 'hq.view' },
  { href: '/staff/kiosks', label: 'staff.nav.kiosks', permission: 'kiosks.manage' },
  { href: '/training', label: 'training.nav', permission: 'training.take' },
  { href: '/admin/users', label: 'staff.nav.users', permission: 'users.manage' },
];
