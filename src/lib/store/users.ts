/** The users repository: one small JSON file (`users.json`), loaded once, read from memory. */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { JsonFile } from './json-file';
import { userSchema, type NewUser, type User } from '../auth/users';
import { hashPassword } from '../auth/password';

export const USERS_FILE = 'users.json';

export class UsersRepo {
  #file: JsonFile<User>;
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
    return [...this.#file.records].sort((a, b) => a.username.localeCompare(b.username));
  }

  byId(id: string): User | undefined {
    return this.#file.records.find((u) => u.id === id);
  }

  byUsername(username: string): User | undefined {
    const name = username.trim().toLowerCase();
    return this.#file.records.find((u) => u.username === name);
  }

  hasActiveAdmin(): boolean {
    return this.#file.records.some((u) => u.role === 'admin' && u.active);
  }

  /** Adds a user; undefined when the username is taken. */
  async add(input: NewUser, now = new Date()): Promise<User | undefined> {
    if (this.byUsername(input.username)) return undefined;
    const at = now.toISOString();
    const user: User = {
      id: randomUUID(),
      username: input.username,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      active: true,
      sessionVersion: 0,
      createdAt: at,
      updatedAt: at,
    };
    this.#file.records.push(user);
    await this.#file.save().catch((error: unknown) => {
      // Not on disk: not in memory either, so the name is free for a retry.
      this.#file.records.splice(this.#file.records.indexOf(user), 1);
      throw error;
    });
    return user;
  }

  /**
   * Changes role, active flag or password; undefined when the user does not exist. Any of those
   * changes ends every session of the user (sessionVersion); a name change does not.
   */
  async update(
    id: string,
    change: { role?: User['role']; active?: boolean; password?: string; name?: string },
    now = new Date(),
  ) {
    const user = this.byId(id);
    if (!user) return undefined;
    const before = { ...user };
    if (change.role) user.role = change.role;
    if (change.active !== undefined) user.active = change.active;
    if (change.name) user.name = change.name;
    if (change.password) user.passwordHash = await hashPassword(change.password);
    if (
      (change.role && change.role !== before.role) ||
      (change.active !== undefined && change.active !== before.active) ||
      change.password
    )
      user.sessionVersion = before.sessionVersion + 1;
    user.updatedAt = now.toISOString();
    await this.#file.save().catch((error: unknown) => {
      Object.assign(user, before);
      throw error;
    });
    return user;
  }

  /** Ends every session of a user ("sign out everywhere"); false when the user does not exist. */
  async endSessions(id: string, now = new Date()): Promise<boolean> {
    const user = this.byId(id);
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
