// The engine worker's typed API (comlink). The UI and the worker share these
// types; every value crosses the boundary by structured clone.
import type { ClusterState, CommandSuggestion, Diagnostic, LensCommand, ObserveResult, Trace, TraceRequest } from '../engine/index';

export interface CompileInput {
  /** the "Your manifests" tab (file 'editor') */
  manifests: string;
  /** the "The lab" tab (file 'lab'); replaces the default lab text */
  lab: string;
}

/** Text views of the state (kubectl / cilium-dbg listings): command -> what it prints. */
export type StateViews = Record<string, string>;

export interface CompileAnswer {
  seq: number;
  /** null when the engine failed outright (an exception escaped it) */
  state: ClusterState | null;
  diagnostics: Diagnostic[];
  /** null: not computed with the compile (the worker's are asked with views() once the trace is shown) */
  views: StateViews | null;
  /** message of an exception that escaped the engine (a bug), null normally */
  crash: string | null;
}

export interface TraceAnswer {
  seq: number;
  trace: Trace | null;
  /** the lens boxes' default commands for this trace */
  commands?: Record<'tcpdump' | 'pwru' | 'hubble', LensCommand> | null;
  crash: string | null;
}

export interface ObserveAnswer {
  seq: number;
  result: ObserveResult | null;
  crash: string | null;
}

export interface ViewsAnswer {
  seq: number;
  views: StateViews | null;
  crash: string | null;
}

export interface SuggestAnswer {
  seq: number;
  result: CommandSuggestion[] | null;
  crash: string | null;
}

/**
 * The engine worker's name when the page opens the default scenario on the default lab (no share
 * link, no saved work): index.html's inline script (vite.config.ts) names the worker it starts
 * so, and the worker compiles and traces that scenario as soon as its code has loaded, without
 * waiting for the page's first message (engine.worker.ts workAhead). vite.config.ts imports it:
 * keep this module's imports type-only.
 */
export const AHEAD_WORKER_NAME = 'hopscope-engine default';

/** Which request the worker traces by itself right after a primed compile (EngineClient.prime). */
export type PresetPick =
  /** the scenario's first request (orderedRequests), as a scenario load takes it */
  | { firstPreset: true }
  /** this request (the saved work's) */
  | { request: TraceRequest };

export interface PresetTraceAnswer extends TraceAnswer {
  /** the request traced; null when there was none to trace (trace is null too) */
  request: TraceRequest | null;
}

export interface EngineWorkerApi {
  /** Parse + derive; the worker keeps the state for trace(). */
  compile(seq: number, input: CompileInput): Promise<CompileAnswer>;
  /** Trace one request through the last compiled state. */
  trace(seq: number, request: TraceRequest): Promise<TraceAnswer>;
  /** Trace the request `pick` names (the worker picks it from the last compiled state). */
  tracePreset(seq: number, pick: PresetPick): Promise<PresetTraceAnswer>;
  /** A learner's own tcpdump / pwru / hubble command against the last trace, typed on node `on`. */
  observe(seq: number, command: string, on: string | null): Promise<ObserveAnswer>;
  /** "Which command would catch this hop?" for hop `hop` of the last trace. */
  suggest(seq: number, hop: number): Promise<SuggestAnswer>;
  /** The text views of the last compiled state (kept out of compile: the first picture does not wait for them). */
  views(seq: number): Promise<ViewsAnswer>;
}
