/**
 * How options look on the projector and the phones: a colour, a shape and a letter each, so no
 * one depends on colour alone (colour-blind staff, a washed-out projector). White text on these
 * colours keeps a contrast of at least 4.5:1.
 */
export const OPTION_LOOKS = [
  { color: '#c62828', shape: '▲', name: '三角' },
  { color: '#1565c0', shape: '◆', name: '菱形' },
  { color: '#8d5a00', shape: '●', name: '圆形' },
  { color: '#2e7d32', shape: '■', name: '方形' },
  { color: '#6a1b9a', shape: '★', name: '星形' },
  { color: '#00695c', shape: '⬟', name: '五边形' },
] as const;

/** The look of the option at `i`. */
export const lookOf = (i: number) => OPTION_LOOKS[i % OPTION_LOOKS.length];

/** Milliseconds left of a countdown, from the server's deadline and the clock offset measured on receipt. */
export function remainingMs(deadline: string | undefined, serverOffsetMs: number, clientNow: number): number {
  if (!deadline) return 0;
  return Math.max(0, Date.parse(deadline) - (clientNow + serverOffsetMs));
}
