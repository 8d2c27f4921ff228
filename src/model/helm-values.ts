// Cilium helm values → CiliumConfig. Accepts a pasted `helm install|upgrade|template ... --set ...`
// line or a values mapping; both become a list of dotted-key assignments that are merged key by
// key (later wins) and normalised with Cilium 1.18's chart defaults
// (cilium/cilium install/kubernetes/cilium/values.yaml). The --set syntax follows helm's
// pkg/strvals/parser.go: `a.b=c,d=e`, `{x,y}` lists, `\,` escapes, typed values (true/false,
// integers, null) except with --set-string.
import ipaddr from 'ipaddr.js';
import { t, hasMessage } from '../i18n';
import type { CiliumConfig, Diagnostic, MonitorAggregation, Severity, SourceLoc } from './types';
import { tokenize } from './shell';
import type { YNode } from './yaml';
import { toJS } from './yaml';
import type { Ctx } from './context';

/** a.b.c.d/n with decimal octets (0-255, no leading zeros) */
const DOTTED_CIDR = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d+)$/;

export interface HelmAssignment {
  key: string;
  value: unknown;
  loc: SourceLoc;
}

function diag(out: Diagnostic[], severity: Severity, code: string, loc: SourceLoc, params: Record<string, string | number>, lang: string): void {
  const d: Diagnostic = { severity, code, message: t(code, params, lang), ...loc };
  if (hasMessage(`${code}.hint`)) d.hint = t(`${code}.hint`, params, lang);
  out.push(d);
}

/** helm strvals typing: "true"/"false" → boolean, "null" → null, plain integers → number. */
function typed(v: string, asString: boolean): unknown {
  if (asString) return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'null') return null;
  if (/^-?(0|[1-9]\d*)$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  return v;
}

/** Split on a separator outside braces, honouring backslash escapes. Returns pieces with their offsets. */
function splitTop(s: string, sep: string): { text: string; off: number }[] {
  const out: { text: string; off: number }[] = [];
  let depth = 0;
  let cur = '';
  let curOff = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth = Math.max(0, depth - 1);
    if (c === sep && depth === 0) {
      out.push({ text: cur, off: curOff });
      cur = '';
      curOff = i + 1;
      continue;
    }
    cur += c;
  }
  out.push({ text: cur, off: curOff });
  return out;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

/**
 * Parse one `--set` argument (`a.b=c,d={x,y}`) into assignments. `locAt(i)` gives the location
 * of character i of the argument.
 */
export function parseSetArgument(
  arg: string,
  locAt: (i: number) => SourceLoc,
  diagnostics: Diagnostic[],
  lang: string,
  mode: 'set' | 'set-string' | 'set-json' = 'set',
): HelmAssignment[] {
  const out: HelmAssignment[] = [];
  const pieces = mode === 'set-json' ? [{ text: arg, off: 0 }] : splitTop(arg, ',');
  for (const { text, off } of pieces) {
    if (text === '') continue;
    const eq = text.search(/(?<!\\)=/);
    if (eq <= 0) {
      diag(diagnostics, 'error', 'model.helm.set.syntax', locAt(off), { arg: text }, lang);
      continue;
    }
    const key = unescape(text.slice(0, eq));
    const raw = text.slice(eq + 1);
    let value: unknown;
    if (mode === 'set-json') {
      try {
        value = JSON.parse(raw);
      } catch {
        diag(diagnostics, 'error', 'model.helm.set.json', locAt(off), { arg: text }, lang);
        continue;
      }
    } else if (raw.startsWith('{') && raw.endsWith('}')) {
      const inner = raw.slice(1, -1);
      value = inner === '' ? [] : splitTop(inner, ',').map((p) => typed(unescape(p.text), mode === 'set-string'));
    } else value = typed(unescape(raw), mode === 'set-string');
    out.push({ key, value, loc: locAt(off) });
  }
  return out;
}

