/**
 * The status page's form: ticket number and code typed on an on-screen keypad (or a keyboard,
 * or a receipt scanner that types the QR link). A real GET form, rendered on the server too, so
 * it works before this island has loaded; the island adds the keypad. The kiosk layout resets
 * an idle screen.
 */
import { createSignal, untrack } from 'solid-js';
import { formatTicketInput } from '../lib/feedback/format';
import { Keypad, KeypadInput } from './Keypad';

export interface StatusLookupProps {
  /** Dictionary entries (feedback.*) in the kiosk's language. */
  t: Record<string, string>;
  no: string;
  code: string;
}

type Field = 't' | 'c';

export default function StatusLookup(props: StatusLookupProps) {
  const t = (key: string) => props.t[`feedback.${key}`] ?? key;
  // Prefill once from the page (the props never change after hydration).
  const initial = untrack(() => ({ t: props.no, c: props.code }));
  const [no, setNo] = createSignal(formatTicketInput(initial.t));
  const [code, setCode] = createSignal(initial.c);
  // With a number already there (a wrong code, or a number from the receipt), the keys type the code.
  const [active, setActive] = createSignal<Field>(initial.t ? 'c' : 't');

  /** The number as digits typed on the keypad, shown as printed on the receipt. */
  const digits = () => (formatTicketInput(no()) === no() ? no().replace(/\D/g, '') : '');
  const type = (d: string) =>
    active() === 't' ? setNo(formatTicketInput(digits() + d)) : code().length < 6 && setCode(code() + d);
  const del = () => (active() === 't' ? setNo(formatTicketInput(digits().slice(0, -1))) : setCode(code().slice(0, -1)));
  const clear = () => (active() === 't' ? setNo('') : setCode(''));

  return (
    <form class="st-lookup" method="get" action="/kiosk/status">
      <div class="st-form">
        <div class="fb-fields">
          <label class="fb-label" for="st-no">
            {t('lookup.no')}
          </label>
          <KeypadInput
            id="st-no"
            name="t"
            classList={{ active: active() === 't' }}
            required
            value={no()}
            onFocus={() => setActive('t')}
            onText={(text) => setNo(formatTicketInput(text))}
          />
          <label class="fb-label" for="st-code">
            {t('lookup.code')}
          </label>
          <KeypadInput
            id="st-code"
            name="c"
            classList={{ active: active() === 'c' }}
            maxlength="6"
            value={code()}
            onFocus={() => setActive('c')}
            onText={setCode}
          />
          <p class="fb-hint" aria-live="polite">
            {t('lookup.editing').replace('{field}', active() === 't' ? t('lookup.no') : t('lookup.code'))}
          </p>
        </div>
        <Keypad
          label={t('keypad')}
          del={t('keypad.delete')}
          clear={t('keypad.clear')}
          onDigit={type}
          onDelete={del}
          onClear={clear}
        />
      </div>
      {/* The same bottom row as the feedback flow and the return check: leave on the left, go on the right. */}
      <div class="fb-nav">
        <a class="fb-btn secondary st-link-btn" href="/kiosk">
          {t('cancel')}
        </a>
        <span class="fb-nav-gap" />
        <button type="submit" class="fb-btn primary">
          {t('lookup.submit')} ›
        </button>
      </div>
    </form>
  );
}
