/**
 * The question editor's clause search: a search over the policy library (`/api/search`) whose hits
 * add their clause id to the form's plain text field of clause ids (`fieldId`, rendered by the page
 * so it works without JavaScript and keeps whatever was typed before this island woke up). The
 * server checks every id again when the question is saved.
 */
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';

export interface ClausePickerLabels {
  search: string;
  button: string;
  placeholder: string;
  add: string;
  added: string;
  none: string;
  error: string;
}

interface Hit {
  id: string;
  title: string;
  pageTitle: string;
  excerpt: string;
}

const split = (v: string) =>
  v
    .split(/[\s,，、;；]+/)
    .map((c) => c.trim())
    .filter(Boolean);

export default function ClausePicker(props: { fieldId: string; labels: ClausePickerLabels }) {
  const [value, setValue] = createSignal('');
  const [query, setQuery] = createSignal('');
  const [hits, setHits] = createSignal<Hit[] | undefined>();
  const [failed, setFailed] = createSignal(false);
  let asked = 0;
  const field = () => document.getElementById(props.fieldId) as HTMLInputElement | null;
  const chosen = () => new Set(split(value()));

  onMount(() => {
    // The field is the page's, not this island's: follow what is typed into it.
    const initialField = field();
    if (!initialField) return;
    const sync = () => setValue(initialField.value);
    sync();
    initialField.addEventListener('input', sync);
    onCleanup(() => initialField.removeEventListener('input', sync));
  });

  const search = async (event: Event) => {
    event.preventDefault();
    const q = query().trim();
    if (!q) return;
    const mine = ++asked;
    try {
      const res = await fetch(`/api/search?${new URLSearchParams({ q, limit: '8' })}`);
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { results: Hit[] };
      if (mine === asked) {
        setHits(body.results);
        setFailed(false);
      }
    } catch {
      if (mine === asked) setFailed(true);
    }
  };

  const add = (id: string) => {
    const input = field();
    if (!input) return;
    const ids = split(input.value);
    if (!ids.includes(id)) input.value = [...ids, id].join(', ');
    setValue(input.value);
  };

  return (
    <div class="picker-search" role="search">
      <label for="clause-query">{props.labels.search}</label>
      <div class="picker-row">
        <input
          id="clause-query"
          type="search"
          value={query()}
          placeholder={props.labels.placeholder}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter searches instead of submitting the question form.
            if (e.key === 'Enter') void search(e);
          }}
        />
        <button type="button" class="secondary" onClick={(e) => void search(e)}>
          {props.labels.button}
        </button>
      </div>
      <Show when={failed()}>
        <p class="field-error">{props.labels.error}</p>
      </Show>
      <Show when={hits()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="hint">{props.labels.none}</p>}>
            <ul class="picker-hits" aria-live="polite">
              <For each={list()}>
                {(hit) => (
                  <li>
                    <span>
                      <code>{hit.id}</code> {hit.pageTitle} · {hit.title}
                      <small>{hit.excerpt}</small>
                    </span>
                    <button
                      type="button"
                      class="secondary"
                      disabled={chosen().has(hit.id)}
                      aria-label={`${props.labels.add} ${hit.id}`}
                      onClick={() => add(hit.id)}
                    >
                      {chosen().has(hit.id) ? props.labels.added : props.labels.add}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </div>
  );
}
