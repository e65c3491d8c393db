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
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function createMarked(options: RenderOptions): Marked {
  return new Marked({
    gfm: true,
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
    parts.push(
      `<section class="clause clause-l${clause.level}" id="${id}" tabindex="-1">` +
        `<${h} class="clause-title"><span class="clause-no">${escapeHtml(clause.number)}</span> ` +
        `${marked.parseInline(clause.title, { async: false })}` +
        `<a class="clause-anchor" href="#${id}" data-copy-link aria-label="${escapeHtml(options.copyLabel)} ${escapeHtml(clause.number)}">#</a></${h}>` +
        (clause.markdown ? marked.parse(clause.markdown, { async: false }) : '') +
        `</section>`,
    );
  }
  return parts.join('\n');
}
