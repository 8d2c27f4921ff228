// Shared reading helpers: every kind parser reads its YAML through a Ctx, which knows the
// file and document, turns offsets into SourceLoc, and records diagnostics with catalogue text.
import ipaddr from 'ipaddr.js';
import { t, hasMessage } from '../i18n';
import type { Diagnostic, LabelSelector, LabelSelectorRequirement, Meta, Severity, SourceLoc } from './types';
import { get, entry, type LineIndex, type YMap, type YNode } from './yaml';

export type Params = Record<string, string | number | boolean | null | undefined>;

/** a.b.c.d/n with decimal octets without leading zeros (ipaddr.js isValidFourPartDecimal) */
const DOTTED_CIDR = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d+)$/;

export class Ctx {
  constructor(
    readonly file: string,
    readonly doc: number,
    readonly lines: LineIndex,
    readonly diagnostics: Diagnostic[],
    readonly lang: string = 'en',
  ) {}

  loc(off: number): SourceLoc {
    const { line, column } = this.lines.pos(off);
    return { file: this.file, doc: this.doc, line, column };
  }

  diag(severity: Severity, code: string, off: number, params: Params = {}): void {
    const { line, column } = this.lines.pos(off);
    const d: Diagnostic = {
      severity,
      code,
      message: t(code, params, this.lang),
      file: this.file,
      doc: this.doc,
      line,
      column,
    };
    if (hasMessage(`${code}.hint`)) d.hint = t(`${code}.hint`, params, this.lang);
    this.diagnostics.push(d);
  }

  error(code: string, off: number, params: Params = {}): void {
    this.diag('error', code, off, params);
  }
  warn(code: string, off: number, params: Params = {}): void {
    this.diag('warning', code, off, params);
  }
  info(code: string, off: number, params: Params = {}): void {
    this.diag('info', code, off, params);
  }

  /** Offset of a key in a mapping (or of the mapping when absent). */
  keyOff(m: YNode | undefined, key: string, fallback = 0): number {
    return entry(m, key)?.keyOff ?? m?.off ?? fallback;
  }

  // ------------------------------------------------------------ typed readers

  /** A scalar as a string (numbers and booleans stringified); null when absent or null. */
  str(m: YNode | undefined, key: string, path = key): string | null {
    const n = get(m, key);
    if (!n) return null;
    if (n.t !== 'scalar') {
      this.error('model.field.type', n.off, { field: path, expected: 'string' });
      return null;
    }
    return n.value === null ? null : String(n.value);
  }

  num(m: YNode | undefined, key: string, path = key): number | null {
    const n = get(m, key);
    if (!n || (n.t === 'scalar' && n.value === null)) return null;
    if (n.t === 'scalar') {
      if (typeof n.value === 'number') return n.value;
      if (typeof n.value === 'string' && /^-?\d+$/.test(n.value.trim())) return Number(n.value);
    }
    this.error('model.field.type', n.off, { field: path, expected: 'number' });
    return null;
  }

  bool(m: YNode | undefined, key: string, path = key): boolean | null {
    const n = get(m, key);
    if (!n || (n.t === 'scalar' && n.value === null)) return null;
    if (n.t === 'scalar') {
      if (typeof n.value === 'boolean') return n.value;
      if (n.value === 'true') return true;
      if (n.value === 'false') return false;
    }
    this.error('model.field.type', n.off, { field: path, expected: 'boolean' });
    return null;
  }

  /** A sequence's items; a missing field gives [], a non-sequence an error and []. */
  seq(m: YNode | undefined, key: string, path = key): YNode[] {
    const n = get(m, key);
    if (!n || (n.t === 'scalar' && n.value === null)) return [];
    if (n.t !== 'seq') {
      this.error('model.field.type', n.off, { field: path, expected: 'list' });
      return [];
    }
    return n.items;
  }

  map(m: YNode | undefined, key: string, path = key): YMap | null {
    const n = get(m, key);
    if (!n || (n.t === 'scalar' && n.value === null)) return null;
    if (n.t !== 'map') {
      this.error('model.field.type', n.off, { field: path, expected: 'mapping' });
      return null;
    }
    return n;
  }

  /** A list of strings. */
  strList(m: YNode | undefined, key: string, path = key): string[] {
    const out: string[] = [];
    for (const it of this.seq(m, key, path)) {
      if (it.t === 'scalar' && it.value !== null) out.push(String(it.value));
      else this.error('model.field.type', it.off, { field: path, expected: 'string' });
    }
    return out;
  }

