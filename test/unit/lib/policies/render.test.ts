import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../../src/lib/policies/clauses';
import { renderPolicyHtml } from '../../../../src/lib/policies/render';

const render = (md: string) =>
  renderPolicyHtml(parsePolicy(md), {
    copyLabel: '复制条款链接',
    clauseUrl: (id) => (id === 'returns-1.1' ? '/policies/returns/basic-rules#returns-1.1' : undefined),
  });

describe('renderPolicyHtml', () => {
  it('renders each clause as an anchored section with a copy-link control', () => {
    const html = render('## 1.1 十五天 {#returns-1.1}\n正文');
    expect(html).toContain('<section class="clause clause-l2" id="returns-1.1" tabindex="-1">');
    expect(html).toContain(
      '<a class="clause-anchor" href="#returns-1.1" data-copy-link aria-label="复制条款链接 1.1">',
    );
    expect(html).toContain('<p>正文</p>');
  });

  it('turns clause: links into deep links and drops links to unknown clauses to text', () => {
    const html = render('导言见[第 1.1 条](clause:returns-1.1)，另见[旧条款](clause:returns-9.9)。');
    expect(html).toContain('<a class="clause-ref" href="/policies/returns/basic-rules#returns-1.1">第 1.1 条</a>');
    expect(html).toContain('另见旧条款');
    expect(html).not.toContain('returns-9.9');
  });

  it('escapes raw HTML in the Markdown', () => {
    const html = render('## 1 甲 {#returns-1}\n<script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
