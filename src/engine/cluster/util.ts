// Small pure helpers of the control plane: IPv4 arithmetic, stable hashing,
// label selectors, diagnostics and Go-tabwriter-style tables.
import type { Diagnostic, LabelSelector, Severity, SourceLoc } from '../../model/types';
import { t } from '../../i18n';

// ---------------------------------------------------------------- IPv4

/**
 * Parses dotted IPv4 into an unsigned 32-bit number; null when invalid. Exactly the
 * language of /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/ on the trimmed text with
 * octets <= 255, scanned by hand (it is on every hot path: no regex, no allocation).
 */
export function ipToInt(ip: string): number | null {
  const s = ip.trim();
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      part = part * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || dots === 3 || part > 255) return null;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return null;
  }
  if (dots !== 3 || digits === 0 || part > 255) return null;
  return n * 256 + part;
}

export function intToIp(n: number): string {
  const v = ((n % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return [Math.floor(v / 16777216) % 256, Math.floor(v / 65536) % 256, Math.floor(v / 256) % 256, v % 256].join('.');
}

export interface Cidr {
  /** network address as a number */
  base: number;
  bits: number;
  size: number;
}

/** Parses `a.b.c.d/n` (a bare address = /32). The base is masked to the network. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len] = text.trim().split('/');
  const ip = ipToInt(addr ?? '');
  const bits = len === undefined ? 32 : Number(len);
  if (ip === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const size = 2 ** (32 - bits);
  return { base: Math.floor(ip / size) * size, bits, size };
}

export function cidrToString(c: Cidr): string {
  return `${intToIp(c.base)}/${c.bits}`;
}

export function cidrContains(cidr: string | Cidr, ip: string): boolean {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const n = ipToInt(ip);
  if (!c || n === null) return false;
  return n >= c.base && n < c.base + c.size;
}

/** `192.168.10.100/24` -> { ip: '192.168.10.100', cidr: '192.168.10.0/24' } */
export function splitAddress(address: string): { ip: string; cidr: string; prefix: number } | null {
  const [ip, len] = address.trim().split('/');
  const c = parseCidr(address);
  if (!c || ipToInt(ip ?? '') === null) return null;
  return { ip: ip!, cidr: cidrToString(c), prefix: len === undefined ? 32 : c.bits };
}

export function compareIPs(a: string, b: string): number {
  return (ipToInt(a) ?? 0) - (ipToInt(b) ?? 0);
}

// ---------------------------------------------------------------- hashing

const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step over the characters of `text`, from state `h` (FNV is a stream: fnv(fnv(h, a), b) = fnv(h, a + b)). */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The state after `${round}${sep}`: the decimal digits of a small round number, then one separator character. */
function fnvRound(round: number, sep: number): number {
  let h = round < 10 ? Math.imul(FNV_OFFSET ^ (48 + round), 0x01000193) >>> 0 : fnv(FNV_OFFSET, String(round));
  h ^= sep;
  return Math.imul(h, 0x01000193) >>> 0;
}

/** FNV-1a, 32 bit: stable across runs and platforms. */
export function hash32(text: string): number {
  return fnv(FNV_OFFSET, text) >>> 0;
}

const HEX2: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** h as 8 hex digits: (h >>> 0).toString(16).padStart(8, '0') by table (Number#toString(16) is a runtime call) */
const HEX8 = (h: number): string => HEX2[h >>> 24]! + HEX2[(h >>> 16) & 255]! + HEX2[(h >>> 8) & 255]! + HEX2[h & 255]!;

/**
 * `n` hex characters derived from text: hash32(`0:${text}`), hash32(`1:${text}`), ... in hex,
 * cut to n. The rounds continue the hash from each prefix instead of building the joined strings.
 */
export function hexFrom(text: string, n: number): string {
  if (n <= 0) return '';
  if (n <= 8) return HEX8(fnv(fnvRound(0, 0x3a), text)).slice(0, n);
  let out = '';
  for (let round = 0; out.length < n; round++) out += HEX8(fnv(fnvRound(round, 0x3a), text));
  return out.slice(0, n);
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `n` characters of Kubernetes' safe alphabet (no vowels), derived from text: character i from hash32(`${i}/${text}`). */
export function alnumFrom(text: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += SAFE_ALPHABET[(fnv(fnvRound(i, 0x2f), text) >>> 0) % SAFE_ALPHABET.length];
  return out;
}

/** the FNV states after `0:mac:` and `1:mac:` */
const MAC0 = fnv(fnvRound(0, 0x3a), 'mac:');
const MAC1 = fnv(fnvRound(1, 0x3a), 'mac:');

/** A locally administered unicast MAC derived from text. */
export function macFrom(text: string): string {
  // the bytes of hexFrom(`mac:${text}`, 12), read straight from its two hash32 rounds
  const h0 = fnv(MAC0, text) >>> 0;
  const h1 = fnv(MAC1, text) >>> 0;
  const b0 = ((h0 >>> 24) & 0xfc) | 0x02;
  const b1 = (h0 >>> 16) & 255;
  const b2 = (h0 >>> 8) & 255;
  const b3 = h0 & 255;
  const b4 = h1 >>> 24;
  const b5 = (h1 >>> 16) & 255;
  // one string of 17 characters, instead of the ten a template literal builds on the way
  return String.fromCharCode(
    hexDigit(b0 >> 4), hexDigit(b0 & 15), 0x3a,
    hexDigit(b1 >> 4), hexDigit(b1 & 15), 0x3a,
    hexDigit(b2 >> 4), hexDigit(b2 & 15), 0x3a,
    hexDigit(b3 >> 4), hexDigit(b3 & 15), 0x3a,
    hexDigit(b4 >> 4), hexDigit(b4 & 15), 0x3a,
    hexDigit(b5 >> 4), hexDigit(b5 & 15),
  );
}

/** The character code of a hex digit 0..15 ('0'-'9', 'a'-'f'). */
function hexDigit(n: number): number {
  return n < 10 ? 48 + n : 87 + n;
}

/**
 * Picks a number in [lo, hi] from a stable hash of `key`, probing upward
 * (wrapping) past the ones `taken`. Returns null when the range is full.
 */
export function pickFromRange(key: string, lo: number, hi: number, taken: Set<number>): number | null {
  const span = hi - lo + 1;
  if (span <= 0) return null;
  const start = hash32(key) % span;
  for (let i = 0; i < span; i++) {
    const v = lo + ((start + i) % span);
    if (!taken.has(v)) return v;
  }
  return null;
}

// ---------------------------------------------------------------- selectors

/** Kubernetes label-selector semantics on plain labels (NotIn / DoesNotExist match absent keys). */
export function matchSelector(sel: LabelSelector | null, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export function matchLabelsMap(selector: Record<string, string>, labels: Record<string, string>): boolean {
  // as Object.entries(selector).every(...), without allocating the entries
  for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}

// ---------------------------------------------------------------- diagnostics

export const NO_LOC: SourceLoc = { file: 'cluster', doc: 0, line: 1, column: 1 };

export function diag(
  severity: Severity,
  code: string,
  loc: SourceLoc | null,
  params: Record<string, string | number> = {},
  hintId?: string,
): Diagnostic {
  const l = loc ?? NO_LOC;
  const d: Diagnostic = { severity, code, message: t(code, params), file: l.file, doc: l.doc, line: l.line, column: l.column };
  if (hintId) d.hint = t(hintId, params);
  return d;
}

/** Creation order of objects in the text: the lab file first, then by file name, then document index. */
export function locRank(loc: SourceLoc | null, labFile: string): [number, string, number, number] {
  if (!loc) return [-1, '', 0, 0];
  return [loc.file === labFile ? 0 : 1, loc.file, loc.doc, loc.line];
}

export function compareRank(a: [number, string, number, number], b: [number, string, number, number]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  if (a[2] !== b[2]) return a[2] - b[2];
  return a[3] - b[3];
}

// ---------------------------------------------------------------- tables

/**
 * Go text/tabwriter with padchar ' ': every cell that is followed by another
 * cell (or by a terminating tab, `trailing`) is padded to its column's width
 * (widest cell + padding, at least minwidth).
 */
export function tabulate(rows: string[][], opts: { padding?: number; minwidth?: number; trailing?: boolean } = {}): string[] {
  const padding = opts.padding ?? 3;
  const minwidth = opts.minwidth ?? 0;
  const trailing = opts.trailing ?? false;
  const widths: number[] = [];
  for (const r of rows) {
    const padded = trailing ? r.length : r.length - 1;
    for (let i = 0; i < padded; i++) widths[i] = Math.max(widths[i] ?? 0, Math.max(r[i]!.length + padding, minwidth));
  }
  return rows.map((r) => {
    const padded = trailing ? r.length : r.length - 1;
    let line = '';
    r.forEach((c, i) => {
      line += i < padded ? c.padEnd(widths[i]!) : c;
    });
    return line;
  });
}
