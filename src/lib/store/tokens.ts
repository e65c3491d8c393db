/** API tokens: one small JSON file (`api-tokens.json`), loaded once, read from memory. */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { JsonFile } from './json-file';
import { apiTokenSchema, generateToken, hashToken, type ApiToken } from '../auth/tokens';

export const TOKENS_FILE = 'api-tokens.json';

export class TokensRepo {
  #file: JsonFile<ApiToken>;
  private constructor(file: JsonFile<ApiToken>) {
    this.#file = file;
  }

  static async open(dataDir: string): Promise<TokensRepo> {
    const file = await new JsonFile<ApiToken>(path.join(dataDir, TOKENS_FILE), {
      version: 1,
      parse: (r) => apiTokenSchema.parse(r),
    }).load();
    return new TokensRepo(file);
  }

  list(): ApiToken[] {
    return [...this.#file.records];
  }

  /** The live (not revoked) token record of a presented token. */
  byToken(token: string): ApiToken | undefined {
    const hash = hashToken(token);
    return this.#file.records.find((t) => t.hash === hash && !t.revokedAt);
  }

  /** Creates a token for a user; the plain token is returned once and never stored. */
  async create(userId: string, label: string, now = new Date()): Promise<{ token: string; record: ApiToken }> {
    const token = generateToken();
    const record: ApiToken = { id: randomUUID(), userId, label, hash: hashToken(token), createdAt: now.toISOString() };
    this.#file.records.push(record);
    await this.#file.save();
    return { token, record };
  }

  /** Revokes a token by id; false when there is no such live token. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    const t = this.#file.records.find((r) => r.id === id && !r.revokedAt);
    if (!t) return false;
    t.revokedAt = now.toISOString();
    await this.#file.save();
    return true;
  }
}
