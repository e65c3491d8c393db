/**
 * The case library on the running server: the draft of a case from a closed ticket, saving it
 * (audited: who made a case is in the audit log, never in the case), listing and reading cases.
 */
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '../auth/roles';
import { config, nameOf } from '../feedback/feedback.server';
import type { Ticket } from '../feedback/schema';
import { getLibrary } from '../policies/library.server';
import { getStore } from '../store/store.server';
import { localMonth } from '../time/mall-time';
import {
  buildCase,
  canBecomeCase,
  draftCase,
  searchCases,
  unknownClauses,
  type CaseDraft,
  type TenantInfo,
} from './cases';
import type { Case, CaseForm, CaseQuery } from './schema';

const tenantOf = (t: Pick<Ticket, 'tenant'>): TenantInfo | undefined =>
  t.tenant ? config.tenants.find((x) => x.id === t.tenant) : undefined;

export type DraftOutcome =
  | { ok: true; ticket: Ticket; draft: CaseDraft; tenant?: TenantInfo; existing?: Case }
  | { ok: false; problem: 'not_found' | 'not_closed' };

/** The anonymised draft of a case from ticket `no` (and the case already made from it, if any). */
export async function caseDraftFor(no: string): Promise<DraftOutcome> {
  const store = await getStore();
  const ticket = await store.tickets.get(no);
  if (!ticket) return { ok: false, problem: 'not_found' };
  if (!canBecomeCase(ticket)) return { ok: false, problem: 'not_closed' };
  const tenant = tenantOf(ticket);
  const draft = draftCase(ticket, { category: nameOf('category', ticket.category), tenant: undefined });
  const existing = await store.cases.bySource(no);
  return { ok: true, ticket, draft, tenant, ...(existing ? { existing } : {}) };
}

export type CreateCaseOutcome =
  | { ok: true; value: Case }
  | { ok: false; problem: 'not_found' | 'not_closed' | 'exists' }
  | { ok: false; problem: 'unknown_clauses'; clauses: string[] };

/** Saves the supervisor's case (anonymised again on the way in). */
export async function createCase(form: CaseForm, user: SessionUser, now = new Date()): Promise<CreateCaseOutcome> {
  const { clauses } = await getLibrary();
  const unknown = unknownClauses(form.clauses, clauses);
  if (unknown.length) return { ok: false, problem: 'unknown_clauses', clauses: unknown };
  const store = await getStore();
  const ticket = await store.tickets.get(form.no);
  if (!ticket) return { ok: false, problem: 'not_found' };
  if (!canBecomeCase(ticket)) return { ok: false, problem: 'not_closed' };
  const made = buildCase(form, ticket, tenantOf(ticket), {
    id: randomUUID(),
    now,
    timeZoneMonth: localMonth(Date.parse(ticket.createdAt), config.timeZone),
  });
  if (!(await store.cases.insert(made))) return { ok: false, problem: 'exists' };
  await store.audit.append({
    at: now.toISOString(),
    actor: { id: user.id, username: user.username },
    action: 'case.create',
    target: made.id,
    detail: { ticket: ticket.no },
  });
  return { ok: true, value: made };
}

/** The library, filtered. */
export async function listCases(query: CaseQuery = {}): Promise<Case[]> {
  return searchCases(await (await getStore()).cases.list(), query);
}

export async function caseById(id: string): Promise<Case | undefined> {
  return (await getStore()).cases.byId(id);
}
