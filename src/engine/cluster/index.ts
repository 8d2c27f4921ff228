// STUB: replaced by the control-plane implementation.
import type { Manifest } from '../../model/types';
import type { ClusterState } from '../types';
export function deriveCluster(_manifest: Manifest): ClusterState {
  throw new Error('not implemented');
}
