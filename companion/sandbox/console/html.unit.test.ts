import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.js';

describe('console html', () => {
  it('escapes every interpolated value', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<td>${name}</td>`.value).toBe(
      '<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</td>',
    );
  });

  it('joins arrays and keeps nested Html and raw markup', () => {
    const rows = ['a<b', 'c'].map((v) => html`<li>${v}</li>`);
    const list = html`<ul>
      ${rows}${raw('<hr>')}
    </ul>`;
    expect(list.value.replace(/\s+/g, '')).toBe('<ul><li>a&lt;b</li><li>c</li><hr></ul>');
  });

  it('renders null, undefined and false as nothing, numbers as text', () => {
    expect(html`${null}|${undefined}|${false}|${0}`.value).toBe('|||0');
    expect(escapeHtml(undefined)).toBe('');
  });
});
