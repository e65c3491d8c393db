/**
 * Renders a parsed policy page to HTML: one `<section class="clause" id>` per clause, with a
 * heading, a copy-link control and the clause body. `clause:` links become deep links.
 * The Markdown is the mall's own reviewed content (git), not user input.
 */
import { Marked } from 'marked';
import type { ParsedPolicy } from './clauses';

export interface RenderOptions {
  /** Deep link for a clause id, or undefined when the id is unknown (rendered as plain text). */
  clauseUrl: (id: string) => string | undefined;
  /** Accessible label of the copy-link control. */
  copyLabel: string;
  /** Text of the badge that marks a local rule (`{本商场规定}` in the Markdown); defaults to the marker's text. */
  localRuleLabel?: string;
  /** Tooltip of that badge: what a local rule is. */
  localRuleTitle?: string;
  /** Clause ids to mark as recently changed (see `recentlyChangedClauses`), with the badge text. */
  changed?: { ids: ReadonlySet<string>; label: string };
}

/**
 * The marker a policy author writes where the library made a choice the seeds do not make (a local
 * rule the mall may change). It renders as a visible badge; in plain text it stays as its words.
 */
export const LOCAL_RULE_MARKER = '{本商场规定}';
const LOCAL_RULE_TEXT = '本商场规定';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function createMarked(options: RenderOptions): Marked {
  const badge =
    `<span class="badge-local-rule"` +
    (options.localRuleTitle ? ` title="${escapeHtml(options.localRuleTitle)}"` : '') +
    `>${escapeHtml(options.localRuleLabel ?? LOCAL_RULE_TEXT)}</span>`;
  return new Marked({
    gfm: true,
    extensions: [
      {
        name: 'localRule',
        level: 'inline',
        start: (src: string) => src.indexOf(LOCAL_RULE_MARKER),
        tokenizer: (src: string) =>
          src.startsWith(LOCAL_RULE_MARKER) ? { type: 'localRule', raw: LOCAL_RULE_MARKER } : undefined,
        renderer: () => badge,
      },
    ],
    renderer: {
      link({ href, tokens }) {
        const text = this.parser.parseInline(tokens);
        if (href.startsWith('clause:')) {
          const url = options.clauseUrl(href.slice('clause:'.length));
          return url ? `<a class="clause-ref" href="${escapeHtml(url)}">${text}</a>` : text;
        }
        return `<a href="${escapeHtml(href)}">${text}</a>`;
      },
      // Clause headings are produced by renderPolicyHtml; demote stray ones inside bodies.
      heading({ tokens }) {
        return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
    },
  });
}

/** HTML of a whole page body. */
export function renderPolicyHtml(parsed: ParsedPolicy, options: RenderOptions): string {
  const marked = createMarked(options);
  const parts: string[] = [];
  if (parsed.intro) parts.push(`<div class="policy-intro">${marked.parse(parsed.intro, { async: false })}</div>`);
  for (const clause of parsed.clauses) {
    const id = escapeHtml(clause.id);
    const h = `h${clause.level}`;
    const changed = options.changed?.ids.has(clause.id)
      ? ` <span class="badge-changed">${escapeHtml(options.changed.label)}</span>`
      : '';
    parts.push(
      `<section class="clause clause-l${clause.level}" id="${id}" tabindex="-1">` +
        `<${h} class="clause-title"><span class="clause-no">${escapeHtml(clause.number)}</span> ` +
        `${marked.parseInline(clause.title, { async: false })}${changed}` +
        `<a class="clause-anchor" href="#${id}" data-copy-link aria-label="${escapeHtml(options.copyLabel)} ${escapeHtml(clause.number)}">#</a></${h}>` +
        (clause.markdown ? marked.parse(clause.markdown, { async: false }) : '') +
        `</section>`,
    );
  }
  return parts.join('\n');
}
