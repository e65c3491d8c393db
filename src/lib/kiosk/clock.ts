/**
 * The kiosk home's clock: the time and the date in the mall's time zone (not the kiosk's, which
 * may be set to anything), in the screen's language. Pure, so the server renders the first value
 * and the page's script updates it with the same words.
 */

export interface ClockFace {
  /** `14:05`. */
  time: string;
  /** `11月30日 周一` or `Mon 30 Nov`. */
  date: string;
  /** `2026-11-30T14:05` in the mall's zone, for `<time datetime>`. */
  iso: string;
}

/** What the clock shows at `at` for a screen in `lang`, counted in `timeZone`. */
export function clockFace(at: Date, lang: string, timeZone: string): ClockFace {
  const en = lang === 'en';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(en ? 'en-GB' : 'zh-CN', { timeZone, ...options }).format(at);
  // Chinese runs the weekday into the date (11月30日周一): a space keeps them apart on a big clock.
  const date = en
    ? format({ weekday: 'short', day: 'numeric', month: 'short' })
    : `${format({ month: 'long', day: 'numeric' })} ${format({ weekday: 'short' })}`;
  return {
    time: `${parts.hour}:${parts.minute}`,
    date,
    iso: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`,
  };
}
