// The `hopscope` command: the engine in a terminal.
//   hopscope state [FILE...] [--set k=v]... [--json]
//   hopscope trace [FILE...] --from CLIENT --curl 'curl ...' [--set k=v]... [--json]
//   hopscope scenarios [--check] [--json]
//   hopscope help
// Exit codes: 0 the command worked (a failed request is still a successful trace),
// 1 error diagnostics, 2 usage errors and unreadable files. docs/cli.md is the reference.
import { readFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, observe, trace } from '../engine';
// TLS Secrets' certificate reader: registered at start in Node (the browser's worker loads it on demand)
import '../model/x509';
import type { ClusterState, Diagnostic, Hop, SourceText, Trace } from '../engine';
import { t } from '../i18n';
import { checkExpect, readAllScenarios } from './scenarios';
import { formatTable } from './table';

export interface Writable {
  write(text: string): unknown;
}

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  /** reads a FILE argument; defaults to fs.readFileSync(path, 'utf8') */
  readFile?: (path: string) => string;
}

export const EXIT_OK = 0;
export const EXIT_DIAGNOSTICS = 1;
export const EXIT_USAGE = 2;

// ---------------------------------------------------------------- arguments

interface Args {
  command: string | null;
  files: string[];
  set: string[];
  json: boolean;
  from: string | null;
  curl: string | null;
  request: string | null;
  check: boolean;
  noDefaultLab: boolean;
  help: boolean;
  lang: string;
  tool: string | null;
  on: string | null;
}

class UsageError extends Error {}

const VALUE_FLAGS = new Set(['--set', '--from', '--curl', '--request', '--lang', '--tool', '--on']);
const BOOL_FLAGS = new Set(['--json', '--check', '--no-default-lab', '--help', '-h']);

function parseArgs(argv: string[]): Args {
  const a: Args = { command: null, files: [], set: [], json: false, from: null, curl: null, request: null, check: false, noDefaultLab: false, help: false, lang: 'en', tool: null, on: null };
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      if (a.command === null) a.command = arg;
      else a.files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(flag)) {
      let value: string;
      if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
      else {
        if (i + 1 >= argv.length) throw new UsageError(t('cli.usage.needsValue', { flag }));
        value = argv[++i];
      }
      switch (flag) {
        case '--set':
          if (!value.includes('=')) throw new UsageError(t('cli.usage.setFormat', { value }));
          a.set.push(value);
          break;
        case '--from':
          a.from = value;
          break;
        case '--curl':
          a.curl = value;
          break;
        case '--request':
          a.request = value;
          break;
        case '--lang':
          a.lang = value;
          break;
        case '--tool':
          a.tool = value;
          break;
        case '--on':
          a.on = value;
          break;
      }
      continue;
    }
    if (BOOL_FLAGS.has(arg)) {
      if (arg === '--json') a.json = true;
      else if (arg === '--check') a.check = true;
      else if (arg === '--no-default-lab') a.noDefaultLab = true;
      else a.help = true;
      continue;
    }
    throw new UsageError(t('cli.usage.unknownFlag', { flag: arg }));
  }
  return a;
}

// ---------------------------------------------------------------- helpers

function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

function writeDiagnostics(io: CliIO, diags: Diagnostic[]): void {
  for (const d of diags) io.stderr.write(formatDiagnostic(d) + '\n');
}

