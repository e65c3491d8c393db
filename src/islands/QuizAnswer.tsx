/**
 * The answering screen: one question per screen, big targets, a visible timer, and every answer
 * saved as it is given. Answers not yet confirmed by the server are kept in localStorage and
 * re-sent when the connection returns, so a reload or a dropped connection loses nothing.
 * The server decides everything that counts (time, validity, score); the timer here only shows
 * the server's deadline and submits when it is reached.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount, untrack } from 'solid-js';
import { createStore } from 'solid-js/store';
import { translator } from '../lib/i18n/dict';
import type { PublicQuestion } from '../lib/quiz/quiz';
import type { QuizResponse } from '../lib/quiz/schema';

interface Props {
  attemptId: string;
  questions: PublicQuestion[];
  /** Responses the server already holds. */
  saved: Record<string, QuizResponse>;
  /** The server's deadline for this attempt (ISO). */
  deadline: string;
  /** The server's clock when the page was rendered (ISO), to correct a wrong device clock. */
  serverNow: string;
}

type Pending = { questionId: string; value: QuizResponse };
type SaveState = 'saved' | 'saving' | 'offline';

const t = translator('zh-CN');
const RETRY_MS = 3000;

/** Reloads the page (which then shows the result) at its top, not at the old scroll position. */
function reloadToTop() {
  history.scrollRestoration = 'manual';
  location.reload();
}

