/**
 * Line icons for the return check (24×24 viewBox, stroked paths): one per category and the
 * few the steps and the result card use. Inline SVG only: no icon font, no network.
 */
import type { CategoryId } from './schema';

/** One path per category id (a type error if one is missing). */
export const CATEGORY_ICONS: Record<CategoryId, string> = {
  cosmetics: 'M9 21h6V11H9zM10 11V7.5L14 4v7',
  'gold-platinum': 'M3 20h8l-1.5-5h-5zM13 20h8l-1.5-5h-5zM8 13h8l-1.5-5h-5z',
  'jewelry-jade': 'M12 20 3 9l3-5h12l3 5zM3 9h18M9.5 4 12 9l2.5-5',
  watches: 'M6 12a6 6 0 1 0 12 0a6 6 0 1 0-12 0M12 9v3l2 1.5M9 6.5 9.5 3h5l.5 3.5M9 17.5l.5 3.5h5l.5-3.5',
  underwear: 'M3 6h18v3l-6 9H9L3 9zM3 9h18',
  apparel: 'M8 3 3 6l2 4 3-1v12h8V9l3 1 2-4-5-3c0 2-2 3-4 3S8 5 8 3z',
  footwear: 'M3 18V8h5l2 4 6 2c3 1 5 2 5 3v1zM3 15h18',
  'bags-accessories': 'M5 8h14l-1 12H6zM9 8V6a3 3 0 0 1 6 0v2',
  electronics: 'M8 3h8a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM11 18h2',
  'home-appliances': 'M5 3h14v18H5zM5 7h14M8 14a4 4 0 1 0 8 0a4 4 0 1 0-8 0M8 5h1',
  furniture: 'M5 11V8a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v3M3 11h18v6H3zM5 17v3M19 17v3',
  'home-textiles': 'M3 19V7M3 15h18v4M21 15v-2a3 3 0 0 0-3-3h-8v5M5 12h3',
  toys: 'M4 14h7v7H4zM13 14h7v7h-7zM8.5 6h7v8h-7z',
  sports: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  'books-stationery': 'M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2zM4 21a2 2 0 0 1 2-2h13v2M8 7h7',
  food: 'M12 7C9 5 4 6 4 12c0 5 4 9 6 9 1 0 1.5-.5 2-.5s1 .5 2 .5c2 0 6-4 6-9 0-6-5-7-8-5zM12 7c0-2 1-3 3-4',
  'food-opened': 'M6 9h12l-1 12H7zM6 9l2-5h8l2 5M9 4l3 3 3-3',
  medicine: 'M4 9a5 5 0 0 1 10 0v6a5 5 0 0 1-10 0zM4 12h10M17 8h4M19 6v4',
  other: 'M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10',
};

/** Icons of the steps and the result card. */
export const UI_ICONS = {
  calendar: 'M4 6h16v14H4zM4 10h16M8 3v5M16 3v5',
  receipt: 'M6 3h12v18l-2-1.5-2 1.5-2-1.5-2 1.5-2-1.5L6 21zM9 8h6M9 12h6M9 16h3',
  invoice: 'M5 3h10l4 4v14H5zM15 3v4h4M8 11h8M8 15h8M8 19h5',
  none: 'M6 3h12v18H6zM4 4l16 16',
  unused: 'M3 12V4h8l10 10-8 8zM7.5 8a.5.5 0 1 0 0-1',
  used: 'M4 20c4 0 4-6 8-6s4 6 8 6M8 4l8 8M16 4l-8 8',
  damaged: 'M4 4h16v16H4zM4 12l5-3 3 4 3-3 5 4',
  quality: 'M12 3 2 20h20zM12 10v5M12 17.5v.5',
  noQuality: 'M4 12l5 5L20 6',
  ok: 'M4 12l5 5L20 6',
  alert: 'M12 3 2 20h20zM12 10v5M12 17.5v.5',
  stop: 'M4 12a8 8 0 1 0 16 0a8 8 0 1 0-16 0M8 8l8 8M16 8l-8 8',
  back: 'M15 5l-7 7 7 7',
  restart: 'M4 12a8 8 0 1 0 2.5-5.8M4 4v5h5',
  place: 'M12 21s-7-6-7-11a7 7 0 0 1 14 0c0 5-7 11-7 11zM12 7.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  clause: 'M6 4h9l5 5v11a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm8 0v5h5M8 13h8M8 17h6',
} as const;
export type UiIcon = keyof typeof UI_ICONS;
