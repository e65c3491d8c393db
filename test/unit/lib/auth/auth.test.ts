import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../../../src/lib/auth/password';
import { isProtectedPath, safeNext } from '../../../../src/lib/auth/guard';
import { can, PERMISSIONS, ROLES, type Role } from '../../../../src/lib/auth/roles';
import { checkAdminRemains, newUserSchema, sessionIsCurrent, type User } from '../../../../src/lib/auth/users';
import { UsersRepo } from '../../../../src/lib/store/users';

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });
  it.each(['', 'plain', 'scrypt$x$y$z$salt$hash', DUMMY_HASH])(
    'rejects against a malformed or dummy hash %s',
    async (hash) => {
      expect(await verifyPassword('anything', hash)).toBe(false);
    },
  );
});

describe('roles and permissions', () => {
  const table: [Role, string[]][] = [
    ['staff', ['tickets.view', 'tickets.work', 'training.take']],
    [
      'supervisor',
      // Supervisors make cases of closed tickets (complaints-8.3).
      [
        'tickets.view',
        'tickets.work',
        'tickets.revealPhone',
        'reports.view',
        'kiosks.manage',
        'training.take',
        'cases.create',
      ],
    ],
    [
      'manager',
      [
        'tickets.view',
        'tickets.work',
        // The department manager decides whether a complaint is invalid (complaints-5.3).
        'tickets.decideInvalid',
        'tickets.revealPhone',
        'reports.view',
        'kiosks.manage',
        'training.manage',
        'training.take',
        'cases.create',
      ],
    ],
    ['trainer', ['training.manage', 'training.take']],
    ['admin', Object.keys(PERMISSIONS)],
    // The head office reads reports, takes quizzes and works no ticket.
    ['hq', ['reports.view', 'hq.view', 'training.take']],
  ];
  it.each(table)('%s may do exactly %j', (role, allowed) => {
    const user = { id: '1', username: 'u', name: 'U', role };
    const granted = Object.keys(PERMISSIONS).filter((p) => can(user, p as keyof typeof PERMISSIONS));
    expect(granted.sort()).toEqual([...allowed].sort());
  });
  it('grants nothing to nobody', () => {
    for (const p of Object.keys(PERMISSIONS)) expect(can(undefined, p as keyof typeof PERMISSIONS)).toBe(false);
    expect(ROLES).toHaveLength(6);
  });
});

