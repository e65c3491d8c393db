import type { Permission } from './auth/roles';
import type { MessageKey } from './i18n/dict';

/**
 * Staff portal navigation: a link appears once its feature works, and only for users who
 * hold its permission (none = everyone, signed in or not).
 */
export const STAFF_NAV: { href: string; label: MessageKey; permission?: Permission }[] = [
  { href: '/policies', label: 'staff.nav.policies' },
  { href: '/admin/users', label: 'staff.nav.users', permission: 'users.manage' },
];
