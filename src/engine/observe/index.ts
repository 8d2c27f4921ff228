// STUB: replaced by the observers.
import type { ClusterState, PathTrace, Trace } from '../types';
export function annotate(_state: ClusterState, _trace: PathTrace): Trace {
  throw new Error('not implemented');
}
