/** The live quiz's inputs: a bad field is a 400 that names it (never a 500). */
import { describe, expect, it } from 'vitest';
import { invalidInput } from '../../../../src/lib/api/http';
import {
  liveAnswerInputSchema,
  liveControlSchema,
  liveFormSchema,
  liveSessionSchema,
} from '../../../../src/lib/quiz/live-schema';

async function fieldsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  const res = invalidInput(r.error as never);
  expect(res.status).toBe(400);
  return Object.keys(((await res.json()) as { error: { fields: Record<string, unknown> } }).error.fields);
}

describe('liveAnswerInputSchema', () => {
  it.each([[{ index: 0, value: ['a'] }], [{ index: 3, value: true }], [{ index: 99, value: ['a', 'b'] }]])(
    'takes %j',
    (v) => {
      expect(liveAnswerInputSchema.safeParse(v).success).toBe(true);
    },
  );
  it.each([
    [{ index: 'x', value: ['a'] }, 'index'],
    [{ index: -1, value: ['a'] }, 'index'],
    [{ index: 1.5, value: ['a'] }, 'index'],
    [{ index: 100, value: ['a'] }, 'index'],
    [{ value: ['a'] }, 'index'],
    [{ index: 0 }, 'value'],
    [{ index: 0, value: 'a' }, 'value'],
    [{ index: 0, value: ['A'] }, 'value.0'],
    [{ index: 0, value: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, 'value'],
    [{ index: 0, value: ['a'], extra: 1 }, 'extra'],
  ])('refuses %j naming %s', async (v, field) => {
    expect(await fieldsOf(liveAnswerInputSchema, v)).toContain(field);
  });
});

describe('liveControlSchema', () => {
  it('takes every control', () => {
    for (const action of ['start', 'reveal', 'next', 'finish'])
      expect(liveControlSchema.safeParse({ action, expect: { phase: 'open', index: 0 } }).success).toBe(true);
    expect(liveControlSchema.safeParse({ action: 'leaderboard', mode: 'initials' }).success).toBe(true);
  });
  it.each([
    [{ action: 'jump', expect: { phase: 'open', index: 0 } }, 'action'],
    [{ action: 'next' }, 'expect'],
    [{ action: 'next', expect: { phase: 'later', index: 0 } }, 'expect.phase'],
    [{ action: 'next', expect: { phase: 'open', index: -2 } }, 'expect.index'],
    [{ action: 'leaderboard', mode: 'loud' }, 'mode'],
  ])('refuses %j naming %s', async (v, field) => {
    expect(await fieldsOf(liveControlSchema, v)).toContain(field);
  });
});

describe('liveFormSchema', () => {
  it('defaults to self-paced, 20 s, full names', () => {
    expect(liveFormSchema.parse({})).toEqual({ mode: 'self', seconds: 20, leaderboard: 'full' });
    expect(liveFormSchema.parse({ mode: 'paced', seconds: '15', leaderboard: 'off' })).toEqual({
      mode: 'paced',
      seconds: 15,
      leaderboard: 'off',
    });
  });
  it.each([[{ seconds: '4' }], [{ seconds: '121' }], [{ seconds: 'abc' }], [{ seconds: '7.5' }]])(
    'refuses %j with a Chinese message',
    (v) => {
      const r = liveFormSchema.safeParse(v);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].message).toContain('每题限时');
    },
  );
  it('refuses an unknown mode', () => {
    expect(liveFormSchema.safeParse({ mode: 'turbo' }).success).toBe(false);
  });
});

describe('liveSessionSchema', () => {
  it('refuses seconds out of bounds and unknown phases', () => {
    const s = {
      quizId: 'q',
      rev: 0,
      phase: 'waiting',
      index: 0,
      seconds: 20,
      leaderboard: 'full',
      lockedAt: [],
      updatedAt: 'x',
    };
    expect(liveSessionSchema.safeParse(s).success).toBe(true);
    expect(liveSessionSchema.safeParse({ ...s, seconds: 2 }).success).toBe(false);
    expect(liveSessionSchema.safeParse({ ...s, phase: 'paused' }).success).toBe(false);
  });
});
