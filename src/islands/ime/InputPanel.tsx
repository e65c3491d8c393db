/**
 * The kiosk's own on-screen input panel (not an island: the feedback flow loads it lazily when a
 * text step opens). Pinyin with a candidate bar, handwriting, letters, digits and punctuation,
 * and ready phrases; it edits the field it is given at the caret and keeps the field focused, so
 * no operating-system keyboard is ever needed. The engines are pure (src/lib/ime); this component
 * loads their data, draws, and forwards taps.
 */
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { createRecogniser, type Stroke } from '../../lib/ime/handwriting';
import { commitPending, createPinyinEngine, rememberChoice, type Candidate } from '../../lib/ime/pinyin';
import { checkPinyinTable, checkStrokeTable } from '../../lib/ime/asset-check';

export type PanelMode = 'pinyin' | 'hand' | 'abc' | 'num' | 'phrases';

export interface InputPanelProps {
  /** The field edited (a textarea or text input with `inputmode="none"`). */
  field: () => HTMLTextAreaElement | HTMLInputElement | undefined;
  value: string;
  onValue: (value: string) => void;
  /** Dictionary entries (feedback.ime.*) in the kiosk's language. */
  t: (key: string) => string;
  lang: string;
  pinyinUrl: string;
  strokesUrl: string;
  /** Feedback category: its ready phrases come first; none → no phrases tab. */
  category?: string;
  maxLength: number;
}

const RECENT_KEY = 'ime.recent';
const PAGE = 6;
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const PUNCT_ZH = ['，', '。', '？', '！', '、', '：', '；', '（', '）', '“', '”', '-', '/', '@'];
const PUNCT_EN = [',', '.', '?', '!', "'", ':', ';', '(', ')', '"', '-', '/', '@', '&'];

const loadJson = async (url: string) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`ime: ${url} answered ${res.status}`);
  return res.json();
};

