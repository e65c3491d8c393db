/**
 * Staff changes over the store port: read, decide with the pure rules, store only if nobody changed
 * the ticket meanwhile; on a conflict read and decide once more, then answer `conflict`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'staff-changes-'));
Object.assign(process.env, { DATA_DIR: dir, FEEDBACK_SWEEP_SECONDS: '0', FEEDBACK_RATE_LIMIT: '0' });
const service = await import('../../../../src/lib/feedback/feedback.server');
const { getStore } = await import('../../../../src/lib/store/store.server');

afterAll(async () => {
  await (await getStore()).close();
  rmSync(dir, { recursive: true, force: true });
});

const user = { id: 'u-sup', username: 'supervisor', name: '李主管', role: 'supervisor' as const };

async function newTicketNo(): Promise<string> {
  const out = await service.submitFeedback(
    { kind: 'complaint', category: 'service', description: '收银员态度很差，请处理' },
    { address: '10.0.0.9', origin: 'http://kiosk.test' },
  );
  if (out.kind !== 'created') throw new Error(out.kind);
  return out.receipt.ticketNo;
}

describe('staff changes', () => {
  it('two notes at once both land: the loser of the race re-reads and applies its note again', async () => {
    const no = await newTicketNo();
    const [a, b] = await Promise.all([
      service.editTicket(no, { note: '第一条' }, user),
      service.editTicket(no, { note: '第二条' }, user),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const notes = (await service.getTicket(no))!.events.filter((e) => e.type === 'note').map((e) => e.note);
    expect(notes.sort()).toEqual(['第一条', '第二条']);
  });

  it('answers conflict after a second lost race, storing and auditing nothing', async () => {
    const no = await newTicketNo();
    const store = await getStore();
    const update = store.tickets.update;
    let tries = 0;
    // Someone else's change lands before each of ours.
    store.tickets.update = async () => (tries++, false);
    try {
      expect(await service.editTicket(no, { note: '丢失' }, user)).toEqual({ ok: false, reason: 'conflict' });
      expect(await service.acknowledgeTicket(no, user)).toMatchObject({ ok: false });
    } finally {
      store.tickets.update = update;
    }
    expect(tries).toBe(2);
    expect((await service.getTicket(no))!.events.some((e) => e.type === 'note')).toBe(false);
    const month = new Date().toISOString().slice(0, 7);
    expect((await store.audit.readMonth(month)).filter((e) => e.target === no)).toEqual([]);
  });

  it('an action on a missing ticket is not_found', async () => {
    expect(await service.editTicket('FK20200101-0001', { note: 'x' }, user)).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});
