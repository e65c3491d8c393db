/**
 * What the quiz benches share: a bounded pool of concurrent requests, staff accounts and a live
 * quiz made through the store before the server owns the data directory, and signing in over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { UsersRepo } from '../../src/lib/store/users';
import { QuizzesRepo } from '../../src/lib/store/quizzes';
import { loadBanks } from '../../src/lib/quiz/bank-files';
import { buildQuiz } from '../../src/lib/quiz/quiz';
import type { Quiz, QuizSettings } from '../../src/lib/quiz/schema';
import type { Role } from '../../src/lib/auth/roles';

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export interface BenchUser {
  username: string;
  name: string;
  role: Role;
  password: string;
}

/** Stores `lead` (a trainer or admin) and `n` staff named `<prefix>00…`; returns the staff. */
export async function seedUsers(dataDir: string, lead: BenchUser, n: number, prefix: string): Promise<BenchUser[]> {
  const users = await UsersRepo.open(dataDir);
  await users.add(lead);
  const width = String(n - 1).length;
  const people = Array.from({ length: n }, (_, i) => ({
    username: `${prefix}${String(i).padStart(width, '0')}`,
    name: `员工${i}`,
    role: 'staff' as const,
    password: `bench-${prefix}-${i}-2026`,
  }));
  await pool(people, 8, (p) => users.add(p));
  return people;
}

/** Builds a quiz from every shipped bank with these settings, stores it live, and returns it. */
export async function seedLiveQuiz(
  root: string,
  dataDir: string,
  code: string,
  settings: Omit<QuizSettings, 'banks' | 'sections' | 'passMark' | 'opensAt' | 'closesAt'>,
): Promise<Quiz> {
  const { banks, problems } = loadBanks(root);
  if (problems.length) throw new Error(problems.join('\n'));
  const now = Date.now();
  const built = buildQuiz(
    banks.map((b) => b.bank),
    {
      ...settings,
      banks: banks.map((b) => b.bank.id),
      sections: [],
      passMark: 60,
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3600_000).toISOString(),
    },
    { id: randomUUID(), code, seed: 7, by: { id: 'bench', name: 'bench' }, now: new Date() },
  );
  if (!built.ok) throw new Error(`bench: cannot build the quiz (${built.reason})`);
  const quiz = { ...built.quiz, status: 'live' as const, startedAt: new Date().toISOString() };
  await (await QuizzesRepo.open(dataDir)).insertQuiz(quiz);
  return quiz;
}

/** Signs in through the login form; returns the session cookie header. */
export async function signIn(origin: string, p: Pick<BenchUser, 'username' | 'password'>): Promise<string> {
  const login = await fetch(`${origin}/login?_action=auth.login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ username: p.username, password: p.password, next: '/training' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (login.status !== 303 || !cookie) throw new Error(`bench: sign-in of ${p.username} failed (${login.status})`);
  return cookie;
}