describe('guard', () => {
  it.each([
    ['/staff', true],
    ['/staff/tickets', true],
    ['/training/x', true],
    ['/admin/users', true],
    ['/hq', true],
    ['/hq/galaxy-sh', true],
    ['/hq/export.csv', true],
    ['/hqx', false],
    ['/api/staff/tickets', true],
    ['/staffroom', false],
    ['/kiosk', false],
    ['/policies/returns/basic-rules', false],
    ['/api/feedback', false],
  ])('%s protected: %s', (p, expected) => expect(isProtectedPath(p)).toBe(expected));

  it.each([
    ['/staff/tickets?status=open', '/staff/tickets?status=open'],
    ['https://evil.example/', '/staff'],
    ['//evil.example/', '/staff'],
    ['/\\evil', '/staff'],
    [null, '/staff'],
    ['', '/staff'],
  ])('safeNext(%s) → %s', (next, expected) => expect(safeNext(next)).toBe(expected));

  // Issue 16: `/<TAB>/evil.example/x` became `//evil.example/x` in the browser, and VT, FF, NUL or
  // U+2028 made the Location header throw (500). Every control, space and separator character, in
  // every place where a parser might drop or fold it, must leave us on our own origin.
  const controls = [
    ...Array.from({ length: 0x21 }, (_, i) => i),
    ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    0x1680,
    0x180e,
    ...Array.from({ length: 0x10 }, (_, i) => 0x2000 + i),
    0x2028,
    0x2029,
    0x202a,
    0x202e,
    0x202f,
    0x205f,
    0x2060,
    0x3000,
    0xfeff,
  ].map((c) => String.fromCodePoint(c));
  const shapes = (c: string) => [
    `/${c}/evil.example/x`,
    `${c}//evil.example/x`,
    `/${c}\\evil.example`,
    `/${c}${c}/evil.example`,
    `/staff${c}`,
    `/\\${c}evil.example`,
  ];
  it.each(controls.map((c) => [`U+${c.codePointAt(0)!.toString(16).padStart(4, '0')}`, c]))(
    'safeNext with %s stays on this site, as a valid header value',
    (_name, c) => {
      for (const next of shapes(c)) {
        const out = safeNext(next);
        expect(out).toBe('/staff');
        expect(new URL(out, 'http://our.site').origin).toBe('http://our.site');
      }
    },
  );

  it.each([
    ['/staff/tickets/FK1#note', '/staff/tickets/FK1#note'],
    ['/training?code=123456', '/training?code=123456'],
    ['/staff/../admin/users', '/admin/users'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/staff/%E4%B8%AD', '/staff/%E4%B8%AD'],
    ['/staff/中', '/staff/%E4%B8%AD'],
    ['/..//evil.example', '/staff'],
    ['/.//evil.example', '/staff'],
  ])('safeNext(%s) → %s (parsed, percent-encoded)', (next, expected) => {
    const out = safeNext(next);
    expect(out).toBe(expected);
    expect(out).toMatch(/^\/[\x21-\x7e]*$/);
  });
});

describe('users', () => {
  const user = (id: string, role: Role, active = true) => ({ id, role, active }) as User;
  it.each([
    ['disabling the only admin', [user('a', 'admin'), user('b', 'staff')], { id: 'a', active: false }, false],
    ['demoting the only admin', [user('a', 'admin')], { id: 'a', role: 'staff' as Role }, false],
    ['disabling one of two admins', [user('a', 'admin'), user('b', 'admin')], { id: 'a', active: false }, true],
    ['changing a staff member', [user('a', 'admin'), user('b', 'staff')], { id: 'b', role: 'trainer' as Role }, true],
    [
      'an admin already disabled elsewhere',
      [user('a', 'admin'), user('b', 'admin', false)],
      { id: 'a', active: false },
      false,
    ],
  ])('%s → allowed %s', (_n, users, change, allowed) => {
    expect(checkAdminRemains(users, change) === undefined).toBe(allowed);
  });

  it.each([
    [{ username: 'Li.Na', name: '李娜', role: 'staff', password: '0123456789' }, true],
    [{ username: 'a', name: '李娜', role: 'staff', password: '0123456789' }, false],
    [{ username: '李娜', name: '李娜', role: 'staff', password: '0123456789' }, false],
    [{ username: 'lina', name: ' ', role: 'staff', password: '0123456789' }, false],
    [{ username: 'lina', name: '李娜', role: 'boss', password: '0123456789' }, false],
    [{ username: 'lina', name: '李娜', role: 'staff', password: 'short' }, false],
  ])('newUserSchema %j → valid %s', (input, valid) => {
    expect(newUserSchema.safeParse(input).success).toBe(valid);
  });

  let dir: string;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
  it('stores users with hashed passwords and finds them case-insensitively', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'users-'));
    const repo = await UsersRepo.open(dir);
    const added = await repo.add({ username: 'lina', name: '李娜', role: 'staff', password: 'secret-password' });
    expect(added).toBeDefined();
    expect(await repo.add({ username: 'lina', name: 'x', role: 'staff', password: 'secret-password' })).toBeUndefined();
    expect(readFileSync(path.join(dir, 'users.json'), 'utf8')).not.toContain('secret-password');
    const again = await UsersRepo.open(dir);
    expect(again.byUsername(' LINA ')?.name).toBe('李娜');
    await again.update(added!.id, { active: false, role: 'trainer' });
    expect((await UsersRepo.open(dir)).byId(added!.id)).toMatchObject({ active: false, role: 'trainer' });
  });

  // Issue 16: a password reset, a role change or a disable/enable left old sessions signed in.
  it('ends every session on a password, role or account-state change, and on sign-out-everywhere', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'users-'));
    const repo = await UsersRepo.open(dir);
    const lina = (await repo.add({ username: 'lina', name: '李娜', role: 'staff', password: 'secret-password' }))!;
    const session = lina.sessionVersion;
    expect(sessionIsCurrent(lina, session)).toBe(true);
    // Sessions from before versions existed count as version 0.
    expect(sessionIsCurrent(lina, undefined)).toBe(true);
    await repo.update(lina.id, { name: '李娜娜' });
    expect(sessionIsCurrent(repo.byId(lina.id)!, session)).toBe(true);
    await repo.update(lina.id, { role: 'staff' });
    expect(sessionIsCurrent(repo.byId(lina.id)!, session)).toBe(true);

    const changes: [string, () => Promise<unknown>][] = [
      ['password', () => repo.update(lina.id, { password: 'another-password' })],
      ['role', () => repo.update(lina.id, { role: 'supervisor' })],
      ['disable', () => repo.update(lina.id, { active: false })],
      ['enable', () => repo.update(lina.id, { active: true })],
      ['sign out everywhere', () => repo.endSessions(lina.id)],
    ];
    for (const [what, change] of changes) {
      const before = repo.byId(lina.id)!.sessionVersion;
      await change();
      const after = (await UsersRepo.open(dir)).byId(lina.id)!;
      expect(sessionIsCurrent(after, before), what).toBe(false);
      expect(after.active ? sessionIsCurrent(after, after.sessionVersion) : true, what).toBe(true);
    }
    expect(await repo.endSessions('nobody')).toBe(false);
  });

  it('keeps memory as the disk is when a user cannot be saved', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'users-'));
    const repo = await UsersRepo.open(dir);
    const lina = (await repo.add({ username: 'lina', name: '李娜', role: 'staff', password: 'secret-password' }))!;
    const fault = path.join(dir, '.fail');
    process.env.STORE_FAULT_FILE = fault;
    try {
      writeFileSync(fault, '');
      await expect(
        repo.add({ username: 'wang', name: '王', role: 'staff', password: 'secret-password' }),
      ).rejects.toThrow();
      expect(repo.byUsername('wang')).toBeUndefined();
      await expect(repo.update(lina.id, { role: 'admin', active: false })).rejects.toThrow();
      expect(repo.byId(lina.id)).toMatchObject({ role: 'staff', active: true });
      rmSync(fault);
      expect(
        await repo.add({ username: 'wang', name: '王', role: 'staff', password: 'secret-password' }),
      ).toBeDefined();
      expect((await UsersRepo.open(dir)).byId(lina.id)).toMatchObject({ role: 'staff', active: true });
    } finally {
      delete process.env.STORE_FAULT_FILE;
    }
  });
});
