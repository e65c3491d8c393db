/**
 * The store contract of the live, paced quiz (LiveStore in src/lib/store/port.ts): the same tests
 * for the JSON store and PostgreSQL, called beside storeContract by json-contract.test.ts and
 * pg-store.test.ts. With a `peer`, the races run across two nodes.
 */
import { describe, expect, it } from 'vitest';
import type { LiveAnswer, LiveSession, TrainingPass } from '../../../src/lib/quiz/live-schema';
import { storesOf, type ContractOptions } from './contract';

const session = (quizId: string, over: Partial<LiveSession> = {}): LiveSession => ({
  quizId,
  rev: 0,
  phase: 'waiting',
  index: 0,
  seconds: 20,
  leaderboard: 'full',
  lockedAt: [],
  updatedAt: '2026-11-20T01:00:00.000Z',
  ...over,
});

const answer = (quizId: string, userId: string, index: number, over: Partial<LiveAnswer> = {}): LiveAnswer => ({
  quizId,
  userId,
  index,
  value: ['a'],
  at: '2026-11-20T01:00:05.000Z',
  elapsedMs: 5000,
  correct: true,
  points: 875,
  ...over,
});

export function liveContract(name: string, options: ContractOptions): void {
  describe(`live store contract: ${name}`, () => {
    const { open, peerOf } = storesOf(options);

    it('keeps one session per quiz and changes it only from the expected revision', async () => {
      const store = await open();
      const peer = await peerOf(store);
      expect(await store.live.session('q1')).toBeUndefined();
      expect(await store.live.createSession(session('q1'))).toBe(true);
      expect(await peer.live.createSession(session('q1', { seconds: 30 }))).toBe(false);
      expect((await peer.live.session('q1'))?.seconds).toBe(20);
      const next = session('q1', { rev: 1, phase: 'open', openedAt: '2026-11-20T01:00:00.000Z' });
      expect(await store.live.saveSession(next, 0)).toBe(true);
      expect(await peer.live.session('q1')).toEqual(next);
      // A second click read rev 0 too: refused, nothing changes.
      expect(await peer.live.saveSession(session('q1', { rev: 1, phase: 'finished' }), 0)).toBe(false);
      // A rev that skips is refused as well.
      expect(await peer.live.saveSession(session('q1', { rev: 5, phase: 'finished' }), 1)).toBe(false);
      expect(await store.live.session('q1')).toEqual(next);
      await expect(store.live.saveSession(session('nope', { rev: 1 }), 0)).rejects.toThrow();
    });

    it('lets exactly one of concurrent advances from one revision through', async () => {
      const store = await open();
      const peer = await peerOf(store);
      await store.live.createSession(session('q2'));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? peer : store).live.saveSession(session('q2', { rev: 1, index: i, phase: 'open' }), 0),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.live.session('q2'))?.rev).toBe(1);
    });

    it('joins a person once and lists players in the order they joined', async () => {
      const store = await open();
      const peer = await peerOf(store);
      const first = {
        quizId: 'q1',
        userId: 'u1',
        name: '张三',
        username: 'zhang',
        joinedAt: '2026-11-20T01:00:00.000Z',
      };
      expect(await store.live.join(first)).toEqual(first);
      expect(await peer.live.join({ ...first, name: '张三丰', joinedAt: '2026-11-20T01:05:00.000Z' })).toEqual(first);
      await peer.live.join({
        quizId: 'q1',
        userId: 'u2',
        name: '李四',
        username: 'li',
        joinedAt: '2026-11-20T01:01:00.000Z',
      });
      await store.live.join({
        quizId: 'q9',
        userId: 'u3',
        name: '王五',
        username: 'wang',
        joinedAt: '2026-11-20T01:01:00.000Z',
      });
      expect((await store.live.players('q1')).map((p) => p.userId)).toEqual(['u1', 'u2']);
      expect(await store.live.players('none')).toEqual([]);
    });

    it('stores one answer per person and question, even when two nodes race', async () => {
      const store = await open();
      const peer = await peerOf(store);
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          (i % 2 ? peer : store).live.answer(answer('q1', 'u1', 0, { value: [String.fromCharCode(97 + i)] })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.live.answer(answer('q1', 'u1', 1))).toBe(true);
      expect(await peer.live.answer(answer('q1', 'u2', 0, { value: true, correct: false, points: 0 }))).toBe(true);
      expect(await store.live.answer(answer('q2', 'u1', 0))).toBe(true);
      const all = await peer.live.answers('q1');
      expect(all.map((a) => [a.index, a.userId])).toEqual([
        [0, 'u1'],
        [0, 'u2'],
        [1, 'u1'],
      ]);
      expect(all[1]).toEqual(answer('q1', 'u2', 0, { value: true, correct: false, points: 0 }));
    });

    it('keeps training passes by hash, replaces one and forgets it', async () => {
      const store = await open();
      const peer = await peerOf(store);
      const pass: TrainingPass = {
        hash: 'a'.repeat(64),
        userId: 'u1',
        sessionVersion: 2,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      };
      await store.live.putPass(pass);
      expect(await peer.live.pass(pass.hash)).toEqual(pass);
      expect(await peer.live.pass('b'.repeat(64))).toBeUndefined();
      await peer.live.putPass({ ...pass, sessionVersion: 3 });
      expect((await store.live.pass(pass.hash))?.sessionVersion).toBe(3);
      await store.live.dropPass(pass.hash);
      expect(await peer.live.pass(pass.hash)).toBeUndefined();
      await store.live.dropPass(pass.hash);
    });
  });
}
