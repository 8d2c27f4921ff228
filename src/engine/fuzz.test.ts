// Property tests: the parser and the engine never throw and always locate their diagnostics,
// whatever they are fed. Inputs are the scenario files (scenarios/*.yaml), mutated line by
// line (delete, duplicate, swap, re-indent, replace scalars with random strings / numbers /
// CIDRs, insert YAML punctuation, truncate), and random curl command lines.
// By default ~1,500-2,000 runs for the main properties (fewer for the slow ones, so the file
// stays under a minute on a shared 2-core machine); FUZZ_RUNS=N for more, FUZZ_SEED=S to replay a failure (default: a fixed seed),
// FUZZ_SEED=random for fresh inputs.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { compile, trace } from './index';
import type { ClusterState, Diagnostic } from './index';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 2000;
// A fixed seed by default so CI is reproducible; FUZZ_SEED=random explores new inputs each run.
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20251125);
// No shrinking by default (each shrink step compiles a lab: minutes on a shared machine); the
// failure still prints its seed and path to replay. FUZZ_SHRINK=1 shrinks to a minimal case.
const params = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  endOnFailure: !process.env.FUZZ_SHRINK,
  ...(SEED !== undefined ? { seed: SEED } : {}),
});
const TIMEOUT = Math.max(120_000, RUNS * 60);

// The scenario files, read here directly (src/engine may not import the CLI's reader).
interface Scenario {
  name: string;
  text: string;
  requests: { name: string; from: string; curl: string }[];
}
const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');
function readScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(SCENARIO_DIR, name), 'utf8');
      let requests: Scenario['requests'];
      try {
        const lab = (loadAll(text) as { kind?: string; spec?: { requests?: Scenario['requests'] } }[]).find((d) => d?.kind === 'Lab');
        requests = (lab?.spec?.requests ?? []).filter((r) => typeof r?.from === 'string' && typeof r?.curl === 'string');
      } catch {
        requests = [];
      }
      return { name, text, requests };
    });
}
const scenarios = readScenarios();
const texts = scenarios.map((s) => s.text);

/** A diagnostic is usable when it says where: a file, a positive integer line and column. */
function badDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter(
    (d) =>
      !d ||
      typeof d.file !== 'string' ||
      d.file.length === 0 ||
      !Number.isInteger(d.line) ||
      !Number.isInteger(d.column) ||
      d.line < 1 ||
      d.column < 1 ||
      typeof d.message !== 'string' ||
      d.message.length === 0,
  );
}

function assertLocated(diags: Diagnostic[], what: string): void {
  const bad = badDiagnostics(diags);
  if (bad.length > 0) throw new Error(`${what}: diagnostic without a position: ${JSON.stringify(bad[0])}`);
}

// ---------------------------------------------------------------- manifest mutations

const cidr = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: -1, max: 40 }))
  .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const ip = fc.tuple(fc.nat(300), fc.nat(255), fc.nat(255), fc.nat(256)).map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`);
const yamlToken = fc.constantFrom('', '~', 'null', 'true', 'no', '[]', '{}', '[', '{', '"', "'", '|', '>', '&a', '*a', '!!str', '!!binary x', '- ', ': ', '? ', '---', '...', '%YAML 1.2', '#', '0x1F', '1e400', '-0', '.nan', '<<: *a', '\t', '\\', '@', '`');
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  cidr,
  ip,
  yamlToken,
  fc.constantFrom('Exact', 'Prefix', 'ImplementationSpecific', '/impl.+', '(', '*.cilium.rocks', 'LoadBalancer', 'cilium', 'eth1', 'k8s-ctr', 'reserved:ingress', 'Exists', '65536', '0'),
);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'dup'; at: number }
  | { op: 'swap'; at: number; to: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'scalar'; at: number; value: string }
  | { op: 'insert'; at: number; col: number; value: string }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -6, max: 6 }) }),
  fc.record({ op: fc.constant('scalar' as const), at: fc.nat(), value: scalar }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), col: fc.nat(), value: fc.oneof(yamlToken, fc.string({ maxLength: 4 })) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

