import { describe, expect, it } from 'vitest';
import {
  displayName,
  MAX_POINTS,
  pointsFor,
  rankStandings,
  standingsOf,
  type Standing,
} from '../../../../src/lib/quiz/live-points';

describe('pointsFor', () => {
  it.each([
    // correct, elapsed, limit, points
    [true, 0, 20_000, 1000],
    [true, 10_000, 20_000, 750],
    [true, 20_000, 20_000, 500],
    [true, 5_000, 20_000, 875],
    [true, 1, 20_000, 1000], // 999.975 rounds to 1000
    [true, 30, 20_000, 999], // 999.25
    [true, 19_999, 20_000, 500], // 500.025
    [true, 19_000, 20_000, 525],
    [true, 25_000, 20_000, 500], // after the limit (a raced request): never below 500
    [true, -500, 20_000, 1000], // a clock step back: never above 1000
    [false, 0, 20_000, 0],
    [false, 10_000, 20_000, 0],
    [true, 3_000, 0, 1000], // no limit: right is right
    [true, 3_000, -1, 1000],
    [true, 3_000, Number.NaN, 1000],
  ])('right %s after %i ms of %i → %i', (correct, elapsed, limit, points) => {
    expect(pointsFor(correct, elapsed, limit)).toBe(points);
  });

  it('is the stated formula, rounded', () => {
    for (const elapsed of [0, 1234, 7777, 15_000, 20_000])
      expect(pointsFor(true, elapsed, 20_000)).toBe(Math.round(MAX_POINTS * (1 - elapsed / 20_000 / 2)));
  });

  it('falls as time passes and a right answer always beats a wrong one', () => {
    let previous = Infinity;
    for (let ms = 0; ms <= 20_000; ms += 500) {
      const p = pointsFor(true, ms, 20_000);
      expect(p).toBeLessThanOrEqual(previous);
      expect(p).toBeGreaterThan(pointsFor(false, 0, 20_000));
      previous = p;
    }
  });
});

describe('standingsOf', () => {
  const players = [
    { userId: 'u1', name: '张三' },
    { userId: 'u2', name: '李四' },
    { userId: 'u3', name: '王五' },
  ];
  it('sums points, right answers and time on right answers; unknown answerers are ignored', () => {
    const s = standingsOf(players, [
      { userId: 'u1', points: 900, correct: true, elapsedMs: 4000 },
      { userId: 'u1', points: 0, correct: false, elapsedMs: 1000 },
      { userId: 'u1', points: 800, correct: true, elapsedMs: 8000 },
      { userId: 'u2', points: 0, correct: false, elapsedMs: 2000 },
      { userId: 'ghost', points: 1000, correct: true, elapsedMs: 1 },
    ]);
    expect(s).toEqual([
      { userId: 'u1', name: '张三', points: 1700, right: 2, timeMs: 12_000 },
      { userId: 'u2', name: '李四', points: 0, right: 0, timeMs: 0 },
      { userId: 'u3', name: '王五', points: 0, right: 0, timeMs: 0 },
    ]);
  });
  it('is empty without players', () => {
    expect(standingsOf([], [{ userId: 'u1', points: 1, correct: true, elapsedMs: 1 }])).toEqual([]);
  });
});

describe('rankStandings', () => {
  const st = (userId: string, name: string, points: number, timeMs = 0): Standing => ({
    userId,
    name,
    points,
    right: points > 0 ? 1 : 0,
    timeMs,
  });
  it('orders by points, then time, then name, and shares ranks on ties (1, 2, 2, 4)', () => {
    const ranked = rankStandings([
      st('u4', '赵六', 500, 9000),
      st('u2', '李四', 1500, 3000),
      st('u3', '王五', 1500, 3000),
      st('u1', '张三', 1800, 1000),
      st('u5', '钱七', 1500, 2000),
    ]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([
      ['u1', 1],
      ['u5', 2],
      ['u2', 3],
      ['u3', 3],
      ['u4', 5],
    ]);
  });
  it('breaks equal points by less time on right answers', () => {
    const ranked = rankStandings([st('a', 'A', 900, 5000), st('b', 'B', 900, 4000)]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });
  it('ties everyone at zero, in a stable order (name, then id)', () => {
    const ranked = rankStandings([st('z', '同名', 0), st('a', '同名', 0), st('m', '阿', 0)]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1]);
    expect(ranked.map((r) => r.userId)).toEqual(['m', 'a', 'z']);
    expect(rankStandings([st('b', 'X', 0), st('a', 'X', 0)]).map((r) => r.userId)).toEqual(['a', 'b']);
  });
  it('ranks different points apart even with equal time', () => {
    expect(rankStandings([st('b', 'B', 0, 0), st('a', 'A', 1000, 0)]).map((r) => [r.userId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
  it.each([[['c', 'a', 'b']], [['a', 'c', 'b']], [['b', 'c', 'a']], [['c', 'b', 'a']], [['a', 'b', 'c']]])(
    'orders complete ties by id whatever the input order (%j)',
    (ids) => {
      expect(rankStandings(ids.map((id) => st(id, '同名', 100, 10))).map((r) => r.userId)).toEqual(['a', 'b', 'c']);
    },
  );
  it('does not change its input', () => {
    const input = [st('a', 'A', 1), st('b', 'B', 2)];
    rankStandings(input);
    expect(input.map((s) => s.userId)).toEqual(['a', 'b']);
    expect(rankStandings([])).toEqual([]);
  });
});

describe('displayName', () => {
  it.each([
    ['张三丰', 'initials', '张**'],
    ['张三', 'initials', '张*'],
    ['张', 'initials', '张*'],
    ['  李四 ', 'initials', '李*'],
    ['Li Na', 'initials', 'L. N.'],
    ['mary  jane watson', 'initials', 'M. J. W.'],
    ['anna', 'initials', 'A***'],
    ['', 'initials', ''],
    ['张三丰', 'full', '张三丰'],
    ['  Li Na ', 'full', 'Li Na'],
    ['张三丰', 'off', '张三丰'],
  ] as const)('%s (%s) → %s', (name, mode, shown) => {
    expect(displayName(name, mode)).toBe(shown);
  });
});
