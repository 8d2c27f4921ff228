// `npm run bench`: how fast the engine is, as medians of many runs after a warm-up.
// Prints one line per figure with its target, and, as the LAST line, one JSON object:
// {seedCompileMs, seedTraceMedianMs, scaleCompileMs, scaleTraceMedianMs, yamlParseMs, scaleHeapMB, cliTraceMs, observeMedianMs, seedTraceColdMedianMs, scaleYamlParseMs}.
// Time is measured here only; no test ever asserts on it. docs/performance.md explains the figures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadAll } from 'js-yaml';
import { compile, observe, trace } from '../src/engine';
import '../src/model/x509'; // TLS Secrets' certificate reader, registered at start in Node
import type { ClusterState } from '../src/engine';
import { DEFAULT_LAB_TEXT } from '../src/model';
import { generateScaleLab, SCALE_TRACE } from './generate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED_FILE = join(ROOT, 'scenarios', '03-basic-ingress.yaml');
const SEED_TRACE = { from: 'router', curl: 'curl http://192.168.10.211/' };

const quick = process.argv.includes('--quick');
const WARM_TRACES = quick ? 300 : 1500;
const RUNS = {
  seedCompile: quick ? 10 : 60,
  seedTrace: quick ? 50 : 500,
  seedTraceCold: quick ? 50 : 100,
  yaml: quick ? 10 : 60,
  scaleCompile: quick ? 2 : 7,
  scaleTrace: quick ? 10 : 60,
  cli: quick ? 2 : 5,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time of fn over `runs` runs, after `warm` warm-up runs. null when fn throws. */
function measure(name: string, runs: number, warm: number, fn: () => unknown): number | null {
  try {
    for (let i = 0; i < warm; i++) fn();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      fn();
      times.push(performance.now() - t0);
    }
    return median(times);
  } catch (e) {
    console.log(`${name}: failed: ${(e as Error).message}`);
    return null;
  }
}

function gc(): void {
  try {
    setFlagsFromString('--expose-gc');
    const f = runInNewContext('gc') as () => void;
    f();
    f();
  } catch {
    // no gc available: heap figure includes garbage
  }
}

function line(label: string, value: number | null, unit: string, target: number | null, cmp: '<=' | '<' = '<='): void {
  const v = value === null ? 'n/a' : value < 10 ? value.toFixed(3) : value.toFixed(1);
  let verdict = '';
  if (target !== null && value !== null) verdict = (cmp === '<=' ? value <= target : value < target) ? 'ok' : 'OVER';
  const tgt = target === null ? '' : `target ${cmp === '<=' ? '≤' : '<'} ${target} ${unit}`;
  console.log(`${label.padEnd(34)} ${v.padStart(9)} ${unit.padEnd(3)}  ${tgt.padEnd(18)} ${verdict}`);
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}

const seedText = readFileSync(SEED_FILE, 'utf8');
const seedSources = [{ file: 'scenarios/03-basic-ingress.yaml', text: seedText }];
const scaleText = generateScaleLab();
const scaleSources = [{ file: 'bench-scale.yaml', text: scaleText }];

console.log(`hopscope engine benchmark (${quick ? 'quick' : 'full'}; node ${process.version}; ${new Date().toISOString()})`);
console.log(`seed lab: default lab + ${SEED_FILE.slice(ROOT.length + 1)} (${(DEFAULT_LAB_TEXT.length + seedText.length) / 1000} kB)`);
console.log(`scale lab: bench/generate.ts (${Math.round(scaleText.length / 1000)} kB)`);
console.log('');

// ---- seed lab
const seedCompileMs = measure('seed compile', RUNS.seedCompile, 5, () => compile(seedSources));
let seedState: ClusterState | null = null;
try {
  seedState = compile(seedSources).state;
} catch {
  seedState = null;
}
// Cold: the first traces after a compile, JIT warm-up included (what a freshly started worker
// pays). Steady: after WARM_TRACES more, once V8's optimising tiers have settled (it takes several
// hundred traces: measured, see docs/performance.md). The target is read against the steady median.
const seedTraceColdMedianMs = seedState ? measure('seed trace (cold)', RUNS.seedTraceCold, 0, () => trace(seedState!, SEED_TRACE)) : null;
const seedTraceMedianMs = seedState ? measure('seed trace', RUNS.seedTrace, WARM_TRACES, () => trace(seedState!, SEED_TRACE)) : null;
// three learner commands over one seed trace (the issue "lenses as real commands")
const OBSERVE_CMDS: [string, string | null][] = [
  ["tcpdump -i eth1 -nn 'arp or port 80'", 'k8s-ctr'],
  ["pwru --filter-trace-tc 'host 192.168.10.211'", 'k8s-ctr'],
  ['hubble observe --ip 192.168.10.200', null],
];
const seedTraced = seedState ? trace(seedState, SEED_TRACE) : null;
const observeMedianMs =
  seedState && seedTraced
    ? measure('observe (three commands)', RUNS.seedTrace, 20, () => {
        for (const [cmd, on] of OBSERVE_CMDS) observe(seedState!, seedTraced, cmd, on);
      })
    : null;
