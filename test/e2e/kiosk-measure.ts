/**
 * What the fit sweep measures on a kiosk screen (issue 13): no scroll, nothing wider than the screen,
 * no label cut off, the main buttons inside the viewport. Shared by kiosk-fit.spec.ts and the specs
 * that fit the screens they add.
 */
import type { Page } from '@playwright/test';

/** What a screen must keep inside the viewport: its primary button or, on a choice screen, its last choice and nav. */
export const MUST_SHOW = [
  '.fb-nav .fb-btn.primary',
  '.fb-keypad .fb-key:last-child',
  '.rc-nav .rc-nav-btn:last-child',
  '.rc-choice:last-of-type',
  '.kiosk-keyboard .kiosk-key-row:last-child .kiosk-key:last-child',
  '.ime',
];

/** Problems found on the current screen in the current viewport (empty when it fits). */
export async function measure(page: Page) {
  return page.evaluate((selectors) => {
    const out: string[] = [];
    const doc = document.documentElement;
    const scroll = doc.scrollHeight - window.innerHeight;
    if (scroll > 0) out.push(`scrolls ${scroll}px`);
    // The kiosk's content area scrolls only as a last resort: a screen that needs it does not fit.
    const main = document.querySelector('.kiosk-main');
    const inner = main ? main.scrollHeight - main.clientHeight : 0;
    if (inner > 0) out.push(`content scrolls ${inner}px`);
    const wide = doc.scrollWidth - doc.clientWidth;
    if (wide > 0) out.push(`${wide}px too wide`);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const sel of selectors) {
      for (const el of document.querySelectorAll(sel)) {
        if (!visible(el) || el.closest('[hidden]')) continue;
        const r = el.getBoundingClientRect();
        if (r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5 || r.top < 0)
          out.push(`${sel} outside the screen (bottom ${Math.round(r.bottom)})`);
      }
    }
    // A label cut off or spilling out of its button: its text is wider or taller than the box.
    for (const el of document.querySelectorAll<HTMLElement>(
      'main button, main a, main label, .kiosk-bar a, .kiosk-bar span',
    )) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      if (style.overflow === 'visible' && el.scrollWidth <= el.clientWidth + 1) {
        // Text may overflow a visible box without scrollWidth noticing when it is a flex item: check children.
        const r = el.getBoundingClientRect();
        for (const child of el.children) {
          const c = child.getBoundingClientRect();
          if (c.width && (c.right > r.right + 1 || c.left < r.left - 1))
            out.push(`"${(el.textContent ?? '').trim().slice(0, 30)}" spills out of its box`);
        }
        continue;
      }
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        out.push(`"${(el.textContent ?? '').trim().slice(0, 30)}" is cut off`);
    }
    return [...new Set(out)];
  }, MUST_SHOW);
}
