/**
 * Access control as one table (docs/RELIABILITY.md, "Access control"): every route file under
 * src/pages and every action in src/actions must have a row here, or this test fails; each row
 * states the answer for an anonymous visitor and for each role. Over HTTP against the built server.
 */
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_USERS } from './users';

const root = path.resolve(import.meta.dirname, '../..');
const WHO = ['anonymous', 'staff', 'supervisor', 'manager', 'trainer', 'admin', 'hq'] as const;
type Who = (typeof WHO)[number];
/** A status, or 'login' (redirect to the sign-in page). */
type Outcome = number | 'login';
type Row = Record<Who, Outcome>;

interface Ctx {
  ticketNo: string;
  code: string;
  quizId: string;
  attemptId: string;
  staffId: string;
  base: string;
  /** One more ticket per caller, for wrong-code probes (5 wrong codes lock a number). */
  decoy: Record<Who, { ticketNo: string; code: string }>;
}
interface Probe {
  method?: 'GET' | 'POST';
  path: (c: Ctx, who: Who) => string;
  body?: (c: Ctx, who: Who) => string | URLSearchParams;
  json?: boolean;
  expect: Row;
  /** Ends the caller's session (kiosk setup signs the supervisor out): run after the others. */
  last?: boolean;
  /** What must never appear in the body (e.g. personal data on a public route). */
  never?: (c: Ctx) => string[];
  /**
   * Only these callers are probed: for an action that would end every session of the shared test
   * users while other journeys run; its signed-in behaviour has a journey with a user of its own.
   */
  onlyFor?: Who[];
}

const all = (o: Outcome): Row => ({
  anonymous: o,
  staff: o,
  supervisor: o,
  manager: o,
  trainer: o,
  admin: o,
  hq: o,
});
const signedIn = (o: Outcome, anonymous: Outcome = 'login'): Row => ({ ...all(o), anonymous });
const only = (roles: Who[], yes: Outcome, no: Outcome, anonymous: Outcome = 'login'): Row =>
  Object.fromEntries(WHO.map((w) => [w, w === 'anonymous' ? anonymous : roles.includes(w) ? yes : no])) as Row;

const TICKETS = ['staff', 'supervisor', 'manager', 'admin'] as Who[];
const REPORTS = ['supervisor', 'manager', 'admin'] as Who[];
/** Reading reports: the head office reads them too, and works nothing. */
const REPORT_READERS = [...REPORTS, 'hq'] as Who[];
const HQ = ['hq', 'admin'] as Who[];
const TRAINING = ['trainer', 'manager', 'admin'] as Who[];
const PII = ['13800002222', '访问控制测试人'];

