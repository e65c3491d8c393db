import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup, checkBackup, restore } from '../../../../src/lib/ops/backup.server';
import { openJsonStore } from '../../../../src/lib/store/json-store';
import { storeTicket, ticketAt } from '../feedback/fixtures';

const openStore = (dir: string) => openJsonStore(dir, 'test-mall');

const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(path.join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function seed(dir: string, n: number) {
  const store = await openStore(dir);
  for (let i = 1; i <= n; i++)
    await storeTicket(store, ticketAt('2026-11-22 10:00', { no: `FK20261122-${String(i).padStart(4, '0')}`, seq: i }));
  await store.audit.append({ at: new Date().toISOString(), actor: { id: 'system' }, action: 'test.seed' });
  await store.users.add({ username: 'admin', name: '管理员', role: 'admin', password: 'backup-test-pass' });
  return store;
}

describe('backup and restore', () => {
  it('copies a running store (lock held, writes in flight), verified, without sessions or the lock', async () => {
    const data = tmp('sdk-bk-data-');
    const store = await seed(data, 3);
    writeFileSync(path.join(data, 'sessions-marker'), 'x');
    // A torn audit line (crash mid-append) is not copied.
    writeFileSync(
      path.join(data, 'audit', `${new Date().toISOString().slice(0, 7)}.jsonl`),
      '{"at":"2026-11-22T00:00:00Z","actor":{"id":"s"},"action":"a"}\n{"at":"2026',
      { flag: 'a' },
    );
    const writes = [4, 5, 6].map((i) =>
      storeTicket(store, ticketAt('2026-11-22 10:00', { no: `FK20261122-000${i}`, seq: i })),
    );
    const { dir, manifest } = await backup(data, tmp('sdk-bk-out-'));
    await Promise.all(writes);
    await store.close();
    expect(manifest.tickets).toBeGreaterThanOrEqual(3);
    expect(manifest.users).toBe(1);
    expect(manifest.files.map((f) => f.path)).not.toContain('.lock');
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    const audit = manifest.files.find((f) => f.path.startsWith('audit/'))!;
    expect(readFileSync(path.join(dir, audit.path), 'utf8').endsWith('\n')).toBe(true);
    expect(checkBackup(dir).files.length).toBe(manifest.files.length);
  });

  it('restore refuses while a server holds the data directory, then replaces it and keeps the old one', async () => {
    const data = tmp('sdk-bk-data-');
    await (await seed(data, 2)).close();
    const { dir } = await backup(data, tmp('sdk-bk-out-'));
    const store = await openStore(data);
    await storeTicket(store, ticketAt('2026-11-22 11:00', { no: 'FK20261122-0003', seq: 3 }));
    await store.close();

    // Another live process holds the lock: refused.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    writeFileSync(path.join(data, '.lock'), String(holder.pid));
    await expect(restore(dir, data)).rejects.toThrow(/in use by another server/);
    holder.kill();
    await new Promise((r) => holder.once('exit', r));

    const { keptAs } = await restore(dir, data);
    expect(keptAs && existsSync(keptAs)).toBeTruthy();
    dirs.push(keptAs!);
    const back = await openStore(data);
    expect(await back.tickets.count()).toBe(2);
    expect(await back.tickets.get('FK20261122-0003')).toBeUndefined();
    await back.close();
  });

  it('a damaged backup is refused', async () => {
    const data = tmp('sdk-bk-data-');
    (await seed(data, 1)).close();
    const { dir, manifest } = await backup(data, tmp('sdk-bk-out-'));
    // A new ticket is in the tickets journal until the journal is compacted into the day files.
    const ticketFile = manifest.files.find((f) => /^(tickets|journal)\//.test(f.path))!;
    writeFileSync(path.join(dir, ticketFile.path), '{"version":1,"records":[]}');
    await expect(restore(dir, tmp('sdk-bk-new-'))).rejects.toThrow(/differs from the manifest/);
  });
});