const VALUE_OPTIONS = new Set(['--version', '--namespace', '-n', '--timeout', '--kube-context', '--kubeconfig', '--repo', '--description', '--output', '-o', '--post-renderer', '--post-renderer-args', '--username', '--password', '--ca-file', '--cert-file', '--key-file', '--keyring', '--registry-config', '--repository-cache', '--repository-config', '--name-template', '--kube-apiserver', '--kube-as-user', '--kube-token', '--history-max']);

/**
 * Parse a pasted helm command. `off` is the offset of the command text in the whole source,
 * `source` the whole source (to find each token's real position in folded YAML scalars).
 */
export function parseHelmCommand(line: string, ctx: Ctx, off: number, source: string): HelmAssignment[] {
  const out: HelmAssignment[] = [];
  const { tokens, unterminated } = tokenize(line);
  // Where does each token stand in the source? Folding joins lines with spaces, so an unquoted
  // token is found verbatim; search forward from the previous one.
  let cursor = off;
  const tokenOff = tokens.map((tk) => {
    const raw = line.slice(tk.start, tk.end);
    const idx = source.indexOf(raw, cursor);
    if (idx >= 0) {
      cursor = idx + raw.length;
      return idx;
    }
    return off + tk.start;
  });
  if (unterminated !== null) ctx.error('model.helm.quote', off + unterminated);
  let i = 0;
  if (tokens[0]?.value === 'helm') i++;
  const cmd = tokens[i]?.value;
  if (cmd && !['install', 'upgrade', 'template'].includes(cmd) && !cmd.startsWith('-'))
    ctx.warn('model.helm.command', tokenOff[i]!, { command: cmd });
  for (; i < tokens.length; i++) {
    const tk = tokens[i]!;
    let opt = tk.value;
    let arg: string | null = null;
    let argTok = -1;
    let argInline = 0;
    if (!opt.startsWith('-')) continue;
    const eq = opt.indexOf('=');
    if (opt.startsWith('--') && eq > 0) {
      arg = opt.slice(eq + 1);
      argInline = eq + 1;
      argTok = i;
      opt = opt.slice(0, eq);
    }
    const takeArg = (): string | null => {
      if (arg !== null) return arg;
      if (i + 1 < tokens.length) {
        argTok = ++i;
        return tokens[i]!.value;
      }
      ctx.error('model.helm.option.arg', tokenOff[i]!, { option: opt });
      return null;
    };
    if (opt === '--set' || opt === '--set-string' || opt === '--set-json' || opt === '--set-literal') {
      const a = takeArg();
      if (a === null) continue;
      const t0 = tokens[argTok]!;
      const base = tokenOff[argTok]!;
      const exact = !t0.quoted;
      const mode = opt === '--set-string' || opt === '--set-literal' ? 'set-string' : opt === '--set-json' ? 'set-json' : 'set';
      if (opt === '--set-literal') {
        const e = a.indexOf('=');
        if (e > 0) out.push({ key: a.slice(0, e), value: a.slice(e + 1), loc: ctx.loc(base + argInline) });
        continue;
      }
      out.push(...parseSetArgument(a, (k) => ctx.loc(base + argInline + (exact ? k : 0)), ctx.diagnostics, ctx.lang, mode));
    } else if (opt === '-f' || opt === '--values' || opt === '--set-file') {
      const at = tokenOff[i]!;
      const a = takeArg();
      ctx.warn(opt === '--set-file' ? 'model.helm.setfile' : 'model.helm.values', at, { file: a ?? '' });
    } else if (VALUE_OPTIONS.has(opt)) {
      takeArg();
    }
  }
  return out;
}

/** Flatten a values mapping into dotted keys (lists and scalars are leaves). */
export function flattenValues(n: YNode, ctx: Ctx, prefix = ''): HelmAssignment[] {
  if (n.t !== 'map') {
    if (prefix === '') {
      ctx.error('model.field.type', n.off, { field: 'spec.helm', expected: 'string or mapping' });
      return [];
    }
    return [{ key: prefix, value: toJS(n), loc: ctx.loc(n.off) }];
  }
  if (n.entries.length === 0 && prefix !== '') return [{ key: prefix, value: {}, loc: ctx.loc(n.off) }];
  return n.entries.flatMap((e) => flattenValues(e.value, ctx, prefix ? `${prefix}.${e.key}` : e.key));
}