/** Route file (relative to src/pages) → probes. */
const ROUTES: Record<string, Probe[]> = {
  '404.astro': [{ path: () => '/no-such-page', expect: all(404) }],
  'index.astro': [{ path: () => '/', expect: all(200) }],
  // Signed in, the sign-in page sends you on (to /staff).
  'login.astro': [{ path: () => '/login', expect: signedIn(303, 200) }],
  'search.astro': [{ path: () => '/search?q=退货', expect: all(200) }],
  'setup.astro': [{ path: () => '/setup?token=guess', expect: all(403) }],
  'admin/users.astro': [{ path: () => '/admin/users', expect: only(['admin'], 200, 403) }],
  'policies/index.astro': [{ path: () => '/policies', expect: all(200) }],
  'policies/[section]/index.astro': [{ path: () => '/policies/returns', expect: all(200) }],
  // This server opens the staff-only pages (POLICIES_PUBLIC=1); policy-access.spec.ts covers them closed.
  'policies/[section]/[slug].astro': [{ path: () => '/policies/complaints/channels-reception', expect: all(200) }],
  'policies/changes.astro': [{ path: () => '/policies/changes', expect: all(200) }],
  'policies/forms/index.astro': [{ path: () => '/policies/forms', expect: all(200) }],
  'policies/forms/[id].astro': [
    { path: () => '/policies/forms/complaint-record', expect: all(200) },
    { path: () => '/policies/forms/no-such-form', expect: all(404) },
  ],
  'kiosk/index.astro': [{ path: () => '/kiosk', expect: all(200) }],
  'kiosk/feedback.astro': [{ path: () => '/kiosk/feedback', expect: all(200) }],
  'kiosk/returns.astro': [{ path: () => '/kiosk/returns', expect: all(200) }],
  'kiosk/search.astro': [{ path: () => '/kiosk/search', expect: all(200) }],
  'kiosk/guide/index.astro': [{ path: () => '/kiosk/guide', expect: all(200) }],
  'kiosk/guide/[slug].astro': [{ path: () => '/kiosk/guide/no-such-guide', expect: all(404) }],
  'kiosk/policy/[id].astro': [{ path: () => '/kiosk/policy/no-such-clause', expect: all(404) }],
  'kiosk/lang.ts': [{ path: () => '/kiosk/lang?to=en&next=https://evil.example/', expect: all(303) }],
  'kiosk/view.ts': [{ path: () => '/kiosk/view?mode=large', expect: all(303) }],
  'kiosk/reset.ts': [{ path: () => '/kiosk/reset', expect: all(303) }],
  'kiosk/status.astro': [
    // The status page shows a ticket only with its number and code, and never the shopper's name or phone.
    { path: (c) => `/kiosk/status?t=${c.ticketNo}&c=${c.code}`, expect: all(200), never: () => PII },
    {
      path: (c, who) => `/kiosk/status?t=${c.decoy[who].ticketNo}&c=${wrongCode(c.decoy[who].code)}`,
      expect: all(404),
      never: () => [...PII, '访问控制测试：'],
    },
  ],
  'api/feedback/index.ts': [
    {
      method: 'POST',
      json: true,
      path: () => '/api/feedback',
      body: (_c, who) =>
        JSON.stringify({
          kind: 'suggestion',
          category: 'other',
          description: `访问控制表 ${who}`,
          kioskId: `acl-${who}`,
        }),
      expect: all(201),
    },
  ],
  'api/feedback/[no].ts': [
    { path: (c) => `/api/feedback/${c.ticketNo}?code=${c.code}`, expect: all(200), never: () => PII },
    // Wrong or missing codes look like an unknown ticket; each role asks for a different number so
    // the per-number lockout (5 wrong codes) is not what answers.
    {
      path: (c, who) => `/api/feedback/${c.decoy[who].ticketNo}?code=${wrongCode(c.decoy[who].code)}`,
      expect: all(404),
      never: () => PII,
    },
    { path: (_c, who) => `/api/feedback/FK20000101-00${WHO.indexOf(who)}1`, expect: all(404) },
  ],
  'api/feedback/[no]/qr.svg.ts': [
    { path: (c) => `/api/feedback/${c.ticketNo}/qr.svg?code=${c.code}`, expect: all(200) },
    { path: (_c, who) => `/api/feedback/FK20000101-00${WHO.indexOf(who)}2/qr.svg?code=111111`, expect: all(404) },
  ],
  'api/returns/check.ts': [
    {
      method: 'POST',
      json: true,
      path: () => '/api/returns/check',
      body: () =>
        JSON.stringify({
          category: 'apparel',
          purchaseDate: '2026-01-01',
          checkDate: '2026-01-05',
          proof: 'receipt',
          condition: 'unused',
          qualityIssue: false,
        }),
      expect: all(200),
    },
  ],
  'api/health.ts': [{ path: () => '/api/health', expect: all(200), never: () => [...PII, '/tmp/', 'sdk-'] }],
  // Public: a kiosk names itself by its cookie; without one nothing is recorded (204 either way).
  'api/kiosk/heartbeat.ts': [
    {
      method: 'POST',
      json: true,
      path: () => '/api/kiosk/heartbeat',
      body: () => JSON.stringify({ pending: 0 }),
      expect: all(204),
    },
    {
      method: 'POST',
      json: true,
      path: () => '/api/kiosk/heartbeat',
      body: () => JSON.stringify({ pending: -1, __proto__: 1 }),
      expect: all(400),
    },
  ],
  // Kiosk setup: the page shows a sign-in hint to others; saving a kiosk id needs kiosks.manage.
  'kiosk/setup.astro': [
    { path: () => '/kiosk/setup', expect: all(200) },
    {
      method: 'POST',
      path: () => '/kiosk/setup',
      body: () => new URLSearchParams({ kioskId: 'ACL-K1', printer: 'none' }),
      last: true,
      expect: only(REPORTS, 200, 403, 403),
    },
  ],
  'staff/kiosks.astro': [{ path: () => '/staff/kiosks', expect: only(REPORTS, 200, 403) }],
  'api/search.ts': [{ path: () => '/api/search?q=退货', expect: all(200) }],
  // The whole index, for signed-in staff when the staff-only pages are closed.
  'api/staff/search-index.json.ts': [{ path: () => '/api/staff/search-index.json', expect: signedIn(200, 401) }],
  'api/training/quizzes/[id]/progress.ts': [
    { path: (c) => `/api/training/quizzes/${c.quizId}/progress`, expect: only(TRAINING, 200, 403, 401) },
  ],
  'api/training/quizzes/[id]/results.csv.ts': [
    { path: (c) => `/api/training/quizzes/${c.quizId}/results.csv`, expect: only(TRAINING, 200, 403, 401) },
  ],
  // Another person's attempt looks like no attempt at all (404); only its owner (staff) reaches it.
  'api/training/attempts/[id]/answers.ts': [
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/training/attempts/${c.attemptId}/answers`,
      body: () => JSON.stringify({ questionId: 'no-such-question', value: true }),
      expect: { ...only([], 0, 404, 401), staff: 400 },
    },
  ],
  // The live, paced quiz: c.quizId is self-paced, so signed-in callers that pass the permission meet 409/404.
  'api/training/live/[id]/control.ts': [
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/training/live/${c.quizId}/control`,
      body: () => JSON.stringify({ action: 'finish', expect: { phase: 'waiting', index: 0 } }),
      expect: only(TRAINING, 409, 403, 401),
    },
  ],
  'api/training/live/[id]/answer.ts': [
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/training/live/${c.quizId}/answer`,
      body: () => JSON.stringify({ index: 0, value: ['a'] }),
      expect: signedIn(409, 401),
    },
  ],
  'api/training/live/[id]/events.ts': [
    { path: (c) => `/api/training/live/${c.quizId}/events`, expect: signedIn(404, 401) },
    { path: (c) => `/api/training/live/${c.quizId}/events?view=projector`, expect: only(TRAINING, 404, 403, 401) },
  ],
  'api/training/live/[id]/state.ts': [
    { path: (c) => `/api/training/live/${c.quizId}/state`, expect: signedIn(404, 401) },
    { path: (c) => `/api/training/live/${c.quizId}/state?view=projector`, expect: only(TRAINING, 404, 403, 401) },
  ],
  'api/training/attempts/[id]/submit.ts': [
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/training/attempts/${c.attemptId}/submit`,
      body: () => '{}',
      expect: { ...only([], 0, 404, 401), staff: 200 },
    },
  ],
  'staff/index.astro': [{ path: () => '/staff', expect: signedIn(200) }],
  'staff/tickets/index.astro': [{ path: () => '/staff/tickets', expect: only(TICKETS, 200, 403) }],
  'staff/tickets/[no].astro': [{ path: (c) => `/staff/tickets/${c.ticketNo}`, expect: only(TICKETS, 200, 403) }],
  'staff/tickets/by-ref.astro': [
    { path: () => '/staff/tickets/by-ref?ref=7KQ2MX', expect: only(TICKETS, 200, 403) },
    { path: () => '/staff/tickets/by-ref?ref=not-a-ref', expect: only(TICKETS, 400, 403) },
  ],
  'api/staff/tickets/index.ts': [
    { path: () => '/api/staff/tickets', expect: only(TICKETS, 200, 403, 401) },
    {
      method: 'POST',
      json: true,
      path: () => '/api/staff/tickets',
      body: () =>
        JSON.stringify({ channel: 'phone', kind: 'inquiry', category: 'other', description: '权限测试：来电咨询' }),
      expect: only(TICKETS, 201, 403, 401),
    },
  ],
  'api/staff/tickets/[no].ts': [
    { path: (c) => `/api/staff/tickets/${c.ticketNo}`, expect: only(TICKETS, 200, 403, 401), never: () => PII },
  ],
  'api/staff/tickets/[no]/actions.ts': [
    {
      method: 'POST',
      json: true,
      path: () => '/api/staff/tickets/FK20000101-0001/actions',
      body: () => JSON.stringify({ action: 'start' }),
      expect: only(TICKETS, 404, 403, 401),
    },
    // Deciding that a complaint is invalid is a manager's (complaints-5.3): 403 for other roles
    // whatever the state; a manager gets 409, as the ticket has no proposal to confirm.
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/staff/tickets/${c.ticketNo}/actions`,
      body: () => JSON.stringify({ action: 'confirmInvalid', note: '权限测试' }),
      expect: only(['manager', 'admin'], 409, 403, 401),
    },
    // Slips through the API: a ticket worker gets 400 naming the field (no such slip, no such
    // addressee); the person answering must be the addressee (403, staff-api.spec.ts).
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/staff/tickets/${c.ticketNo}/actions`,
      body: () => JSON.stringify({ action: 'answerSlip', slip: 'CB-99', note: '权限测试' }),
      expect: only(TICKETS, 400, 403, 401),
    },
    {
      method: 'POST',
      json: true,
      path: (c) => `/api/staff/tickets/${c.ticketNo}/actions`,
      body: () => JSON.stringify({ action: 'issueSlip', kind: 'reminder', addresseeId: 'nobody', note: '权限测试' }),
      expect: only(TICKETS, 400, 403, 401),
    },
  ],
  'api/staff/reports/monthly.ts': [
    { path: () => '/api/staff/reports/monthly', expect: only(REPORT_READERS, 200, 403, 401) },
  ],
  'api/staff/inbox.ts': [{ path: () => '/api/staff/inbox', expect: only(TICKETS, 200, 403, 401) }],
  'api/staff/events.ts': [{ path: () => '/api/staff/events', expect: only(TICKETS, 200, 403, 401) }],
  'staff/tickets/new.astro': [{ path: () => '/staff/tickets/new', expect: only(TICKETS, 200, 403) }],
  // Only a closed ticket becomes a case: the probe's ticket is open (409 for those who may make cases).
  'staff/tickets/[no]/case.astro': [
    { path: (c) => `/staff/tickets/${c.ticketNo}/case`, expect: only(REPORTS, 409, 403) },
    { path: () => '/staff/tickets/FK20000101-0001/case', expect: only(REPORTS, 404, 403) },
  ],
  'staff/tickets/[no]/slip.astro': [
    { path: (c) => `/staff/tickets/${c.ticketNo}/slip`, expect: only(TICKETS, 200, 403) },
  ],
  'staff/tickets/[no]/slips/[id].astro': [
    { path: (c) => `/staff/tickets/${c.ticketNo}/slips/CB-1`, expect: only(TICKETS, 404, 403) },
  ],
  'staff/reports/daily.astro': [
    { path: () => '/staff/reports/daily', expect: only(TICKETS, 200, 403) },
    { path: () => '/staff/reports/daily?day=2026-13-40', expect: only(TICKETS, 400, 403) },
  ],
  'staff/reports/review.astro': [
    { path: () => '/staff/reports/review', expect: only(REPORT_READERS, 200, 403) },
    { path: () => '/staff/reports/review?month=2026-13', expect: only(REPORT_READERS, 400, 403) },
  ],
  'staff/reports/index.astro': [{ path: () => '/staff/reports', expect: only(REPORT_READERS, 200, 403) }],
  'staff/reports/export.csv.ts': [{ path: () => '/staff/reports/export.csv', expect: only(REPORT_READERS, 200, 403) }],
  // The head office's view: hq and admin; a bad query is 400, an unknown mall 404 (for them).
  'hq/index.astro': [
    { path: () => '/hq', expect: only(HQ, 200, 403) },
    { path: () => '/hq?month=2026-13', expect: only(HQ, 400, 403) },
  ],
  'hq/[mall].astro': [
    { path: () => '/hq/galaxy-sh', expect: only(HQ, 200, 403) },
    { path: () => '/hq/no-such-mall', expect: only(HQ, 404, 403) },
  ],
  'hq/export.csv.ts': [
    { path: () => '/hq/export.csv', expect: only(HQ, 200, 403) },
    { path: () => '/hq/export.csv?sort=password', expect: only(HQ, 400, 403) },
  ],
  'training/index.astro': [{ path: () => '/training', expect: signedIn(200) }],
  // Without a valid code there is nothing to join.
  'training/join.astro': [{ path: () => '/training/join', expect: signedIn(404) }],
  'training/forbidden.astro': [{ path: () => '/training/forbidden', expect: signedIn(403) }],
  'training/new.astro': [{ path: () => '/training/new', expect: only(TRAINING, 200, 403) }],
  'training/quizzes/[id]/index.astro': [
    { path: (c) => `/training/quizzes/${c.quizId}`, expect: only(TRAINING, 200, 403) },
  ],
  'training/quizzes/[id]/live.astro': [
    { path: (c) => `/training/quizzes/${c.quizId}/live`, expect: only(TRAINING, 200, 403) },
  ],
  'training/quizzes/[id]/projector.astro': [
    { path: (c) => `/training/quizzes/${c.quizId}/projector`, expect: only(TRAINING, 404, 403) },
  ],
  'training/live/[id].astro': [{ path: (c) => `/training/live/${c.quizId}`, expect: signedIn(404) }],
  'training/quizzes/[id]/results.astro': [
    { path: (c) => `/training/quizzes/${c.quizId}/results`, expect: only(TRAINING, 200, 403) },
  ],
  'training/quizzes/[id]/key.astro': [
    { path: (c) => `/training/quizzes/${c.quizId}/key`, expect: only(TRAINING, 200, 403) },
  ],
  'training/quizzes/[id]/attempts/[attemptId].astro': [
    { path: (c) => `/training/quizzes/${c.quizId}/attempts/${c.attemptId}`, expect: only(TRAINING, 200, 403) },
    { path: (c) => `/training/quizzes/${c.quizId}/attempts/no-such-attempt`, expect: only(TRAINING, 404, 403) },
  ],
  'training/questions/index.astro': [{ path: () => '/training/questions', expect: only(TRAINING, 200, 403) }],
  'training/questions/new.astro': [
    { path: () => '/training/questions/new?stem=x&clauses=complaints-1&case=c1', expect: only(TRAINING, 200, 403) },
  ],
  'training/questions/[id].astro': [
    { path: () => '/training/questions/tq-zzzzzzzz', expect: only(TRAINING, 404, 403) },
  ],
  // No trainer question is stored on this server: nothing to export (the journey in quiz-editor.spec.ts exports).
  'training/questions/export.yaml.ts': [
    { path: () => '/training/questions/export.yaml', expect: only(TRAINING, 404, 403) },
    { path: () => '/training/questions/export.yaml?bank=complaints', expect: only(TRAINING, 400, 403) },
  ],
  'training/attempts/[id].astro': [
    { path: (c) => `/training/attempts/${c.attemptId}`, expect: { ...only([], 0, 404), staff: 200 } },
  ],
  'training/cases/index.astro': [{ path: () => '/training/cases?q=退款&clause=bad&category=x', expect: signedIn(200) }],
  'training/cases/[id].astro': [{ path: () => '/training/cases/no-such-case', expect: signedIn(404) }],
  'training/assignments/index.astro': [{ path: () => '/training/assignments', expect: only(TRAINING, 200, 403) }],
  'training/assignments/[id].astro': [
    { path: () => '/training/assignments/no-such-assignment', expect: only(TRAINING, 404, 403) },
  ],
  'training/recert.astro': [{ path: () => '/training/recert', expect: only(TRAINING, 200, 403) }],
  'training/people/[userId].astro': [
    { path: (c) => `/training/people/${c.staffId}`, expect: { ...only(TRAINING, 200, 403), staff: 200 } },
  ],
};

