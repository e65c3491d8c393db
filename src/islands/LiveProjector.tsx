/**
 * The projector of a paced quiz (1920×1080, read from the back of the room): the join code and QR
 * while waiting; one question with a big countdown; after the reveal the answers per option, the
 * right one, its clause and the explanation; the leaderboard. The trainer's buttons carry the
 * phase and question they were pressed on, so a double click or a stale screen changes nothing.
 * Updates arrive as server-sent events; on a lost connection the browser reconnects and the
 * first event is the whole current state.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { translator } from '../lib/i18n/dict';
import type { LeaderboardMode } from '../lib/quiz/live-schema';
import type { ProjectorView } from '../lib/quiz/live-view';
import { lookOf, remainingMs } from '../lib/quiz/live-look';
import { followLive } from './live-stream';

interface Props {
  quizId: string;
  initial: ProjectorView;
  code: string;
  /** The join QR code as an image data URL (generated on the server from our own URL). */
  qr: string;
  /** Where to type the code without scanning. */
  host: string;
}

const t = translator('zh-CN');

export default function LiveProjector(props: Props) {
  const [view, setView] = createSignal<ProjectorView>(props.initial);
  const [offset, setOffset] = createSignal(Date.parse(props.initial.serverNow) - Date.now());
  const [now, setNow] = createSignal(Date.now());
  const [connected, setConnected] = createSignal(true);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  let autoRevealed = -1;

  const receive = (v: ProjectorView) => {
    setOffset(Date.parse(v.serverNow) - Date.now());
    setView(v);
  };

  const control = async (body: object) => {
    setBusy(true);
    setError('');
    try {
      const res = await fetch(`/api/training/live/${props.quizId}/control`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      // 409: someone (another click, the countdown) moved first; the next event shows where.
      if (!res.ok && res.status !== 409) setError(((await res.json()) as { error: { message: string } }).error.message);
    } catch {
      setError(t('live.stale'));
    } finally {
      setBusy(false);
    }
  };
  const step = (action: 'start' | 'reveal' | 'next' | 'finish') =>
    control({ action, expect: { phase: view().phase, index: view().index } });

  onMount(() => {
    const stop = followLive<ProjectorView>(
      `/api/training/live/${props.quizId}/events?view=projector`,
      receive,
      setConnected,
    );
    const tick = setInterval(() => {
      setNow(Date.now());
      const v = view();
      // The countdown ended: ask for the reveal (the server's timer does too; one wins).
      if (v.phase === 'open' && autoRevealed !== v.index && left() === 0) {
        autoRevealed = v.index;
        void step('reveal');
      }
    }, 200);
    onCleanup(() => {
      stop();
      clearInterval(tick);
    });
  });

  const left = createMemo(() => remainingMs(view().deadline, offset(), now()));
  const seconds = () => Math.ceil(left() / 1000);
  const maxCount = () => Math.max(1, ...(view().reveal?.options.map((o) => o.count) ?? [1]));

  return (
    <div class="lp" data-phase={view().phase}>
      <header class="lp-bar">
        <span class="lp-title">{view().title}</span>
        <Show when={view().phase !== 'waiting' && view().phase !== 'finished'}>
          <span class="lp-count">{t('live.question', { i: view().index + 1, n: view().count })}</span>
        </Show>
        <span class="lp-joined" role="status">
          {t('live.joined', { n: view().joined })}
        </span>
        <Show when={!connected()}>
          <span class="lp-stale" role="alert">
            {t('live.stale')}
          </span>
        </Show>
      </header>

      <Show when={view().phase === 'waiting'}>
        <section class="lp-wait">
          <div>
            <h1>{t('live.waiting')}</h1>
            <p class="lp-code" aria-label={`${t('training.col.code')} ${props.code.split('').join(' ')}`}>
              {props.code}
            </p>
            <p class="lp-hint">{t('live.scan', { url: props.host })}</p>
            <p class="lp-big-count">{t('live.joined', { n: view().joined })}</p>
          </div>
          <img class="lp-qr" src={props.qr} alt={t('training.live.qr')} width="520" height="520" />
        </section>
      </Show>

      <Show when={view().question && (view().phase === 'open' || view().phase === 'revealed')}>
        <section class="lp-question">
          <div class="lp-q-head">
            <h1 class="lp-prompt">{view().question!.prompt}</h1>
            <Show when={view().phase === 'open'}>
              <div class="lp-timer" classList={{ 'lp-timer-low': seconds() <= 5 }} aria-live="off">
                <span class="lp-timer-n">{seconds()}</span>
                <span class="lp-timer-u">{t('live.secondsUnit')}</span>
              </div>
            </Show>
          </div>
          <Show
            when={view().reveal}
            fallback={
              <>
                <ol class="lp-options">
                  <For each={view().question!.options}>
                    {(o, i) => (
                      <li class="lp-option" style={{ 'background-color': lookOf(i()).color }}>
                        <span class="lp-shape" aria-hidden="true">
                          {lookOf(i()).shape}
                        </span>
                        <span class="lp-letter">{o.letter}</span>
                        <span class="lp-text">{o.text}</span>
                      </li>
                    )}
                  </For>
                </ol>
                <p class="lp-answered" role="status">
                  {t('live.answered', { a: view().answered, n: view().joined })}
                </p>
              </>
            }
          >
            {(r) => (
              <div class="lp-reveal">
                <ol class="lp-bars" aria-label={t('live.answered', { a: r().total, n: view().joined })}>
                  <For each={r().options}>
                    {(o, i) => (
                      <li class="lp-bar-row" classList={{ 'lp-right': o.correct }}>
                        <span class="lp-bar-label" style={{ 'background-color': lookOf(i()).color }}>
                          <span aria-hidden="true">{lookOf(i()).shape}</span> {o.letter}
                        </span>
                        <span class="lp-bar-track">
                          <span
                            class="lp-bar-fill"
                            style={{
                              width: `${(o.count / maxCount()) * 100}%`,
                              'background-color': lookOf(i()).color,
                            }}
                          />
                          <span class="lp-bar-text">
                            {o.correct ? '✓ ' : ''}
                            {o.text}
                          </span>
                        </span>
                        <span class="lp-bar-n">{o.count}</span>
                      </li>
                    )}
                  </For>
                </ol>
                <div class="lp-why">
                  <p class="lp-right-answer">
                    <strong>{t('live.right')}：</strong>
                    {r()
                      .options.filter((o) => o.correct)
                      .map((o) => `${o.letter} ${o.text}`)
                      .join('；')}
                  </p>
                  <p>
                    <strong>{t('live.clauses')}：</strong>
                    <For each={r().clauses}>
                      {(c) => (
                        <Show when={c.href} fallback={<span class="lp-clause">{c.title}</span>}>
                          <a class="lp-clause" href={c.href}>
                            {c.title}
                          </a>
                        </Show>
                      )}
                    </For>
                  </p>
                  <p class="lp-explain">
                    <strong>{t('live.explanation')}：</strong>
                    {r().explanation}
                  </p>
                </div>
              </div>
            )}
          </Show>
        </section>
      </Show>

      <Show when={view().board && (view().phase === 'finished' || view().reveal)}>
        <section class="lp-board" classList={{ 'lp-board-final': view().phase === 'finished' }}>
          <h2>{view().phase === 'finished' ? t('live.finished') + ' · ' + t('live.board') : t('live.board')}</h2>
          <Show when={view().board!.length > 0} fallback={<p>{t('live.board.empty')}</p>}>
            <ol class="lp-board-list">
              <For each={view().board}>
                {(row) => (
                  <li>
                    <span class="lp-rank">{row.rank}</span>
                    <span class="lp-name">{row.name}</span>
                    <span class="lp-points">{t('live.points', { p: row.points })}</span>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        </section>
      </Show>
      <Show when={view().phase === 'finished' && !view().board}>
        <section class="lp-board lp-board-final">
          <h2>{t('live.finished')}</h2>
        </section>
      </Show>

      <footer class="lp-controls">
        <Show when={view().phase === 'waiting'}>
          <button type="button" class="big" disabled={busy()} onClick={() => void step('start')}>
            {t('live.start')}
          </button>
        </Show>
        <Show when={view().phase === 'open'}>
          <button type="button" class="big" disabled={busy()} onClick={() => void step('reveal')}>
            {t('live.reveal')}
          </button>
        </Show>
        <Show when={view().phase === 'revealed'}>
          <button type="button" class="big" disabled={busy()} onClick={() => void step('next')}>
            {view().index + 1 < view().count ? t('live.next') : t('live.last')}
          </button>
        </Show>
        <label class="lp-mode">
          {t('live.field.leaderboard')}
          <select
            value={view().leaderboard}
            onChange={(e) => void control({ action: 'leaderboard', mode: e.currentTarget.value as LeaderboardMode })}
          >
            <option value="full">{t('live.leaderboard.full')}</option>
            <option value="initials">{t('live.leaderboard.initials')}</option>
            <option value="off">{t('live.leaderboard.off')}</option>
          </select>
        </label>
        <Show when={view().phase !== 'finished'}>
          <button type="button" class="secondary" disabled={busy()} onClick={() => void step('finish')}>
            {t('live.finish')}
          </button>
        </Show>
        <Show when={error()}>
          <span class="lp-error" role="alert">
            {error()}
          </span>
        </Show>
      </footer>
    </div>
  );
}
