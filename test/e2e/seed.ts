// Seeds the e2e data directory with TEST_USERS (run with tsx before the server starts).
import { acquireDataDirLock, resolveDataDir } from '../../src/lib/store/data-dir';
import { UsersRepo } from '../../src/lib/store/users';
import { TEST_USERS } from './users';

const dir = resolveDataDir();
const release = acquireDataDirLock(dir);
const repo = await UsersRepo.open(dir);
for (const user of Object.values(TEST_USERS)) {
  if (!repo.byUsername(user.username)) await repo.add(user);
}
release();