function loadSources(io: CliIO, files: string[]): SourceText[] {
  const read = io.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  return files.map((file) => {
    try {
      return { file, text: read(file) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(t('cli.error.unreadable', { file, reason: code ?? (e as Error).message }));
    }
  });
}

function hasErrors(diags: Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

function compileFiles(io: CliIO, a: Args): { state: ClusterState } {
  const sources = loadSources(io, a.files);
  return compile(sources, { set: a.set, lang: a.lang, useDefaultLab: a.noDefaultLab ? false : undefined });
}

// ---------------------------------------------------------------- state

function endpointText(e: ClusterState['services'][number]['endpoints'][number]): string {
  return `${e.ip}:${e.port}`;
}

export function stateJson(s: ClusterState) {
  const routes = s.envoy.flatMap((l) =>
    l.virtualHosts.flatMap((vh) =>
      vh.routes.map((r) => ({
        listener: l.service,
        host: r.host,
        type: r.match.type,
        value: r.match.value,
        backend: r.backends.map((b) => `${b.namespace}/${b.service}:${b.port}`).join(', '),
        backends: r.backends.map((b) => ({ namespace: b.namespace, service: b.service, port: b.port, weight: b.weight })),
        httpsRedirect: r.httpsRedirect,
        ingresses: r.ingresses,
      })),
    ),
  );
  return {
    title: s.title,
    services: s.services.map((v) => ({
      namespace: v.namespace,
      name: v.name,
      type: v.type,
      clusterIP: v.headless ? 'None' : v.clusterIP,
      externalIP: v.type === 'LoadBalancer' ? v.externalIP : null,
      pendingReason: v.pendingReason,
      ports: v.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort, protocol: p.protocol })),
      endpoints: v.endpoints.map((e) => ({ ip: e.ip, port: e.port, pod: e.pod, node: e.node, ready: e.ready })),
      l7lb: v.l7lb,
    })),
    ingresses: s.ingresses.map((i) => ({
      namespace: i.namespace,
      name: i.name,
      class: i.class,
      managed: i.managed,
      mode: i.mode,
      address: i.address,
      service: i.service,
      hosts: i.hosts ?? null,
      tls: i.tls,
    })),
    l2: s.l2.map((l) => ({
      namespace: l.namespace,
      service: l.service,
      ip: l.ip,
      node: l.node,
      interface: l.interface,
      lease: l.lease,
      policy: l.policy,
      silentReason: l.silentReason,
    })),
    ingressIPs: s.ingressIPs.map((x) => ({ node: x.node, ip: x.ip })),
    routes,
    diagnostics: s.diagnostics,
  };
}

