/** The trainer's live table: who joined and how far they are, polled from the server every 2 s. */
import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { translator } from '../lib/i18n/dict';

interface Person {
  attemptId: string;
  name: string;
  number: number;
  answered: number;
  total: number;
  status: 'answering' | 'submitted';
}
interface Snapshot {
  status: 'created' | 'live' | 'ended';
  joined: number;
  submitted: number;
  people: Person[];
}
interface Props {
  quizId: string;
  initial: Snapshot;
}

const t = translator('zh-CN');
const POLL_MS = 2000;

export default function LiveProgress(props: Props) {
  const [data, setData] = createSignal<Snapshot>(props.initial);
  const [stale, setStale] = createSignal(false);

  onMount(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`/api/training/quizzes/${props.quizId}/progress`, {
          headers: { Accept: 'application/json' },
        });
        if (!res.ok) throw new Error(String(res.status));
        setData(await res.json());
        setStale(false);
      } catch {
        setStale(true);
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    onCleanup(() => {
      stopped = true;
      clearTimeout(timer);
    });
  });

  return (
    <section class="live-progress" aria-labelledby="live-counts">
      <p id="live-counts" class="counts" role="status">
        {t('training.live.counts', { joined: data().joined, submitted: data().submitted })}
      </p>
      <p class="refresh">{stale() ? t('training.live.stale') : t('training.live.refresh')}</p>
      <Show when={data().people.length > 0} fallback={<p>{t('training.live.empty')}</p>}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('training.col.name')}</th>
              <th scope="col">{t('training.col.progress')}</th>
              <th scope="col">{t('training.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={data().people}>
              {(p) => (
                <tr>
                  <td>
                    {p.name}
                    {p.number > 1 ? `（#${p.number}）` : ''}
                  </td>
                  <td>
                    <progress max={p.total} value={p.answered} aria-label={`${p.name} ${t('training.col.progress')}`} />{' '}
                    <span class="num">
                      {p.answered} / {p.total}
                    </span>
                  </td>
                  <td>
                    {p.status === 'submitted' ? `✓ ${t('training.live.submitted')}` : t('training.live.answering')}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
