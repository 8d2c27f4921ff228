// The share-link codec: ShareState <-> URL fragment `#s=v<version>.<payload>`.
//
// payload = base64url( raw DEFLATE( UTF-8( JSON ) ) ), compressed against the format's preset
// dictionary. The version says which JSON shape and which dictionary a link was made with; a link
// of an older version is decoded with that version's dictionary, then lifted one version at a time
// by `migrations[v]` (v -> v+1) up to the current one, then checked by normaliseShareState
// (the Compiler Explorer / tldraw approach). Nothing here throws: every failure is a ShareError.
// The fragment never reaches a server (RFC 3986 §3.5), so a link's scenario stays in the browser.
import { deflateSync, Inflate } from 'fflate';
import { t } from '../i18n';
import { toBase64Url, fromBase64Url } from './base64url';
import { MAX_PAYLOAD_CHARS } from './limits';
import { DICTIONARY_V1_SKELETON, DICTIONARY_V1_TEXTS } from './dictionary-v1';
import { canonicalShareState, normaliseShareState, type ShareState } from './state';

export type ShareErrorCode =
  | 'empty'
  | 'not-hopscope'
  | 'bad-base64'
  | 'corrupt'
  | 'too-large'
  | 'unknown-version'
  | 'bad-json'
  | 'bad-shape';

export interface ShareError {
  code: ShareErrorCode;
  /** for a person, from the catalogue (src/i18n/en/share.ts) */
  message: string;
}

export type DecodeResult =
  | { ok: true; state: ShareState; version: number; migrated: boolean }
  | { ok: false; error: ShareError };

/** The fragment parameter that holds the state: `#s=v1.…`. */
export const SHARE_PARAM = 's';
/** Refuse before inflating past this many bytes of JSON (1 MiB). */
export const MAX_DECOMPRESSED_BYTES = 1024 * 1024;
export { MAX_PAYLOAD_CHARS } from './limits';
/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1032:1, so one
 * push yields at most ~260 KiB and the 1 MiB cap is seen before much more is allocated. */
const INFLATE_CHUNK = 256;

/** One format version: how its bytes are compressed. Its JSON shape is whatever its migration reads. */
export interface ShareFormat {
  /** preset DEFLATE dictionary (≤ 32 KiB), null for none */
  dictionary: Uint8Array | null;
}

export interface ShareRegistry {
  current: number;
  formats: Record<number, ShareFormat>;
  /** migrations[v] turns a decoded version-v value into a version v+1 value; may throw (-> bad-shape) */
  migrations: Record<number, (old: unknown) => unknown>;
}

function jsonEscaped(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** The v1 dictionary bytes: the frozen texts, JSON-escaped as they appear in a payload, then the skeleton. */
export function dictionaryV1(): Uint8Array {
  return new TextEncoder().encode(DICTIONARY_V1_TEXTS.map(jsonEscaped).join('') + DICTIONARY_V1_SKELETON);
}

let v1Dictionary: Uint8Array | null = null;
function lazyV1(): Uint8Array {
  v1Dictionary ??= dictionaryV1();
  return v1Dictionary;
}

/** Today's registry. v1 is the first format; add v2 with a migration 1 -> 2, never edit v1. */
export const SHARE_REGISTRY: ShareRegistry = {
  current: 1,
  formats: {
    get 1(): ShareFormat {
      return { dictionary: lazyV1() };
    },
  },
  migrations: {},
};

function fail(code: ShareErrorCode, params: Record<string, string | number> = {}): DecodeResult {
  return { ok: false, error: { code, message: t(`share.error.${code}`, params) } };
}

type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; code: 'corrupt' | 'too-large' };

/** Inflate at most `max` bytes; stops pushing input as soon as the output passes it. */
export function inflateBounded(data: Uint8Array, dictionary: Uint8Array | null, max: number): Inflated & { produced: number } {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let finished = false;
  let over = false;
  try {
    const inflater = new Inflate(dictionary ? { dictionary } : {}, (chunk, final) => {
      produced += chunk.length;
      if (produced > max) over = true;
      else chunks.push(chunk);
      if (final) finished = true;
    });
    if (data.length === 0) return { ok: false, code: 'corrupt', produced };
    for (let i = 0; i < data.length && !over; i += INFLATE_CHUNK) {
      const end = Math.min(data.length, i + INFLATE_CHUNK);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch {
    return { ok: false, code: over ? 'too-large' : 'corrupt', produced };
  }
  if (over) return { ok: false, code: 'too-large', produced };
  if (!finished) return { ok: false, code: 'corrupt', produced };
  const bytes = new Uint8Array(produced);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes, produced };
}

/** Find the `s=` value in a URL, a fragment (`#s=…`), or the bare value (`s=…`). null = not there. */
function shareParam(input: string): string | null | 'no-fragment' {
  let text = input.trim();
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(hash + 1);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('/') || text.startsWith('?')) return 'no-fragment';
  for (const part of text.split('&')) {
    if (part.startsWith(`${SHARE_PARAM}=`)) return part.slice(SHARE_PARAM.length + 1);
  }
  return text === '' ? 'no-fragment' : null;
}

