// Seeds the training-cases e2e data directory (after seed.ts, before the server starts): an ended
// quiz on the returns rules with two passing attempts, one before the 2026-11-29 change of the
// returns pages (刘客服, staff2) and one on the day it took effect (孙客服, staff3).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { acquireDataDirLock, resolveDataDir } from '../../src/lib/store/data-dir';
import { QuizzesRepo } from '../../src/lib/store/quizzes';
import { UsersRepo } from '../../src/lib/store/users';
import type { Attempt, Quiz, QuizQuestion } from '../../src/lib/quiz/schema';

const dir = resolveDataDir();
const release = acquireDataDirLock(dir);
const users = await UsersRepo.open(dir);
const bank = parse(readFileSync(path.resolve(import.meta.dirname, '../../content/quizzes/returns.yaml'), 'utf8')) as {
  questions: QuizQuestion[];
};
// returns-040 cites returns-5.3 (changed 2026-11-29, never reviewed); returns-043 cites returns-2.5 (reviewed).
const questions = ['returns-040', 'returns-043'].map((id) => bank.questions.find((q) => q.id === id)!);
const quiz: Quiz = {
  id: 'e2e-old-returns',
  code: '55550001',
  settings: {
    title: '十一月退换货测验',
    banks: ['returns'],
    sections: [],
    questionCount: 2,
    shuffleQuestions: false,
    shuffleOptions: false,
    passMark: 60,
    timeLimitMinutes: 0,
    attemptsAllowed: 1,
    opensAt: '2026-11-01T01:00:00.000Z',
    closesAt: '2026-11-29T10:00:00.000Z',
    scoringRule: 'all-or-nothing',
  },
  questions,
  seed: 7,
  status: 'ended',
  createdBy: { id: 'seed', name: '种子数据' },
  createdAt: '2026-11-01T01:00:00.000Z',
  startedAt: '2026-11-01T01:00:00.000Z',
  endedAt: '2026-11-29T10:00:00.000Z',
};
const repo = await QuizzesRepo.open(dir);
if (!repo.byId(quiz.id)) {
  await repo.insertQuiz(quiz);
  const passed = (username: string, submittedAt: string): Attempt => {
    const u = users.byUsername(username)!;
    return {
      id: `e2e-old-${username}`,
      quizId: quiz.id,
      userId: u.id,
      userName: u.name,
      username: u.username,
      number: 1,
      order: questions.map((q) => q.id),
      optionOrder: Object.fromEntries(
        questions.map((q) => [q.id, q.type === 'truefalse' ? [] : q.options.map((o) => o.id)]),
      ),
      answers: {},
      startedAt: new Date(Date.parse(submittedAt) - 600_000).toISOString(),
      deadline: quiz.settings.closesAt,
      submittedAt,
      submittedBy: 'user',
      score: {
        points: 2,
        max: 2,
        percent: 100,
        passed: true,
        items: questions.map((q) => ({ questionId: q.id, credit: 1, correct: true })),
      },
    };
  };
  await repo.insertAttempt(passed('staff2', '2026-11-20T02:00:00.000Z'));
  await repo.insertAttempt(passed('staff3', '2026-11-29T02:00:00.000Z'));
}
release();