const yamlParseMs = measure('yaml parse', RUNS.yaml, 5, () => {
  loadAll(DEFAULT_LAB_TEXT);
  loadAll(seedText);
});

// ---- scale lab
const scaleCompileMs = measure('scale compile', RUNS.scaleCompile, 1, () => compile(scaleSources));
// js-yaml alone on the same text, in the same regime: the floor the compile stands on
const scaleYamlParseMs = measure('scale yaml parse', RUNS.scaleCompile, 1, () => loadAll(scaleText));
let scaleState: ClusterState | null = null;
let scaleHeapMB: number | null = null;
try {
  gc();
  scaleState = compile(scaleSources).state;
  gc();
  scaleHeapMB = process.memoryUsage().heapUsed / (1024 * 1024);
} catch {
  scaleState = null;
}
const scaleTraceMedianMs = scaleState ? measure('scale trace', RUNS.scaleTrace, 5, () => trace(scaleState!, SCALE_TRACE)) : null;

// ---- the CLI, start-up included: bin/hopscope.mjs, as `npm run hopscope` runs it (a cached
// esbuild bundle of src/cli/main.ts run by plain node; the warm-up run below builds it if stale)
function cliOnce(): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/hopscope.mjs'), 'trace', SEED_FILE, '--from', SEED_TRACE.from, '--curl', SEED_TRACE.curl, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`CLI exit ${r.status}: ${(r.stderr ?? '').split('\n')[0]}`);
  return ms;
}
let cliTraceMs: number | null = null;
try {
  cliOnce(); // warm the file-system cache and (re)build the launcher's bundle if a source changed
  const times: number[] = [];
  for (let i = 0; i < RUNS.cli; i++) times.push(cliOnce());
  cliTraceMs = median(times);
} catch (e) {
  console.log(`cli trace: failed: ${(e as Error).message}`);
}

// ---- report
if (seedState) {
  const t = (() => {
    try {
      return trace(seedState, SEED_TRACE);
    } catch {
      return null;
    }
  })();
  if (t) console.log(`seed trace: ${t.hops.length} hops, outcome ${t.outcome.status ?? t.outcome.error}`);
}
if (scaleState) {
  const t = (() => {
    try {
      return trace(scaleState, SCALE_TRACE);
    } catch {
      return null;
    }
  })();
  console.log(
    `scale state: ${scaleState.nodes.length} nodes, ${scaleState.pods.length} pods, ${scaleState.services.length} services, ` +
      `${scaleState.envoy.reduce((n, l) => n + l.virtualHosts.reduce((m, v) => m + v.routes.length, 0), 0)} routes, ` +
      `${scaleState.policies.length} compiled policy rules, ${scaleState.diagnostics.filter((d) => d.severity === 'error').length} errors` +
      (t ? `; trace: ${t.hops.length} hops, outcome ${t.outcome.status ?? t.outcome.error}` : ''),
  );
}
console.log('');
line('seed compile (median)', seedCompileMs, 'ms', 5);
line('seed trace (median, steady)', seedTraceMedianMs, 'ms', 0.2);
line('seed trace (cold: first traces)', seedTraceColdMedianMs, 'ms', null);
line('observe: three commands over the seed trace', observeMedianMs, 'ms', 2);
line('yaml parse of the seed text', yamlParseMs, 'ms', null);
line('scale compile (median)', scaleCompileMs, 'ms', 150);
line('yaml parse of the scale text', scaleYamlParseMs, 'ms', null);
line('scale trace (median)', scaleTraceMedianMs, 'ms', 2);
line('heap after scale compile', scaleHeapMB, 'MB', null);
line('CLI trace, start-up included', cliTraceMs, 'ms', 1000, '<');
console.log(
  JSON.stringify({
    seedCompileMs: round(seedCompileMs),
    seedTraceMedianMs: round(seedTraceMedianMs),
    scaleCompileMs: round(scaleCompileMs),
    scaleTraceMedianMs: round(scaleTraceMedianMs),
    yamlParseMs: round(yamlParseMs),
    scaleHeapMB: round(scaleHeapMB),
    cliTraceMs: round(cliTraceMs),
    observeMedianMs: round(observeMedianMs),
    seedTraceColdMedianMs: round(seedTraceColdMedianMs),
    scaleYamlParseMs: round(scaleYamlParseMs),
  }),
);
