import type { MessageKey } from '../i18n/dict';

export interface KioskTile {
  href: string;
  label: MessageKey;
  desc: MessageKey;
  /** Emoji-free inline icon name (see KioskIcon.astro). */
  icon: 'guide' | 'feedback' | 'status' | 'returns' | 'search';
}

/**
 * The kiosk home tiles: one per task, none leading to the same place (searching the guide is on the
 * guide page). Four, so they fill the screen as a 2 × 2 grid in either orientation. A tile is listed
 * only once its feature works end to end.
 */
export const KIOSK_TILES: KioskTile[] = [
  { href: '/kiosk/feedback', label: 'feedback.tile', desc: 'feedback.tile.desc', icon: 'feedback' },
  { href: '/kiosk/status', label: 'feedback.tile.status', desc: 'feedback.tile.status.desc', icon: 'status' },
  { href: '/kiosk/returns', label: 'returns.tile', desc: 'returns.tile.desc', icon: 'returns' },
  { href: '/kiosk/guide', label: 'kiosk.tile.guide', desc: 'kiosk.tile.guide.desc', icon: 'guide' },
];

/** A path the kiosk may navigate to: kiosk pages only, never another site or the staff portal. */
export function safeKioskPath(next: string | null | undefined): string {
  if (!next || !/^\/kiosk(?:[/?#]|$)/.test(next) || /[\\\r\n]/.test(next)) return '/kiosk';
  return next;
}