function portsText(v: ClusterState['services'][number]): string {
  if (v.ports.length === 0) return '<none>';
  return v.ports.map((p) => `${p.port}${p.nodePort && v.type !== 'ClusterIP' ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',');
}

function ingressHosts(i: ClusterState['ingresses'][number]): string {
  if (i.hosts && i.hosts.length > 0) return i.hosts.join(',');
  return '*';
}

export function stateText(s: ClusterState): string {
  const out: string[] = [];
  if (s.title) out.push(s.title, '');
  out.push(t('cli.state.services'));
  out.push(
    formatTable([
      ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)'],
      ...s.services.map((v) => [
        v.namespace,
        v.name,
        v.type,
        v.headless ? 'None' : (v.clusterIP ?? '<none>'),
        v.type === 'LoadBalancer' ? (v.externalIP ?? '<pending>') : v.externalIPs.length > 0 ? v.externalIPs.join(',') : '<none>',
        portsText(v),
      ]),
    ]),
  );
  out.push('', t('cli.state.endpoints'));
  out.push(
    formatTable([
      ['NAMESPACE', 'NAME', 'ENDPOINTS'],
      ...s.services
        .filter((v) => v.type !== 'ExternalName')
        .map((v) => {
          const eps = v.endpoints.filter((e) => e.ready).map(endpointText);
          const shown = eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',');
          return [v.namespace, v.name, shown || '<none>'];
        }),
    ]),
  );
  out.push('', t('cli.state.ingresses'));
  out.push(
    formatTable([
      ['NAMESPACE', 'NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'CILIUM'],
      ...s.ingresses.map((i) => [
        i.namespace,
        i.name,
        i.ingressClassName ?? i.class ?? '<none>',
        ingressHosts(i),
        i.address ?? '',
        i.tls.length > 0 ? '80, 443' : '80',
        i.managed ? `${i.mode ?? ''} ${i.service ?? ''}`.trim() : t('cli.state.ignored'),
      ]),
    ]),
  );
  out.push('', t('cli.state.l2'));
  out.push(
    formatTable([
      ['LEASE', 'IP', 'HOLDER', 'INTERFACE', 'POLICY'],
      ...s.l2.map((l) => [
        `kube-system/${l.lease}`,
        l.ip,
        l.node ?? '<none>',
        l.interface ?? (l.silentReason ? `<none> (${t(l.silentReason)})` : '<none>'),
        l.policy ?? '<none>',
      ]),
    ]),
  );
  out.push('', t('cli.state.ingressIPs'));
  out.push(formatTable([['IP', 'IDENTITY', 'NODE'], ...s.ingressIPs.map((x) => [`${x.ip}/32`, 'reserved:ingress', x.node])]));
  out.push('', t('cli.state.routes'));
  const rows: string[][] = [['LISTENER', 'HOST', 'MATCH', 'PATH', 'BACKEND']];
  for (const l of s.envoy) {
    for (const vh of l.virtualHosts) {
      for (const r of vh.routes) {
        rows.push([
          l.service,
          r.host,
          r.match.type,
          r.match.value,
          r.httpsRedirect ? t('cli.state.httpsRedirect') : r.backends.map((b) => `${b.namespace}/${b.service}:${b.port}`).join(', '),
        ]);
      }
    }
  }
  out.push(rows.length > 1 ? formatTable(rows) : t('cli.state.noRoutes'));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- trace

function addr(ip: string, port: number | null): string {
  return port === null ? ip : `${ip}:${port}`;
}

export function hopJson(h: Hop) {
  const td = h.seen.tcpdump;
  const hb = h.seen.hubble;
  const first = hb.seen ? hb.detail[0] : undefined;
  return {
    index: h.index,
    conn: h.conn,
    direction: h.direction,
    node: h.node,
    where: h.where,
    stage: h.stage,
    program: h.program,
    packet: {
      src: addr(h.packet.src, h.packet.sport),
      dst: addr(h.packet.dst, h.packet.dport),
      proto: h.packet.proto,
      flags: h.packet.tcpFlags,
      l7: h.packet.l7,
    },
    after: h.after ? { src: addr(h.after.src, h.after.sport), dst: addr(h.after.dst, h.after.dport) } : null,
    action: h.action,
    rewrites: h.rewrites,
    explain: h.explain,
    seen: {
      tcpdump: td.seen ? td.detail.map((x) => `${x.host}/${x.iface}`) : [],
      pwru: h.seen.pwru.seen,
      hubble: first ? { point: first.point, verdict: first.verdict } : null,
    },
    unseen: {
      tcpdump: td.seen ? null : td.reason,
      pwru: h.seen.pwru.seen ? null : h.seen.pwru.reason,
      hubble: hb.seen ? null : hb.reason,
    },
  };
}

export function traceJson(tr: Trace) {
  return {
    from: tr.from,
    curl: tr.request.raw,
    outcome: {
      status: tr.outcome.status,
      error: tr.outcome.error,
      exitCode: tr.outcome.exitCode,
      location: tr.outcome.location,
      output: tr.outcome.output,
    },
    backend: tr.backend ? { namespace: tr.backend.namespace, service: tr.backend.service, pod: tr.backend.pod, node: tr.backend.node } : null,
    envoyNode: tr.envoyNode,
    connections: tr.connections.map((c) => ({
      id: c.id,
      kind: c.kind,
      label: c.label,
      client: addr(c.client.ip, c.client.port),
      server: addr(c.server.ip, c.server.port),
    })),
    hops: tr.hops.map(hopJson),
    diagnostics: tr.diagnostics,
  };
}

const MARK_YES = '✓';
const MARK_NO = '·';

function packetText(h: Hop): string {
  const p = h.packet;
  if (p.proto === 'arp' && p.arp) {
    return p.arp.op === 'request' ? `ARP who-has ${p.arp.targetIP} tell ${p.arp.senderIP}` : `ARP ${p.arp.senderIP} is-at ${p.arp.senderMac}`;
  }
  let s = `${addr(p.src, p.sport)} > ${addr(p.dst, p.dport)} ${p.proto}`;
  if (p.tcpFlags) s += ` [${p.tcpFlags}]`;
  if (p.tls) s += ` TLS${p.tls.sni ? ` sni=${p.tls.sni}` : ''}`;
  if (p.l7) s += ` "${p.l7}"`;
  if (h.after) s += `  =>  ${addr(h.after.src, h.after.sport)} > ${addr(h.after.dst, h.after.dport)}`;
  return s;
}

export function traceText(tr: Trace): string {
  const out: string[] = [];
  out.push(t('cli.trace.header', { from: tr.from, curl: tr.request.raw }));
  out.push(t('cli.trace.legend', { yes: MARK_YES, no: MARK_NO }));
  const rows: string[][] = [['#', 'T', 'P', 'H', 'NODE', 'WHERE', 'STAGE', 'ACTION', 'PACKET']];
  for (const h of tr.hops) {
    rows.push([
      String(h.index),
      h.seen.tcpdump.seen ? MARK_YES : MARK_NO,
      h.seen.pwru.seen ? MARK_YES : MARK_NO,
      h.seen.hubble.seen ? MARK_YES : MARK_NO,
      h.node ?? '-',
      h.where,
      h.stage,
      h.action,
      packetText(h),
    ]);
  }
  const table = formatTable(rows).split('\n');
  out.push(table[0]);
  tr.hops.forEach((h, i) => {
    out.push(table[i + 1]);
    if (h.explain) out.push(`      ${h.explain}`);
    const td = h.seen.tcpdump;
    if (td.seen && td.detail.length > 0) out.push(`      tcpdump: ${td.detail.map((x) => `${x.host}/${x.iface} ${x.dir}`).join(', ')}`);
    if (h.seen.hubble.seen) for (const x of h.seen.hubble.detail) out.push(`      hubble: ${x.point} ${x.verdict}`);
  });
  out.push('');
  const o = tr.outcome;
  const result =
    o.status !== null
      ? t('cli.trace.outcomeStatus', { status: o.status, exitCode: o.exitCode })
      : t('cli.trace.outcomeError', { error: o.error ?? '', exitCode: o.exitCode });
  out.push(result);
  if (tr.backend) out.push(t('cli.trace.backend', { namespace: tr.backend.namespace, service: tr.backend.service, pod: tr.backend.pod, node: tr.backend.node }));
  else out.push(t('cli.trace.noBackend'));
  if (tr.envoyNode) out.push(t('cli.trace.envoy', { node: tr.envoyNode }));
  if (o.output.length > 0) {
    out.push('', t('cli.trace.curlOutput'));
    for (const line of o.output) out.push(`  ${line}`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- commands

function cmdState(io: CliIO, a: Args): number {
  if (a.from || a.curl || a.request) throw new UsageError(t('cli.usage.stateNoTrace'));
  const { state } = compileFiles(io, a);
  writeDiagnostics(io, state.diagnostics);
  io.stdout.write(a.json ? JSON.stringify(stateJson(state), null, 2) + '\n' : stateText(state));
  return hasErrors(state.diagnostics) ? EXIT_DIAGNOSTICS : EXIT_OK;
}

function cmdTrace(io: CliIO, a: Args): number {
  if (a.tool || a.on) throw new UsageError(t('cli.usage.traceNoTool'));
  const { state, tr } = traceFromArgs(io, a);
  const diags = [...state.diagnostics, ...tr.diagnostics];
  writeDiagnostics(io, diags);
  io.stdout.write(a.json ? JSON.stringify(traceJson(tr), null, 2) + '\n' : traceText(tr));
  return hasErrors(diags) ? EXIT_DIAGNOSTICS : EXIT_OK;
}

/** `observe`: what the learner's own tcpdump / pwru / hubble command would print for this request. */
function cmdObserve(io: CliIO, a: Args): number {
  if (!a.tool) throw new UsageError(t('cli.usage.observeNeedsTool'));
  const { state, tr } = traceFromArgs(io, a);
  const diags = [...state.diagnostics, ...tr.diagnostics];
  writeDiagnostics(io, diags);
  const r = observe(state, tr, a.tool, a.on ?? state.nodes[0]?.name ?? null);
  if (a.json) {
    // `note` (pwru only: kernel function names vary by kernel version) is added after the fixed four fields
    const note = r.note !== undefined ? { note: r.note } : {};
    io.stdout.write(JSON.stringify({ lines: r.lines, caught: r.caught, missed: r.missed, error: r.error === null ? null : `${r.error} (column ${r.errorColumn ?? 1})`, ...note }, null, 2) + '\n');
  } else if (r.error !== null) {
    io.stderr.write(`${a.tool}\n${' '.repeat(Math.max(0, (r.errorColumn ?? 1) - 1))}^ ${r.error}\n`);
  } else {
    io.stdout.write(r.lines.join('\n') + (r.lines.length ? '\n' : ''));
    if (r.note !== undefined) io.stderr.write(`# ${r.note}\n`);
    io.stdout.write('\n' + t('cli.observe.summary', { caught: r.caught.length, missed: r.missed.length }) + '\n');
    for (const m of r.missed) {
      const h = tr.hops[m.hop];
      io.stdout.write(`  #${m.hop} ${h ? `${h.node ?? '-'} ${h.where} ${h.stage}` : ''}: ${m.reason}\n`);
    }
  }
  if (r.error !== null) return EXIT_USAGE;
  return hasErrors(diags) ? EXIT_DIAGNOSTICS : EXIT_OK;
}

