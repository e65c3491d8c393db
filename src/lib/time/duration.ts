/**
 * Durations for people, from one unit: milliseconds, as every timestamp difference in the app
 * already is. Callers holding seconds multiply by 1000 at the call, where the unit is visible.
 */

export interface DurationFormat {
  /**
   * `words` (default): whole minutes in at most two units, for deadlines and lateness
   * (`2 天 3 小时`, `45 分钟`; `2 d 3 h`, `45 min`). `clock`: whole seconds as a stopwatch shows
   * them, for time taken (`5:30`, `1:02:03`).
   */
  style?: 'words' | 'clock';
  /** Language of the `words` units. */
  lang?: 'zh-CN' | 'en';
}

const UNITS = {
  'zh-CN': { d: '天', h: '小时', m: '分钟' },
  en: { d: 'd', h: 'h', m: 'min' },
} as const;

/** A duration given in milliseconds as text; a negative duration reads as zero. */
export function formatDurationMs(ms: number, format: DurationFormat = {}): string {
  if (format.style === 'clock') {
    const s = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
  }
  const unit = UNITS[format.lang ?? 'zh-CN'];
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} ${unit.d}`);
  if (h) parts.push(`${h} ${unit.h}`);
  // Minutes only matter below a day, and are the one unit shown for a duration under an hour.
  if (!d && (m || !h)) parts.push(`${m} ${unit.m}`);
  return parts.join(' ');
}
