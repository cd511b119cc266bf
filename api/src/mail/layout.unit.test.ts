import { describe, expect, test } from 'vitest';
import { renderLayout } from './layout.ts';

describe('renderLayout', () => {
  const input = {
    locale: 'en',
    title: 'Your request <R-1>',
    paragraphs: ['We received "your" request & will answer.', 'Line one\nline two'],
    action: { label: 'Open <status>', url: 'https://portal.example.test/s?a=1&b=<2>' },
    footer: ['Isolectra SAS', 'dpo@isolectra.example'],
  };

  test('HTML escapes every value, sets lang and uses inline styles only', () => {
    const { html } = renderLayout(input);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Your request &lt;R-1&gt;');
    expect(html).toContain('We received &quot;your&quot; request &amp; will answer.');
    expect(html).toContain('Line one<br>line two');
    expect(html).toContain('href="https://portal.example.test/s?a=1&amp;b=%3C2%3E"');
    expect(html).toContain('Open &lt;status&gt;');
    expect(html).not.toMatch(/<style|<link|<script|class=/);
  });

  test('text carries the same content, with the link spelled out', () => {
    const { text } = renderLayout(input);
    expect(text).toContain('Your request <R-1>');
    expect(text).toContain('We received "your" request & will answer.');
    expect(text).toContain('Open <status>:\nhttps://portal.example.test/s?a=1&b=%3C2%3E');
    expect(text).toContain('--\nIsolectra SAS\ndpo@isolectra.example');
  });

  test('works without an action and refuses non-http links', () => {
    expect(renderLayout({ ...input, action: undefined }).html).not.toContain('<a ');
    expect(() => renderLayout({ ...input, action: { label: 'x', url: 'javascript:alert(1)' } })).toThrow();
  });
});