/** A code that is not the ticket's. */
const wrongCode = (code: string) => (code === '000000' ? '000001' : '000000');
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
/** Action name → probe (form POST to /_actions/<name>). A refused caller gets 401/403 before any change. */
const ACTIONS: Record<string, Omit<Probe, 'path' | 'method'>> = {
  'auth.login': {
    body: (_c, who) => form({ username: `nobody-${who}`, password: 'wrong-password' }),
    expect: all(401),
  },
  'auth.logout': { body: () => form({}), expect: all(200) },
  // Signed in: 200 and every session of the user ends (auth.spec.ts, with a user of its own).
  'auth.logoutEverywhere': { body: () => form({}), expect: signedIn(200, 401), onlyFor: ['anonymous'] },
  'kiosks.revoke': { body: () => form({ id: 'ACL-NOT-ENROLLED' }), expect: only(REPORTS, 404, 403, 401) },
  'auth.setup': {
    body: () => form({ username: 'intruder', name: 'x', password: 'intruder-pass-1', token: 'guess' }),
    expect: all(403),
  },
  'users.add': {
    body: (_c, who) => form({ username: `acl-${who}`, name: '权限测试', role: 'staff', password: 'acl-password-2026' }),
    expect: only(['admin'], 200, 403, 401),
  },
  'users.createToken': {
    body: (c) => form({ id: c.staffId, label: '权限测试' }),
    expect: only(['admin'], 200, 403, 401),
  },
  'users.revokeToken': { body: () => form({ id: 'no-such-token' }), expect: only(['admin'], 404, 403, 401) },
  'users.update': { body: (c) => form({ id: c.staffId, role: 'staff' }), expect: only(['admin'], 200, 403, 401) },
  'tickets.revealPhone': {
    body: (c) => form({ no: c.ticketNo }),
    expect: only(REPORTS, 200, 403, 401),
    never: () => [],
  },
  'tickets.edit': { body: (c) => form({ no: c.ticketNo, note: '权限测试备注' }), expect: only(TICKETS, 200, 403, 401) },
  'tickets.record': {
    body: () =>
      form({ channel: 'phone', kind: 'inquiry', category: 'other', description: '权限测试：来电咨询营业时间' }),
    expect: only(TICKETS, 200, 403, 401),
  },
  'tickets.ack': { body: () => form({ no: 'FK20000101-0001' }), expect: only(TICKETS, 404, 403, 401) },
  'tickets.assign': {
    body: () => form({ no: 'FK20000101-0001', department: 'service-centre', assigneeId: 'no-such-user' }),
    expect: only(TICKETS, 404, 403, 401),
  },
  'tickets.start': { body: () => form({ no: 'FK20000101-0001' }), expect: only(TICKETS, 404, 403, 401) },
  'tickets.reply': { body: () => form({ no: 'FK20000101-0001', note: 'x' }), expect: only(TICKETS, 404, 403, 401) },
  'tickets.followUp': { body: () => form({ no: 'FK20000101-0001' }), expect: only(TICKETS, 404, 403, 401) },
  'tickets.close': { body: () => form({ no: 'FK20000101-0001' }), expect: only(TICKETS, 404, 403, 401) },
  'tickets.markInvalid': {
    body: () => form({ no: 'FK20000101-0001', note: 'x' }),
    expect: only(TICKETS, 404, 403, 401),
  },
  'tickets.proposeInvalid': {
    body: () => form({ no: 'FK20000101-0001', note: 'x' }),
    expect: only(TICKETS, 404, 403, 401),
  },
  'tickets.confirmInvalid': {
    body: (c) => form({ no: c.ticketNo, note: '权限测试' }),
    expect: only(['manager', 'admin'], 409, 403, 401),
  },
  'tickets.rejectInvalid': {
    body: (c) => form({ no: c.ticketNo, note: '权限测试' }),
    expect: only(['manager', 'admin'], 409, 403, 401),
  },
  'tickets.issueSlip': {
    body: () => form({ no: 'FK20000101-0001', kind: 'reminder', addresseeId: 'no-such-user', note: 'x' }),
    expect: only(TICKETS, 404, 403, 401),
  },
  'tickets.answerSlip': {
    body: () => form({ no: 'FK20000101-0001', slip: 'CB-1', note: 'x' }),
    expect: only(TICKETS, 404, 403, 401),
  },
  'tickets.reopen': { body: () => form({ no: 'FK20000101-0001', note: 'x' }), expect: only(TICKETS, 404, 403, 401) },
  'quiz.create': { body: () => form({ title: '' }), expect: only(TRAINING, 400, 400, 400) },
  'quiz.setStatus': {
    body: () => form({ quizId: 'no-such-quiz', to: 'ended' }),
    expect: only(TRAINING, 404, 403, 401),
  },
  'quiz.begin': { body: () => form({ quizId: 'no-such-quiz' }), expect: signedIn(404, 401) },
  // A refused question comes back as data (fields and what was typed), so the form keeps it: 200.
  'questions.create': { body: () => form({ type: 'single', prompt: '' }), expect: only(TRAINING, 200, 403, 401) },
  'questions.save': {
    body: () => form({ id: 'tq-zzzzzzzz', version: '1', type: 'truefalse', prompt: 'x' }),
    expect: only(TRAINING, 404, 403, 401),
  },
  'questions.setStatus': {
    body: () => form({ id: 'tq-zzzzzzzz', version: '1', status: 'retired' }),
    expect: only(TRAINING, 404, 403, 401),
  },
  'training.createCase': {
    body: () =>
      form({ no: 'FK20000101-0001', title: '权限测试', clauses: 'complaints-8.3', happened: 'x', lesson: 'x' }),
    expect: only(REPORTS, 404, 403, 401),
  },
  'training.assign': {
    body: () => form({ quizId: 'no-such-quiz', roles: 'staff', due: '2026-12-31' }),
    expect: only(TRAINING, 404, 403, 401),
  },
  // The shopper guide retells rules for shoppers and is not certified: nothing to assign (409).
  'training.assignRecert': {
    body: () => form({ section: 'shopper-guide', due: '2026-12-31' }),
    expect: only(TRAINING, 409, 403, 401),
  },
  'live.join': { body: () => form({ quizId: 'no-such-quiz' }), expect: signedIn(404, 401) },
  // Forgetting this phone's training pass needs no sign-in (it only ever removes the caller's own cookie).
  'live.forget': { body: () => form({}), expect: all(200) },
};

