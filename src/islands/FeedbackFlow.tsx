/**
 * The kiosk feedback flow: kind → category → where → description → contact → review → send →
 * receipt. One step per screen, each with back and cancel. The server validates everything;
 * this island only guides (counts characters, shows the server's field messages) and sends
 * `POST /api/feedback` with an idempotency key, so a retry after a network error never makes a
 * second ticket. Without a network the submission goes to the kiosk's outbox (sent later, once)
 * and the shopper gets a local reference instead of a ticket number. The kiosk layout resets an idle screen; the receipt is marked finished, so it
 * goes home sooner.
 */
import { createMemo, createSignal, For, lazy, onCleanup, onMount, Show, Suspense, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { normalisePhone, textLength } from '../lib/feedback/format';
import { makeLocalRef, outboxKey } from '../lib/kiosk/outbox-rules';
import { extraLinesMm, setPaperLength } from '../lib/kiosk/paper';
import { enqueue, post, retryAfterMs, retryable } from '../lib/kiosk/outbox';
import { Keypad, KeypadInput } from './Keypad';

// The input panel and its data load only when a text step opens, never on the first screen.
const InputPanel = lazy(() => import('./ime/InputPanel'));

interface Option {
  id: string;
  label: string;
  desc?: string;
}

export interface FeedbackFlowProps {
  /** Dictionary entries (feedback.*) in the kiosk's language. */
  t: Record<string, string>;
  lang: string;
  kinds: Option[];
  categories: Option[];
  floors: Option[];
  tenants: (Option & { floor: string })[];
  descriptionMin: number;
  descriptionMax: number;
  /** Mall time zone, for the promised reply time. */
  timeZone: string;
  /** Whether the kiosk has a receipt printer (offers a print button). */
  printer: boolean;
  /** Days a phone is kept after the case is closed (told in the consent notice). */
  retentionDays: number;
  /** URLs of the input panel's built data (src/integrations/ime-data.ts). */
  ime: { pinyinUrl: string; strokesUrl: string };
  /** The service desk's name and place, in the kiosk's language (the outbox screen sends the shopper there). */
  desk: string;
}

type Step = 'kind' | 'category' | 'where' | 'description' | 'contact' | 'review' | 'receipt' | 'saved';
const STEPS: Step[] = ['kind', 'category', 'where', 'description', 'contact', 'review'];
/** Which step shows a field the server complained about. */
const STEP_OF_FIELD: Record<string, Step> = {
  kind: 'kind',
  category: 'category',
  floor: 'where',
  tenant: 'where',
  description: 'description',
  'contact.name': 'contact',
  'contact.phone': 'contact',
  consent: 'contact',
};

interface Receipt {
  ticketNo: string;
  verifyCode: string;
  replyDueAt: string;
  /** When the kiosk got the ticket (its own clock: the answer does not carry the creation time). */
  sentAt: string;
}

/** Line icons (24 × 24) for the kinds, drawn like the home tiles' icons. */
const KIND_ICONS: Record<string, string> = {
  complaint: 'M4 5h16v11H9l-5 4V5zm4 4h8M8 12h5',
  suggestion: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2V16h5v-.1c0-.8.4-1.5 1-2A6 6 0 0 0 12 3z',
  inquiry: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.01',
  praise: 'M7 11v9H4v-9h3zm0 0 4-7c1.5 0 2.5 1 2.5 2.5L13 10h5.5a2 2 0 0 1 2 2.4l-1.3 6a2 2 0 0 1-2 1.6H7',
};

/** Printed length of the receipt's content in mm (fixed layout: 7 facts, the QR code, the mall line). */
const RECEIPT_CONTENT_MM = 150;

/** Seconds the receipt stays on a kiosk without a printer (issue 13: at least 60). */
const RECEIPT_SECONDS_NO_PRINTER = 90;

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
/** A new idempotency key; it starts with the local reference the shopper sees if it has to wait in the outbox. */
const newKey = () => {
  const ref = makeLocalRef(Math.random);
  return {
    ref,
    value: outboxKey(
      ref,
      crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`,
    ),
  };
};

export default function FeedbackFlow(props: FeedbackFlowProps) {
  const t = (key: string, params?: Record<string, string | number>) =>
    fill(props.t[`feedback.${key}`] ?? key, params ?? {});
  const [step, setStep] = createSignal<Step>('kind');
  const [form, setForm] = createStore({
    kind: '',
    category: '',
    floor: '',
    tenant: '',
    description: '',
    name: '',
    phone: '',
    consent: false,
  });
  const [errors, setErrors] = createSignal<Record<string, { zh: string; en: string }>>({});
  const [sending, setSending] = createSignal(false);
  const [problem, setProblem] = createSignal('');
  const [receipt, setReceipt] = createSignal<Receipt>();
  let key = { payload: '', value: '', ref: '' };
  const [savedRef, setSavedRef] = createSignal('');
  let heading: HTMLHeadingElement | undefined;
  let descriptionField: HTMLTextAreaElement | undefined;
  let nameField: HTMLInputElement | undefined;
  /** Which contact field the on-screen keys type into: the name (input panel) or the phone (keypad). */
  const [contactField, setContactField] = createSignal<'name' | 'phone'>('phone');
  const imeText = (key: string) => t(`ime.${key}`);
  const praise = () => form.kind === 'praise';
  /** Wording that differs for praise (表扬 is a thank-you to pass on, not a complaint to settle). */
  const tk = (key: string) => (praise() && props.t[`feedback.praise.${key}`] ? t(`praise.${key}`) : t(key));

  const index = () => STEPS.indexOf(step());
  const go = (s: Step) => {
    setStep(s);
    setProblem('');
    queueMicrotask(() => heading?.focus());
  };
  const next = () => go(STEPS[Math.min(index() + 1, STEPS.length - 1)]);
  const prev = () => (index() === 0 ? leave() : go(STEPS[index() - 1]));
  const leave = (to = '/kiosk') => (dirty() ? setLeaving(to) : window.location.assign(to));
  /** Where the shopper asked to go while the form holds unsent input (a confirmation is open). */
  const [leaving, setLeaving] = createSignal<string>();
  /** Something typed or chosen that would be lost by leaving (nothing once it has been sent). */
  const dirty = () =>
    step() !== 'receipt' &&
    step() !== 'saved' &&
    !!(form.kind || form.category || form.floor || form.tenant || form.description || form.name || form.phone);
  // Links outside the flow (the header's Back, Home, language and text-size buttons) ask first too.
  onMount(() => {
    const guard = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.('a[href]');
      if (!link || !dirty() || link.closest('.fb-flow')) return;
      e.preventDefault();
      setLeaving((link as HTMLAnchorElement).href);
    };
    document.addEventListener('click', guard, true);
    onCleanup(() => document.removeEventListener('click', guard, true));
  });

  const label = (list: Option[], id: string) => list.find((o) => o.id === id)?.label ?? '';
  const tenantsHere = createMemo(() => props.tenants.filter((x) => x.floor === form.floor));
  const count = createMemo(() => textLength(form.description.trim()));
  const descriptionOk = () => count() >= props.descriptionMin && count() <= props.descriptionMax;
  const phoneOk = () => !form.phone || !!normalisePhone(form.phone);
  const contactOk = () => phoneOk() && (!form.phone || form.consent);
  /** Set when the shopper tries to leave the contact step with something to fix. */
  const [contactTried, setContactTried] = createSignal(false);
  /** A full number that is not a mobile number: said at once. */
  const phoneProblem = () =>
    (form.phone.length === 11 && !phoneOk()) || !!fieldError('contact.phone') || (contactTried() && !contactOk());
  const phoneMessage = () => {
    const n = form.phone.length;
    if (n === 11 && !phoneOk()) return t('contact.phoneInvalid');
    if (fieldError('contact.phone')) return fieldError('contact.phone');
    if (n > 0 && n < 11) return t(n === 10 ? 'contact.phoneShortOne' : 'contact.phoneShort', { n: 11 - n });
    if (contactTried() && form.phone && !form.consent) return fieldError('consent') || t('contact.consentNeeded');
    return fieldError('consent');
  };
  const fieldError = (field: string) => {
    const e = errors()[field];
    return e ? (props.lang === 'en' ? e.en : e.zh) : '';
  };

  const payload = () => ({
    kind: form.kind,
    category: form.category,
    description: form.description.trim(),
    ...(form.floor ? { floor: form.floor } : {}),
    ...(form.tenant ? { tenant: form.tenant } : {}),
    ...(form.name.trim() || form.phone
      ? {
          contact: {
            ...(form.name.trim() ? { name: form.name.trim() } : {}),
            ...(form.phone ? { phone: form.phone } : {}),
          },
        }
      : {}),
    ...(form.phone ? { consent: form.consent } : {}),
  });

  async function send() {
    if (sending()) return;
    const body = payload();
    const text = JSON.stringify(body);
    // The same content keeps its key (a retry returns the first ticket); changed content gets a new one.
    if (key.payload !== text) key = { payload: text, ...newKey() };
    setSending(true);
    setProblem('');
    try {
      const res = await post(body, key.value);
      if (res === 'network' || retryable(res)) {
        // No network, no server behind it, or the server is too busy (429): the outbox sends it
        // later (after Retry-After for a 429), exactly once.
        await enqueue(
          key.value,
          key.ref,
          body,
          res !== 'network' && res.status === 429 ? retryAfterMs(res) : undefined,
        );
        setSavedRef(key.ref);
        go('saved');
        return;
      }
      const data = await res.json().catch(() => ({}));
      if (res.status === 201 || res.status === 200) {
        setReceipt({ ...(data as Receipt), sentAt: new Date().toISOString() });
        // The paper is as long as the receipt (Chromium ignores `size: 80mm auto`).
        // Praise prints a sentence where other kinds print a reply time: the paper grows by its extra lines.
        setPaperLength(RECEIPT_CONTENT_MM + (praise() ? extraLinesMm(t('praise.receipt.nextText'), 11) : 0));
        setErrors({});
        go('receipt');
      } else if (res.status === 400 && data?.error?.fields) {
        setErrors(data.error.fields);
        const first = Object.keys(data.error.fields)
          .map((f) => STEP_OF_FIELD[f])
          .find(Boolean);
        setProblem(t('error.invalid'));
        if (first) go(first);
        setProblem(t('error.invalid'));
      } else {
        setProblem(t('error.network'));
      }
    } catch {
      setProblem(t('error.network'));
    } finally {
      setSending(false);
    }
  }

  const dateTime = (iso: string, weekday: boolean) =>
    new Intl.DateTimeFormat(props.lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: props.timeZone,
      ...(weekday ? { month: 'long', weekday: 'short' } : { year: 'numeric', month: 'numeric' }),
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  const dueText = () => (receipt() ? dateTime(receipt()!.replyDueAt, true) : '');

  const Choice = (p: { option: Option; selected: boolean; onPick: () => void; wide?: boolean; icon?: string }) => (
    <button
      type="button"
      class="fb-choice"
      classList={{ wide: !!p.wide, big: !!p.icon }}
      aria-pressed={p.selected}
      onClick={() => p.onPick()}
    >
      <Show when={p.icon}>
        <svg
          class="fb-choice-icon"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          stroke-width="1.6"
          stroke-linecap="round"
          stroke-linejoin="round"
        >
          <path d={p.icon} />
        </svg>
      </Show>
      <span class="fb-choice-text">
        <span class="fb-choice-label">{p.option.label}</span>
        <Show when={p.option.desc}>
          <span class="fb-choice-desc">{p.option.desc}</span>
        </Show>
      </span>
      <Show when={p.selected}>
        <span class="fb-check" aria-hidden="true">
          ✓
        </span>
      </Show>
    </button>
  );

  const Nav = (p: { canNext: boolean; nextLabel?: string; onNext?: () => void; extra?: JSX.Element }) => (
    <div class="fb-nav">
      <button type="button" class="fb-btn secondary" onClick={prev}>
        ‹ {t('prev')}
      </button>
      <button type="button" class="fb-btn secondary" onClick={() => leave()}>
        {t('cancel')}
      </button>
      <span class="fb-nav-gap" />
      {p.extra}
      <button type="button" class="fb-btn primary" disabled={!p.canNext} onClick={() => (p.onNext ?? next)()}>
        {p.nextLabel ?? t('next')} ›
      </button>
    </div>
  );

  const Problem = () => (
    <Show when={problem()}>
      <p class="fb-problem" role="alert">
        {problem()}
      </p>
    </Show>
  );

  const FieldError = (p: { field: string }) => (
    <Show when={fieldError(p.field)}>
      <p class="fb-field-error" role="alert">
        {fieldError(p.field)}
      </p>
    </Show>
  );

  /** A step that is one choice from a grid; picking it moves on. */
  const PickStep = (p: {
    field: 'kind' | 'category';
    title: string;
    options: Option[];
    icons?: Record<string, string>;
  }) => (
    <section class="fb-step" aria-labelledby="fb-h">
      <h2 id="fb-h" ref={heading} tabindex="-1">
        {p.title}
      </h2>
      <div class="fb-grid two" classList={{ kinds: !!p.icons }}>
        <For each={p.options}>
          {(o) => (
            <Choice
              option={o}
              icon={p.icons?.[o.id]}
              selected={form[p.field] === o.id}
              onPick={() => (setForm(p.field, o.id), next())}
            />
          )}
        </For>
      </div>
      <FieldError field={p.field} />
      <Nav canNext={!!form[p.field]} />
    </section>
  );

  return (
    <div class="fb-flow">
      <Show when={leaving()}>
        <div class="fb-confirm-backdrop">
          <div
            class="fb-confirm"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="fb-confirm-h"
            aria-describedby="fb-confirm-b"
          >
            <h2 id="fb-confirm-h">{t('leave.title')}</h2>
            <p id="fb-confirm-b">{t('leave.body')}</p>
            <div class="fb-confirm-actions">
              <button type="button" class="fb-btn secondary" onClick={() => window.location.assign(leaving()!)}>
                {t('leave.go')}
              </button>
              <button
                type="button"
                class="fb-btn primary"
                ref={(el) => queueMicrotask(() => el.focus())}
                onClick={() => setLeaving(undefined)}
              >
                {t('leave.stay')}
              </button>
            </div>
          </div>
        </div>
      </Show>
      <Show when={step() !== 'receipt' && step() !== 'saved'}>
        <p class="fb-progress">
          <strong class="fb-flow-name">{t('title')}</strong>
          <span>{t('step', { n: index() + 1, total: STEPS.length })}</span>
          <span class="fb-dots" aria-hidden="true">
            <For each={STEPS}>
              {(_, i) => <span class="fb-dot" classList={{ done: i() < index(), here: i() === index() }} />}
            </For>
          </span>
        </p>
      </Show>

      <Show when={step() === 'kind'}>
        <PickStep field="kind" title={t('kind.title')} options={props.kinds} icons={KIND_ICONS} />
      </Show>

      <Show when={step() === 'category'}>
        <PickStep field="category" title={tk('category.title')} options={props.categories} />
      </Show>

      <Show when={step() === 'where'}>
        <section class="fb-step" aria-labelledby="fb-h">
          <h2 id="fb-h" ref={heading} tabindex="-1">
            {tk('where.title')}
          </h2>
          <h3 class="fb-sub" id="fb-floor">
            {t('where.floor')}
          </h3>
          <div class="fb-grid floors" role="group" aria-labelledby="fb-floor">
            <For each={props.floors}>
              {(o) => (
                <Choice
                  option={o}
                  selected={form.floor === o.id}
                  onPick={() => {
                    setForm({ floor: form.floor === o.id ? '' : o.id, tenant: '' });
                  }}
                />
              )}
            </For>
            <Choice
              option={{ id: '', label: t('where.noFloor') }}
              selected={!form.floor}
              onPick={() => setForm({ floor: '', tenant: '' })}
            />
          </div>
          <h3 class="fb-sub" id="fb-tenant">
            {t('where.tenant')}
          </h3>
          <Show when={form.floor} fallback={<p class="fb-hint">{t('where.chooseFloorFirst')}</p>}>
            <div class="fb-grid three" role="group" aria-labelledby="fb-tenant">
              <For each={tenantsHere()}>
                {(o) => (
                  <Choice
                    option={o}
                    selected={form.tenant === o.id}
                    onPick={() => setForm('tenant', form.tenant === o.id ? '' : o.id)}
                  />
                )}
              </For>
              <Choice
                option={{ id: '', label: t('where.noTenant') }}
                selected={!form.tenant}
                onPick={() => setForm('tenant', '')}
              />
            </div>
          </Show>
          <FieldError field="floor" />
          <FieldError field="tenant" />
          <Nav canNext={true} nextLabel={form.floor || form.tenant ? t('next') : t('skip')} />
        </section>
      </Show>

      <Show when={step() === 'description'}>
        <section class="fb-step" aria-labelledby="fb-h">
          <h2 id="fb-h" ref={heading} tabindex="-1">
            {tk('description.title')}
          </h2>
          <label class="fb-label" for="fb-desc">
            {tk('description.label')}
          </label>
          <p class="fb-hint" id="fb-desc-hint">
            {tk('description.hint')}
          </p>
          <textarea
            id="fb-desc"
            ref={descriptionField}
            class="fb-textarea"
            rows="3"
            inputmode="none"
            autocomplete="off"
            aria-describedby="fb-desc-hint fb-desc-count"
            aria-invalid={!!fieldError('description')}
            value={form.description}
            onInput={(e) => setForm('description', e.currentTarget.value)}
          />
          <p
            id="fb-desc-count"
            class="fb-count"
            classList={{ bad: !descriptionOk() && count() > 0 }}
            aria-live="polite"
          >
            <span>{t('description.count', { n: count(), min: props.descriptionMin, max: props.descriptionMax })}</span>
            <Show when={count() > 0 && count() < props.descriptionMin}>
              <span> · {t('description.short', { n: props.descriptionMin - count() })}</span>
            </Show>
            <Show when={count() > props.descriptionMax}>
              <span> · {t('description.long', { n: count() - props.descriptionMax })}</span>
            </Show>
          </p>
          <FieldError field="description" />
          <Suspense fallback={<p class="fb-hint ime-wait">{imeText('loading')}</p>}>
            <InputPanel
              field={() => descriptionField}
              value={form.description}
              onValue={(v) => setForm('description', v)}
              t={imeText}
              lang={props.lang}
              pinyinUrl={props.ime.pinyinUrl}
              strokesUrl={props.ime.strokesUrl}
              category={form.category}
              maxLength={props.descriptionMax + 50}
            />
          </Suspense>
          <Nav canNext={descriptionOk()} />
        </section>
      </Show>

      <Show when={step() === 'contact'}>
        <section class="fb-step" aria-labelledby="fb-h">
          <h2 id="fb-h" ref={heading} tabindex="-1">
            {t('contact.title')}
          </h2>
          <p class="fb-hint">{tk('contact.optional')}</p>
          <div class="fb-contact">
            <div class="fb-fields">
              <label class="fb-label" for="fb-name">
                {t('contact.name')}
              </label>
              <input
                id="fb-name"
                ref={nameField}
                class="fb-input"
                classList={{ active: contactField() === 'name' }}
                type="text"
                maxlength="40"
                inputmode="none"
                autocomplete="off"
                value={form.name}
                onFocus={() => setContactField('name')}
                onInput={(e) => setForm('name', e.currentTarget.value)}
              />
              <FieldError field="contact.name" />
              <label class="fb-label" for="fb-phone">
                {t('contact.phone')}
              </label>
              <KeypadInput
                id="fb-phone"
                maxlength="11"
                aria-invalid={phoneProblem()}
                aria-describedby="fb-phone-error"
                value={form.phone}
                classList={{ active: contactField() === 'phone' }}
                onFocus={() => setContactField('phone')}
                onText={(value) => setForm('phone', value.replace(/\D/g, '').slice(0, 11))}
              />
              {/* One reserved line under the phone, so nothing moves under the finger while typing:
                  how many digits are missing, what is wrong with a full number, and — only once the
                  shopper tries to go on — the missing consent. */}
              <p
                id="fb-phone-error"
                class="fb-field-error fb-phone-message"
                classList={{ hint: !phoneProblem() }}
                role={contactTried() || phoneProblem() ? 'alert' : undefined}
              >
                {phoneMessage()}
              </p>
              <label class="fb-consent" classList={{ reserved: !form.phone }} aria-hidden={!form.phone}>
                <input
                  type="checkbox"
                  checked={form.consent}
                  disabled={!form.phone}
                  onChange={(e) => setForm('consent', e.currentTarget.checked)}
                  aria-describedby="fb-notice"
                />
                <span>{t('contact.consent')}</span>
              </label>
            </div>
            <Show
              when={contactField() === 'name'}
              fallback={
                <Keypad
                  label={t('keypad')}
                  del={t('keypad.delete')}
                  clear={t('keypad.clear')}
                  onDigit={(d) => form.phone.length < 11 && setForm('phone', form.phone + d)}
                  onDelete={() => setForm('phone', form.phone.slice(0, -1))}
                  onClear={() => setForm('phone', '')}
                />
              }
            >
              <Suspense fallback={<p class="fb-hint ime-wait">{imeText('loading')}</p>}>
                <InputPanel
                  field={() => nameField}
                  value={form.name}
                  onValue={(v) => setForm('name', v)}
                  t={imeText}
                  lang={props.lang}
                  pinyinUrl={props.ime.pinyinUrl}
                  strokesUrl={props.ime.strokesUrl}
                  maxLength={40}
                />
              </Suspense>
            </Show>
            {/* The phone notice goes under the number pad (beside the fields in landscape), so it never
                moves the keys; while a name is typed (and no phone given yet) it gives its place to the panel. */}
            <Show when={contactField() === 'phone' || form.phone}>
              <p id="fb-notice" class="fb-notice">
                {t('contact.notice', { days: props.retentionDays })}
              </p>
            </Show>
          </div>
          <Nav
            canNext={true}
            nextLabel={form.name || form.phone ? t('next') : t('skip')}
            onNext={() => (contactOk() ? (setContactTried(false), next()) : setContactTried(true))}
          />
        </section>
      </Show>

      <Show when={step() === 'review'}>
        <section class="fb-step" aria-labelledby="fb-h">
          <h2 id="fb-h" ref={heading} tabindex="-1">
            {t('review.title')}
          </h2>
          <dl class="fb-review">
            <ReviewRow
              term={t('review.kind')}
              value={label(props.kinds, form.kind)}
              change={t('change')}
              onChange={() => go('kind')}
            />
            <ReviewRow
              term={t('review.category')}
              value={label(props.categories, form.category)}
              change={t('change')}
              onChange={() => go('category')}
            />
            <ReviewRow
              term={t('review.where')}
              value={
                [label(props.floors, form.floor), label(props.tenants, form.tenant)].filter(Boolean).join(' · ') ||
                t('review.none')
              }
              change={t('change')}
              onChange={() => go('where')}
            />
            <ReviewRow
              term={praise() ? tk('description.label') : t('review.description')}
              value={form.description.trim()}
              change={t('change')}
              onChange={() => go('description')}
              long
            />
            <ReviewRow
              term={t('review.contact')}
              value={[form.name.trim(), form.phone].filter(Boolean).join(' · ') || t('review.none')}
              change={t('change')}
              onChange={() => go('contact')}
            />
          </dl>
          <Problem />
          <Nav canNext={!sending()} nextLabel={sending() ? t('sending') : t('send')} onNext={send} />
        </section>
      </Show>

      <Show when={step() === 'saved'}>
        <section class="fb-step fb-receipt fb-saved" aria-labelledby="fb-h" data-kiosk-finished>
          <h2 id="fb-h" ref={heading} tabindex="-1">
            <span class="fb-ok" aria-hidden="true">
              ✓
            </span>{' '}
            {t('outbox.title')}
          </h2>
          {/* Everything the shopper needs sits together under the heading: the reference, then what it means. */}
          <div class="fb-receipt-body fb-saved-body">
            <dl class="fb-receipt-facts">
              <dt>{t('outbox.ref')}</dt>
              <dd class="fb-big fb-ref" data-testid="local-ref">
                {savedRef()}
              </dd>
            </dl>
            <div class="fb-saved-means">
              <p class="fb-saved-lead">{t('outbox.lead')}</p>
              <ul class="fb-saved-points" data-testid="outbox-points">
                <li>{t('outbox.point.saved')}</li>
                <li>{t('outbox.point.send')}</li>
                <li>{t('outbox.point.ref')}</li>
                <Show when={form.phone}>
                  <li>{t('outbox.point.phone')}</li>
                </Show>
                <li>{t('outbox.point.desk', { desk: props.desk })}</li>
              </ul>
            </div>
          </div>
          <div class="fb-nav">
            <p class="fb-countdown" aria-hidden="true" data-kiosk-countdown={t('receipt.countdown')} />
            <span class="fb-nav-gap" />
            <button type="button" class="fb-btn secondary">
              {t('receipt.more')}
            </button>
            <button type="button" class="fb-btn primary" onClick={() => leave()}>
              {t('receipt.done')}
            </button>
          </div>
        </section>
      </Show>

      <Show when={step() === 'receipt' && receipt()}>
        {/* Without a printer the screen is the only copy of the number and code: it stays longer. */}
        <section
          class="fb-step fb-receipt"
          aria-labelledby="fb-h"
          data-kiosk-finished={props.printer ? '' : String(RECEIPT_SECONDS_NO_PRINTER)}
        >
          <h2 id="fb-h" ref={heading} tabindex="-1">
            <span class="fb-ok" aria-hidden="true">
              ✓
            </span>{' '}
            {tk('receipt.title')}
          </h2>
          <div class="fb-receipt-body">
            <dl class="fb-receipt-facts">
              <dt>{t('receipt.no')}</dt>
              <dd class="fb-big" data-testid="ticket-no">
                {receipt()!.ticketNo}
              </dd>
              <dt>{t('receipt.code')}</dt>
              <dd class="fb-big" data-testid="verify-code">
                {receipt()!.verifyCode}
              </dd>
              <dt>{t('receipt.kind')}</dt>
              <dd data-testid="receipt-kind">
                {[label(props.kinds, form.kind), label(props.categories, form.category)].filter(Boolean).join(' · ')}
              </dd>
              <dt>{t('receipt.at')}</dt>
              <dd data-testid="receipt-at">
                <time datetime={receipt()!.sentAt}>{dateTime(receipt()!.sentAt, false)}</time>
              </dd>
              {/* Praise is passed on, not answered by a deadline: no reply time is promised for it. */}
              <Show
                when={!praise()}
                fallback={
                  <>
                    <dt>{t('praise.receipt.next')}</dt>
                    <dd class="fb-receipt-note" data-testid="receipt-next">
                      {t('praise.receipt.nextText')}
                    </dd>
                  </>
                }
              >
                <dt>{t('receipt.due')}</dt>
                <dd data-testid="receipt-due">
                  <time datetime={receipt()!.replyDueAt}>{dueText()}</time>
                </dd>
              </Show>
            </dl>
            <figure class="fb-qr">
              <img
                src={`/api/feedback/${encodeURIComponent(receipt()!.ticketNo)}/qr.svg?code=${encodeURIComponent(receipt()!.verifyCode)}`}
                alt={t('receipt.qr')}
                width="280"
                height="280"
              />
              <figcaption>{t('receipt.qr')}</figcaption>
            </figure>
          </div>
          <p class="fb-hint">{t('receipt.keep')}</p>
          <div class="fb-nav">
            <p class="fb-countdown" aria-hidden="true" data-kiosk-countdown={t('receipt.countdown')} />
            <span class="fb-nav-gap" />
            <button type="button" class="fb-btn secondary">
              {t('receipt.more')}
            </button>
            <Show when={props.printer}>
              <button type="button" class="fb-btn secondary" onClick={() => window.print()}>
                {t('receipt.print')}
              </button>
            </Show>
            <button type="button" class="fb-btn primary" onClick={() => leave()}>
              {t('receipt.done')}
            </button>
          </div>
        </section>
      </Show>
    </div>
  );
}

function ReviewRow(p: { term: string; value: string; change: string; onChange: () => void; long?: boolean }) {
  return (
    <div class="fb-review-row">
      <dt>{p.term}</dt>
      <dd classList={{ long: !!p.long }}>{p.value}</dd>
      <dd class="fb-review-change">
        <button
          type="button"
          class="fb-btn small secondary"
          onClick={() => p.onChange()}
          aria-label={`${p.change}: ${p.term}`}
        >
          {p.change}
        </button>
      </dd>
    </div>
  );
}
