/** The kiosk's on-screen number pad (used by the feedback flow and the status page; not an island itself). */
import { For, splitProps, type JSX } from 'solid-js';

/**
 * A text field filled from the on-screen keypad: no system keyboard pops up (`inputmode="none"`),
 * but a real keyboard or a receipt scanner can still type into it.
 */
export function KeypadInput(
  props: JSX.InputHTMLAttributes<HTMLInputElement> & { id: string; onText: (value: string) => void },
) {
  const [own, rest] = splitProps(props, ['onText']);
  return (
    <input
      class="fb-input fb-phone"
      type="text"
      inputmode="none"
      autocomplete="off"
      {...rest}
      onInput={(e) => own.onText(e.currentTarget.value)}
    />
  );
}

/** On-screen digits for a kiosk without a keyboard. */
export function Keypad(p: {
  label: string;
  del: string;
  clear: string;
  onDigit: (d: string) => void;
  onDelete: () => void;
  onClear: () => void;
}) {
  return (
    <div class="fb-keypad" role="group" aria-label={p.label}>
      <For each={['1', '2', '3', '4', '5', '6', '7', '8', '9']}>
        {(d) => (
          <button type="button" class="fb-key" onClick={() => p.onDigit(d)}>
            {d}
          </button>
        )}
      </For>
      <button type="button" class="fb-key fn" onClick={() => p.onClear()}>
        {p.clear}
      </button>
      <button type="button" class="fb-key" onClick={() => p.onDigit('0')}>
        0
      </button>
      <button type="button" class="fb-key fn" onClick={() => p.onDelete()} aria-label={p.del}>
        ⌫ <span class="fb-key-text">{p.del}</span>
      </button>
    </div>
  );
}
