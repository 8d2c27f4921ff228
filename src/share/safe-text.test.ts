import { describe, expect, it } from 'vitest';
import { displayText, escapeHtml, safeHref } from './safe-text';

describe('safeHref', () => {
  it('keeps http(s) and relative links', () => {
    for (const ok of ['https://docs.cilium.io/en/stable/', 'http://192.168.10.211/details/1', '/app/#s=v1.abc', './x.yaml', '../up', '#hop-3', '?embed', 'page.html', '//cdn.example/x', 'HTTPS://EXAMPLE.COM']) {
      expect(safeHref(ok), ok).toBe(ok);
    }
  });

  it('refuses script, data and other schemes, however they are dressed up', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'javascript&colon;alert(1)'.replace('&colon;', ':'),
      '\u0000javascript:alert(1)',
      'jav\u200bascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://x/1',
      '/\\evil.example',
      'https://exa\u202emple.com',
      '',
      '   ',
    ]) {
      expect(safeHref(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(safeHref(42)).toBeNull();
    expect(safeHref(null)).toBeNull();
  });

  it('treats markup as a relative path at worst, never as HTML', () => {
    // `<img onerror=...>` has no scheme: it stays a (harmless) relative href, and never becomes markup.
    const s = '<img src=x onerror=alert(1)>';
    expect(safeHref(s)).toBe(s);
    expect(escapeHtml(s)).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('escapeHtml', () => {
  it('escapes every character that can end an attribute or start a tag', () => {
    expect(escapeHtml(`"'><a href="javascript:x">&amp;`)).toBe('&quot;&#39;&gt;&lt;a href=&quot;javascript:x&quot;&gt;&amp;amp;');
  });
});

describe('displayText', () => {
  it('removes bidi overrides, zero-width and control characters and cuts long text', () => {
    expect(displayText('web\u202epod\u200b')).toBe('webpod');
    expect(displayText('a\u0007b\nc\td')).toBe('ab\nc\td');
    expect(displayText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(displayText('한국어🚀'.repeat(10), 5)).toBe('한국어🚀…');
    expect(displayText({ toString: () => 'x' })).toBe('');
  });
});
