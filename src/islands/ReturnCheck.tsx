/**
 * The kiosk return check: five touch steps, then the decision from POST /api/returns/check.
 * The island only collects answers and shows the server's answer; every rule lives in
 * src/lib/returns (the API), so the kiosk and any other client can never disagree.
 */
import { resultLengthMm, setPaperLength } from '../lib/kiosk/paper';
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  Match,
  on,
  onMount,
  Show,
  Switch,
  type JSX,
  untrack,
} from 'solid-js';
import { createStore } from 'solid-js/store';
import type { MessageKey } from '../lib/i18n/dict';
import { addDays, monthGrid, monthStart, shiftMonth } from '../lib/time/mall-time';
import { UI_ICONS, type UiIcon } from '../lib/returns/icons';
import type { Condition, Proof, ReturnCheckResult } from '../lib/returns/schema';

export interface ReturnCheckProps {
  /** Kiosk language. */
  lang: 'zh-CN' | 'en';
  /** Today in the mall's time zone (YYYY-MM-DD): the quick picks count back from it. */
  today: string;
  /** The dictionary strings the island uses, in the kiosk language. */
  strings: Record<string, string>;
  /** Categories in display order, with the name in the kiosk language and an SVG path. */
  categories: { id: string; name: string; icon: string }[];
  /** Clause numbers by id, for the "read the rule" links (`returns-1.1` → `1.1`). */
  clauseNumbers: Record<string, string>;
  /** Where the service desk is, in the kiosk language. */
  desk: string;
  /** Whether the kiosk has a receipt printer (offers a print button on the result). */
  printer?: boolean;
}

type Step = 'category' | 'date' | 'proof' | 'condition' | 'quality' | 'result';
const STEPS: Step[] = ['category', 'date', 'proof', 'condition', 'quality', 'result'];
const QUESTION_COUNT = 5;
const RESUME_KEY = 'kiosk-return-check';
/** A saved check is offered back (after reading a clause) only this long. */
const RESUME_MS = 10 * 60_000;

interface Answers {
  category?: string;
  purchaseDate?: string;
  /** Set when a quick pick stands for a range: the check uses its earliest day. */
  range?: boolean;
  proof?: Proof;
  condition?: Condition;
  qualityIssue?: boolean;
}

const TONE = {
  return_or_exchange: { tone: 'ok', icon: 'ok' },
  quality_claim: { tone: 'warn', icon: 'alert' },
  refer_to_desk: { tone: 'stop', icon: 'stop' },
} as const satisfies Record<ReturnCheckResult['outcome'], { tone: string; icon: UiIcon }>;

function Icon(props: { path: string; class?: string }) {
  return (
    <svg
      class={props.class ?? 'rc-icon'}
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={props.path} />
    </svg>
  );
}

