/**
 * A phone in a paced quiz (390×844): while a question is open, its options as large buttons, each
 * with a colour, a shape and a letter (never colour alone); locked once answered or when the
 * countdown ends; after the reveal, right or wrong and the points; at the end, the total and the
 * rank. The state arrives as server-sent events; a reconnect resumes at the room's question.
 */
import { For, Match, Show, Switch, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { translator } from '../lib/i18n/dict';
import type { PlayerView } from '../lib/quiz/live-view';
import type { QuizResponse } from '../lib/quiz/schema';
import { lookOf, remainingMs } from '../lib/quiz/live-look';
import { followLive } from './live-stream';

interface Props {
  quizId: string;
  initial: PlayerView;
}

const t = translator('zh-CN');

export default function LivePlay(props: Props) {
  const [view, setView] = createSignal<PlayerView>(props.initial);
  const [offset, setOffset] = createSignal(Date.parse(props.initial.serverNow) - Date.now());
  const [now, setNow] = createSignal(Date.now());
  const [connected, setConnected] = createSignal(true);
  /** Answers sent from this phone, by question index (shown at once, before the event confirms). */
  const [sent, setSent] = createSignal<Record<number, QuizResponse>>({});
  const [picked, setPicked] = createSignal<string[]>([]);
  const [pickedFor, setPickedFor] = createSignal(-1);
  const [error, setError] = createSignal('');
  const [sending, setSending] = createSignal(false);

  onMount(() => {
    const stop = followLive<PlayerView>(
      `/api/training/live/${props.quizId}/events`,
      (v) => {
        setOffset(Date.parse(v.serverNow) - Date.now());
        setView(v);
      },
      setConnected,
    );
    const tick = setInterval(() => setNow(Date.now()), 250);
    onCleanup(() => {
      stop();
      clearInterval(tick);
    });
  });

  const left = createMemo(() => remainingMs(view().deadline, offset(), now()));
  const mine = () => view().mine ?? sent()[view().index];
  const open = () => view().phase === 'open' && view().answering && left() > 0;
  const locked = () => !open() || mine() !== undefined || sending();
  const chosen = (id: string) => {
    const m = mine();
    if (m === undefined) return pickedFor() === view().index && picked().includes(id);
    return Array.isArray(m) ? m.includes(id) : String(m) === id;
  };

  const send = async (value: QuizResponse) => {
    const index = view().index;
    setSending(true);
    setError('');
    try {
      const res = await fetch(`/api/training/live/${props.quizId}/answer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ index, value }),
      });
      if (res.ok || res.status === 409) {
        if (res.ok) setSent({ ...sent(), [index]: value });
        else
          setError(t('live.play.error', { m: ((await res.json()) as { error: { message: string } }).error.message }));
      } else setError(t('live.play.error', { m: String(res.status) }));
    } catch {
      setError(t('live.stale'));
    } finally {
      setSending(false);
    }
  };

  const tap = (id: string) => {
    if (locked()) return;
    const q = view().question!;
    if (q.type === 'truefalse') return void send(id === 'true');
    if (q.type === 'single') return void send([id]);
    const current = pickedFor() === view().index ? picked() : [];
    setPickedFor(view().index);
    setPicked(current.includes(id) ? current.filter((x) => x !== id) : [...current, id]);
  };

  return (
    <div class="lplay" data-phase={view().phase}>
      <div class="lplay-bar">
        <Show when={view().phase === 'open' || view().phase === 'revealed'}>
          <span>{t('live.question', { i: view().index + 1, n: view().count })}</span>
        </Show>
        <Show when={view().phase === 'open' && left() > 0}>
          <span class="lplay-timer" classList={{ 'lplay-timer-low': left() <= 5000 }}>
            {Math.ceil(left() / 1000)} {t('live.secondsUnit')}
          </span>
        </Show>
        <span class="lplay-total">{t('live.play.total', { p: view().total })}</span>
      </div>
      <Show when={!connected()}>
        <p class="lplay-stale" role="alert">
          {t('live.stale')}
        </p>
      </Show>

      <Switch>
        <Match when={view().phase === 'waiting'}>
          <p class="lplay-wait" role="status">
            {t('live.play.waiting')}
          </p>
          <p class="lplay-people">{t('live.joined', { n: view().players })}</p>
        </Match>

        <Match when={view().phase === 'finished'}>
          <section class="lplay-final" role="status">
            <h2>{t('live.play.final')}</h2>
            <p class="lplay-final-points">{t('live.points', { p: view().total })}</p>
            <Show when={view().rank !== undefined}>
              <p class="lplay-final-rank">{t('live.play.rank', { r: view().rank!, n: view().players })}</p>
            </Show>
          </section>
        </Match>

        <Match when={view().question}>
          {(q) => (
            <section class="lplay-q">
              <h2 class="lplay-prompt">{q().prompt}</h2>
              <Show when={q().type === 'multiple' && view().phase === 'open'}>
                <p class="lplay-hint">{t('live.play.pick')}</p>
              </Show>
              <div class="lplay-options" role="group" aria-label={q().prompt}>
                <For each={q().options}>
                  {(o, i) => (
                    <button
                      type="button"
                      class="lplay-option"
                      classList={{
                        'lplay-chosen': chosen(o.id),
                        'lplay-right': !!view().reveal && view().reveal!.answer.includes(o.id),
                      }}
                      style={{ 'background-color': lookOf(i()).color }}
                      aria-pressed={chosen(o.id)}
                      disabled={locked() && !chosen(o.id)}
                      aria-disabled={locked()}
                      onClick={() => tap(o.id)}
                    >
                      <span class="lplay-shape" aria-hidden="true">
                        {lookOf(i()).shape}
                      </span>
                      <span class="lplay-letter">{o.letter}</span>
                      <span class="lplay-text">{o.text}</span>
                      <Show when={view().reveal && view().reveal!.answer.includes(o.id)}>
                        <span class="lplay-badge">{t('live.play.isRight')}</span>
                      </Show>
                      <Show when={chosen(o.id)}>
                        <span class="lplay-badge">{view().reveal ? t('live.play.mine') : '✓'}</span>
                      </Show>
                    </button>
                  )}
                </For>
              </div>
              <Show when={q().type === 'multiple' && !locked()}>
                <button
                  type="button"
                  class="big lplay-submit"
                  disabled={pickedFor() !== view().index || picked().length === 0}
                  onClick={() => void send(picked())}
                >
                  {t('live.play.submit')}
                </button>
              </Show>
              <Show when={!view().reveal}>
                <p class="lplay-status" role="status">
                  {mine() !== undefined
                    ? t('live.play.sent')
                    : !open() && view().phase === 'open'
                      ? t('live.play.timeUp')
                      : ''}
                </p>
              </Show>
              <Show when={view().reveal}>
                {(r) => (
                  <div
                    class="lplay-result"
                    classList={{ 'lplay-ok': r().correct === true, 'lplay-bad': r().correct !== true }}
                    role="status"
                  >
                    <p class="lplay-verdict">
                      {r().correct === true
                        ? `✓ ${t('live.play.correct')} ${t('live.play.gain', { p: r().points })}`
                        : r().correct === false
                          ? `✗ ${t('live.play.wrong')}`
                          : t('live.play.none')}
                    </p>
                    <p>
                      {t('live.right')}：
                      {q()
                        .options.filter((o) => r().answer.includes(o.id))
                        .map((o) => `${o.letter} ${o.text}`)
                        .join('；')}
                    </p>
                    <p class="lplay-explain">{r().explanation}</p>
                    <Show when={view().rank !== undefined}>
                      <p>{t('live.play.rank', { r: view().rank!, n: view().players })}</p>
                    </Show>
                    <p class="lplay-next">{t('live.play.wait.next')}</p>
                  </div>
                )}
              </Show>
              <Show when={error()}>
                <p class="alert" role="alert">
                  {error()}
                </p>
              </Show>
            </section>
          )}
        </Match>
      </Switch>
    </div>
  );
}
