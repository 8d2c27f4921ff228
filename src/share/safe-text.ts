// Names, labels and notes from shared YAML are someone else's text. The UI renders them as text
// nodes only (React escapes them); these helpers cover the few places where text could become
// markup or a link: an href, an HTML attribute built by hand (embed snippets), and characters
// that reorder or hide text on screen.

/** Characters browsers strip or treat specially inside URLs (tab, newline, other controls). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Bidirectional overrides and isolates (Trojan Source, CVE-2021-42574) and zero-width characters. */
const INVISIBLE_CLASS = '[\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff]';
const INVISIBLE = new RegExp(INVISIBLE_CLASS);
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, 'g');

/**
 * An href that is safe to put in `<a href>`: an absolute http(s) URL or a relative one
 * (`/path`, `./x`, `../x`, `#id`, `?q`, `page.html`). Anything else, `javascript:`, `data:`,
 * `vbscript:`, `file:`, scheme tricks with controls or entities, returns null: show it as text.
 */
export function safeHref(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const s = url.trim();
  if (s === '' || s.length > 8192) return null;
  // Browsers drop tabs and newlines from URLs, so "java\tscript:" would run; refuse any control.
  if (CONTROL.test(s) || INVISIBLE.test(s)) return null;
  // A backslash is a slash to the URL parser ("/\evil.example" is protocol-relative): refuse.
  if (s.includes('\\')) return null;
  const scheme = /^([^/?#]*?):/.exec(s);
  if (scheme) {
    if (!/^https?$/i.test(scheme[1])) return null;
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:' ? s : null;
    } catch {
      return null;
    }
  }
  // Protocol-relative (//host/...) leaves this site: allow it only as a well-formed http(s) host.
  if (s.startsWith('//')) {
    try {
      const u = new URL(`https:${s}`);
      return u.hostname ? s : null;
    } catch {
      return null;
    }
  }
  return s;
}

/** Escape text for an HTML attribute value in double or single quotes, or for element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Text from shared YAML prepared for display as text: invisible and direction-changing characters
 * removed, controls (other than newline and tab) removed, cut to `max` characters with an ellipsis.
 * It does not escape HTML: render it as a text node, never with innerHTML.
 */
export function displayText(text: unknown, max = 256): string {
  if (typeof text !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(INVISIBLE_ALL, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
  if (clean.length <= max) return clean;
  return `${Array.from(clean).slice(0, Math.max(0, max - 1)).join('')}…`;
}
