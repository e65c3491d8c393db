/**
 * Kiosk search over the shopper guide, with an on-screen pinyin/Latin keyboard (no OS
 * keyboard needed). Asks /api/search (shopper pages of the shopper guide) rather than
 * downloading the index; results open the guide page at the clause, inside /kiosk. In
 * English, English words find the guide's English clauses, and results come back in English.
 */
import { createSignal, For, onCleanup, Show, untrack } from 'solid-js';
import { resultUrlWithQuery, searchPageUrl } from '../lib/kiosk/search-back';
import { kioskClauseUrl } from '../lib/policies/clause-link';
import { splitHighlights, type TextPart } from '../lib/search/highlight';
import type { Lang } from '../lib/i18n/dict';
import type { SearchResponse } from '../lib/search/types';

export interface KioskSearchLabels {
  input: string;
  prompt: string;
  keyboard: string;
  backspace: string;
  clear: string;
  space: string;
  results: string;
  none: string;
  error: string;
}

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DEBOUNCE_MS = 150;

function Marked(props: { parts: TextPart[] }) {
  return <For each={props.parts}>{(part) => (part.mark ? <mark>{part.text}</mark> : part.text)}</For>;
}

export default function KioskSearch(props: { labels: KioskSearchLabels; initialQuery?: string; lang?: Lang }) {
  const [query, setQuery] = createSignal(props.initialQuery ?? '');
  const [response, setResponse] = createSignal<SearchResponse | undefined>();
  const [failed, setFailed] = createSignal(false);
  // True from a keystroke until the answer for the text now in the box is shown (aria-busy).
  const [pending, setPending] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const run = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    const params = new URLSearchParams({
      q,
      audience: 'shopper',
      section: 'shopper-guide',
      limit: '8',
      lang: props.lang ?? 'zh-CN',
    });
    try {
      const r = await fetch(`/api/search?${params}`, { signal: controller.signal });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const data = (await r.json()) as SearchResponse;
      if (q === query().trim()) {
        setResponse(data);
        setFailed(false);
        setPending(false);
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') {
        setFailed(true);
        setPending(false);
      }
    }
  };

  const update = (value: string) => {
    const next = value.slice(0, 200);
    setQuery(next);
    // The address carries the query, so Back from a result (or the browser's Back) finds the search again.
    history.replaceState(history.state, '', searchPageUrl(next));
    clearTimeout(timer);
    if (!next.trim()) {
      controller?.abort();
      setResponse(undefined);
      setFailed(false);
      setPending(false);
      return;
    }
    setPending(true);
    timer = setTimeout(() => void run(next.trim()), DEBOUNCE_MS);
  };
  const initialQuery = props.initialQuery?.trim();
  if (initialQuery) {
    setPending(true);
    // Once, for the query the page was opened with; later searches follow the keys.
    untrack(() => void run(initialQuery));
  }
  onCleanup(() => clearTimeout(timer));

  const type = (ch: string) => update(query() + ch);
  // A derived value read in JSX (a <Show> callback would run once, untracked, and go stale).
  const countText = () => {
    const r = response();
    if (failed()) return props.labels.error;
    if (!r) return '';
    return r.total === 0 ? props.labels.none : props.labels.results.replace('{n}', String(r.results.length));
  };

  return (
    <div class="kiosk-search">
      <div class="kiosk-search-pane">
        <form role="search" action="/kiosk/search" method="get" onSubmit={(e) => e.preventDefault()}>
          <label class="kiosk-search-label" for="kiosk-search-input">
            {props.labels.input}
          </label>
          <input
            id="kiosk-search-input"
            class="kiosk-search-input"
            type="search"
            name="q"
            inputmode="none"
            autocomplete="off"
            spellcheck={false}
            maxLength={200}
            value={query()}
            onInput={(e) => update(e.currentTarget.value)}
          />
        </form>
        <p class="kiosk-search-prompt">{props.labels.prompt}</p>
        <div class="kiosk-keyboard" role="group" aria-label={props.labels.keyboard}>
          <For each={ROWS}>
            {(row) => (
              <div class="kiosk-key-row">
                <For each={[...row]}>
                  {(ch) => (
                    <button type="button" class="kiosk-key" onClick={() => type(ch)}>
                      {ch}
                    </button>
                  )}
                </For>
              </div>
            )}
          </For>
          <div class="kiosk-key-row">
            <button type="button" class="kiosk-key wide" onClick={() => type(' ')}>
              {props.labels.space}
            </button>
            <button type="button" class="kiosk-key mid" onClick={() => update(query().slice(0, -1))}>
              <span aria-hidden="true">⌫ </span>
              {props.labels.backspace}
            </button>
            <button type="button" class="kiosk-key mid" onClick={() => update('')}>
              {props.labels.clear}
            </button>
          </div>
        </div>
      </div>
      <div class="kiosk-search-results" aria-busy={pending()}>
        <p role="status" class="kiosk-search-count">
          {countText()}
        </p>
        <Show when={!failed() && response()?.results.length}>
          <ul class="kiosk-list">
            <For each={response()!.results.filter((r) => kioskClauseUrl(r))}>
              {(r) => (
                <li>
                  <a href={resultUrlWithQuery(kioskClauseUrl(r)!, query())}>
                    <Marked parts={splitHighlights(r.title, r.titleHighlights)} />
                    <small>
                      <Marked parts={splitHighlights(r.excerpt, r.highlights)} />
                    </small>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </div>
  );
}
