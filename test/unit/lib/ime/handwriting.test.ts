import { beforeAll, describe, expect, it } from 'vitest';
import { buildStrokeTable, fromMakeMeAHanzi } from '../../../../src/lib/ime/build-table';
import { checkPinyinTable, checkStrokeTable } from '../../../../src/lib/ime/asset-check';
import {
  createRecogniser,
  encodeStroke,
  normalise,
  resampleStroke,
  type Stroke,
} from '../../../../src/lib/ime/handwriting';
import { handwritingCharacters, readMedians, STROKE_POINTS } from '../../../../src/lib/ime/ime-files';
import { distort, seeded } from '../../../fixtures/ime-distort';

describe('stroke geometry', () => {
  it('resamples a stroke to evenly spaced points', () => {
    expect(
      resampleStroke(
        [
          [0, 0],
          [1, 0],
        ],
        3,
      ),
    ).toEqual([
      [0, 0],
      [0.5, 0],
      [1, 0],
    ]);
    expect(
      resampleStroke(
        [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
        3,
      ),
    ).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(resampleStroke([[0.3, 0.3]], 2)).toEqual([
      [0.3, 0.3],
      [0.3, 0.3],
    ]);
    expect(resampleStroke([], 4)).toEqual([]);
  });

  it('encodes points on a 64 grid, clamped to the box', () => {
    expect(
      encodeStroke([
        [0, 0],
        [1, 1],
        [-1, 2],
      ]),
    ).toBe('AA__A_');
  });

  it('centres and scales a drawing, keeping its aspect', () => {
    const [s] = normalise(
      [
        [
          [10, 10],
          [0.5, 10.25],
        ] as Stroke,
      ].map((x) => x.map(([a, b]) => [a / 20, b / 20] as [number, number])),
    );
    expect(s[0][0]).toBeCloseTo(0.5);
    expect(s[1][0]).toBeCloseTo(-0.5);
    expect(Math.abs(s[0][1])).toBeLessThan(0.05);
  });
});

describe('recogniser on a small table', () => {
  // 一 (one stroke across), 十 (across, then down), 二 (two across), 丨 (down).
  const shapes: Record<string, Stroke[]> = {
    一: [
      [
        [0.1, 0.5],
        [0.9, 0.5],
      ],
    ],
    十: [
      [
        [0.1, 0.5],
        [0.9, 0.5],
      ],
      [
        [0.5, 0.1],
        [0.5, 0.9],
      ],
    ],
    二: [
      [
        [0.2, 0.3],
        [0.8, 0.3],
      ],
      [
        [0.1, 0.7],
        [0.9, 0.7],
      ],
    ],
    丨: [
      [
        [0.5, 0.1],
        [0.5, 0.9],
      ],
    ],
  };
  const table = buildStrokeTable(
    Object.keys(shapes),
    (ch) => shapes[ch].map((s) => s.map(([x, y]) => [x * 1024, 900 - y * 1024])),
    4,
  );
  const r = createRecogniser(table);

  it.each([
    [
      '一',
      [
        [
          [0.2, 0.45],
          [0.8, 0.5],
        ],
      ],
    ],
    [
      '丨',
      [
        [
          [0.52, 0.2],
          [0.48, 0.8],
        ],
      ],
    ],
    [
      '十',
      [
        [
          [0.1, 0.5],
          [0.9, 0.5],
        ],
        [
          [0.5, 0.1],
          [0.5, 0.9],
        ],
      ],
    ],
    [
      '二',
      [
        [
          [0.25, 0.35],
          [0.75, 0.35],
        ],
        [
          [0.15, 0.65],
          [0.85, 0.65],
        ],
      ],
    ],
  ] as [string, Stroke[]][])('%s', (ch, strokes) => {
    expect(r.recognise(strokes)[0]).toBe(ch);
  });

  it('after the first stroke of 十 offers 十 too (a character may not be finished)', () => {
    expect(
      r.recognise(
        [
          [
            [0.1, 0.5],
            [0.9, 0.5],
          ],
        ],
        4,
      ),
    ).toContain('十');
  });

  it('answers nothing for nothing drawn', () => {
    expect(r.recognise([])).toEqual([]);
    expect(r.recognise([[]])).toEqual([]);
  });
});

describe('recogniser on the built templates (held-out distorted samples)', () => {
  const root = process.cwd();
  let chars: string[];
  let recogniser: ReturnType<typeof createRecogniser>;
  beforeAll(() => {
    chars = handwritingCharacters(root);
    recogniser = createRecogniser(buildStrokeTable(chars, (ch) => readMedians(root, ch), STROKE_POINTS));
  }, 60_000);

  it('covers the 3,500 most common characters', () => {
    expect(chars.length).toBe(3500);
    expect(recogniser.size).toBe(3500);
    expect(chars.slice(0, 10)).toEqual(expect.arrayContaining(['一', '是', '人']));
    expect(chars).toEqual(expect.arrayContaining(['的', '商', '鞋']));
  });

  it('finds a sample of 200 distorted characters in its top 5 at least 90 % of the time', () => {
    const rand = seeded(7);
    let top5 = 0;
    const sample = chars.filter((_, i) => i % 17 === 0).slice(0, 200);
    for (const ch of sample) {
      const strokes = distort(readMedians(root, ch)!.map(fromMakeMeAHanzi), rand);
      if (recogniser.recognise(strokes, 5).includes(ch)) top5++;
    }
    expect(top5 / sample.length).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});

describe('asset shape checks', () => {
  it('accepts the built shapes and names what is wrong', () => {
    expect(() => checkStrokeTable({ v: 1, points: 4, chars: '一', strokes: ['AAAAAAAA'] })).not.toThrow();
    expect(() => checkStrokeTable({ v: 1, points: 4, chars: '一二', strokes: ['AAAAAAAA'] })).toThrow(/strokes/);
    expect(() => checkStrokeTable({ v: 2 })).toThrow(/version/);
    expect(() => checkPinyinTable({ v: 1, chars: {}, common: '', words: [], phrases: {} })).not.toThrow();
    expect(() => checkPinyinTable({ v: 1, chars: { a: 1 }, common: '', words: [], phrases: {} })).toThrow(/chars/);
    expect(() =>
      checkPinyinTable({ v: 1, chars: {}, common: '', words: [], phrases: { x: { zh: [1], en: [] } } }),
    ).toThrow(/phrases/);
    expect(() => checkPinyinTable(null)).toThrow(/version/);
  });
});
