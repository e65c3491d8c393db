/**
 * The kiosk's idle rule, as a pure function of time: the page script asks it, every tick,
 * what to show. A finished flow (receipt, result on screen) goes home sooner, without asking.
 */
export interface IdleConfig {
  idleMs: number;
  countdownMs: number;
  finishedMs: number;
}

export type IdlePhase = { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'reset' };

/** What to show `sinceActivityMs` after the last touch. */
export function idlePhase(sinceActivityMs: number, config: IdleConfig, finished: boolean): IdlePhase {
  if (finished) return sinceActivityMs >= config.finishedMs ? { phase: 'reset' } : { phase: 'active' };
  if (sinceActivityMs < config.idleMs) return { phase: 'active' };
  const left = config.idleMs + config.countdownMs - sinceActivityMs;
  return left <= 0 ? { phase: 'reset' } : { phase: 'warning', secondsLeft: Math.ceil(left / 1000) };
}

/**
 * How long a finished screen stays: its own `data-kiosk-finished` seconds when it sets them (a
 * receipt with no printer stays longer: the screen is the only copy), else the mall's setting.
 */
export function finishedMsOf(attribute: string | undefined, fallbackMs: number): number {
  const seconds = Number(attribute);
  return attribute && Number.isFinite(seconds) && seconds >= 5 ? seconds * 1000 : fallbackMs;
}

/** Whole seconds until a finished screen goes home (shown as its countdown). */
export function finishedSecondsLeft(sinceActivityMs: number, finishedMs: number): number {
  return Math.max(0, Math.ceil((finishedMs - sinceActivityMs) / 1000));
}
