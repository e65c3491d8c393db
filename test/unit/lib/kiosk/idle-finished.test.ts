import { describe, expect, it } from 'vitest';
import { finishedMsOf, finishedSecondsLeft } from '../../../../src/lib/kiosk/idle';

describe('finished screens', () => {
  it.each([
    [undefined, 30_000],
    ['', 30_000],
    ['90', 90_000],
    ['abc', 30_000],
    ['2', 30_000],
  ])('data-kiosk-finished=%j stays %i ms', (attr, ms) => {
    expect(finishedMsOf(attr, 30_000)).toBe(ms);
  });

  it.each([
    [0, 90_000, 90],
    [500, 90_000, 90],
    [1_000, 90_000, 89],
    [89_999, 90_000, 1],
    [95_000, 90_000, 0],
  ])('%i ms after the last tap of %i, %i s left', (since, total, left) => {
    expect(finishedSecondsLeft(since, total)).toBe(left);
  });
});
