/** The kiosk's on-screen number pad (used by the feedback flow and the status page; not an island itself). */
import { For } from 'solid-js';

/** On-screen digits for a kiosk without a keyboard. */
export function Keypad(p: { label: string; del: string; clear: string; onDigit: (d: string) => void; onDelete: () => void; onClear: () => void }) {
  return (
    <div class="fb-keypad" role="group" aria-label={p.label}>
      <For each={['1', '2', '3', '4', '5', '6', '7', '8', '9']}>
        {(d) => (
          <button type="button" class="fb-key" onClick={() => p.onDigit(d)}>
            {d}
          </button>
        )}
      </For>
      <button type="button" class="fb-key fn" onClick={p.onClear}>
        {p.clear}
      </button>
      <button type="button" class="fb-key" onClick={() => p.onDigit('0')}>
        0
      </button>
      <button type="button" class="fb-key fn" onClick={p.onDelete} aria-label={p.del}>
        ⌫ <span class="fb-key-text">{p.del}</span>
      </button>
    </div>
  );
}
