/**
 * Kiosk enrolment and the feedback limits it feeds (issue 16): made-up kiosk ids escaped the
 * per-address limit (30 × 201 from one address with 30 ids), forged a real kiosk's heartbeat and
 * exhausted its budget. Runs the real service over a temporary data directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-enrol-'));
Object.assign(process.env, {
  DATA_DIR: dir,
  FEEDBACK_RATE_LIMIT: '3',
  FEEDBACK_GLOBAL_PER_MINUTE: '12',
  FEEDBACK_SWEEP_SECONDS: '0',
});
const { authenticateKiosk, enrolKiosk, listKiosks, revokeKiosk } =
  await import('../../../../src/lib/kiosk/kiosk.server');
const { lookupTicket, submitFeedback } = await import('../../../../src/lib/feedback/feedback.server');
const { getStore } = await import('../../../../src/lib/store/store.server');

afterAll(async () => {
  await (await getStore()).close();
  rmSync(dir, { recursive: true, force: true });
});

const supervisor = { id: 'u-sup', username: 'supervisor', name: '李主管', role: 'supervisor' as const };
const body = (i: number, kioskId?: string) => ({
  kind: 'suggestion',
  category: 'other',
  description: `rate limit probe ${i}`,
  ...(kioskId ? { kioskId } : {}),
});

describe('enrolment', () => {
  it('issues a credential that proves the kiosk, and stores only its hash', async () => {
    const credential = await enrolKiosk('K-1F-01', supervisor);
    expect(credential).toMatch(/^K-1F-01\.[A-Za-z0-9_-]{43}$/);
    expect(await authenticateKiosk(credential)).toBe('K-1F-01');
    const file = readFileSync(path.join(dir, 'kiosks', 'enrolments.json'), 'utf8');
    expect(file).toContain('K-1F-01');
    expect(file).not.toContain(credential.split('.')[1]);
  });

  it.each([
    ['a bare id', 'K-1F-01'],
    ['a made-up secret', `K-1F-01.${'A'.repeat(43)}`],
    ['an id never enrolled', `K-FAKE.${'A'.repeat(43)}`],
    ['nothing', undefined],
  ])('%s proves nothing', async (_name, cookie) => {
    expect(await authenticateKiosk(cookie)).toBeUndefined();
  });

  it('enrolling again replaces the secret; revoking ends it', async () => {
    const old = await enrolKiosk('K-2F-01', supervisor);
    const fresh = await enrolKiosk('K-2F-01', supervisor);
    expect(await authenticateKiosk(old)).toBeUndefined();
    expect(await authenticateKiosk(fresh)).toBe('K-2F-01');
    expect(await revokeKiosk('K-2F-01', supervisor)).toBe(true);
    expect(await revokeKiosk('K-2F-01', supervisor)).toBe(false);
    expect(await authenticateKiosk(fresh)).toBeUndefined();
    const rows = await listKiosks();
    expect(rows.find((r) => r.id === 'K-2F-01')?.enrolment?.revokedAt).toBeDefined();
  });
});

// Issue 16: five wrong codes from anywhere locked a (sequential) ticket number for everyone, and
// thirty locked every lookup from an address that kiosks behind one NAT share.
describe('lookup lockout that cannot lock a shopper out', () => {
  it('locks a number only for the client guessing it; the owner elsewhere still gets in', async () => {
    const out = await submitFeedback(body(500), { address: '10.5.0.1', origin: 'http://kiosk.test' });
    if (out.kind !== 'created') throw new Error(out.kind);
    const { ticketNo, verifyCode } = out.receipt;
    const wrong = verifyCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await lookupTicket(ticketNo, wrong, 'addr:10.6.6.6')).kind).toBe('not_found');
    expect((await lookupTicket(ticketNo, verifyCode, 'addr:10.6.6.6')).kind).toBe('locked');
    expect((await lookupTicket(ticketNo, verifyCode, 'addr:10.5.0.1')).kind).toBe('found');
    expect((await lookupTicket(ticketNo, verifyCode, 'kiosk:K-1F-01')).kind).toBe('found');
  });

  it('stops one client trying many numbers, without stopping enrolled kiosks behind the same address', async () => {
    const out = await submitFeedback(body(501), { address: '10.5.0.2', origin: 'http://kiosk.test' });
    if (out.kind !== 'created') throw new Error(out.kind);
    const { ticketNo, verifyCode } = out.receipt;
    for (let i = 0; i < 30; i++) await lookupTicket(`FK20000101-${String(1000 + i)}`, '123456', 'addr:10.7.7.7');
    expect((await lookupTicket(ticketNo, verifyCode, 'addr:10.7.7.7')).kind).toBe('locked');
    expect((await lookupTicket(ticketNo, verifyCode, 'kiosk:K-3F-01')).kind).toBe('found');
  });
});

describe('feedback limits with enrolment', () => {
  const origin = 'http://kiosk.test';
  it('ignores ids a client chooses: thirty ids from one address get the address budget', async () => {
    const kinds = [];
    for (let i = 0; i < 30; i++)
      kinds.push((await submitFeedback(body(i, `spoof-${i}`), { address: '10.0.0.1', origin })).kind);
    expect(kinds.filter((k) => k === 'created')).toHaveLength(3);
    expect(kinds.slice(3).every((k) => k === 'limited')).toBe(true);
  });

  it('counts an enrolled kiosk on its own, and stores its proven id', async () => {
    const kiosk = await authenticateKiosk(await enrolKiosk('K-3F-01', supervisor));
    const out = await submitFeedback(body(100, 'someone-else'), { kioskId: kiosk, address: '10.0.0.1', origin });
    expect(out.kind).toBe('created');
    const no = out.kind === 'created' ? out.receipt.ticketNo : '';
    expect((await (await getStore()).tickets.get(no))?.kioskId).toBe('K-3F-01');
  });

  it('answers 429 beyond the global ceiling without storing the ticket', async () => {
    const store = await getStore();
    const before = await store.tickets.count();
    const kinds = [];
    for (let i = 0; i < 12; i++)
      kinds.push((await submitFeedback(body(200 + i), { address: `10.1.0.${i}`, origin })).kind);
    // 6 created above (2 for lookups, 3 from the spoofing address, 1 by the kiosk); the ceiling is 12 a minute.
    expect(kinds.filter((k) => k === 'created')).toHaveLength(6);
    expect(kinds.slice(6).every((k) => k === 'limited')).toBe(true);
    expect(await store.tickets.count()).toBe(before + 6);
  });
});
