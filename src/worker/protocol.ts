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

export interface SuggestAnswer {
  seq: number;
  result: CommandSuggestion[] | null;
  crash: string | null;
}

export interface EngineWorkerApi {
  /** Parse + derive; the worker keeps the state for trace(). */
  compile(seq: number, input: CompileInput): Promise<CompileAnswer>;
  /** Trace one request through the last compiled state. */
  trace(seq: number, request: TraceRequest): Promise<TraceAnswer>;
  /** A learner's own tcpdump / pwru / hubble command against the last trace, typed on node `on`. */
  observe(seq: number, command: string, on: string | null): Promise<ObserveAnswer>;
  /** "Which command would catch this hop?" for hop `hop` of the last trace. */
  suggest(seq: number, hop: number): Promise<SuggestAnswer>;
}
