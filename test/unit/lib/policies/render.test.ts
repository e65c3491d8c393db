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

describe('the local-rule badge and the recently-changed mark', () => {
  it('turns {本商场规定} into a visible badge, in a heading or a body, with the page’s label', () => {
    const html = renderPolicyHtml(parsePolicy('## 1.1 十五天 {#returns-1.1}\n{本商场规定} 本商场延长到十五天。'), {
      copyLabel: '复制',
      clauseUrl: () => undefined,
      localRuleLabel: 'Mall rule',
      localRuleTitle: '可调整',
    });
    expect(html).toContain(
      '<p><span class="badge-local-rule" title="可调整">Mall rule</span> 本商场延长到十五天。</p>',
    );
    expect(html).not.toContain('{本商场规定}');
  });

  it('defaults the badge text to the marker’s words and leaves other braces alone', () => {
    const html = render('## 1.1 甲 {#returns-1.1}\n见 {备注} 与 {本商场规定}');
    expect(html).toContain('{备注}');
    expect(html).toContain('<span class="badge-local-rule">本商场规定</span>');
  });

  it('marks only the clauses listed as changed', () => {
    const html = renderPolicyHtml(parsePolicy('## 1 甲 {#returns-1}\n\n### 1.1 乙 {#returns-1.1}\n正文'), {
      copyLabel: '复制',
      clauseUrl: () => undefined,
      changed: { ids: new Set(['returns-1.1']), label: '近期修改' },
    });
    expect(html.match(/badge-changed/g)).toHaveLength(1);
    expect(html).toMatch(/乙 <span class="badge-changed">近期修改<\/span>/);
  });
});
