import { describe, expect, it } from 'vitest';
import { extraLinesMm, pageRule, printedLines, resultLengthMm } from '../../../../src/lib/kiosk/paper';

describe('printedLines (10 pt on 74 mm of receipt paper)', () => {
  it.each([
    ['', 1],
    ['服装可以在专柜退换。', 1],
    ['在 15 天退换期限内，最后一天是 2026年12月14日。（依据第 2.1 条）', 2],
    ['a'.repeat(38), 1],
    ['a'.repeat(39), 2],
    ['退'.repeat(19), 1],
    ['退'.repeat(20), 2],
  ])('%j → %i lines', (text, lines) => expect(printedLines(text)).toBe(lines));
});

describe('extraLinesMm', () => {
  it.each([
    ['短句', 10, 0],
    ['一'.repeat(19), 10, 0],
    ['一'.repeat(20), 10, 5.2],
    ['一'.repeat(38), 10, 5.2],
    ['一'.repeat(39), 10, 10.4],
    // 11 pt: fewer characters a line, taller lines.
    ['一'.repeat(18), 11, 5.72],
    ['We will pass your praise on.', 10, 0],
  ])('%s at %i pt adds %f mm', (text, pt, mm) => expect(extraLinesMm(text, pt)).toBeCloseTo(mm, 5));
});

describe('pageRule', () => {
  it('is 80 mm wide and as long as the content plus both margins, rounded up', () => {
    expect(pageRule(150)).toBe('@page { size: 80mm 156mm; margin: 3mm; }');
    expect(pageRule(100.2)).toBe('@page { size: 80mm 107mm; margin: 3mm; }');
  });
});

describe('resultLengthMm', () => {
  const reasons = ['服装可以在专柜退换。（依据第 2.2 条）'];
  it('grows with each reason and step and with the last day, never shrinks below the fixed parts', () => {
    const one = resultLengthMm({ reasons, nextSteps: ['到专柜办理。'], lastDay: false });
    const more = resultLengthMm({ reasons: [...reasons, ...reasons], nextSteps: ['到专柜办理。'], lastDay: false });
    const withDay = resultLengthMm({ reasons, nextSteps: ['到专柜办理。'], lastDay: true });
    expect(one).toBeGreaterThan(60);
    expect(more).toBeGreaterThan(one);
    expect(withDay).toBeGreaterThan(one);
    // A long reason takes more paper than a short one.
    expect(resultLengthMm({ reasons: ['退'.repeat(60)], nextSteps: [], lastDay: false })).toBeGreaterThan(
      resultLengthMm({ reasons: ['退'], nextSteps: [], lastDay: false }),
    );
  });
  it('keeps a typical result well under a sheet of A4 (279 mm is what Chromium made of `auto`)', () => {
    const typical = resultLengthMm({
      reasons: Array(4).fill('在 15 天退换期限内，最后一天是 2026年12月14日。（依据第 2.1 条）'),
      nextSteps: Array(3).fill('带上商品（吊牌、包装、配件齐全）和购物小票（第三联），到购买的专柜办理。'),
      lastDay: true,
    });
    expect(typical).toBeLessThan(220);
  });
});