export default function ReturnCheck(props: ReturnCheckProps) {
  const t = (key: MessageKey, params?: Record<string, string | number>) =>
    (props.strings[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) =>
      params && name in params ? String(params[name]) : m,
    );
  const locale = () => (props.lang === 'en' ? 'en-GB' : 'zh-CN');
  const fmt = (date: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  const longDate = (date: string | undefined) =>
    date ? fmt(date, { year: 'numeric', month: 'long', day: 'numeric' }) : '';
  const shortDate = (date: string) => fmt(date, { month: 'long', day: 'numeric' });

  const [step, setStep] = createSignal<Step>('category');
  const [answers, setAnswers] = createStore<Answers>({});
  const [calendarOpen, setCalendarOpen] = createSignal(false);
  const [calendarMonth, setCalendarMonth] = createSignal(untrack(() => monthStart(props.today)));
  let heading: HTMLHeadingElement | undefined;

  const stepIndex = () => STEPS.indexOf(step());
  const go = (next: Step) => setStep(next);
  const back = () => {
    setCalendarOpen(false);
    setStep(STEPS[Math.max(0, stepIndex() - 1)]);
  };
  const startOver = () => {
    // Leave the result first, so nothing renders answers while they are being cleared.
    setStep('category');
    setAnswers({
      category: undefined,
      purchaseDate: undefined,
      range: undefined,
      proof: undefined,
      condition: undefined,
      qualityIssue: undefined,
    });
    setCalendarOpen(false);
    sessionStorage.removeItem(RESUME_KEY);
  };

  // Move focus to the new question so screen readers announce it and the page starts at the top.
  createEffect(on(step, () => heading?.focus(), { defer: true }));

  const request = createMemo(() =>
    step() === 'result' && answers.qualityIssue !== undefined
      ? {
          category: answers.category!,
          purchaseDate: answers.purchaseDate!,
          checkDate: props.today,
          proof: answers.proof!,
          condition: answers.condition!,
          qualityIssue: answers.qualityIssue,
        }
      : undefined,
  );
  const [result, { refetch }] = createResource(request, async (body): Promise<ReturnCheckResult> => {
    const response = await fetch('/api/returns/check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`returns: check answered ${response.status}`);
    return response.json();
  });

  // Keep the answers for a moment so "back" from a clause page returns to this result.
  createEffect(() => {
    const body = request();
    if (body) sessionStorage.setItem(RESUME_KEY, JSON.stringify({ at: Date.now(), answers: { ...answers } }));
  });
  onMount(() => {
    const url = new URL(location.href);
    if (!url.searchParams.has('resume')) return;
    url.searchParams.delete('resume');
    history.replaceState(null, '', url.pathname + url.search);
    try {
      const saved = JSON.parse(sessionStorage.getItem(RESUME_KEY) ?? 'null') as { at: number; answers: Answers } | null;
      if (saved && Date.now() - saved.at < RESUME_MS && saved.answers.qualityIssue !== undefined) {
        setAnswers(saved.answers);
        setStep('result');
      }
    } catch {
      sessionStorage.removeItem(RESUME_KEY);
    }
  });

  const pickDate = (date: string, range = false) => {
    setAnswers({ purchaseDate: date, range });
    setCalendarOpen(false);
    go('proof');
  };
  const openCalendar = (month: string) => {
    setCalendarMonth(monthStart(month));
    setCalendarOpen(true);
  };

  const quickPicks = (): { key: MessageKey; date: string; range: boolean }[] => [
    { key: 'returns.date.today', date: props.today, range: false },
    { key: 'returns.date.yesterday', date: addDays(props.today, -1), range: false },
    { key: 'returns.date.3days', date: addDays(props.today, -3), range: true },
    { key: 'returns.date.week', date: addDays(props.today, -7), range: true },
    { key: 'returns.date.2weeks', date: addDays(props.today, -14), range: true },
  ];
  const weekdays = () => [0, 1, 2, 3, 4, 5, 6].map((i) => fmt(addDays('2024-01-01', i), { weekday: 'short' }));

  const categoryName = (id?: string) => props.categories.find((c) => c.id === id)?.name ?? '';

  /** One big answer button. */
  const Choice = (p: {
    icon: string;
    label: string;
    desc?: string;
    selected?: boolean;
    onTap: () => void;
    tone?: string;
  }) => (
    <button
      type="button"
      class={`rc-choice ${p.tone ?? ''}`}
      aria-pressed={p.selected ? 'true' : 'false'}
      onClick={() => p.onTap()}
    >
      <Icon path={p.icon} />
      <span class="rc-choice-text">
        <span class="rc-choice-label">{p.label}</span>
        <Show when={p.desc}>
          <span class="rc-choice-desc">{p.desc}</span>
        </Show>
      </span>
    </button>
  );

  const Question = (p: { title: string; hint?: string; children: JSX.Element }) => (
    <section class="rc-step" aria-labelledby="rc-step-title">
      <p class="rc-progress">
        <strong class="fb-flow-name">{t('returns.title')}</strong>
        <span>{t('returns.step', { n: stepIndex() + 1, total: QUESTION_COUNT })}</span>
        <span class="rc-dots" aria-hidden="true">
          <For each={STEPS.slice(0, QUESTION_COUNT)}>
            {(_, i) => <span classList={{ 'rc-dot': true, on: i() <= stepIndex() }} />}
          </For>
        </span>
      </p>
      <h2 id="rc-step-title" class="rc-question" tabindex="-1" ref={heading}>
        {p.title}
      </h2>
      <Show when={p.hint}>
        <p class="rc-hint">{p.hint}</p>
      </Show>
      {p.children}
      <Nav />
    </section>
  );

  /** The same navigation bar as the feedback flow: back and start over on the left, the finishing button on the right. */
  const Nav = (p: { done?: boolean }) => (
    <div class="rc-nav">
      <Show
        when={stepIndex() > 0}
        fallback={
          <a class="rc-nav-btn" href="/kiosk">
            <Icon path={UI_ICONS.back} />
            <span>{t('returns.back')}</span>
          </a>
        }
      >
        <button type="button" class="rc-nav-btn" onClick={back}>
          <Icon path={UI_ICONS.back} />
          <span>{t('returns.back')}</span>
        </button>
      </Show>
      <button type="button" class="rc-nav-btn" onClick={startOver}>
        <Icon path={UI_ICONS.restart} />
        <span>{t('returns.startOver')}</span>
      </button>
      <Show when={p.done}>
        <span class="rc-nav-gap" />
        <p class="rc-countdown" aria-hidden="true" data-kiosk-countdown={t('returns.result.countdown')} />
        <Show when={props.printer}>
          <button type="button" class="rc-nav-btn rc-print" onClick={() => window.print()}>
            {t('returns.result.print')}
          </button>
        </Show>
        <a class="rc-nav-btn primary" href="/kiosk">
          {t('returns.result.done')}
        </a>
      </Show>
    </div>
  );

  return (
    <div class="rc" lang={props.lang}>
      <Switch>
        <Match when={step() === 'category'}>
          <Question title={t('returns.step.category')}>
            <div class="rc-grid rc-grid-cat">
              <For each={props.categories}>
                {(c) => (
                  <Choice
                    icon={c.icon}
                    label={c.name}
                    selected={answers.category === c.id}
                    onTap={() => {
                      setAnswers('category', c.id);
                      go('date');
                    }}
                  />
                )}
              </For>
            </div>
          </Question>
        </Match>

        <Match when={step() === 'date'}>
          <Question title={t('returns.step.date')} hint={t('returns.step.date.hint')}>
            <Show
              when={calendarOpen()}
              fallback={
                <div class="rc-grid rc-grid-date">
                  <For each={quickPicks()}>
                    {(q) => (
                      <Choice
                        icon={UI_ICONS.calendar}
                        label={t(q.key)}
                        desc={shortDate(q.date)}
                        selected={answers.purchaseDate === q.date}
                        onTap={() => pickDate(q.date, q.range)}
                      />
                    )}
                  </For>
                  <Choice
                    icon={UI_ICONS.calendar}
                    label={t('returns.date.earlier')}
                    desc={t('returns.date.earlier.desc')}
                    onTap={() => openCalendar(addDays(props.today, -15))}
                  />
                  <button
                    type="button"
                    class="rc-wide"
                    onClick={() => openCalendar(answers.purchaseDate ?? props.today)}
                  >
                    <Icon path={UI_ICONS.calendar} />
                    <span>{t('returns.date.calendar')}</span>
                  </button>
                </div>
              }
            >
              <div class="rc-calendar" role="group" aria-labelledby="rc-cal-month">
                <div class="rc-cal-head">
                  <button
                    type="button"
                    class="rc-cal-nav"
                    aria-label={t('returns.calendar.prev')}
                    onClick={() => setCalendarMonth(monthStart(shiftMonth(calendarMonth(), -1)))}
                  >
                    <Icon path="M15 5l-7 7 7 7" />
                  </button>
                  <p id="rc-cal-month" class="rc-cal-month" aria-live="polite">
                    {fmt(calendarMonth(), { year: 'numeric', month: 'long' })}
                  </p>
                  <button
                    type="button"
                    class="rc-cal-nav"
                    aria-label={t('returns.calendar.next')}
                    disabled={calendarMonth() >= monthStart(props.today)}
                    onClick={() => setCalendarMonth(monthStart(shiftMonth(calendarMonth(), 1)))}
                  >
                    <Icon path="M9 5l7 7-7 7" />
                  </button>
                </div>
                <table class="rc-cal-grid">
                  <thead>
                    <tr>
                      <For each={weekdays()}>{(d) => <th scope="col">{d}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={monthGrid(calendarMonth())}>
                      {(week) => (
                        <tr>
                          <For each={week}>
                            {(day) => (
                              <td>
                                <Show when={day}>
                                  {(d) => (
                                    <button
                                      type="button"
                                      class="rc-day"
                                      classList={{ today: d() === props.today }}
                                      aria-label={longDate(d())}
                                      aria-pressed={answers.purchaseDate === d() ? 'true' : 'false'}
                                      disabled={d() > props.today}
                                      onClick={() => pickDate(d())}
                                    >
                                      {Number(d().slice(8))}
                                    </button>
                                  )}
                                </Show>
                              </td>
                            )}
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <button type="button" class="rc-wide" onClick={() => setCalendarOpen(false)}>
                  <span>{t('returns.calendar.close')}</span>
                </button>
              </div>
            </Show>
          </Question>
        </Match>

        <Match when={step() === 'proof'}>
          <Question title={t('returns.step.proof')}>
            <div class="rc-grid rc-grid-3">
              <For each={['receipt', 'invoice', 'none'] as const}>
                {(p) => (
                  <Choice
                    icon={UI_ICONS[p]}
                    label={t(`returns.proof.${p}`)}
                    desc={t(`returns.proof.${p}.desc`)}
                    selected={answers.proof === p}
                    onTap={() => {
                      setAnswers('proof', p);
                      go('condition');
                    }}
                  />
                )}
              </For>
            </div>
          </Question>
        </Match>

        <Match when={step() === 'condition'}>
          <Question title={t('returns.step.condition')}>
            <div class="rc-grid rc-grid-3">
              <For each={['unused', 'used', 'damaged'] as const}>
                {(c) => (
                  <Choice
                    icon={UI_ICONS[c]}
                    label={t(`returns.condition.${c}`)}
                    desc={t(`returns.condition.${c}.desc`)}
                    selected={answers.condition === c}
                    onTap={() => {
                      setAnswers('condition', c);
                      go('quality');
                    }}
                  />
                )}
              </For>
            </div>
          </Question>
        </Match>

        <Match when={step() === 'quality'}>
          <Question title={t('returns.step.quality')} hint={t('returns.step.quality.hint')}>
            <div class="rc-grid rc-grid-2">
              <Choice
                icon={UI_ICONS.quality}
                label={t('returns.quality.yes')}
                desc={t('returns.quality.yes.desc')}
                selected={answers.qualityIssue === true}
                onTap={() => {
                  setAnswers('qualityIssue', true);
                  go('result');
                }}
              />
              <Choice
                icon={UI_ICONS.noQuality}
                label={t('returns.quality.no')}
                desc={t('returns.quality.no.desc')}
                selected={answers.qualityIssue === false}
                onTap={() => {
                  setAnswers('qualityIssue', false);
                  go('result');
                }}
              />
            </div>
          </Question>
        </Match>

        <Match when={step() === 'result'}>
          <section class="rc-step" aria-labelledby="rc-result-title" aria-busy={result.loading ? 'true' : 'false'}>
            <Switch>
              <Match when={result.error}>
                <h2 id="rc-result-title" class="rc-question" tabindex="-1" ref={heading}>
                  {t('returns.result.label')}
                </h2>
                <p class="rc-error" role="alert">
                  {t('returns.error')}
                </p>
                <button type="button" class="rc-wide" onClick={() => refetch()}>
                  {t('returns.retry')}
                </button>
              </Match>
              <Match when={result.loading || !result()}>
                <h2 id="rc-result-title" class="rc-question" tabindex="-1" ref={heading}>
                  {t('returns.loading')}
                </h2>
              </Match>
              <Match when={result()}>{(r) => <ResultCard result={r()} />}</Match>
            </Switch>
            <Nav done={!!result()} />
          </section>
        </Match>
      </Switch>
    </div>
  );

  function ResultCard(p: { result: ReturnCheckResult }) {
    const look = () => TONE[p.result.outcome];
    const text = (b: { zh: string; en: string }) => (props.lang === 'en' ? b.en : b.zh);
    let title: HTMLHeadingElement | undefined;
    onMount(() => {
      title?.focus();
      // The paper is as long as this result (Chromium ignores `size: 80mm auto`).
      setPaperLength(
        resultLengthMm({
          reasons: p.result.reasons.map(
            (r) =>
              `${text(r.message)}（${t('returns.result.clause', { number: props.clauseNumbers[r.clause.id] ?? r.clause.id })}）`,
          ),
          nextSteps: p.result.nextSteps.map(text),
          lastDay: p.result.outcome === 'return_or_exchange',
        }),
      );
    });
    return (
      <article class={`rc-result rc-${look().tone}`} data-outcome={p.result.outcome} data-kiosk-finished="">
        <header class="rc-result-head">
          <Icon path={UI_ICONS[look().icon]} class="rc-result-icon" />
          <div>
            <p class="rc-result-label">{t('returns.result.label')}</p>
            <h2 id="rc-result-title" class="rc-result-title" tabindex="-1" ref={title}>
              {t(`returns.outcome.${p.result.outcome}`)}
            </h2>
            <p class="rc-result-sub">{t(`returns.outcome.${p.result.outcome}.sub`)}</p>
          </div>
        </header>

        <div class="rc-result-why">
          <h3>{t('returns.result.why')}</h3>
          <ul class="rc-reasons">
            <For each={p.result.reasons}>
              {(reason) => (
                <li data-code={reason.code}>
                  <span>{text(reason.message)}</span>
                  <a class="rc-clause" href={`/kiosk/policy/${reason.clause.id}`}>
                    <Icon path={UI_ICONS.clause} />
                    <span>
                      {t('returns.result.clause', {
                        number: props.clauseNumbers[reason.clause.id] ?? reason.clause.id,
                      })}
                    </span>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </div>
        <div class="rc-result-do">
          {/* A last day only where the counter can act on it: not for an excluded item, a window already
              past or a quality claim (the next steps say what to do instead). The closing time is stated once,
              in the next steps. */}
          <Show when={p.result.outcome === 'return_or_exchange'}>
            <p class="rc-lastday">
              <span class="rc-lastday-label">{t('returns.result.lastDay')}</span>
              <strong>{longDate(p.result.lastDay)}</strong>
            </p>
            <Show when={answers.range}>
              <p class="rc-hint">{t('returns.date.rangeNote', { date: longDate(answers.purchaseDate) })}</p>
            </Show>
          </Show>

          <h3>{t('returns.result.next')}</h3>
          <ol class="rc-next">
            <For each={p.result.nextSteps}>{(s) => <li>{text(s)}</li>}</For>
          </ol>
          <p class="rc-where">
            <Icon path={UI_ICONS.place} />
            <span class="rc-where-label">{t('returns.result.where')}</span>
            <strong>{props.desk}</strong>
          </p>
        </div>
        <div class="rc-result-answers">
          <h3 class="rc-answers-h">{t('returns.result.answers')}</h3>
          <ul class="rc-answers">
            <li>{categoryName(answers.category)}</li>
            <li>{longDate(answers.purchaseDate)}</li>
            <li>{t(`returns.proof.${answers.proof!}`)}</li>
            <li>{t(`returns.condition.${answers.condition!}`)}</li>
            <li>{t(answers.qualityIssue ? 'returns.quality.yes' : 'returns.quality.no')}</li>
          </ul>
        </div>
      </article>
    );
  }
}