function traceFromArgs(io: CliIO, a: Args): { state: ClusterState; tr: Trace } {
  const { state } = compileFiles(io, a);
  let from = a.from;
  let curl = a.curl;
  if (a.request !== null) {
    const reqs = state.requests;
    const idx = /^\d+$/.test(a.request) ? Number(a.request) - 1 : reqs.findIndex((r) => r.name === a.request);
    const req = reqs[idx];
    if (!req) throw new UsageError(t('cli.usage.noSuchRequest', { request: a.request, names: reqs.map((r, i) => `${i + 1}. ${r.name ?? r.curl}`).join('; ') || '-' }));
    from = from ?? req.from;
    curl = curl ?? req.curl;
  }
  if (!from) throw new UsageError(t('cli.usage.traceNeedsFrom'));
  if (!curl) throw new UsageError(t('cli.usage.traceNeedsCurl'));
  return { state, tr: trace(state, { from, curl }) };
}

function cmdScenarios(io: CliIO, a: Args): number {
  if (a.files.length > 0) throw new UsageError(t('cli.usage.scenariosNoFiles'));
  const all = readAllScenarios();
  if (!a.check) {
    if (a.json) {
      io.stdout.write(
        JSON.stringify(
          all.map((s) => ({ file: s.path, name: s.name, title: s.title, extends: s.extendsDefault ? 'default' : null, requests: s.requests })),
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout.write(formatTable([['FILE', 'REQUESTS', 'TITLE'], ...all.map((s) => [s.name, String(s.requests.length), s.title ?? ''])]) + '\n');
    }
    return EXIT_OK;
  }
  // --check: run every request of every scenario and compare with its expect
  let failed = 0;
  const results: { file: string; request: string; ok: boolean; failures: string[] }[] = [];
  for (const sc of all) {
    const { state } = compile([{ file: sc.name, text: sc.text }], { set: a.set, lang: a.lang });
    const errors = state.diagnostics.filter((d) => d.severity === 'error');
    writeDiagnostics(io, errors);
    for (const r of sc.requests) {
      const tr = trace(state, { from: r.from, curl: r.curl });
      const failures = r.expect ? checkExpect(tr, r.expect) : [t('cli.scenarios.noExpect')];
      if (errors.length > 0) failures.push(t('cli.scenarios.compileErrors', { count: errors.length }));
      if (failures.length > 0) failed++;
      results.push({ file: sc.name, request: r.name, ok: failures.length === 0, failures });
    }
  }
  if (a.json) io.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else {
    for (const r of results) {
      io.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.file} › ${r.request}\n`);
      for (const f of r.failures) io.stdout.write(`        ${f}\n`);
    }
    io.stdout.write(t('cli.scenarios.summary', { passed: results.length - failed, total: results.length }) + '\n');
  }
  return failed > 0 ? EXIT_DIAGNOSTICS : EXIT_OK;
}

export function helpText(): string {
  return t('cli.help') + '\n';
}

let pipeGuarded = false;
/** `hopscope ... | head`: a reader that closes early is not an error (like any Unix filter). */
function quietOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

/** Run the CLI in-process: returns the exit code, writes to io. Never throws. */
export function run(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): number {
  if (io.stdout === process.stdout) quietOnClosedPipe();
  try {
    const a = parseArgs(argv);
    if (a.help || a.command === 'help') {
      io.stdout.write(helpText());
      return EXIT_OK;
    }
    switch (a.command) {
      case null:
        io.stderr.write(helpText());
        return EXIT_USAGE;
      case 'state':
        return cmdState(io, a);
      case 'trace':
        return cmdTrace(io, a);
      case 'observe':
        return cmdObserve(io, a);
      case 'scenarios':
        return cmdScenarios(io, a);
      default:
        throw new UsageError(t('cli.usage.unknownCommand', { command: a.command }));
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`hopscope: ${e.message}\n${t('cli.usage.seeHelp')}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(t('cli.error.internal', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }) + '\n');
    return EXIT_DIAGNOSTICS;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = run(process.argv.slice(2));
}
