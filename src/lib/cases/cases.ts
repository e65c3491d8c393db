/**
 * The case library's rules, pure: which tickets may become a case, the anonymised draft a
 * supervisor edits, the case made from the edited form, the library's filter, and the link that
 * starts a question from a case.
 */
import type { Ticket } from '../feedback/schema';
import { scrubText, type PersonalData, type ScrubKind } from './anonymise';
import type { Case, CaseForm, CaseQuery } from './schema';

/** What the tenant is called when the supervisor does not keep its name, by its department. */
export const TENANT_STAND_INS: Record<string, string> = {
  'food-beverage': '某餐饮商户',
  sales: '某专柜',
  'tenant-management': '某商户',
};
export const DEFAULT_STAND_IN = '某商户';

/** A tenant as the case builder needs it. */
export interface TenantInfo {
  id: string;
  zh: string;
  department: string;
}

/** Only a closed ticket becomes a case (complaints-8.3: 已结案的投诉). */
export const canBecomeCase = (t: Pick<Ticket, 'status'>): boolean => t.status === 'closed';

/** Every personal detail of a ticket the anonymiser must remove: the shopper's and each staff member's. */
export function personalDataOf(t: Ticket): PersonalData {
  const staff = new Set<string>();
  for (const e of t.events) {
    if (e.by.id !== 'system' && e.by.id !== 'kiosk' && e.by.name) staff.add(e.by.name);
    if (e.assignee) staff.add(e.assignee);
  }
  if (t.assignee) staff.add(t.assignee);
  return {
    customerName: t.name,
    phone: t.phone,
    address: t.address,
    verifyCode: t.verifyCode,
    staffNames: [...staff],
  };
}

/** The anonymised draft shown to the supervisor, with what was removed from each field. */
export interface CaseDraft {
  title: string;
  happened: string;
  handling: string;
  outcome: string;
  satisfaction?: number;
  removed: Partial<Record<ScrubKind, number>>;
}

const addCounts = (into: Partial<Record<ScrubKind, number>>, from: Partial<Record<ScrubKind, number>>) => {
  for (const [k, n] of Object.entries(from) as [ScrubKind, number][]) into[k] = (into[k] ?? 0) + n;
};

/**
 * The draft of a case from a closed ticket: the shopper's words and demand as 经过, the replies
 * and notes in order as 处理过程, the follow-up as 结果, each run through the anonymiser.
 * `labels` names the category and the satisfaction for the title and the outcome.
 */
export function draftCase(t: Ticket, labels: { category: string; tenant?: string }): CaseDraft {
  const data = personalDataOf(t);
  const removed: Partial<Record<ScrubKind, number>> = {};
  const scrub = (text: string) => {
    const r = scrubText(text, data);
    addCounts(removed, r.removed);
    return r.text;
  };
  const happened = scrub([t.description, t.demand ? `诉求：${t.demand}` : ''].filter(Boolean).join('\n'));
  const handling = t.events
    .filter((e) => e.note && (e.type === 'note' || e.type === 'transition') && e.action !== 'followUp')
    .map((e) => `${e.action === 'reply' ? '答复' : e.type === 'note' ? '备注' : '处理'}：${scrub(e.note!)}`)
    .join('\n');
  const followUps = t.events.filter((e) => e.action === 'followUp');
  const outcome = followUps.length
    ? followUps
        .map((e) => `回访${e.satisfaction ? `满意度 ${e.satisfaction} 分` : ''}${e.note ? `：${scrub(e.note)}` : ''}`)
        .join('\n')
    : '';
  return {
    title: `${labels.tenant ? `${labels.tenant}的` : ''}${labels.category}投诉`,
    happened,
    handling,
    outcome,
    satisfaction: t.satisfaction,
    removed,
  };
}

/** What the case calls the tenant: its name when kept, else its kind (某餐饮商户). */
export function tenantLabel(tenant: TenantInfo | undefined, mode: CaseForm['tenantMode']): string | undefined {
  if (!tenant) return undefined;
  return mode === 'keep' ? tenant.zh : (TENANT_STAND_INS[tenant.department] ?? DEFAULT_STAND_IN);
}

/**
 * The case from the supervisor's edited form. The text is anonymised again (a name typed back in
 * is removed), and a kept tenant's name is the only name it may hold; a replaced tenant's name is
 * removed from the text too.
 */
export function buildCase(
  form: CaseForm,
  t: Ticket,
  tenant: TenantInfo | undefined,
  meta: { id: string; now: Date; timeZoneMonth: string },
): Case {
  const data = personalDataOf(t);
  const scrub = (text: string) => {
    let out = scrubText(text, data).text;
    if (tenant && form.tenantMode === 'replace') out = out.replaceAll(tenant.zh, tenantLabel(tenant, 'replace')!);
    return out;
  };
  const label = tenantLabel(tenant, form.tenantMode);
  return {
    id: meta.id,
    sourceNo: t.no,
    title: scrub(form.title).slice(0, 80),
    kind: t.kind,
    category: t.category,
    ...(tenant && form.tenantMode === 'keep' ? { tenantId: tenant.id } : {}),
    ...(label ? { tenantLabel: label } : {}),
    month: meta.timeZoneMonth,
    happened: scrub(form.happened).slice(0, 2000),
    handling: scrub(form.handling).slice(0, 2000),
    outcome: scrub(form.outcome).slice(0, 1000),
    ...(t.satisfaction ? { satisfaction: t.satisfaction } : {}),
    lesson: scrub(form.lesson).slice(0, 1000),
    clauses: form.clauses,
    createdAt: meta.now.toISOString(),
  };
}

/** Clause ids of a list that are not in the library (the form answers 400 naming them). */
export const unknownClauses = (ids: readonly string[], known: { has(id: string): boolean }): string[] =>
  ids.filter((id) => !known.has(id));

/** The case library filtered: every word of `q` in the case's text, and the clause and category asked for. */
export function searchCases(cases: readonly Case[], query: CaseQuery): Case[] {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return cases.filter((c) => {
    if (query.clause && !c.clauses.includes(query.clause)) return false;
    if (query.category && c.category !== query.category) return false;
    if (!words.length) return true;
    const hay = [c.title, c.happened, c.handling, c.outcome, c.lesson, c.tenantLabel ?? '', c.clauses.join(' ')]
      .join('\n')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The question editor's address, started from a case: its stem, the clauses and the case id. */
export function questionFromCaseHref(c: Pick<Case, 'id' | 'title' | 'clauses'>): string {
  const params = new URLSearchParams({
    stem: `案例“${c.title}”中，客服人员应当怎样处理？`,
    clauses: c.clauses.join(','),
    case: c.id,
  });
  return `/training/questions/new?${params}`;
}
