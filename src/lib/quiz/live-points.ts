/**
 * Points and the leaderboard of a paced quiz, pure. A right answer earns between 1000 (at once)
 * and 500 (at the last moment): 1000 × (1 − elapsed ÷ limit ÷ 2), rounded; a wrong or missing
 * answer earns 0. Being right always beats being fast: the slowest right answer (500) is worth
 * more than no answer at all, and one more right answer always outweighs speed on another.
 */
import type { LeaderboardMode } from './live-schema';

/** Points of the fastest right answer. */
export const MAX_POINTS = 1000;

/** Points for one answer: right and fast scores most; elapsed is clamped to [0, limit]. */
export function pointsFor(correct: boolean, elapsedMs: number, limitMs: number): number {
  if (!correct) return 0;
  if (!(limitMs > 0)) return MAX_POINTS;
  const share = Math.min(Math.max(elapsedMs, 0), limitMs) / limitMs;
  return Math.round(MAX_POINTS * (1 - share / 2));
}

/** One person's totals, as the leaderboard ranks them. */
export interface Standing {
  userId: string;
  name: string;
  points: number;
  /** Right answers. */
  right: number;
  /** Milliseconds spent on right answers (the tie-break: faster first). */
  timeMs: number;
}

/** A row of the leaderboard: equal points and time share a rank (1, 2, 2, 4). */
export interface RankedStanding extends Standing {
  rank: number;
}

/** Sums each player's answers. Players without answers stand at 0. */
export function standingsOf(
  players: readonly { userId: string; name: string }[],
  answers: readonly { userId: string; points: number; correct: boolean; elapsedMs: number }[],
): Standing[] {
  const byUser = new Map<string, Standing>();
  for (const p of players) byUser.set(p.userId, { userId: p.userId, name: p.name, points: 0, right: 0, timeMs: 0 });
  for (const a of answers) {
    const s = byUser.get(a.userId);
    if (!s) continue;
    s.points += a.points;
    if (a.correct) {
      s.right += 1;
      s.timeMs += a.elapsedMs;
    }
  }
  return [...byUser.values()];
}

/** Most points first, then fewer milliseconds on right answers, then by name (stable across nodes). */
export function rankStandings(standings: readonly Standing[]): RankedStanding[] {
  const sorted = [...standings].sort(
    (a, b) => b.points - a.points || a.timeMs - b.timeMs || a.name.localeCompare(b.name, 'zh-CN') || cmp(a, b),
  );
  const out: RankedStanding[] = [];
  sorted.forEach((s, i) => {
    const prev = out[i - 1];
    const tied = prev !== undefined && prev.points === s.points && prev.timeMs === s.timeMs;
    out.push({ ...s, rank: tied ? prev.rank : i + 1 });
  });
  return out;
}

const cmp = (a: Standing, b: Standing) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/**
 * A name as the leaderboard shows it. `initials`: a Chinese name keeps its first character
 * (the family name) and masks the rest (张三丰 → 张**); a Latin name keeps each word's first letter
 * (Li Na → L. N.). `full`: the name as is.
 */
export function displayName(name: string, mode: LeaderboardMode): string {
  const trimmed = name.trim();
  if (mode !== 'initials') return trimmed;
  // Trimmed first, so splitting on runs of white space leaves no empty words.
  const words = trimmed.split(/\s+/);
  if (words.length > 1) return words.map((w) => `${[...w][0].toUpperCase()}.`).join(' ');
  const chars = [...trimmed];
  if (chars.length === 0) return '';
  return chars[0].toUpperCase() + '*'.repeat(Math.max(chars.length - 1, 1));
}
