// The embed API: what a host page (slides, a blog, docs) may ask an embedded hopscope to do
// through window.postMessage, the events the embed sends back, the `?embed&…` options, and the
// snippets that embed a share link. Documented for host pages in docs/share.md.
//
// Every message from outside goes through parseEmbedMessage: exact shapes only (a plain object,
// no extra keys, own data properties, bounded numbers and strings). Anything else is ignored,
// silently: a page receives messages from extensions and other frames too.
import { t } from '../i18n';
import { SHARE_LENSES, SHARE_LIMITS, isPlainObject, ownValue, type ShareLens, type ShareTheme } from './state';
import { MAX_PAYLOAD_CHARS } from './limits';
import { escapeHtml } from './safe-text';

/** Protocol version, sent in `hopscope:ready`. Bump it when a message changes meaning. */
export const EMBED_PROTOCOL = 1;

// ---------------------------------------------------------------- host -> embed

export type EmbedCommand =
  | { type: 'hopscope:step'; step: number }
  | { type: 'hopscope:play' }
  | { type: 'hopscope:pause' }
  | { type: 'hopscope:lens'; lens: ShareLens }
  /** a share link, a fragment (`#s=v1.…`) or the bare `s=` value; decode it with decodeShare */
  | { type: 'hopscope:load'; share: string }
  /** a seed scenario by id (file name in scenarios/ without .yaml) */
  | { type: 'hopscope:load'; scenario: string };

export const EMBED_COMMAND_TYPES = ['hopscope:step', 'hopscope:play', 'hopscope:pause', 'hopscope:lens', 'hopscope:load'] as const;

const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function exactKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  // Own string keys only; symbols and getters are refused (structured clone never makes them).
  if (Object.getOwnPropertySymbols(o).length) return false;
  const keys = Object.getOwnPropertyNames(o);
  if (keys.length !== allowed.length) return false;
  for (const k of keys) {
    if (!allowed.includes(k)) return false;
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (!d || !('value' in d)) return false;
  }
  return true;
}

