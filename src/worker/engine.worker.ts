// The engine, off the main thread: parse -> derive -> trace, exposed with comlink.
// It keeps the last compiled state so trace() only carries the request.
import * as Comlink from 'comlink';
import * as engine from '../engine/index';
import type { ClusterState, Trace } from '../engine/index';
import type { CompileAnswer, CompileInput, EngineWorkerApi, ObserveAnswer, StateViews, SuggestAnswer, TraceAnswer } from './protocol';

let last: ClusterState | null = null;
let lastTrace: Trace | null = null;

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

export const api: EngineWorkerApi = {
  async compile(seq: number, input: CompileInput): Promise<CompileAnswer> {
    try {
      const { manifest, state } = engine.compile([{ file: 'editor', text: input.manifests }], { labText: input.lab });
      last = state;
      lastTrace = null;
      const diagnostics = state.diagnostics?.length ? state.diagnostics : manifest.diagnostics;
      return { seq, state, diagnostics, views: viewsOf(state), crash: null };
    } catch (e) {
      return { seq, state: null, diagnostics: [], views: null, crash: message(e) };
    }
  },
  async trace(seq, request): Promise<TraceAnswer> {
    if (!last) return { seq, trace: null, crash: 'no compiled state' };
    try {
      lastTrace = engine.trace(last, request);
      return { seq, trace: lastTrace, commands: engine.defaultCommands(last, lastTrace), crash: null };
    } catch (e) {
      return { seq, trace: null, crash: message(e) };
    }
  },
  async observe(seq, command, on): Promise<ObserveAnswer> {
    if (!last || !lastTrace) return { seq, result: null, crash: 'no trace yet' };
    try {
      return { seq, result: engine.observe(last, lastTrace, command, on), crash: null };
    } catch (e) {
      return { seq, result: null, crash: message(e) };
    }
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

Comlink.expose(api);