export default function QuizAnswer(props: Props) {
  // The attempt, the answers saved before this page load and the server's clock are read once, at start.
  const storageKey = untrack(() => `quiz-attempt:${props.attemptId}`);
  const [answers, setAnswers] = createStore<Record<string, QuizResponse>>(untrack(() => ({ ...props.saved })));
  const [index, setIndex] = createSignal(0);
  const [state, setState] = createSignal<SaveState>('saved');
  const [now, setNow] = createSignal(Date.now());
  const [confirming, setConfirming] = createSignal(false);
  const [submitting, setSubmitting] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let pending: Pending[] = [];
  let inFlight = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const clockOffset = untrack(() => Date.parse(props.serverNow)) - Date.now();

  const question = createMemo(() => props.questions[index()]);
  const total = () => props.questions.length;
  const answeredCount = createMemo(() => props.questions.filter((q) => isAnswered(answers[q.id])).length);
  const remainingMs = createMemo(() => Math.max(0, Date.parse(props.deadline) - (now() + clockOffset)));

  function persist() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ pending, index: index() }));
    } catch {
      // private mode or full storage: answers still go to the server
    }
  }

  function isAnswered(value: QuizResponse | undefined) {
    return value !== undefined && (!Array.isArray(value) || value.length > 0);
  }

  function answer(value: QuizResponse) {
    const id = question().id;
    setAnswers(id, value);
    pending = [...pending.filter((p) => p.questionId !== id), { questionId: id, value }];
    persist();
    void flush();
  }

  async function flush(): Promise<boolean> {
    if (inFlight) return false;
    inFlight = true;
    try {
      while (pending.length) {
        const item = pending[0];
        setState('saving');
        let res: Response;
        try {
          res = await fetch(`/api/training/attempts/${props.attemptId}/answers`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(item),
          });
        } catch {
          return offline();
        }
        if (res.status >= 500) return offline();
        if (res.status === 409 || res.status === 401 || res.status === 404) {
          // Submitted, timed out, ended, or signed out: the page shows where things stand.
          pending = [];
          persist();
          reloadToTop();
          return false;
        }
        // Saved, or refused as invalid (400, nothing to retry): drop it unless it changed meanwhile.
        if (pending[0] === item) pending = pending.slice(1);
        persist();
      }
      setState('saved');
      return true;
    } finally {
      inFlight = false;
    }
  }

  function offline(): false {
    setState('offline');
    clearTimeout(retry);
    retry = setTimeout(() => void flush(), RETRY_MS);
    return false;
  }

  async function submit() {
    if (submitting()) return;
    setConfirming(false);
    setSubmitting(true);
    setError(undefined);
    // Wait for earlier saves to land first (up to a few tries).
    for (let i = 0; i < 20 && pending.length; i++) {
      if (!(await flush())) await new Promise((r) => setTimeout(r, 250));
    }
    try {
      const res = await fetch(`/api/training/attempts/${props.attemptId}/submit`, { method: 'POST' });
      if (res.ok || res.status === 409 || res.status === 404) {
        pending = [];
        try {
          localStorage.removeItem(storageKey);
        } catch {
          // ignore
        }
        reloadToTop();
        return;
      }
      const body = await res.json().catch(() => ({}));
      setError(t('training.answer.error', { message: body?.error?.message ?? res.status }));
    } catch {
      setState('offline');
      setError(t('training.answer.offline'));
    }
    setSubmitting(false);
  }

  function askSubmit() {
    if (answeredCount() < total()) setConfirming(true);
    else void submit();
  }

  function go(i: number) {
    setIndex(Math.max(0, Math.min(total() - 1, i)));
    setConfirming(false);
    persist();
    document.getElementById('question-prompt')?.focus();
  }

  onMount(() => {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as {
        pending?: Pending[];
        index?: number;
      } | null;
      if (stored?.pending?.length) {
        pending = stored.pending.filter((p) => props.questions.some((q) => q.id === p.questionId));
        for (const p of pending) setAnswers(p.questionId, p.value);
      }
      if (typeof stored?.index === 'number') setIndex(Math.max(0, Math.min(total() - 1, stored.index)));
    } catch {
      // unreadable storage: start from what the server has
    }
    void flush();
    const tick = setInterval(() => {
      setNow(Date.now());
      if (remainingMs() <= 0 && !submitting()) void submit();
    }, 1000);
    const online = () => void flush();
    window.addEventListener('online', online);
    onCleanup(() => {
      clearInterval(tick);
      clearTimeout(retry);
      window.removeEventListener('online', online);
    });
  });

  const clock = () => {
    const s = Math.ceil(remainingMs() / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    return h ? `${h}:${mmss}` : mmss;
  };

  const chosen = (optionId: string) => {
    const v = answers[question().id];
    return Array.isArray(v) && v.includes(optionId);
  };

  const toggle = (optionId: string) => {
    const v = answers[question().id];
    const list = Array.isArray(v) ? v : [];
    answer(list.includes(optionId) ? list.filter((x) => x !== optionId) : [...list, optionId]);
  };

  return (
    <div class="quiz-answer">
      <div class="quiz-bar">
        <p class="timer" classList={{ low: remainingMs() < 60_000 }} role="timer" aria-live="off">
          <span class="label">{t('training.answer.timeLeft')}</span> <strong>{clock()}</strong>
        </p>
        <p class="save-state" role="status" data-state={state()}>
          {state() === 'saved'
            ? `✓ ${t('training.answer.saved')}`
            : state() === 'saving'
              ? t('training.answer.saving')
              : `⚠ ${t('training.answer.offline')}`}
        </p>
      </div>

      <Show when={question()}>
        {(q) => (
          <form class="question" onSubmit={(e) => e.preventDefault()}>
            <fieldset>
              <legend>
                <span class="counter">
                  {t('training.answer.of', { i: index() + 1, n: total() })} · {t(`training.answer.${q().type}`)}
                </span>
                <span id="question-prompt" class="prompt" tabindex="-1">
                  {q().prompt}
                </span>
              </legend>
              <div class="options">
                <Show
                  when={q().type !== 'truefalse'}
                  fallback={
                    <For each={[true, false]}>
                      {(value) => (
                        <label class="option" classList={{ chosen: answers[q().id] === value }}>
                          <input
                            type="radio"
                            name={`q-${q().id}`}
                            checked={answers[q().id] === value}
                            onChange={() => answer(value)}
                          />
                          <span>{value ? `✓ ${t('training.answer.true')}` : `✗ ${t('training.answer.false')}`}</span>
                        </label>
                      )}
                    </For>
                  }
                >
                  <For each={q().options}>
                    {(o, i) => (
                      <label class="option" classList={{ chosen: chosen(o.id) }}>
                        <input
                          type={q().type === 'single' ? 'radio' : 'checkbox'}
                          name={`q-${q().id}`}
                          checked={chosen(o.id)}
                          onChange={() => (q().type === 'single' ? answer([o.id]) : toggle(o.id))}
                        />
                        <span class="letter" aria-hidden="true">
                          {String.fromCharCode(65 + i())}
                        </span>
                        <span>{o.text}</span>
                      </label>
                    )}
                  </For>
                </Show>
              </div>
            </fieldset>
          </form>
        )}
      </Show>

      <div class="steps">
        <button type="button" class="secondary" disabled={index() === 0} onClick={() => go(index() - 1)}>
          ‹ {t('training.answer.prev')}
        </button>
        <Show
          when={index() < total() - 1}
          fallback={
            <button type="button" onClick={askSubmit} disabled={submitting()}>
              {submitting() ? t('training.answer.submitting') : t('training.answer.submit')}
            </button>
          }
        >
          <button type="button" onClick={() => go(index() + 1)}>
            {t('training.answer.next')} ›
          </button>
        </Show>
      </div>

      <Show when={confirming()}>
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">{t('training.answer.confirm', { n: total() - answeredCount() })}</p>
          <div class="steps">
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t('training.answer.confirmNo')}
            </button>
            <button type="button" onClick={() => void submit()}>
              {t('training.answer.confirmYes')}
            </button>
          </div>
        </div>
      </Show>
      <Show when={error()}>
        <p class="alert" role="alert">
          {error()}
        </p>
      </Show>

      <nav class="grid-nav" aria-label={t('training.answer.nav')}>
        <ol>
          <For each={props.questions}>
            {(q, i) => (
              <li>
                <button
                  type="button"
                  class="secondary"
                  classList={{ answered: isAnswered(answers[q.id]), current: i() === index() }}
                  aria-current={i() === index() ? 'step' : undefined}
                  aria-label={`${t('training.answer.of', { i: i() + 1, n: total() })}${isAnswered(answers[q.id]) ? ` ${t('training.answer.answered')}` : ''}`}
                  onClick={() => go(i())}
                >
                  {i() + 1}
                  {isAnswered(answers[q.id]) ? '✓' : ''}
                </button>
              </li>
            )}
          </For>
        </ol>
        <p class="answered-count">
          {t('training.answer.answered')} {answeredCount()} / {total()}
        </p>
        <Show when={index() < total() - 1}>
          <button type="button" class="submit-early secondary" onClick={askSubmit} disabled={submitting()}>
            {t('training.answer.submit')}
          </button>
        </Show>
      </nav>
    </div>
  );
}
