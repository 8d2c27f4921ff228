// The scenario's requests in preset order: used by the UI (the presets, the request a scenario
// starts with) and by the worker (the first trace it runs on its own, EngineClient.prime).
import type { ClusterState } from '../engine/index';

/**
 * The scenario's requests for the presets: those of the user's text first
 * (a scenario extending the default lab also carries the lab's own), each with
 * its index in state.requests.
 */
export function orderedRequests(state: ClusterState | null): { index: number; request: ClusterState['requests'][number] }[] {
  const all = (state?.requests ?? []).map((request, index) => ({ index, request }));
  const mine = all.filter((r) => r.request.loc?.file !== 'lab');
  return [...mine, ...all.filter((r) => r.request.loc?.file === 'lab')];
}