const readRecent = (): string[] => {
  try {
    const list = JSON.parse(sessionStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export default function InputPanel(props: InputPanelProps) {
  const en = () => props.lang === 'en';
  const [mode, setMode] = createSignal<PanelMode>(en() ? 'abc' : 'pinyin');
  const [pinyin, setPinyin] = createSignal('');
  const [page, setPage] = createSignal(0);
  const [shift, setShift] = createSignal(false);
  const [strokes, setStrokes] = createSignal<Stroke[]>([]);
  const [recent, setRecent] = createSignal<string[]>(readRecent());

  const [pinyinEngine] = createResource(async () => {
    const table = checkPinyinTable(await loadJson(props.pinyinUrl));
    return { engine: createPinyinEngine(table), phrases: table.phrases };
  });
  const [handOpened, setHandOpened] = createSignal(false);
  const [recogniser] = createResource(handOpened, async () =>
    createRecogniser(checkStrokeTable(await loadJson(props.strokesUrl))),
  );

  const candidates = createMemo<Candidate[]>(() => {
    if (mode() === 'hand') {
      const r = recogniser();
      return r ? r.recognise(strokes(), 18).map((text) => ({ text, consumed: 0 })) : [];
    }
    const p = pinyin();
    const e = pinyinEngine();
    return p && e ? e.engine.lookup(p, { recent: recent() }) : [];
  });
  const pages = () => Math.max(1, Math.ceil(candidates().length / PAGE));
  const shown = () => candidates().slice(page() * PAGE, page() * PAGE + PAGE);

  const phrases = createMemo(() => {
    const all = pinyinEngine()?.phrases;
    if (!all) return [];
    const pick = (id: string) => (en() ? all[id]?.en : all[id]?.zh) ?? [];
    return [...new Set([...(props.category ? pick(props.category) : []), ...pick('any')])];
  });

  // ---- editing the field at its caret ----
  const caret = () => {
    const f = props.field();
    const len = props.value.length;
    return {
      start: Math.min(f?.selectionStart ?? len, len),
      end: Math.min(f?.selectionEnd ?? len, len),
    };
  };
  /** Puts the caret at `at` once the new value has reached the field. */
  const place = (at: number) => {
    const f = props.field();
    if (!f) return;
    queueMicrotask(() => {
      f.focus({ preventScroll: true });
      f.setSelectionRange(at, at);
    });
  };
  const insert = (text: string) => {
    const { start, end } = caret();
    const room = props.maxLength - (props.value.length - (end - start));
    const piece = [...text].slice(0, Math.max(0, room)).join('');
    if (!piece) return;
    props.onValue(props.value.slice(0, start) + piece + props.value.slice(end));
    place(start + piece.length);
  };
  const backspace = () => {
    if (pinyin()) return (setPinyin(pinyin().slice(0, -1)), setPage(0));
    const { start, end } = caret();
    if (start !== end) {
      props.onValue(props.value.slice(0, start) + props.value.slice(end));
      return place(start);
    }
    if (start === 0) return;
    // One whole character, even outside the Basic Multilingual Plane.
    const before = [...props.value.slice(0, start)];
    before.pop();
    const head = before.join('');
    props.onValue(head + props.value.slice(start));
    place(head.length);
  };
  const clearAll = () => {
    setPinyin('');
    setStrokes([]);
    props.onValue('');
    place(0);
  };
  const move = (by: number) => {
    const { start } = caret();
    place(Math.max(0, Math.min(props.value.length, start + by)));
  };

  const choose = (c: Candidate) => {
    insert(c.text);
    const next = rememberChoice(recent(), c.text);
    setRecent(next);
    try {
      sessionStorage.setItem(RECENT_KEY, JSON.stringify(next));
    } catch {
      // A full or disabled storage only loses the ranking of recent choices.
    }
    if (mode() === 'hand') setStrokes([]);
    else setPinyin(pinyin().slice(c.consumed).replace(/^'/, ''));
    setPage(0);
  };

  const letter = (ch: string) => {
    if (mode() === 'pinyin') {
      if (pinyin().length < 40) setPinyin(pinyin() + ch);
      setPage(0);
      return;
    }
    insert(shift() ? ch.toUpperCase() : ch);
    setShift(false);
  };
  const space = () => {
    if (mode() === 'pinyin' && pinyin()) {
      const first = candidates()[0];
      return first ? choose(first) : (insert(pinyin()), setPinyin(''));
    }
    insert(' ');
  };
  const switchTo = (m: PanelMode) => {
    // Letters still waiting become the characters the bar offered first (never raw pinyin in the text).
    const e = pinyinEngine();
    if (pinyin() && e) {
      const options = { recent: recent() };
      const text = commitPending(pinyin(), (rest) => e.engine.lookup(rest, options));
      if (text) insert(text);
    }
    setPinyin('');
    setStrokes([]);
    setPage(0);
    if (m === 'hand') setHandOpened(true);
    setMode(m);
  };

  /**
   * A key acts when the finger lifts on it (pointerup), not on the click Chromium may withhold
   * after a stroke on the pad; a keyboard's Enter or Space still clicks (detail 0). The button
   * never takes the focus from the field, so its caret stays visible and in place.
   */
  let pressed: EventTarget | null = null;
  const tap = (action: () => void) => ({
    onPointerDown: (e: PointerEvent) => {
      e.preventDefault();
      pressed = e.currentTarget;
    },
    onPointerUp: (e: PointerEvent) => {
      if (pressed === e.currentTarget) action();
      pressed = null;
    },
    onPointerCancel: () => (pressed = null),
    onMouseDown: (e: MouseEvent) => e.preventDefault(),
    onClick: (e: MouseEvent) => {
      if (e.detail === 0) action();
    },
  });

  const Key = (p: { label: string; onTap: () => void; class?: string; aria?: string; wide?: number }) => (
    <button
      type="button"
      class={`ime-key ${p.class ?? ''}`}
      style={p.wide ? { 'grid-column': `span ${p.wide}` } : undefined}
      aria-label={p.aria}
      {...tap(() => p.onTap())}
    >
      {p.label}
    </button>
  );

  const tabs: { mode: PanelMode; key: string }[] = [
    { mode: 'pinyin', key: 'pinyin' },
    { mode: 'hand', key: 'hand' },
    { mode: 'abc', key: 'abc' },
    { mode: 'num', key: 'num' },
    { mode: 'phrases', key: 'phrases' },
  ];

  return (
    <div class="ime" role="group" aria-label={props.t('label')} data-mode={mode()}>
      <div class="ime-head">
        <div class="ime-tabs" role="tablist" aria-label={props.t('modes')}>
          <For each={tabs}>
            {(tab) => (
              <button
                type="button"
                role="tab"
                class="ime-tab"
                aria-selected={mode() === tab.mode}
                {...tap(() => switchTo(tab.mode))}
              >
                {props.t(`mode.${tab.key}`)}
              </button>
            )}
          </For>
        </div>
        <Key label={props.t('clear')} class="fn ime-clear" onTap={clearAll} />
      </div>

      <Show when={mode() === 'pinyin' || mode() === 'hand'}>
        <div class="ime-bar" aria-live="polite">
          <Show when={mode() === 'pinyin'}>
            <span class="ime-compose" data-testid="ime-compose">
              {pinyin()}
            </span>
          </Show>
          <div class="ime-candidates" role="listbox" aria-label={props.t('candidates')}>
            <Show
              when={!(mode() === 'pinyin' ? pinyinEngine.loading : recogniser.loading)}
              fallback={<span class="ime-note">{props.t('loading')}</span>}
            >
              <Show
                when={!(mode() === 'pinyin' ? pinyinEngine.error : recogniser.error)}
                fallback={<span class="ime-note">{props.t('failed')}</span>}
              >
                <For each={shown()}>
                  {(c) => (
                    <button
                      type="button"
                      role="option"
                      aria-selected="false"
                      class="ime-candidate"
                      {...tap(() => choose(c))}
                    >
                      {c.text}
                    </button>
                  )}
                </For>
              </Show>
            </Show>
          </div>
          <Key label="‹" aria={props.t('prevPage')} class="ime-page" onTap={() => setPage(Math.max(0, page() - 1))} />
          <Key
            label="›"
            aria={props.t('nextPage')}
            class="ime-page"
            onTap={() => setPage(Math.min(pages() - 1, page() + 1))}
          />
        </div>
      </Show>

      <Show when={mode() === 'pinyin' || mode() === 'abc'}>
        <div class="ime-keys letters">
          <For each={ROWS}>
            {(row) => (
              <div class="ime-row">
                <For each={[...row]}>
                  {(ch) => <Key label={shift() && mode() === 'abc' ? ch.toUpperCase() : ch} onTap={() => letter(ch)} />}
                </For>
              </div>
            )}
          </For>
          <div class="ime-row">
            <Show
              when={mode() === 'abc'}
              fallback={<Key label={"'"} aria={props.t('separator')} onTap={() => letter("'")} />}
            >
              <Key label="⇧" aria={props.t('shift')} class="fn" onTap={() => setShift(!shift())} />
            </Show>
            <Key label={en() ? ',' : '，'} onTap={() => insert(en() ? ',' : '，')} />
            <Key label="←" aria={props.t('left')} class="fn" onTap={() => move(-1)} />
            <Key label={props.t('space')} class="space" onTap={space} />
            <Key label="→" aria={props.t('right')} class="fn" onTap={() => move(1)} />
            <Key label={en() ? '.' : '。'} onTap={() => insert(en() ? '.' : '。')} />
            <Key label="⌫" aria={props.t('delete')} class="fn" onTap={backspace} />
          </div>
        </div>
      </Show>

      <Show when={mode() === 'num'}>
        <div class="ime-keys num">
          <div class="ime-row">
            <For each={[...'1234567890']}>{(d) => <Key label={d} onTap={() => insert(d)} />}</For>
          </div>
          <div class="ime-row">
            <For each={(en() ? PUNCT_EN : PUNCT_ZH).slice(0, 7)}>
              {(d) => <Key label={d} onTap={() => insert(d)} />}
            </For>
          </div>
          <div class="ime-row">
            <For each={(en() ? PUNCT_EN : PUNCT_ZH).slice(7)}>{(d) => <Key label={d} onTap={() => insert(d)} />}</For>
          </div>
          <div class="ime-row">
            <Key label="←" aria={props.t('left')} class="fn" onTap={() => move(-1)} />
            <Key label={props.t('space')} class="space" onTap={() => insert(' ')} />
            <Key label="→" aria={props.t('right')} class="fn" onTap={() => move(1)} />
            <Key label="⌫" aria={props.t('delete')} class="fn" onTap={backspace} />
          </div>
        </div>
      </Show>

      <Show when={mode() === 'hand'}>
        <div class="ime-hand">
          <HandPad
            strokes={strokes()}
            onStrokes={(s) => (setStrokes(s), setPage(0))}
            label={props.t('pad')}
            hint={props.t('padHint')}
          />
          <div class="ime-hand-keys">
            <Key label={props.t('undoStroke')} class="fn" onTap={() => setStrokes(strokes().slice(0, -1))} />
            <Key label={props.t('rewrite')} class="fn" onTap={() => setStrokes([])} />
            <Key label="←" aria={props.t('left')} class="fn" onTap={() => move(-1)} />
            <Key label="→" aria={props.t('right')} class="fn" onTap={() => move(1)} />
            <Key label="⌫" aria={props.t('delete')} class="fn" onTap={backspace} />
          </div>
        </div>
      </Show>

      <Show when={mode() === 'phrases'}>
        <div class="ime-phrases">
          <For each={phrases()} fallback={<span class="ime-note">{props.t('loading')}</span>}>
            {(p) => <Key label={p} class="phrase" onTap={() => insert(p)} />}
          </For>
        </div>
        <div class="ime-row">
          <Key label="←" aria={props.t('left')} class="fn" onTap={() => move(-1)} />
          <Key label="→" aria={props.t('right')} class="fn" onTap={() => move(1)} />
          <Key label="⌫" aria={props.t('delete')} class="fn" onTap={backspace} />
        </div>
      </Show>
    </div>
  );
}

/** The handwriting pad: pointer strokes in the pad's unit box (touch, pen or mouse). */
function HandPad(props: { strokes: Stroke[]; onStrokes: (s: Stroke[]) => void; label: string; hint: string }) {
  let canvas: HTMLCanvasElement | undefined;
  let current: Stroke | undefined;
  const point = (e: PointerEvent): [number, number] => {
    const r = canvas!.getBoundingClientRect();
    return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height];
  };
  const draw = () => {
    const c = canvas;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    g.clearRect(0, 0, c.width, c.height);
    g.strokeStyle = '#d5dee8';
    g.lineWidth = 2;
    g.setLineDash([8, 8]);
    g.beginPath();
    g.moveTo(c.width / 2, 0);
    g.lineTo(c.width / 2, c.height);
    g.moveTo(0, c.height / 2);
    g.lineTo(c.width, c.height / 2);
    g.stroke();
    g.setLineDash([]);
    g.strokeStyle = '#1b2733';
    g.lineWidth = c.width / 40;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    for (const s of [...props.strokes, ...(current ? [current] : [])]) {
      g.beginPath();
      s.forEach(([x, y], i) => (i ? g.lineTo(x * c.width, y * c.height) : g.moveTo(x * c.width, y * c.height)));
      if (s.length === 1) g.lineTo(s[0][0] * c.width + 0.5, s[0][1] * c.height);
      g.stroke();
    }
  };
  onMount(() => {
    const ro = new ResizeObserver(() => {
      if (!canvas) return;
      canvas.width = canvas.clientWidth;
      canvas.height = canvas.clientHeight;
      draw();
    });
    ro.observe(canvas!);
    onCleanup(() => ro.disconnect());
  });
  createEffect(() => {
    void props.strokes;
    draw();
  });
  return (
    <canvas
      ref={canvas}
      class="ime-pad"
      role="img"
      aria-label={props.label}
      title={props.hint}
      data-testid="ime-pad"
      onPointerDown={(e) => {
        e.preventDefault();
        canvas!.setPointerCapture?.(e.pointerId);
        current = [point(e)];
        draw();
      }}
      onPointerMove={(e) => {
        if (!current) return;
        current.push(point(e));
        draw();
      }}
      onPointerUp={() => {
        if (!current) return;
        const done = current;
        current = undefined;
        props.onStrokes([...props.strokes, done]);
      }}
      onPointerCancel={() => {
        current = undefined;
        draw();
      }}
    />
  );
}