/** Parse `--set`-style strings given on the command line (`options.set`). */
export function parseCliSets(sets: string[], diagnostics: Diagnostic[], lang: string): HelmAssignment[] {
  return sets.flatMap((s, i) =>
    parseSetArgument(s, (k) => ({ file: '--set', doc: i, line: 1, column: k + 1 }), diagnostics, lang),
  );
}

export const CHART_DEFAULTS: Omit<CiliumConfig, 'raw'> = {
  routingMode: 'tunnel',
  tunnelProtocol: 'vxlan',
  ipv4NativeRoutingCIDR: null,
  autoDirectNodeRoutes: false,
  endpointRoutes: false,
  kubeProxyReplacement: false,
  bpfMasquerade: false,
  hostLegacyRouting: false,
  bpfTproxy: false,
  monitorAggregation: 'medium',
  hubbleEnabled: true,
  ingressController: { enabled: false, loadbalancerMode: 'dedicated', enforceHttps: true, isDefault: false, serviceType: 'LoadBalancer' },
  l7Backend: null,
  l2announcements: false,
  localRedirectPolicy: false,
  clusterPoolIPv4PodCIDRList: ['10.0.0.0/8'],
  clusterPoolIPv4MaskSize: 24,
};

/** Build the normalised config from assignments (in order: later wins). */
export function buildCiliumConfig(assignments: HelmAssignment[], diagnostics: Diagnostic[], lang = 'en'): CiliumConfig {
  const raw: Record<string, unknown> = {};
  const where: Record<string, SourceLoc> = {};
  for (const a of assignments) {
    raw[a.key] = a.value;
    where[a.key] = a.loc;
  }
  const cfg: CiliumConfig = {
    ...CHART_DEFAULTS,
    ingressController: { ...CHART_DEFAULTS.ingressController },
    clusterPoolIPv4PodCIDRList: [...CHART_DEFAULTS.clusterPoolIPv4PodCIDRList],
    raw,
  };
  const bad = (key: string, expected: string): void =>
    diag(diagnostics, 'error', 'model.helm.value', where[key]!, { key, value: JSON.stringify(raw[key]), expected }, lang);
  const has = (key: string): boolean => key in raw && raw[key] !== null && raw[key] !== '';
  const bool = (key: string, set: (v: boolean) => void): void => {
    if (!has(key)) return;
    const v = raw[key];
    if (v === true || v === 'true') set(true);
    else if (v === false || v === 'false') set(false);
    else bad(key, 'true | false');
  };
  function oneOf<T extends string>(key: string, allowed: readonly T[], set: (v: T) => void): void {
    if (!has(key)) return;
    const v = String(raw[key]);
    if ((allowed as readonly string[]).includes(v)) set(v as T);
    else bad(key, allowed.join(' | '));
  }
  const cidr = (v: unknown): boolean => {
    if (typeof v !== 'string') return false;
    // dotted-quad a.b.c.d/n: accepted by ipaddr.parseCIDR below, which tries IPv6 first and throws
    const m = DOTTED_CIDR.exec(v);
    if (m && [m[1], m[2], m[3], m[4]].every((o) => Number(o) <= 255) && parseInt(m[5]!, 10) <= 32) return true;
    try {
      ipaddr.parseCIDR(v);
      return true;
    } catch {
      return false;
    }
  };

  // Legacy (≤ 1.14) `tunnel=disabled|vxlan|geneve`, read first so routingMode can override it.
  if (has('tunnel')) {
    const v = String(raw['tunnel']);
    if (v === 'disabled') cfg.routingMode = 'native';
    else if (v === 'vxlan' || v === 'geneve') {
      cfg.routingMode = 'tunnel';
      cfg.tunnelProtocol = v;
    } else bad('tunnel', 'disabled | vxlan | geneve');
  }
  oneOf('routingMode', ['native', 'tunnel'] as const, (v) => (cfg.routingMode = v));
  oneOf('tunnelProtocol', ['vxlan', 'geneve'] as const, (v) => (cfg.tunnelProtocol = v));
  if (has('ipv4NativeRoutingCIDR')) {
    if (cidr(raw['ipv4NativeRoutingCIDR'])) cfg.ipv4NativeRoutingCIDR = String(raw['ipv4NativeRoutingCIDR']);
    else bad('ipv4NativeRoutingCIDR', 'CIDR');
  }
  bool('autoDirectNodeRoutes', (v) => (cfg.autoDirectNodeRoutes = v));
  bool('endpointRoutes.enabled', (v) => (cfg.endpointRoutes = v));
  if (has('kubeProxyReplacement')) {
    const v = raw['kubeProxyReplacement'];
    // 1.18 takes true/false; "strict"/"disabled" are the pre-1.14 spellings.
    if (v === true || v === 'true' || v === 'strict') cfg.kubeProxyReplacement = true;
    else if (v === false || v === 'false' || v === 'disabled') cfg.kubeProxyReplacement = false;
    else bad('kubeProxyReplacement', 'true | false');
  }
  bool('bpf.masquerade', (v) => (cfg.bpfMasquerade = v));
  bool('bpf.hostLegacyRouting', (v) => (cfg.hostLegacyRouting = v));
  bool('bpf.tproxy', (v) => (cfg.bpfTproxy = v));
  oneOf<MonitorAggregation>('bpf.monitorAggregation', ['none', 'low', 'medium', 'maximum'], (v) => (cfg.monitorAggregation = v));
  bool('hubble.enabled', (v) => (cfg.hubbleEnabled = v));
  bool('ingressController.enabled', (v) => (cfg.ingressController.enabled = v));
  oneOf('ingressController.loadbalancerMode', ['shared', 'dedicated'] as const, (v) => (cfg.ingressController.loadbalancerMode = v));
  bool('ingressController.enforceHttps', (v) => (cfg.ingressController.enforceHttps = v));
  bool('ingressController.default', (v) => (cfg.ingressController.isDefault = v));
  oneOf('ingressController.service.type', ['LoadBalancer', 'NodePort'] as const, (v) => (cfg.ingressController.serviceType = v));
  if (has('loadBalancer.l7.backend')) {
    const v = String(raw['loadBalancer.l7.backend']);
    if (v === 'envoy') cfg.l7Backend = 'envoy';
    else if (v === 'disabled' || v === 'none') cfg.l7Backend = null;
    else bad('loadBalancer.l7.backend', 'envoy | disabled');
  }
  bool('l2announcements.enabled', (v) => (cfg.l2announcements = v));
  bool('localRedirectPolicy', (v) => (cfg.localRedirectPolicy = v));
  for (const key of ['ipam.operator.clusterPoolIPv4PodCIDR', 'ipam.operator.clusterPoolIPv4PodCIDRList']) {
    if (!has(key)) continue;
    const v = raw[key];
    const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v];
    if (list.length > 0 && list.every(cidr)) cfg.clusterPoolIPv4PodCIDRList = list.map(String);
    else bad(key, 'list of CIDRs, e.g. {10.0.0.0/8}');
  }
  if (has('ipam.operator.clusterPoolIPv4MaskSize')) {
    const v = Number(raw['ipam.operator.clusterPoolIPv4MaskSize']);
    if (Number.isInteger(v) && v >= 1 && v <= 32) cfg.clusterPoolIPv4MaskSize = v;
    else bad('ipam.operator.clusterPoolIPv4MaskSize', '1..32');
  }
  if (cfg.routingMode === 'native' && cfg.ipv4NativeRoutingCIDR === null && 'routingMode' in where)
    diag(diagnostics, 'warning', 'model.helm.nativeCIDR', where['routingMode']!, {}, lang);
  if (cfg.ingressController.enabled && !cfg.kubeProxyReplacement && 'ingressController.enabled' in where)
    diag(diagnostics, 'warning', 'model.helm.ingressNeedsKPR', where['ingressController.enabled']!, {}, lang);
  return cfg;
}
