// Seeds the e2e data directory with TEST_USERS (run with tsx before the server starts), and API
// tokens for the staff API tests (their plain text in e2e-api-tokens.json, next to the store).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock, resolveDataDir } from '../../src/lib/store/data-dir';
import { TokensRepo } from '../../src/lib/store/tokens';
import { UsersRepo } from '../../src/lib/store/users';
import { TEST_USERS } from './users';

const dir = resolveDataDir();
const release = acquireDataDirLock(dir);
const repo = await UsersRepo.open(dir);
for (const user of Object.values(TEST_USERS)) {
  if (!repo.byUsername(user.username)) await repo.add(user);
}
const tokens = await TokensRepo.open(dir);
const plain: Record<string, string> = {};
for (const who of ['staff', 'staff2', 'manager', 'trainer'] as const)
  plain[who] = (await tokens.create(repo.byUsername(TEST_USERS[who].username)!.id, `e2e ${who}`)).token;
const revoked = await tokens.create(repo.byUsername(TEST_USERS.manager.username)!.id, 'e2e revoked');
await tokens.revoke(revoked.record.id);
plain.revoked = revoked.token;
writeFileSync(path.join(dir, 'e2e-api-tokens.json'), JSON.stringify(plain));
release();