function routeFiles(dir = path.join(root, 'src/pages'), prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? routeFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
      : /\.(astro|ts|md|mdx|js)$/.test(e.name)
        ? [`${prefix}${e.name}`]
        : [],
  );
}

function actionNames(): string[] {
  const index = readFileSync(path.join(root, 'src/actions/index.ts'), 'utf8');
  const groups = /export const server = \{([^}]*)\}/
    .exec(index)![1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return groups.flatMap((group) => {
    const file = readFileSync(path.join(root, `src/actions/${group}.ts`), 'utf8');
    const body = file.slice(file.indexOf(`export const ${group} = {`));
    return [...body.matchAll(/^ {2}(\w+): (?:defineAction|transition)\(/gm)].map((m) => `${group}.${m[1]}`);
  });
}

test('every route file and every action has a row in the access table', () => {
  expect(routeFiles().sort()).toEqual(Object.keys(ROUTES).sort());
  expect(actionNames().sort()).toEqual(Object.keys(ACTIONS).sort());
});

/** A field of an action's result (serialised by devalue: `[{ key: index }, ...values]`). */
function fromAction(text: string, key: string): string | undefined {
  const data = JSON.parse(text) as unknown[];
  const index = (data[0] as Record<string, number>)[key];
  return index === undefined ? undefined : String(data[index]);
}

async function signIn(base: string, who: Exclude<Who, 'anonymous'>): Promise<string> {
  const res = await fetch(`${base}/_actions/auth.login`, {
    method: 'POST',
    headers: { Origin: base },
    body: form({ username: TEST_USERS[who].username, password: TEST_USERS[who].password }),
    redirect: 'manual',
  });
  expect(res.status, `sign-in as ${who}`).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sdk_session='));
  expect(cookie).toBeTruthy();
  return cookie!.split(';')[0];
}

async function call(
  base: string,
  cookie: string,
  method: string,
  p: string,
  body?: string | URLSearchParams,
  json = false,
) {
  const headers: Record<string, string> = { Origin: base };
  if (cookie) headers.Cookie = cookie;
  if (json) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${p}`, { method, headers, body, redirect: 'manual' });
  // An event stream stays open: its headers answer the question, its body is not waited for.
  const stream = res.headers.get('content-type')?.startsWith('text/event-stream');
  const text = stream ? (await res.body?.cancel(), '') : await res.text();
  const location = res.headers.get('location') ?? '';
  const outcome: Outcome = res.status === 303 && location.startsWith('/login') ? 'login' : res.status;
  return { outcome, text };
}

test('each route and action answers each role as the table says', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const base = baseURL!;
  const cookies: Record<Who, string> = { anonymous: '' } as Record<Who, string>;
  for (const who of WHO) if (who !== 'anonymous') cookies[who] = await signIn(base, who);

  const created = await fetch(`${base}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': 'acl-setup' },
    body: JSON.stringify({
      kind: 'complaint',
      category: 'service',
      description: '访问控制测试：柜台无人。',
      contact: { name: PII[1], phone: PII[0] },
      consent: true,
    }),
  });
  expect(created.status).toBe(201);
  const receipt = (await created.json()) as { ticketNo: string; verifyCode: string };

  // A live quiz (as the trainer) with one attempt of the staff member.
  const day = (offset: number) => new Date(Date.now() + offset + 8 * 3_600_000).toISOString().slice(0, 16);
  const quiz = await call(
    base,
    cookies.trainer,
    'POST',
    '/_actions/quiz.create',
    form({
      title: '权限测试',
      banks: 'complaints',
      questionCount: '3',
      passMark: '60',
      timeLimitMinutes: '0',
      attemptsAllowed: '1',
      opensAt: day(-3_600_000),
      closesAt: day(86_400_000),
      scoringRule: 'all-or-nothing',
    }),
  );
  expect(quiz.outcome, quiz.text).toBe(200);
  const quizId = fromAction(quiz.text, 'id');
  expect(quizId, quiz.text).toBeTruthy();
  expect(
    (await call(base, cookies.trainer, 'POST', '/_actions/quiz.setStatus', form({ quizId: quizId!, to: 'live' })))
      .outcome,
  ).toBe(200);
  const begun = await call(base, cookies.staff, 'POST', '/_actions/quiz.begin', form({ quizId: quizId! }));
  expect(begun.outcome, begun.text).toBe(200);
  const attemptId = fromAction(begun.text, 'attemptId');
  // The staff member's user id, from the e2e data directory (playwright.config.ts sets E2E_DATA_DIR).
  const users = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'users.json'), 'utf8')) as {
    records: { id: string; username: string }[];
  };
  const staffId = users.records.find((u) => u.username === 'staff')?.id;
  expect(staffId).toBeTruthy();
  const decoy = {} as Ctx['decoy'];
  for (const who of WHO) {
    const res = await fetch(`${base}/api/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kiosk-Id': `acl-decoy-${who}` },
      body: JSON.stringify({
        kind: 'complaint',
        category: 'service',
        description: `访问控制测试：另一张单 ${who}`,
        contact: { name: PII[1], phone: PII[0] },
        consent: true,
      }),
    });
    const r = (await res.json()) as { ticketNo: string; verifyCode: string };
    decoy[who] = { ticketNo: r.ticketNo, code: r.verifyCode };
  }
  const ctx: Ctx = {
    ticketNo: receipt.ticketNo,
    code: receipt.verifyCode,
    quizId: quizId!,
    attemptId: attemptId!,
    staffId: staffId!,
    base,
    decoy,
  };

  const mismatches: string[] = [];
  let checked = 0;
  const run = async (label: string, probe: Probe) => {
    for (const who of probe.onlyFor ?? WHO) {
      const p = probe.path(ctx, who);
      const { outcome, text } = await call(
        base,
        cookies[who],
        probe.method ?? 'GET',
        p,
        probe.body?.(ctx, who),
        probe.json,
      );
      checked++;
      if (outcome !== probe.expect[who])
        mismatches.push(
          `${label} ${probe.method ?? 'GET'} ${p} as ${who}: got ${outcome}, expected ${probe.expect[who]}`,
        );
      for (const secret of probe.never?.(ctx) ?? [])
        if (text.includes(secret)) mismatches.push(`${label} ${p} as ${who}: shows "${secret}"`);
    }
  };
  for (const [file, probes] of Object.entries(ROUTES))
    for (const probe of probes) if (!probe.last) await run(file, probe);
  // Then actions, then what ends a session, and sign-out at the very end.
  const names = Object.keys(ACTIONS);
  for (const name of names)
    if (name !== 'auth.logout') await run(name, { ...ACTIONS[name], method: 'POST', path: () => `/_actions/${name}` });
  for (const [file, probes] of Object.entries(ROUTES))
    for (const probe of probes) if (probe.last) await run(file, probe);
  await run('auth.logout', { ...ACTIONS['auth.logout'], method: 'POST', path: () => '/_actions/auth.logout' });
  console.log(`access table: ${Object.keys(ROUTES).length} route files, ${names.length} actions, ${checked} requests`);
  expect(mismatches).toEqual([]);
});