  /** A string→string mapping (labels, annotations, selectors). */
  strMap(m: YNode | undefined, key: string, path = key): Record<string, string> {
    const n = this.map(m, key, path);
    const out: Record<string, string> = {};
    if (!n) return out;
    for (const e of n.entries) {
      if (e.value.t === 'scalar') out[e.key] = e.value.value === null ? '' : String(e.value.value);
      else this.error('model.field.type', e.value.off, { field: `${path}.${e.key}`, expected: 'string' });
    }
    return out;
  }

  /** Kubernetes metadata. Returns null (after an error) when the name is missing. */
  meta(root: YMap, kind: string, namespaced: boolean): Meta | null {
    const md = this.map(root, 'metadata');
    const name = md ? this.str(md, 'name', 'metadata.name') : null;
    if (!name) {
      this.error('model.metadata.name', md ? md.off : root.off, { kind });
      return null;
    }
    const ns = md ? this.str(md, 'namespace', 'metadata.namespace') : null;
    return {
      name,
      namespace: namespaced ? ns || 'default' : '',
      labels: this.strMap(md ?? undefined, 'labels', 'metadata.labels'),
      annotations: this.strMap(md ?? undefined, 'annotations', 'metadata.annotations'),
    };
  }

  // ------------------------------------------------------------ selectors

  /** A Kubernetes label selector ({} selects everything). */
  selector(n: YNode | undefined, path: string): LabelSelector | null {
    if (!n || (n.t === 'scalar' && n.value === null)) return null;
    if (n.t !== 'map') {
      this.error('model.field.type', n.off, { field: path, expected: 'mapping' });
      return null;
    }
    this.checkKnown(n, ['matchLabels', 'matchExpressions'], path);
    const matchLabels = this.strMap(n, 'matchLabels', `${path}.matchLabels`);
    const matchExpressions: LabelSelectorRequirement[] = [];
    for (const ex of this.seq(n, 'matchExpressions', `${path}.matchExpressions`)) {
      const key = this.str(ex, 'key', `${path}.matchExpressions.key`) ?? '';
      const opNode = get(ex, 'operator');
      const op = this.str(ex, 'operator', `${path}.matchExpressions.operator`) ?? '';
      const values = this.strList(ex, 'values', `${path}.matchExpressions.values`);
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        this.error('model.selector.operator', opNode?.off ?? ex.off, { operator: op, field: path });
        continue;
      }
      if ((op === 'In' || op === 'NotIn') && values.length === 0)
        this.error('model.selector.values', opNode?.off ?? ex.off, { operator: op });
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
        this.error('model.selector.novalues', opNode?.off ?? ex.off, { operator: op });
      matchExpressions.push({ key, operator: op, values });
    }
    return { matchLabels, matchExpressions };
  }

  // ------------------------------------------------------------ addresses

  /** An IP address (v4 or v6); reports and returns false when invalid. */
  checkIP(value: string, off: number, field: string): boolean {
    if (ipaddr.isValid(value) && (ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value))) return true;
    this.error('model.ip.invalid', off, { value, field });
    return false;
  }

  /** A CIDR a.b.c.d/n; reports and returns false when invalid. */
  checkCIDR(value: string, off: number, field: string): boolean {
    // Fast path for the common dotted-quad form, which the ipaddr.js path below accepts too
    // (it tries IPv6 first and throws: costly on labs with hundreds of CIDRs).
    const m = DOTTED_CIDR.exec(value);
    if (m && [m[1], m[2], m[3], m[4]].every((o) => Number(o) <= 255) && parseInt(m[5]!, 10) <= 32) return true;
    try {
      const [addr] = ipaddr.parseCIDR(value);
      const ipPart = value.split('/')[0] ?? '';
      if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(ipPart)) throw new Error('not dotted quad');
      return true;
    } catch {
      this.error('model.cidr.invalid', off, { value, field });
      return false;
    }
  }

  // ------------------------------------------------------------ unknown fields

  /** Report keys of `m` that are not in `known`, suggesting the closest. */
  checkKnown(m: YMap, known: readonly string[], path: string, severity: Severity = 'error'): void {
    for (const e of m.entries) {
      if (known.includes(e.key)) continue;
      const suggestion = closest(e.key, known);
      this.diag(severity, suggestion ? 'model.field.unknown' : 'model.field.unknown.nosuggest', e.keyOff, {
        field: e.key,
        path,
        suggestion,
        known: known.join(', '),
      });
    }
  }
}

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  const prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= bl.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (al[i - 1] === bl[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[bl.length]!;
}

/** The known name closest to `name`, when it is close enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best === null) return null;
  const limit = Math.max(2, Math.floor(Math.max(name.length, best.length) / 3));
  return bestD <= limit ? best : null;
}
