/** Training passes on the running server (the rules are in training-pass.ts). */
import { getStore } from '../store/store.server';
import { hashToken } from './tokens';
import { newTrainingPass, passIsCurrent } from './training-pass';
import type { User } from './users';

/** Issues a pass for a signed-in user; returns the token to put in the cookie. */
export async function issueTrainingPass(userId: string, now = new Date()): Promise<string | undefined> {
  const store = await getStore();
  const user = await store.users.byId(userId);
  if (!user?.active) return undefined;
  const { token, pass } = newTrainingPass(user, now);
  await store.live.putPass(pass);
  return token;
}

/** The user a pass token stands for, if the pass is current; a stale pass is forgotten. */
export async function userOfTrainingPass(token: string, now = new Date()): Promise<User | undefined> {
  if (!/^sdt_[\w-]{20,80}$/.test(token)) return undefined;
  const store = await getStore();
  const hash = hashToken(token);
  const pass = await store.live.pass(hash);
  if (!pass) return undefined;
  const user = await store.users.byId(pass.userId);
  if (passIsCurrent(pass, user, now)) return user;
  await store.live.dropPass(hash);
  return undefined;
}

/** Forgets a pass (the phone's "forget me" button). */
export async function dropTrainingPass(token: string): Promise<void> {
  await (await getStore()).live.dropPass(hashToken(token));
}
