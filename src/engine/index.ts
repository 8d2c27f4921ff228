// The engine's face: the only module the worker, the CLI and the UI import.
// Each step is a pure function: text -> Manifest -> ClusterState -> Trace.
import type { Manifest, SourceText } from '../model/types';
import { parseSources } from '../model';
import { deriveCluster } from './cluster';
import { walk } from './datapath';
import { annotate } from './observe';
import type { ClusterState, Trace, TraceRequest } from './types';

export type * from './types';
export type * from '../model/types';

export interface CompileOptions {
  /** helm `--set key=value` overrides applied on top of the lab's values */
  set?: string[];
  /** message language (default 'en') */
  lang?: string;
  /** false: do not merge onto the default lab even without a Lab document */
  useDefaultLab?: boolean;
  /** replaces the default lab's text (the UI's editable "lab" tab) */
  labText?: string;
}

export interface CompileResult {
  manifest: Manifest;
  state: ClusterState;
}

/** Parse texts (merged onto the default lab) and derive the cluster state. Never throws. */
export function compile(sources: SourceText[] | string, options: CompileOptions = {}): CompileResult {
  const list = typeof sources === 'string' ? [{ file: 'editor', text: sources }] : sources;
  const manifest = parseSources(list, options);
  const state = deriveCluster(manifest);
  return { manifest, state };
}

/** Walk one request through the cluster and mark what each tool sees. Never throws. */
export function trace(state: ClusterState, request: TraceRequest): Trace {
  return annotate(state, walk(state, request));
}
