/**
 * `npm run users -- <command>`: manage staff accounts in DATA_DIR while the server is stopped
 * (one process owns a data directory; with the server running, use /admin/users).
 *
 *   add <username> --role <role> [--name <name>] [--password <pw>] [--department <id>]   (random password printed if none)
 *   department <username> <id>|none   (the department the person works in: the assignee picker)
 *   list
 *   passwd <username> [--password <pw>]
 *   disable <username> | enable <username>
 *   token <username> [--name <label>]   (an API token for the staff API, printed once; stored hashed)
 *   tokens | revoke <token id>
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../lib/store/data-dir';
import { openJsonStore } from '../lib/store/json-store';
import type { Store } from '../lib/store/port';
import { readMallId } from '../lib/mall/mall-file';
import { newUserSchema } from '../lib/auth/users';
import { ROLES } from '../lib/auth/roles';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    department: { type: 'string' },
  },
});
const [command, username, third] = positionals;

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const dir = resolveDataDir();
let store: Store;
const databaseUrl = process.env.DATABASE_URL?.trim();
try {
  if (databaseUrl) {
    // A chain's database: safe while the nodes run (the database orders the writes).
    const { openPgStore } = await import('../lib/store/pg/pg-store');
    const { loadFeedbackConfig } = await import('../lib/feedback/config-files');
    store = await openPgStore({
      url: databaseUrl,
      mallId: readMallId(),
      config: loadFeedbackConfig(process.cwd()),
      poolSize: 2,
    });
  } else {
    // Takes the data directory's lock: refused while a server runs on it.
    store = await openJsonStore(dir, readMallId());
  }
} catch (error) {
  fail((error as Error).message + (databaseUrl ? '' : ' (use /admin/users while the server runs)'));
}
const repo = store!.users;
const tokens = store!.tokens;
/** Refuses a department the mall does not have (content/mall/departments.yaml). */
async function checkDepartment(id: string) {
  const { loadFeedbackConfig } = await import('../lib/feedback/config-files');
  const known = loadFeedbackConfig(process.cwd()).departments.map((d) => d.id);
  if (!known.includes(id)) fail(`no department ${id}; departments: ${known.join(', ')}`);
}
const newPassword = () => values.password ?? randomBytes(9).toString('base64url');

try {
  switch (command) {
    case 'add': {
      const password = newPassword();
      const parsed = newUserSchema.safeParse({
        username,
        name: values.name ?? username,
        role: values.role,
        password,
        department: values.department,
      });
      if (parsed.success && parsed.data.department) await checkDepartment(parsed.data.department);
      if (!parsed.success)
        fail(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') +
            `\nroles: ${ROLES.join(', ')}`,
        );
      const user = await repo.add(parsed.data!);
      if (!user) fail(`user ${username} already exists`);
      console.log(`added ${user!.username} (${user!.role})` + (values.password ? '' : `, password: ${password}`));
      break;
    }
    case 'department': {
      const user = await repo.byUsername(username ?? '');
      if (!user) fail(`no user ${username}`);
      const department = third === 'none' ? null : (third ?? fail('usage: department <username> <id>|none'));
      if (department) await checkDepartment(department);
      await repo.update(user!.id, { department });
      console.log(`${user!.username}: ${department ?? 'no department'}`);
      break;
    }
    case 'list':
      for (const u of await repo.list())
        console.log(`${u.username}\t${u.role}\t${u.active ? 'active' : 'disabled'}\t${u.name}\t${u.department ?? ''}`);
      break;
    case 'passwd': {
      const user = (await repo.byUsername(username ?? '')) ?? fail(`no user ${username}`);
      const password = newPassword();
      if (password.length < 10) fail('password: at least 10 characters');
      await repo.update(user.id, { password });
      console.log(`password of ${user.username} changed` + (values.password ? '' : `: ${password}`));
      break;
    }
    case 'disable':
    case 'enable': {
      const user = (await repo.byUsername(username ?? '')) ?? fail(`no user ${username}`);
      await repo.update(user.id, { active: command === 'enable' });
      console.log(`${user.username} ${command}d`);
      break;
    }
    case 'token': {
      const user = (await repo.byUsername(username ?? '')) ?? fail(`no user ${username}`);
      if (!user.active) fail(`${user.username} is disabled`);
      const { token, record } = await tokens.create(user.id, values.name ?? 'api');
      console.log(`token ${record.id} for ${user.username} (${user.role}), shown once:\n${token}`);
      break;
    }
    case 'tokens': {
      const names = new Map((await repo.list()).map((u) => [u.id, u.username]));
      for (const t of await tokens.list())
        console.log(
          `${t.id}\t${names.get(t.userId) ?? t.userId}\t${t.label}\t${t.createdAt}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'live'}`,
        );
      break;
    }
    case 'revoke':
      if (!(await tokens.revoke(username ?? ''))) fail(`no live token ${username}`);
      console.log(`token ${username} revoked`);
      break;
    default:
      fail(
        'usage: npm run users -- add <username> --role <role> [--name <name>] [--password <pw>] [--department <id>] | department <username> <id>|none | list | passwd <username> | disable <username> | enable <username> | token <username> [--name <label>] | tokens | revoke <token id>',
      );
  }
} finally {
  await store!.close();
}
