// The control plane's face: Manifest -> ClusterState, plus the queries and
// text views built on it. Pure and deterministic; never throws.
import type { Diagnostic, Manifest } from '../../model/types';
import type { ClusterState, ServiceState } from '../types';
import { assignPodIdentities, buildIPCache, cidrIdentities, identityOfIP as identityOfIPIn, reservedIdentities } from './identity';
import { buildListener, ingressAddresses, planIngresses, SHARED_SERVICE } from './ingress';
import { announce } from './l2announce';
import { runLBIPAM } from './lbipam';
import { compilePolicies, policyCIDRs } from './policy';
import { allocateClusterIPs, allocateNodePorts, assignServiceIDs, fromManifest, kubernetesService, proxyPortFor, svcKey } from './services';
import { attachPods, buildClients, buildNodes } from './topology';
import { compareRank, diag, locRank } from './util';
import { buildPods, ciliumSystemPods } from './workloads';

export { policyVerdict } from './policy';
export type { PolicyQuery, PolicyVerdict } from './policy';
export { kubectlGet, ciliumIpList, ciliumServiceList, ciliumEndpointList, ciliumL2ResponderList, ciliumIdentityList, kubectlGetLeases } from './views';
export { serviceFrontends, backendsOf } from './services';
export { RESERVED } from './identity';

/** The identity of an address as `node`'s ipcache resolves it. */
export function identityOfIP(state: ClusterState, node: string, ip: string): number {
  return identityOfIPIn(ip, node, state.nodes, state.pods, state.identities);
}

function derive(manifest: Manifest): ClusterState {
  const { lab } = manifest;
  const cfg = lab.cilium;
  const labFile = lab.loc.file;
  const diags: Diagnostic[] = [];

  const nodes = buildNodes(lab, cfg, diags);
  const clients = buildClients(lab, diags);
  const userPods = buildPods(manifest.workloads, nodes, lab.seed, diags);
  attachPods(nodes, userPods, cfg);
  const pods = [...userPods, ...ciliumSystemPods(nodes, lab.seed)];

  const podIdentities = assignPodIdentities(pods);
  const cidrIds = cidrIdentities(policyCIDRs(manifest.policies));
  const identities = [...reservedIdentities(), ...podIdentities, ...cidrIds];

  // Services the user wrote (minus the ones the cluster itself owns)
  const owned = new Set(['default/kubernetes']);
  if (cfg.ingressController.enabled) owned.add(`${SHARED_SERVICE.namespace}/${SHARED_SERVICE.name}`);
  const manifestServices: ServiceState[] = [];
  for (const s of manifest.services) {
    const key = `${s.meta.namespace}/${s.meta.name}`;
    if (owned.has(key)) {
      diags.push(diag('info', 'cluster.service.generated', s.loc, { service: key }));
      continue;
    }
    const st = fromManifest(s, pods, manifest.endpoints);
    st.loadBalancerClass = s.loadBalancerClass;
    st.loadBalancerIP = s.loadBalancerIP;
    manifestServices.push(st);
  }

  const plan = planIngresses(manifest.ingresses, manifest.ingressClasses, cfg, diags);
  const shared = plan.services.filter((s) => s.origin === 'cilium-ingress-shared');
  const dedicated = plan.services.filter((s) => s.origin === 'cilium-ingress-dedicated');
  const rest = [...manifestServices, ...dedicated]
    .map((s, i) => ({ s, i }))
    .sort((a, b) => compareRank(locRank(a.s.loc, labFile), locRank(b.s.loc, labFile)) || a.i - b.i)
    .map((x) => x.s);
  const services = [kubernetesService(nodes), ...shared, ...rest];
  const seen = new Set<string>();
  const unique = services.filter((s) => {
    const k = svcKey(s);
    if (seen.has(k)) {
      diags.push(diag('warning', 'cluster.service.duplicate', s.loc, { service: k }));
      return false;
    }
    seen.add(k);
    return true;
  });

  allocateClusterIPs(unique, lab.serviceCIDR, diags);
  allocateNodePorts(unique, diags);
  const lbipam = runLBIPAM(unique, manifest.pools, cfg, labFile, diags);
  ingressAddresses(plan.states, unique);

  const proxyPorts = new Set<number>();
  for (const s of unique) {
    if (!s.l7lb) continue;
    s.l7lbProxyPort = proxyPortFor(svcKey(s), proxyPorts);
    proxyPorts.add(s.l7lbProxyPort);
  }
  const envoy = plan.groups.map((g) => {
    const l = buildListener(g.service, g.ingresses, manifestServices, manifest.secrets, cfg, diags);
    l.proxyPort = unique.find((s) => svcKey(s) === g.service)?.l7lbProxyPort ?? 0;
    return l;
  });

  const l2 = announce(unique, manifest.l2Policies, nodes, cfg, diags);
  assignServiceIDs(unique);
  const policies = compilePolicies(manifest.policies, pods, identities, diags);
  const view = nodes[0];
  const ipcache = view ? buildIPCache(view, nodes, pods, identities) : [];

  return {
    config: cfg,
    title: lab.title,
    notes: lab.notes,
    clock: lab.clock,
    seed: lab.seed,
    kernel: lab.kernel,
    serviceCIDR: lab.serviceCIDR,
    nodes,
    clients,
    pods,
    identities,
    ipcache,
    ipcacheView: view?.name,
    services: unique,
    ingresses: plan.states,
    envoy,
    l2,
    lbipam,
    policies,
    ingressIPs: nodes.map((n) => ({ node: n.name, ip: n.ingressIP })),
    requests: lab.requests,
    diagnostics: [...manifest.diagnostics, ...diags],
    ignored: manifest.ignored,
  };
}

/** Manifest -> ClusterState. Never throws: an internal failure becomes a diagnostic on an empty state. */
export function deriveCluster(manifest: Manifest): ClusterState {
  try {
    return derive(manifest);
  } catch (e) {
    const lab = manifest.lab;
    return {
      config: lab.cilium,
      title: lab.title,
      notes: lab.notes,
      clock: lab.clock,
      seed: lab.seed,
      kernel: lab.kernel,
      serviceCIDR: lab.serviceCIDR,
      nodes: [],
      clients: [],
      pods: [],
      identities: reservedIdentities(),
      ipcache: [],
      services: [],
      ingresses: [],
      envoy: [],
      l2: [],
      lbipam: { pools: [] },
      policies: [],
      ingressIPs: [],
      requests: lab.requests,
      diagnostics: [...manifest.diagnostics, diag('error', 'cluster.internal', lab.loc, { error: e instanceof Error ? e.message : String(e) })],
      ignored: manifest.ignored,
    };
  }
}
