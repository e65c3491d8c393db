import type { MessageKey } from './i18n/dict';

/** Staff portal navigation: a link appears here once its feature works. */
export const STAFF_NAV: { href: string; label: MessageKey }[] = [{ href: '/policies', label: 'staff.nav.policies' }];
