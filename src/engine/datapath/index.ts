// STUB: replaced by the datapath implementation.
import type { ClusterState, PathTrace, TraceRequest } from '../types';
export function walk(_state: ClusterState, _request: TraceRequest): PathTrace {
  throw new Error('not implemented');
}