/** The command in `data`, or null when it is anything but a well-formed hopscope command. Never throws. */
export function parseEmbedMessage(data: unknown): EmbedCommand | null {
  try {
    if (!isPlainObject(data)) return null;
    const type = ownValue(data, 'type');
    switch (type) {
      case 'hopscope:play':
      case 'hopscope:pause':
        return exactKeys(data, ['type']) ? { type } : null;
      case 'hopscope:step': {
        if (!exactKeys(data, ['type', 'step'])) return null;
        const step = ownValue(data, 'step');
        if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > SHARE_LIMITS.step) return null;
        return { type, step };
      }
      case 'hopscope:lens': {
        if (!exactKeys(data, ['type', 'lens'])) return null;
        const lens = ownValue(data, 'lens');
        if (typeof lens !== 'string' || !(SHARE_LENSES as readonly string[]).includes(lens)) return null;
        return { type, lens: lens as ShareLens };
      }
      case 'hopscope:load': {
        if (exactKeys(data, ['type', 'share'])) {
          const share = ownValue(data, 'share');
          if (typeof share !== 'string' || share.length === 0 || share.length > MAX_PAYLOAD_CHARS + 4096) return null;
          return { type, share };
        }
        if (exactKeys(data, ['type', 'scenario'])) {
          const scenario = ownValue(data, 'scenario');
          if (typeof scenario !== 'string' || scenario.length > SHARE_LIMITS.scenario || !SCENARIO_ID.test(scenario)) return null;
          return { type, scenario };
        }
        return null;
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * Whether a message event may drive the embed: it must come from the page that embeds us
 * (`event.source === window.parent`, and not from ourselves when not embedded). When the embed
 * was given `?origin=`, the event's origin must match it as well.
 */
export function acceptEmbedEvent(event: { source: unknown; origin: string }, self: unknown, parent: unknown, allowedOrigin: string | null): boolean {
  if (parent === self || event.source !== parent || parent == null) return false;
  return allowedOrigin === null || event.origin === allowedOrigin;
}

// ---------------------------------------------------------------- embed -> host

export type EmbedEvent =
  | { type: 'hopscope:ready'; protocol: number }
  | { type: 'hopscope:step-changed'; step: number; total: number }
  | { type: 'hopscope:outcome'; status: number | null; exitCode: number | null; error: string | null }
  /** a hopscope:load the embed could not honour (bad link, unknown scenario); its work is unchanged */
  | { type: 'hopscope:load-failed'; code: string; message: string };

export const embedEvents = {
  ready: (): EmbedEvent => ({ type: 'hopscope:ready', protocol: EMBED_PROTOCOL }),
  stepChanged: (step: number, total: number): EmbedEvent => ({ type: 'hopscope:step-changed', step, total }),
  outcome: (status: number | null, exitCode: number | null, error: string | null): EmbedEvent => ({ type: 'hopscope:outcome', status, exitCode, error }),
  loadFailed: (code: string, message: string): EmbedEvent => ({ type: 'hopscope:load-failed', code, message }),
};

// ---------------------------------------------------------------- ?embed options

export type EmbedSize = 'small' | 'medium' | 'large';

export interface EmbedOptions {
  /** `?embed` present (and not `embed=0` / `embed=false`) */
  embed: boolean;
  autoplay: boolean;
  /** hop to open at; null = the link's own step */
  step: number | null;
  lens: ShareLens | null;
  theme: ShareTheme | null;
  /** show the YAML editor (default: hidden in an embed) */
  editor: boolean;
  size: EmbedSize;
  /** the only origin whose messages the embed obeys (`?origin=https://slides.example`), null = the parent, whatever its origin */
  origin: string | null;
}

export const EMBED_SIZES: Record<EmbedSize, { width: number; height: number }> = {
  small: { width: 640, height: 400 },
  medium: { width: 960, height: 600 },
  large: { width: 1280, height: 800 },
};

function flag(v: string | null, fallback: boolean): boolean {
  if (v === null) return fallback;
  const s = v.toLowerCase();
  if (s === '' || s === '1' || s === 'true' || s === 'yes' || s === 'on') return true;
  if (s === '0' || s === 'false' || s === 'no' || s === 'off') return false;
  return fallback;
}

/** Read the embed options from `location.search` (with or without the `?`). Unknown values fall back to defaults. */
export function parseEmbedOptions(search: string): EmbedOptions {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(typeof search === 'string' ? search.split('#')[0] : '');
  } catch {
    params = new URLSearchParams();
  }
  const get = (k: string): string | null => params.get(k);
  const stepRaw = get('step');
  const step = stepRaw !== null && /^\d{1,6}$/.test(stepRaw) ? Math.min(SHARE_LIMITS.step, Number(stepRaw)) : null;
  const lensRaw = get('lens');
  const lens = lensRaw !== null && (SHARE_LENSES as readonly string[]).includes(lensRaw) ? (lensRaw as ShareLens) : null;
  const themeRaw = get('theme');
  const theme = themeRaw === 'light' || themeRaw === 'dark' ? themeRaw : null;
  const sizeRaw = get('size');
  const size: EmbedSize = sizeRaw === 'small' || sizeRaw === 'large' || sizeRaw === 'medium' ? sizeRaw : 'medium';
  let origin: string | null = null;
  const originRaw = get('origin');
  if (originRaw) {
    try {
      const u = new URL(originRaw);
      if (u.protocol === 'https:' || u.protocol === 'http:') origin = u.origin;
    } catch {
      origin = null;
    }
  }
  return {
    embed: flag(get('embed'), false),
    autoplay: flag(get('autoplay'), false),
    step,
    lens,
    theme,
    editor: flag(get('editor'), false),
    size,
    origin,
  };
}

// ---------------------------------------------------------------- snippets

export interface SnippetOptions {
  title?: string;
  size?: EmbedSize;
  autoplay?: boolean;
  step?: number;
  lens?: ShareLens;
  theme?: ShareTheme;
  editor?: boolean;
}

export interface EmbedSnippets {
  /** the share link with `?embed&…` */
  url: string;
  iframe: string;
  /** a reveal.js slide with the embed as an interactive background */
  revealjs: string;
  /** a Slidev slide using the built-in `iframe` layout */
  slidev: string;
  /** a Slidev / Markdown slide with an inline iframe (for slides that also have text) */
  slidevInline: string;
}

/** The embed URL for a share link: `?embed` and the options go into the query, the fragment stays. */
export function embedUrl(shareLink: string, opts: SnippetOptions = {}): string {
  const hash = shareLink.indexOf('#');
  const fragment = hash >= 0 ? shareLink.slice(hash) : '';
  const noHash = hash >= 0 ? shareLink.slice(0, hash) : shareLink;
  const q = noHash.indexOf('?');
  const path = q >= 0 ? noHash.slice(0, q) : noHash;
  const keep = (q >= 0 ? noHash.slice(q + 1) : '')
    .split('&')
    .filter((p) => p !== '' && !/^(embed|autoplay|step|lens|theme|editor|size)(=|$)/.test(p));
  const params = ['embed'];
  if (opts.autoplay) params.push('autoplay=1');
  if (opts.step !== undefined && Number.isInteger(opts.step) && opts.step >= 0) params.push(`step=${Math.min(opts.step, SHARE_LIMITS.step)}`);
  if (opts.lens && (SHARE_LENSES as readonly string[]).includes(opts.lens)) params.push(`lens=${opts.lens}`);
  if (opts.theme === 'light' || opts.theme === 'dark') params.push(`theme=${opts.theme}`);
  if (opts.editor) params.push('editor=1');
  if (opts.size && opts.size !== 'medium' && opts.size in EMBED_SIZES) params.push(`size=${opts.size}`);
  return `${path}?${[...params, ...keep].join('&')}${fragment}`;
}

export function embedSnippets(shareLink: string, opts: SnippetOptions = {}): EmbedSnippets {
  const url = embedUrl(shareLink, opts);
  const size = EMBED_SIZES[opts.size && opts.size in EMBED_SIZES ? opts.size : 'medium'];
  const title = escapeHtml(opts.title ?? t('share.embed.title'));
  const src = escapeHtml(url);
  // allow-scripts: hopscope is an app. allow-same-origin: without it the frame gets an opaque
  // origin and cannot start its engine Web Worker or use storage; it is safe here because the
  // frame is hopscope's own origin, not the host's (a same-origin frame with both could lift its
  // sandbox). No allow-top-navigation, no allow-forms. allow-popups opens "open in hopscope" in a tab.
  const sandbox = 'allow-scripts allow-same-origin allow-popups';
  const iframe = `<iframe src="${src}" title="${title}" width="${size.width}" height="${size.height}" loading="lazy" sandbox="${sandbox}" referrerpolicy="no-referrer" style="border:0"></iframe>`;
  const revealjs = `<section data-background-iframe="${src}" data-background-interactive></section>`;
  // Slidev's `layout: iframe` takes the page from the `url` frontmatter (a YAML string: JSON quoting is valid YAML).
  const slidev = `---\nlayout: iframe\nurl: ${JSON.stringify(url)}\n---\n`;
  const slidevInline = `${iframe}\n`;
  return { url, iframe, revealjs, slidev, slidevInline };
}
