/**
 * The users repository: one small JSON file (`users.json`), loaded once, read from memory.
 * Callers get copies (a user they hold does not change when the stored one does), and each
 * check-and-change happens in one synchronous step, after any await (the password hash).
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { JsonFile } from './json-file';
import { changedUser, newUserRecord, userSchema, type NewUser, type User } from '../auth/users';
import { hashPassword } from '../auth/password';

export const USERS_FILE = 'users.json';

/** A user of the caller's own (users are flat records). */
const copy = (u: User): User => ({ ...u });

export class UsersRepo {
  #file: JsonFile<User>;
  /** Usernames (lower case) being added: their password is being hashed. */
  #adding = new Set<string>();
  private constructor(file: JsonFile<User>) {
    this.#file = file;
  }

  static async open(dataDir: string): Promise<UsersRepo> {
    const file = await new JsonFile<User>(path.join(dataDir, USERS_FILE), {
      version: 1,
      parse: (r) => userSchema.parse(r),
    }).load();
    return new UsersRepo(file);
  }

  list(): User[] {
    return this.#file.records.map(copy).sort((a, b) => a.username.localeCompare(b.username));
  }

  byId(id: string): User | undefined {
    const u = this.#byId(id);
    return u && copy(u);
  }

  byUsername(username: string): User | undefined {
    const u = this.#byUsername(username);
    return u && copy(u);
  }

  #byId(id: string): User | undefined {
    return this.#file.records.find((u) => u.id === id);
  }

  #byUsername(username: string): User | undefined {
    const name = username.trim().toLowerCase();
    return this.#file.records.find((u) => u.username === name);
  }

  hasActiveAdmin(): boolean {
    return this.#file.records.some((u) => u.role === 'admin' && u.active);
  }

  /** Adds a user; undefined when the username is taken. */
  async add(input: NewUser, now = new Date()): Promise<User | undefined> {
    // The name is taken from the check on, before the hash's await: of concurrent adds one wins.
    const name = input.username.trim().toLowerCase();
    if (this.#adding.has(name) || this.#byUsername(name)) return undefined;
    this.#adding.add(name);
    let user: User;
    try {
      user = newUserRecord(input, await hashPassword(input.password), randomUUID(), now);
      this.#file.records.push(user);
    } finally {
      this.#adding.delete(name);
    }
    const stored = user;
    await this.#file.save().catch((error: unknown) => {
      // Not on disk: not in memory either, so the name is free for a retry.
      const i = this.#file.records.indexOf(stored);
      if (i >= 0) this.#file.records.splice(i, 1);
      throw error;
    });
    return copy(stored);
  }

  /**
   * Changes role, active flag or password; undefined when the user does not exist. Any of those
   * changes ends every session of the user (sessionVersion); a name change does not.
   */
  async update(
    id: string,
    change: { role?: User['role']; active?: boolean; password?: string; name?: string; department?: string | null },
    now = new Date(),
  ) {
    if (!this.#byId(id)) return undefined;
    // Hashed first: the change is then made in one step (no reader sees half of it).
    const passwordHash = change.password ? await hashPassword(change.password) : undefined;
    const user = this.#byId(id);
    if (!user) return undefined;
    const before = { ...user };
    replaceContent(user, changedUser(before, { ...change, passwordHash }, now));
    await this.#file.save().catch((error: unknown) => {
      replaceContent(user, before);
      throw error;
    });
    return copy(user);
  }

  /** Ends every session of a user ("sign out everywhere"); false when the user does not exist. */
  async endSessions(id: string, now = new Date()): Promise<boolean> {
    const user = this.#byId(id);
    if (!user) return false;
    const before = { ...user };
    user.sessionVersion++;
    user.updatedAt = now.toISOString();
    await this.#file.save().catch((error: unknown) => {
      Object.assign(user, before);
      throw error;
    });
    return true;
  }
}

/** Replaces a stored record's content in place (a field the new content lacks, e.g. a cleared department, goes). */
function replaceContent(user: User, content: User) {
  for (const key of Object.keys(user) as (keyof User)[]) if (!(key in content)) delete user[key];
  Object.assign(user, content);
}