const SCALAR_LINE = /^(\s*(?:-\s+)?[^\s:#][^:#]*:\s+)(\S.*)$/;

function mutate(text: string, ms: Mutation[]): string {
  let lines = text.split('\n');
  for (const m of ms) {
    if (lines.length === 0) lines = [''];
    const i = m.at % lines.length;
    switch (m.op) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'dup':
        lines.splice(i, 0, lines[i]);
        break;
      case 'swap': {
        const j = m.to % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 'indent':
        lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
        break;
      case 'scalar': {
        // replace the value of the nearest `key: value` line at or after i
        for (let k = 0; k < lines.length; k++) {
          const j = (i + k) % lines.length;
          const mm = SCALAR_LINE.exec(lines[j]);
          if (mm) {
            lines[j] = mm[1] + m.value;
            break;
          }
        }
        break;
      }
      case 'insert': {
        const l = lines[i];
        const c = m.col % (l.length + 1);
        lines[i] = l.slice(0, c) + m.value + l.slice(c);
        break;
      }
      case 'truncate': {
        const joined = lines.join('\n');
        lines = joined.slice(0, m.at % (joined.length + 1)).split('\n');
        break;
      }
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- curl lines

const url = fc
  .tuple(
    fc.constantFrom('http://', 'https://', 'HTTP://', 'ftp://', '', '//', 'http:/'),
    fc.oneof(
      fc.constantFrom('192.168.10.211', '192.168.10.212', '192.168.10.216', 'webpod', 'webpod.cilium.rocks', 'a.b.cilium.rocks', 'productpage', '[::1]', 'localhost', '', '256.1.1.1', 'xn--'),
      ip,
      fc.string({ maxLength: 12 }),
    ),
    fc.option(fc.integer({ min: -1, max: 70000 }), { nil: undefined }),
    fc.oneof(fc.constantFrom('/', '', '/details/1', '/exact?x=1', '/impl', '/%2e%2e/', '/a b', '#frag', '?q'), fc.string({ maxLength: 16 }).map((s) => `/${s}`)),
  )
  .map(([scheme, host, port, path]) => `${scheme}${host}${port === undefined ? '' : `:${port}`}${path}`);

const flag = fc.oneof(
  fc.constantFrom('-s', '-S', '-k', '-v', '-I', '-L', '-f', '-sSkL', '--fail', '--insecure', '--http1.1', '--http2', '-o /dev/null', "-w '%{http_code}'", '--', '-', '--compressed', '-X POST', '-XPUT', '-d x=1', '--data-binary @f'),
  fc.constantFrom('-m', '--max-time', '--connect-timeout', '-H', '--header', '--resolve', '--cacert', '-x', '-u'),
  fc.integer({ min: -5, max: 100 }).map((n) => `-m ${n}`),
  fc.constantFrom("-H 'Host: pathtypes.example.com'", '-H "Host: nginx.webpod.local"', '-H Host:', "-H ':authority: x'", '--resolve webpod.cilium.rocks:443:192.168.10.211', '--resolve x:y:z', '--cacert rootCA.pem'),
  fc.string({ maxLength: 8 }).map((s) => `-${s}`),
);

const quoteNoise = fc.constantFrom('', "'", '"', '\\', '`', '$(', '|', ';', '&&', '\n', '\t', '  ');

const curlLine = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('curl', 'curl', 'CURL', '/usr/bin/curl', 'wget', ''), fc.array(flag, { maxLength: 5 }), url, fc.array(flag, { maxLength: 2 }), quoteNoise, fc.nat()).map(([cmd, pre, u, post, noise, at]) => {
    const line = [cmd, ...pre, u, ...post].join(' ');
    const c = at % (line.length + 1);
    return line.slice(0, c) + noise + line.slice(c);
  }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

const from = fc.oneof(
  fc.constantFrom('router', 'curlpod', 'default/curlpod', '192.168.10.200', '192.168.10.201', '10.0.2.15', '172.20.0.173', 'k8s-ctr', 'nobody', '', ' router', 'client2'),
  ip,
  fc.string({ maxLength: 10 }),
);

// ---------------------------------------------------------------- properties

describe('fuzz: compile() and trace() never throw and locate every diagnostic', () => {
  it('holds for the scenarios themselves', () => {
    for (const s of scenarios) {
      const { state } = compile([{ file: s.name, text: s.text }]);
      assertLocated(state.diagnostics, s.name);
      for (const r of s.requests) assertLocated(trace(state, { from: r.from, curl: r.curl }).diagnostics, `${s.name} ${r.name}`);
    }
  });

  it(
    'mutated scenario manifests',
    () => {
      expect(texts.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.nat(), (which, ms, reqIndex) => {
          const sc = scenarios[which % scenarios.length];
          const text = mutate(sc.text, ms);
          const { state } = compile([{ file: sc.name, text }]);
          assertLocated(state.diagnostics, 'compile');
          const req = sc.requests.length > 0 ? sc.requests[reqIndex % sc.requests.length] : { from: 'router', curl: 'curl http://192.168.10.211/' };
          const tr = trace(state, { from: req.from, curl: req.curl });
          assertLocated(tr.diagnostics, 'trace');
        }),
        // each run compiles a whole lab (~20 ms here): 3/4 of RUNS keeps the file near 45 s
        params(Math.max(1, Math.round((RUNS * 3) / 4))),
      );
    },
    TIMEOUT,
  );

  it(
    'mutated manifests pasted without a Lab (merged onto the default lab), several files',
    () => {
      // the scenarios' non-Lab documents, as a user pastes them into the editor
      const pasted = texts.map((tx) => tx.split(/^---\s*$/m).filter((d) => !/^kind:\s*Lab\s*$/m.test(d)).join('---\n'));
      fc.assert(
        fc.property(fc.nat(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (a, b, ms) => {
          const { state } = compile([
            { file: 'one.yaml', text: mutate(pasted[a % pasted.length], ms) },
            { file: 'two.yaml', text: pasted[b % pasted.length] },
          ]);
          assertLocated(state.diagnostics, 'compile');
          assertLocated(trace(state, { from: 'router', curl: 'curl -s http://192.168.10.211/' }).diagnostics, 'trace');
        }),
        params(Math.max(1, Math.round(RUNS / 8))),
      );
    },
    TIMEOUT,
  );

  it(
    'random curl lines and clients',
    () => {
      const states: ClusterState[] = ['03-basic-ingress.yaml', '09-path-types.yaml', '10-tls.yaml', '01-no-address.yaml', '08-allow-cidr.yaml', '06-ingress-nginx.yaml']
        .map((n) => scenarios.find((s) => s.name === n))
        .filter((s): s is Scenario => s !== undefined)
        .map((s) => compile([{ file: s.name, text: s.text }]).state);
      expect(states.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.nat(), from, curlLine, (which, f, curl) => {
          const tr = trace(states[which % states.length], { from: f, curl });
          assertLocated(tr.diagnostics, `trace from ${JSON.stringify(f)}: ${JSON.stringify(curl)}`);
          expect(Number.isInteger(tr.outcome.exitCode)).toBe(true);
        }),
        params(RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    'random --set helm values',
    () => {
      const sc = scenarios.find((s) => s.name === '03-basic-ingress.yaml') ?? scenarios[0];
      const key = fc.constantFrom('routingMode', 'kubeProxyReplacement', 'hubble.enabled', 'bpf.monitorAggregation', 'ingressController.enabled', 'ingressController.loadbalancerMode', 'l2announcements.enabled', 'endpointRoutes.enabled', 'bpf.hostLegacyRouting', 'bpf.tproxy', 'ipv4NativeRoutingCIDR', 'tunnelProtocol', 'x.y.z', '', '=');
      const value = fc.oneof(fc.constantFrom('true', 'false', 'native', 'tunnel', 'vxlan', 'geneve', 'none', 'medium', 'shared', 'dedicated', '', '{a,b}', '"'), cidr, fc.string({ maxLength: 8 }));
      fc.assert(
        fc.property(fc.array(fc.tuple(key, value).map(([k, v]) => `${k}=${v}`), { maxLength: 4 }), (set) => {
          const { state } = compile([{ file: sc.name, text: sc.text }], { set });
          assertLocated(state.diagnostics, `compile --set ${set.join(' ')}`);
          assertLocated(trace(state, { from: 'router', curl: 'curl http://192.168.10.211/' }).diagnostics, 'trace');
        }),
        params(Math.max(1, Math.round(RUNS / 20))),
      );
    },
    TIMEOUT,
  );

  it('is deterministic: the same request twice gives the same trace', () => {
    const sc = scenarios.find((s) => s.name === '03-basic-ingress.yaml') ?? scenarios[0];
    const { state } = compile([{ file: sc.name, text: sc.text }]);
    fc.assert(
      fc.property(from, curlLine, (f, curl) => {
        const a = JSON.stringify(trace(state, { from: f, curl }));
        const b = JSON.stringify(trace(state, { from: f, curl }));
        expect(a).toBe(b);
      }),
      params(Math.max(1, Math.round(RUNS / 10))),
    );
  });
});
