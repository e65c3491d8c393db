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
