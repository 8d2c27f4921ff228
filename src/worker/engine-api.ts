// The engine worker's API (engine.worker.ts exposes it with comlink): parse -> derive -> trace.
// It keeps the last compiled state so trace() only carries the request. No worker globals here,
// so it is unit-tested in Node (engine-api.test.ts).
import * as engine from '../engine/index';
import type { ClusterState, Trace, TraceRequest } from '../engine/index';
import { DEFAULT_SCENARIO_TEXT } from './default-scenario';
import { DEFAULT_LAB_TEXT } from './defaults';
import type { CompileAnswer, CompileInput, EngineWorkerApi, ObserveAnswer, PresetTraceAnswer, StateViews, SuggestAnswer, TraceAnswer, ViewsAnswer } from './protocol';
import { orderedRequests } from './requests';

let last: ClusterState | null = null;
let lastTrace: Trace | null = null;
let lastViews: { state: ClusterState; views: StateViews | null } | null = null;

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The engine's listings (kubectl / cilium-dbg), as command -> text. */
function viewsOf(state: ClusterState): StateViews | null {
  try {
    const out: StateViews = {};
    for (const v of engine.views(state)) out[v.command] = v.lines.join('\n');
    return out;
  } catch {
    return null;
  }
}

type Compiled = { state: ClusterState | null; answer: Omit<CompileAnswer, 'seq'> };
type Traced = { state: ClusterState; request: TraceRequest; trace: Trace | null; answer: Omit<TraceAnswer, 'seq'> };

/** Parse + derive one input (pure: the module's state is set by the caller). */
async function compileInput(input: CompileInput): Promise<Compiled> {
  try {
    // the certificate reader (@peculiar/x509, a chunk of its own) is loaded only for a text with a TLS Secret
    const { manifest, state } = await engine.compileLoading([{ file: 'editor', text: input.manifests }], { labText: input.lab });
    const diagnostics = state.diagnostics?.length ? state.diagnostics : manifest.diagnostics;
    // the views (kubectl / cilium-dbg listings) are asked for with views(), after the trace
    return { state, answer: { state, diagnostics, views: null, crash: null } };
  } catch (e) {
    return { state: null, answer: { state: null, diagnostics: [], views: null, crash: message(e) } };
  }
}

function traceOn(state: ClusterState, request: TraceRequest): Traced {
  try {
    const trace = engine.trace(state, request);
    return { state, request, trace, answer: { trace, commands: engine.defaultCommands(state, trace), crash: null } };
  } catch (e) {
    return { state, request, trace: null, answer: { trace: null, crash: message(e) } };
  }
}

/**
 * Work done ahead: when the page opens the default scenario, index.html names this worker
 * AHEAD_WORKER_NAME and the worker compiles that scenario and traces its first request as soon
 * as its code has loaded, instead of waiting for the page's first message (the page's messages
 * sent before then are handed over only when the page's main thread is free). The page's
 * compile of the very same input then takes this answer, and its trace of the same request
 * the trace: the same values the calls would compute (the engine is deterministic).
 */
let ahead: { input: CompileInput; compiled: Compiled; traced: Traced | null } | null = null;
/** the trace computed ahead for the state compile() just took */
let tracedAhead: Traced | null = null;
let compiled = false;

/** Compile the default scenario (and trace its first request) ahead of the page's first message. */
export async function workAhead(): Promise<void> {
  if (compiled) return;
  const input = { manifests: DEFAULT_SCENARIO_TEXT, lab: DEFAULT_LAB_TEXT };
  const c = await compileInput(input);
  const first = c.state ? orderedRequests(c.state)[0]?.request : undefined;
  const traced = c.state && first && first.curl.trim() ? traceOn(c.state, { from: first.from, curl: first.curl }) : null;
  if (!compiled) ahead = { input, compiled: c, traced };
}

export const api: EngineWorkerApi = {
  async compile(seq: number, input: CompileInput): Promise<CompileAnswer> {
    compiled = true;
    const a = ahead;
    ahead = null;
    const taken = a && a.input.manifests === input.manifests && a.input.lab === input.lab ? a : null;
    const c = taken ? taken.compiled : await compileInput(input);
    tracedAhead = taken?.traced ?? null;
    if (c.state) {
      last = c.state;
      lastTrace = null;
    }
    return { ...c.answer, seq };
  },
  async trace(seq, request): Promise<TraceAnswer> {
    if (!last) return { seq, trace: null, crash: 'no compiled state' };
    const t = tracedAhead && tracedAhead.state === last && tracedAhead.request.from === request.from && tracedAhead.request.curl === request.curl ? tracedAhead : traceOn(last, request);
    tracedAhead = null;
    if (t.trace) lastTrace = t.trace;
    return { ...t.answer, seq };
  },
  async tracePreset(seq, pick): Promise<PresetTraceAnswer> {
    const first = 'request' in pick ? pick.request : last ? orderedRequests(last)[0]?.request : undefined;
    const request = first ? { from: first.from, curl: first.curl } : null;
    if (!last || !request || !request.curl.trim()) return { seq, trace: null, crash: null, request: null };
    return { ...(await api.trace(seq, request)), request };
  },
  async observe(seq, command, on): Promise<ObserveAnswer> {
    if (!last || !lastTrace) return { seq, result: null, crash: 'no trace yet' };
    try {
      return { seq, result: engine.observe(last, lastTrace, command, on), crash: null };
    } catch (e) {
      return { seq, result: null, crash: message(e) };
    }
  },
  async views(seq): Promise<ViewsAnswer> {
    if (!last) return { seq, views: null, crash: 'no compiled state' };
    if (lastViews?.state !== last) lastViews = { state: last, views: viewsOf(last) };
    return { seq, views: lastViews.views, crash: null };
  },
  async suggest(seq, hop): Promise<SuggestAnswer> {
    if (!last || !lastTrace) return { seq, result: null, crash: 'no trace yet' };
    try {
      return { seq, result: engine.suggest(last, lastTrace, hop), crash: null };
    } catch (e) {
      return { seq, result: null, crash: message(e) };
    }
  },
};