export interface ShareCodec {
  encode(state: ShareState): string;
  /** Encode an arbitrary JSON value as version `version` (for tests of migrations and fixtures). */
  encodeRaw(version: number, value: unknown): string;
  decode(input: string): DecodeResult;
}

export function createShareCodec(registry: ShareRegistry): ShareCodec {
  const formatOf = (v: number): ShareFormat | null =>
    Object.prototype.hasOwnProperty.call(registry.formats, v) ? registry.formats[v] : null;

  function encodeRaw(version: number, value: unknown): string {
    const format = formatOf(version);
    const json = new TextEncoder().encode(JSON.stringify(value));
    const opts = format?.dictionary ? { level: 9 as const, dictionary: format.dictionary } : { level: 9 as const };
    return `#${SHARE_PARAM}=v${version}.${toBase64Url(deflateSync(json, opts))}`;
  }

  function encode(state: ShareState): string {
    const checked = normaliseShareState(state);
    const value = canonicalShareState(checked.ok ? checked.state : state);
    return encodeRaw(registry.current, value);
  }

  function decode(input: string): DecodeResult {
    if (typeof input !== 'string') return fail('empty');
    const param = shareParam(input);
    if (param === 'no-fragment' || param === '') return fail('empty');
    if (param === null) return fail('not-hopscope');
    const m = /^v(\d{1,6})\.(.*)$/s.exec(param);
    if (!m) return fail('not-hopscope');
    const version = Number(m[1]);
    const format = formatOf(version);
    if (!format || version > registry.current) return fail('unknown-version', { version, current: registry.current });
    let payload = m[2];
    if (payload.length > MAX_PAYLOAD_CHARS) return fail('too-large', { limit: '1 MB' });
    // Chat tools and mail clients sometimes percent-encode or wrap a long link; undo the harmless cases.
    if (payload.includes('%')) {
      try {
        payload = decodeURIComponent(payload);
      } catch {
        return fail('bad-base64');
      }
    }
    payload = payload.replace(/\s+/g, '');
    const bytes = fromBase64Url(payload);
    if (!bytes) return fail('bad-base64');
    const inflated = inflateBounded(bytes, format.dictionary, MAX_DECOMPRESSED_BYTES);
    if (!inflated.ok) return fail(inflated.code, { limit: '1 MB' });
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes));
    } catch {
      return fail('bad-json');
    }
    for (let v = version; v < registry.current; v++) {
      const migrate = Object.prototype.hasOwnProperty.call(registry.migrations, v) ? registry.migrations[v] : null;
      if (!migrate) return fail('unknown-version', { version, current: registry.current });
      try {
        value = migrate(value);
      } catch {
        return fail('bad-shape');
      }
    }
    const checked = normaliseShareState(value);
    if (!checked.ok) return fail('bad-shape');
    return { ok: true, state: checked.state, version, migrated: version !== registry.current };
  }

  return { encode, encodeRaw, decode };
}

const codec = createShareCodec(SHARE_REGISTRY);

/** The fragment (starting with `#`) that carries `state`. */
export function encodeShare(state: ShareState): string {
  return codec.encode(state);
}

/** Read a share link, a fragment or the bare `s=` value. Never throws. */
export function decodeShare(input: string): DecodeResult {
  return codec.decode(input);
}

/**
 * The full link: `base` without its old fragment (and without `embed` in its query), plus `?embed`
 * when asked, plus the fragment.
 */
export function shareUrl(base: string, state: ShareState, opts: { embed?: boolean; query?: string } = {}): string {
  const noHash = base.split('#')[0];
  const [path, query = ''] = noHash.split('?');
  const params = query.split('&').filter((p) => p !== '' && p !== 'embed' && !p.startsWith('embed='));
  if (opts.embed) params.unshift('embed');
  if (opts.query) params.push(...opts.query.split('&').filter((p) => p !== ''));
  return `${path}${params.length ? `?${params.join('&')}` : ''}${encodeShare(state)}`;
}
