/**
 * The staff header's search box: a real `<form action="/search">` (works without
 * JavaScript), enhanced into an ARIA combobox that searches the prebuilt index in the
 * browser as you type. `/` focuses it; arrows move, Enter opens, Escape closes.
 */
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { splitHighlights, type TextPart } from '../lib/search/highlight';
import { createSearcher, type Searcher } from '../lib/search/search';
import type { SearchAsset, SearchResult } from '../lib/search/types';

export interface StaffSearchLabels {
  label: string;
  placeholder: string;
  submit: string;
  suggestions: string;
  results: string;
  empty: string;
  loading: string;
  unavailable: string;
  more: string;
}

const LIST_ID = 'staff-search-list';
const optionId = (i: number) => `staff-search-opt-${i}`;
const DEBOUNCE_MS = 60;
const LIMIT = 8;

function Marked(props: { parts: TextPart[] }) {
  return <For each={props.parts}>{(part) => (part.mark ? <mark>{part.text}</mark> : part.text)}</For>;
}

export default function StaffSearch(props: { indexUrl: string; labels: StaffSearchLabels }) {
  const [query, setQuery] = createSignal('');
  const [results, setResults] = createSignal<SearchResult[]>([]);
  const [total, setTotal] = createSignal(0);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const [state, setState] = createSignal<'loading' | 'ready' | 'error'>('loading');
  let input!: HTMLInputElement;
  let root!: HTMLFormElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastInput = -Infinity;
  let searcher: Promise<Searcher> | undefined;

  const load = () =>
    (searcher ??= fetch(props.indexUrl)
      .then((r) => {
        if (!r.ok) throw new Error(`search index: HTTP ${r.status}`);
        return r.json() as Promise<SearchAsset>;
      })
      .then((asset) => {
        performance.mark('search:index-fetched');
        const s = createSearcher(asset);
        performance.mark('search:index-ready');
        setState('ready');
        // A page's first query pays for the word segmenter's dictionary and cold code (about
        // 20 ms in Chromium): pay it while nobody is typing, so the first keystroke doesn't.
        (window.requestIdleCallback ?? setTimeout)(() => s.search('退货 tuihuo'));
        return s;
      })
      .catch((error: unknown) => {
        setState('error');
        throw error;
      }));

  // Bumped by every keystroke and by Escape: a search that finishes later is dropped.
  let generation = 0;
  const run = async (q: string, mine: number) => {
    const s = await load().catch(() => undefined);
    if (mine !== generation) return;
    if (!s) {
      setOpen(true);
      return;
    }
    const response = s.search(q, { limit: LIMIT });
    setResults(response.results);
    setTotal(response.total);
    setActive(-1);
    setOpen(true);
  };

  const onInput = (value: string) => {
    setQuery(value);
    clearTimeout(timer);
    const mine = ++generation;
    if (!value.trim()) {
      setOpen(false);
      setResults([]);
      return;
    }
    // Leading edge: the first keystroke after a pause searches at once, a burst waits.
    const now = performance.now();
    const wait = now - lastInput > DEBOUNCE_MS ? 0 : DEBOUNCE_MS;
    lastInput = now;
    timer = setTimeout(() => void run(value, mine), wait);
  };

  const go = (result: SearchResult) => {
    setOpen(false);
    window.location.assign(result.url);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = results().length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open() && query().trim()) setOpen(true);
      if (count === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // Cycles through the options and back to the input (-1).
      setActive((i) => {
        const next = i + step;
        return next >= count ? -1 : next < -1 ? count - 1 : next;
      });
      document.getElementById(optionId(active()))?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' && open() && active() >= 0 && results()[active()]) {
      event.preventDefault();
      go(results()[active()]);
    } else if (event.key === 'Escape') {
      clearTimeout(timer);
      generation++;
      if (open()) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (query()) {
        input.value = '';
        onInput('');
      }
    }
  };

  const onSlash = (event: KeyboardEvent) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    input.focus();
    input.select();
  };

  const onFocusOut = (event: FocusEvent) => {
    if (!root.contains(event.relatedTarget as Node | null)) setOpen(false);
  };

  const prefetch = () => void load().catch(() => {});

  onMount(() => {
    document.addEventListener('keydown', onSlash);
    onCleanup(() => document.removeEventListener('keydown', onSlash));
    // The index is fetched when someone is about to search, not on every page view: on focus (or
    // `/`), on a pointer over the box (a head start before the click), or if the box already has
    // the focus or text when the island mounts. Fetch and parse take well under the 300 ms budget.
    if (document.activeElement === input) prefetch();
    // Text typed before hydration has no input event of its own.
    if (input.value) onInput(input.value);
  });
  onCleanup(() => clearTimeout(timer));

  const status = () => {
    if (!open()) return '';
    if (state() === 'error') return props.labels.unavailable;
    if (state() === 'loading') return props.labels.loading;
    return total() === 0 ? props.labels.empty : props.labels.results.replace('{n}', String(total()));
  };

  return (
    <form
      class="staff-search"
      role="search"
      action="/search"
      method="get"
      ref={root}
      onFocusIn={prefetch}
      onPointerEnter={prefetch}
      onFocusOut={onFocusOut}
    >
      <label class="visually-hidden" for="staff-search-input">
        {props.labels.label}
      </label>
      <input
        ref={input}
        id="staff-search-input"
        type="search"
        name="q"
        maxLength={200}
        autocomplete="off"
        spellcheck={false}
        placeholder={props.labels.placeholder}
        role="combobox"
        aria-expanded={open() && results().length > 0}
        aria-controls={LIST_ID}
        aria-autocomplete="list"
        aria-activedescendant={active() >= 0 ? optionId(active()) : undefined}
        aria-keyshortcuts="/"
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onFocus={() => query().trim() && results().length > 0 && setOpen(true)}
      />
      <button type="submit" class="staff-search-submit">
        {props.labels.submit}
      </button>
      <div class="staff-search-pop" hidden={!open()}>
        <ul id={LIST_ID} role="listbox" aria-label={props.labels.suggestions}>
          <For each={results()}>
            {(result, i) => (
              <li
                id={optionId(i())}
                role="option"
                aria-selected={active() === i()}
                class="staff-search-opt"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => go(result)}
                onMouseMove={() => setActive(i())}
              >
                <span class="opt-title">
                  <Marked parts={splitHighlights(result.title, result.titleHighlights)} />
                </span>
                <span class="opt-where">
                  {result.pageTitle} · {result.id}
                </span>
                <span class="opt-excerpt">
                  <Marked parts={splitHighlights(result.excerpt, result.highlights)} />
                </span>
              </li>
            )}
          </For>
        </ul>
        <p class="staff-search-note" aria-hidden="true">
          {status()}
          <Show when={state() === 'ready' && total() > results().length}>
            {' · '}
            {props.labels.more}
          </Show>
        </p>
      </div>
      {/* A polite live region without role="status", which belongs to each page's own messages. */}
      <p class="visually-hidden" aria-live="polite" aria-atomic="true">
        {status()}
      </p>
    </form>
  );
}
