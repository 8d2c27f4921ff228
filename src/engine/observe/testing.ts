// Hand-built fixtures of the lab's main story (shared/LABS.md labs 3-4,
// shared/domain/README.md §1-10), until the datapath produces them: the router
// asks for 192.168.10.211, k8s-ctr answers ARP on eth1, the SYN goes eth1 →
// cilium_net → cilium_host → Envoy, and Envoy goes upstream to productpage.
// The kernel functions of each hop are those the datapath emits for the same step on Linux 6.8 with
// tcx (datapath/legs.ts KF, localOut; docs/datapath.md "Kernel functions"): napi_gro_receive for a
// NIC's receive (then ip_rcv_core, the GRO list path), the backlog's __netif_receive_skb for a veth
// peer's, __netif_rx after veth_xmit, ip_build_and_send_pkt for a SYN-ACK.
import type { CiliumConfig } from '../../model/types';
import type { ClusterState, Connection, MonitorEvent, NetIf, PacketView, PathHop, PathTrace, PodState, TapPoint } from '../types';
import { labConfig } from '../cluster/testing';

const ROUTER_MAC = '08:00:27:11:22:33';
const CTR_ETH1_MAC = '08:00:27:5c:1e:aa';
const W1_ETH1_MAC = '08:00:27:3d:91:0b';

export const REMOTE_POD = 'default/productpage-v1-6c8d7b5f9-abcde';
export const LOCAL_POD = 'default/productpage-v1-6c8d7b5f9-kq2zx';

function nif(name: string, ifindex: number, kind: NetIf['kind'], ip: string | null, mac: string, pod?: string): NetIf {
  return { name, ifindex, mac, ip, cidr: null, kind, ...(pod ? { pod } : {}) };
}

export { labConfig };

function pod(ns: string, name: string, node: string, ip: string, lxc: NetIf, identity: number): PodState {
  return {
    namespace: ns,
    name,
    node,
    ip,
    labels: { app: 'productpage' },
    identity,
    hostNetwork: false,
    lxc,
    mac: '6e:4f:22:10:aa:01',
    owner: 'Deployment/productpage-v1',
    containers: [{ name: 'productpage', image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3', ports: [{ name: null, containerPort: 9080, protocol: 'TCP' }] }],
    endpointID: 1234,
    loc: null,
  };
}

export function labState(over: Partial<CiliumConfig> = {}): ClusterState {
  const w1Lxc = nif('lxc1a2b3c4d5e6f', 9, 'lxc', null, '5a:11:22:33:44:55', REMOTE_POD);
  const ctrLxc = nif('lxc9f8e7d6c5b4a', 11, 'lxc', null, '5a:66:77:88:99:aa', LOCAL_POD);
  const ifs = (eth0: string, eth1: string, eth1mac: string, host: string): NetIf[] => [
    nif('lo', 1, 'lo', '127.0.0.1', '00:00:00:00:00:00'),
    nif('eth0', 2, 'physical', '10.0.2.15', eth0),
    nif('eth1', 3, 'physical', eth1, eth1mac),
    nif('cilium_net', 4, 'cilium_net', null, '3e:aa:bb:cc:dd:01'),
    nif('cilium_host', 5, 'cilium_host', host, '3e:aa:bb:cc:dd:02'),
  ];
  return {
    config: labConfig(over),
    title: 'fixture',
    notes: null,
    clock: '2025-08-23T15:19:00Z',
    seed: 1,
    kernel: '6.8',
    serviceCIDR: '10.96.0.0/12',
    nodes: [
      { name: 'k8s-ctr', role: 'control-plane', labels: {}, internalIP: '192.168.10.100', podCIDR: '172.20.0.0/24', ciliumHostIP: '172.20.0.114', ingressIP: '172.20.0.173', interfaces: [...ifs('08:00:27:6b:69:c9', '192.168.10.100', CTR_ETH1_MAC, '172.20.0.114'), ctrLxc], defaultInterface: 'eth0', routes: [], loc: null },
      { name: 'k8s-w1', role: 'worker', labels: {}, internalIP: '192.168.10.101', podCIDR: '172.20.1.0/24', ciliumHostIP: '172.20.1.6', ingressIP: '172.20.1.110', interfaces: [...ifs('08:00:27:8a:2c:11', '192.168.10.101', W1_ETH1_MAC, '172.20.1.6'), w1Lxc], defaultInterface: 'eth0', routes: [], loc: null },
    ],
    clients: [{ name: 'router', ip: '192.168.10.200', cidr: '192.168.10.0/24', mac: ROUTER_MAC, loc: null }],
    pods: [pod('default', 'productpage-v1-6c8d7b5f9-abcde', 'k8s-w1', '172.20.1.45', w1Lxc, 32530), pod('default', 'productpage-v1-6c8d7b5f9-kq2zx', 'k8s-ctr', '172.20.0.45', ctrLxc, 32530)],
    identities: [],
    ipcache: [],
    services: [
      {
        namespace: 'kube-system', name: 'cilium-ingress', type: 'LoadBalancer', headless: false, clusterIP: '10.96.118.1', externalIP: '192.168.10.211', externalIPs: [], pendingReason: null,
        ports: [{ name: 'http', port: 80, targetPort: 80, nodePort: 31821, protocol: 'TCP' }, { name: 'https', port: 443, targetPort: 443, nodePort: 30271, protocol: 'TCP' }],
        endpoints: [], externalTrafficPolicy: 'Cluster', selector: null, labels: {}, annotations: {}, l7lb: true, l7lbProxyPort: 13319, origin: 'cilium-ingress-shared', ingress: null, id: 31, loc: null,
      },
    ],
    ingresses: [],
    envoy: [],
    l2: [],
    lbipam: { pools: [] },
    policies: [],
    ingressIPs: [{ node: 'k8s-ctr', ip: '172.20.0.173' }, { node: 'k8s-w1', ip: '172.20.1.110' }],
    requests: [],
    diagnostics: [],
    ignored: [],
  };
}

// ---------------------------------------------------------------- hop builders

type HopIn = Partial<PathHop> & Pick<PathHop, 'conn' | 'direction' | 'node' | 'where' | 'stage' | 'packet'>;

function mk(index: number, h: HopIn): PathHop {
  return {
    index,
    program: null,
    after: null,
    action: 'forward',
    taps: [],
    kfuncs: [],
    tcProgram: null,
    events: [],
    skb: null,
    rewrites: [],
    explain: '',
    explainId: 'fixture',
    refs: [],
    ...h,
  };
}

const tap = (host: string, iface: string, ifindex: number, dir: 'In' | 'Out', frameLen: number | null = null, netns: TapPoint['netns'] = 'host'): TapPoint => ({ host, netns, iface, ifindex, dir, frameLen });

function tcp(src: string, sport: number, dst: string, dport: number, flags: string, l7: string | null = null, macs: [string | null, string | null] = [null, null]): PacketView {
  return { srcMac: macs[0], dstMac: macs[1], proto: 'tcp', src, sport, dst, dport, tcpFlags: flags, arp: null, tls: null, l7, mark: null };
}

function ev(kind: MonitorEvent['kind'], point: string, node: string, src: [string, number | null, number], dst: [string, number | null, number], isReply: boolean | null, verdict: MonitorEvent['verdict'], ctReport: boolean, summary: string): MonitorEvent {
  return {
    kind, point, node,
    src: { ip: src[0], port: src[1], identity: src[2], name: null },
    dst: { ip: dst[0], port: dst[1], identity: dst[2], name: null },
    isReply, verdict, ctReport, summary,
  };
}

const ROUTER = '192.168.10.200';
const VIP = '192.168.10.211';
const CPORT = 54321;
const EPORT = 41234;
const GET = 'GET / HTTP/1.1 Host: 192.168.10.211';

/** The client's leg, shared by both variants: hops 0-10. */
function clientLeg(backend: string, backendIdentity: number): PathHop[] {
  const arpReq: PacketView = { srcMac: ROUTER_MAC, dstMac: 'ff:ff:ff:ff:ff:ff', proto: 'arp', src: ROUTER, sport: null, dst: VIP, dport: null, tcpFlags: null, arp: { op: 'request', senderIP: ROUTER, targetIP: VIP, senderMac: ROUTER_MAC, targetMac: null }, tls: null, l7: null, mark: null };
  const arpRep: PacketView = { ...arpReq, srcMac: CTR_ETH1_MAC, dstMac: ROUTER_MAC, src: VIP, dst: ROUTER, arp: { op: 'reply', senderIP: VIP, targetIP: ROUTER, senderMac: CTR_ETH1_MAC, targetMac: ROUTER_MAC } };
  const syn = tcp(ROUTER, CPORT, VIP, 80, 'S', null, [ROUTER_MAC, CTR_ETH1_MAC]);
  const synAck = tcp(VIP, 80, ROUTER, CPORT, 'S.', null, [CTR_ETH1_MAC, ROUTER_MAC]);
  const get = tcp(ROUTER, CPORT, VIP, 80, 'P.', GET, [ROUTER_MAC, CTR_ETH1_MAC]);
  const world: [string, number | null, number] = [ROUTER, CPORT, 2];
  const vip: [string, number | null, number] = [VIP, 80, 2];
  return [
    mk(0, { conn: 0, direction: 'request', node: 'router', where: 'eth1', stage: 'arp', packet: arpReq, action: 'send', taps: [tap('router', 'eth1', 2, 'Out', 42, 'client')] }),
    mk(1, {
      conn: 0, direction: 'request', node: 'k8s-ctr', where: 'eth1', stage: 'arp', packet: arpReq, after: arpRep, action: 'reply', program: 'cil_from_netdev',
      taps: [tap('k8s-ctr', 'eth1', 3, 'In', 60), tap('k8s-ctr', 'eth1', 3, 'Out', 60)],
      kfuncs: ['napi_gro_receive', 'skb_do_redirect', '__dev_queue_xmit', 'dev_hard_start_xmit'], tcProgram: 'cil_from_netdev', skb: 1,
      events: [ev('trace', 'from-network', 'k8s-ctr', [ROUTER, null, 2], [VIP, null, 2], null, 'FORWARDED', false, 'ARP')],
    }),
    mk(2, { conn: 0, direction: 'reply', node: 'router', where: 'eth1', stage: 'arp', packet: arpRep, action: 'receive', taps: [tap('router', 'eth1', 2, 'In', 60, 'client')] }),
    mk(3, { conn: 1, direction: 'request', node: 'router', where: 'eth1', stage: 'client', packet: syn, action: 'send', taps: [tap('router', 'eth1', 2, 'Out', 74, 'client')] }),
    mk(4, {
      conn: 1, direction: 'request', node: 'k8s-ctr', where: 'eth1', stage: 'l7lb-redirect', packet: syn, action: 'redirect', program: 'cil_from_netdev',
      taps: [tap('k8s-ctr', 'eth1', 3, 'In', 74)], kfuncs: ['napi_gro_receive', 'skb_do_redirect'], tcProgram: 'cil_from_netdev', skb: 2,
      events: [ev('trace', 'from-network', 'k8s-ctr', world, vip, false, 'FORWARDED', false, 'TCP Flags: SYN'), ev('trace', 'to-proxy', 'k8s-ctr', world, vip, false, 'FORWARDED', false, 'TCP Flags: SYN')],
    }),
    mk(5, {
      conn: 1, direction: 'request', node: 'k8s-ctr', where: 'cilium_net', stage: 'l7lb-redirect', packet: syn, action: 'forward',
      taps: [tap('k8s-ctr', 'cilium_net', 4, 'Out', 74)], kfuncs: ['__dev_queue_xmit', 'dev_hard_start_xmit', 'veth_xmit', '__netif_rx'], skb: 2,
    }),
    mk(6, {
      conn: 1, direction: 'request', node: 'k8s-ctr', where: 'cilium_host', stage: 'tproxy', packet: syn, action: 'hand-to-proxy', program: 'cil_to_host',
      taps: [tap('k8s-ctr', 'cilium_host', 5, 'In', 74)], kfuncs: ['__netif_receive_skb', '__netif_receive_skb_one_core', 'ip_rcv', 'nf_hook_slow', 'ip_local_deliver', 'tcp_v4_rcv'], tcProgram: 'cil_to_host', skb: 2, rewrites: ['TPROXY'],
    }),
    mk(7, { conn: 1, direction: 'request', node: 'k8s-ctr', where: 'envoy', stage: 'envoy-listener', packet: syn, action: 'terminate' }),
    mk(8, {
      conn: 1, direction: 'reply', node: 'k8s-ctr', where: 'eth1', stage: 'tc-egress', packet: synAck, action: 'reply', program: 'cil_to_netdev',
      taps: [tap('k8s-ctr', 'eth1', 3, 'Out', 74)], kfuncs: ['ip_build_and_send_pkt', 'ip_local_out', '__ip_local_out', 'nf_hook_slow', 'ip_output', 'nf_hook_slow', 'ip_finish_output2', '__dev_queue_xmit', 'dev_hard_start_xmit'], tcProgram: 'cil_to_netdev', skb: 3,
    }),
    mk(9, { conn: 1, direction: 'request', node: 'k8s-ctr', where: 'eth1', stage: 'l7lb-redirect', packet: get, action: 'redirect', taps: [tap('k8s-ctr', 'eth1', 3, 'In')], kfuncs: ['napi_gro_receive'], tcProgram: 'cil_from_netdev', skb: 4 }),
    mk(10, {
      conn: 1, direction: 'request', node: 'k8s-ctr', where: 'envoy', stage: 'envoy-route', packet: get, action: 'route',
      events: [ev('l7', 'http-request', 'k8s-ctr', [ROUTER, CPORT, 8], [backend, 9080, backendIdentity], false, 'FORWARDED', false, 'HTTP/1.1 GET http://192.168.10.211/')],
    }),
  ];
}

function connections(upstreamSrc: string, backend: string, backendHost: string): Connection[] {
  return [
    { id: 0, kind: 'arp', label: 'client→arp', client: { ip: ROUTER, port: null, host: 'router' }, server: { ip: VIP, port: null, host: 'k8s-ctr' } },
    { id: 1, kind: 'tcp', label: 'client→envoy', client: { ip: ROUTER, port: CPORT, host: 'router' }, server: { ip: VIP, port: 80, host: 'k8s-ctr' } },
    { id: 2, kind: 'tcp', label: 'envoy→backend', client: { ip: upstreamSrc, port: EPORT, host: 'k8s-ctr' }, server: { ip: backend, port: 9080, host: backendHost } },
  ];
}

function base(conns: Connection[], hops: PathHop[], backendPod: string, node: string): PathTrace {
  return {
    request: {
      raw: 'curl http://192.168.10.211/', method: 'GET', scheme: 'http', host: VIP, port: 80, path: '/', headers: [], resolve: [], insecure: false, cacert: null,
      headOnly: false, followRedirects: false, maxTime: null, connectTimeout: null, verbose: false, silent: false, showError: false, fail: false,
    },
    from: 'router',
    outcome: { status: 200, error: null, exitCode: 0, output: [], body: null, location: null },
    backend: { namespace: 'default', service: 'productpage', pod: backendPod, node },
    envoyNode: 'k8s-ctr',
    connections: conns,
    hops,
    diagnostics: [],
    redirects: 0,
  };
}

/** Backend on the other node: upstream from the ingress IP 172.20.0.173 over eth1 of both nodes; no lxc tap on w1. */
export function remoteStory(): PathTrace {
  const B = '172.20.1.45';
  const S = '172.20.0.173';
  const ing: [string, number | null, number] = [S, EPORT, 8];
  const pp: [string, number | null, number] = [B, 9080, 32530];
  const syn = tcp(S, EPORT, B, 9080, 'S', null, [CTR_ETH1_MAC, W1_ETH1_MAC]);
  const synAck = tcp(B, 9080, S, EPORT, 'S.');
  const resp = tcp(VIP, 80, ROUTER, CPORT, 'P.', 'HTTP/1.1 200 OK', [CTR_ETH1_MAC, ROUTER_MAC]);
  const hops = [
    ...clientLeg(B, 32530),
    mk(11, {
      conn: 2, direction: 'request', node: 'k8s-ctr', where: 'eth1', stage: 'envoy-upstream', packet: { ...syn, mark: '80b00' }, action: 'connect', program: 'cil_to_netdev',
      taps: [tap('k8s-ctr', 'eth1', 3, 'Out', 74)], kfuncs: ['__ip_queue_xmit', 'ip_output', 'ip_finish_output2', '__dev_queue_xmit', 'dev_hard_start_xmit'], tcProgram: 'cil_to_netdev', skb: 5,
      events: [ev('trace', 'to-network', 'k8s-ctr', ing, pp, false, 'FORWARDED', true, 'TCP Flags: SYN')],
    }),
    mk(12, {
      conn: 2, direction: 'request', node: 'k8s-w1', where: 'eth1', stage: 'tc-ingress', packet: syn, action: 'redirect', program: 'cil_from_netdev',
      taps: [tap('k8s-w1', 'eth1', 3, 'In', 74)], kfuncs: ['napi_gro_receive', 'skb_do_redirect'], tcProgram: 'cil_from_netdev', skb: 6,
      events: [
        ev('trace', 'from-network', 'k8s-w1', ing, pp, false, 'FORWARDED', false, 'TCP Flags: SYN'),
        ev('policy-verdict', 'policy-verdict:L3-Only INGRESS', 'k8s-w1', ing, pp, false, 'ALLOWED', true, 'TCP Flags: SYN'),
        ev('trace', 'to-endpoint', 'k8s-w1', ing, pp, false, 'FORWARDED', true, 'TCP Flags: SYN'),
      ],
    }),
    mk(13, { conn: 2, direction: 'request', node: 'k8s-w1', where: 'lxc1a2b3c4d5e6f', stage: 'tc-egress', packet: syn, action: 'redirect', skb: null }),
    mk(14, {
      conn: 2, direction: 'request', node: 'k8s-w1', where: `pod:${REMOTE_POD}`, stage: 'pod', packet: syn, action: 'deliver',
      taps: [tap(REMOTE_POD, 'eth0', 8, 'In', 74, 'pod')], kfuncs: ['ip_rcv_core', 'ip_local_deliver', 'ip_local_deliver_finish', 'tcp_v4_rcv'], skb: 6,
    }),
    mk(15, {
      conn: 2, direction: 'reply', node: 'k8s-w1', where: `pod:${REMOTE_POD}`, stage: 'app', packet: synAck, action: 'reply',
      taps: [tap(REMOTE_POD, 'eth0', 8, 'Out', 74, 'pod')], kfuncs: ['ip_build_and_send_pkt', 'ip_local_out', '__ip_local_out', 'ip_output', 'ip_finish_output2', '__dev_queue_xmit', 'dev_hard_start_xmit', 'veth_xmit', '__netif_rx'], skb: 7,
    }),
    mk(16, {
      conn: 2, direction: 'reply', node: 'k8s-w1', where: 'lxc1a2b3c4d5e6f', stage: 'tc-ingress', packet: synAck, action: 'redirect', program: 'cil_from_container',
      taps: [tap('k8s-w1', 'lxc1a2b3c4d5e6f', 9, 'In', 74)], kfuncs: ['__netif_receive_skb', '__netif_receive_skb_one_core', 'skb_do_redirect'], tcProgram: 'cil_from_container', skb: 7,
      events: [ev('trace', 'from-endpoint', 'k8s-w1', pp, ing, true, 'FORWARDED', false, 'TCP Flags: SYN, ACK'), ev('trace', 'to-network', 'k8s-w1', pp, ing, true, 'FORWARDED', true, 'TCP Flags: SYN, ACK')],
    }),
    mk(17, { conn: 2, direction: 'reply', node: 'k8s-w1', where: 'eth1', stage: 'tc-egress', packet: synAck, action: 'forward', taps: [tap('k8s-w1', 'eth1', 3, 'Out', 74)], kfuncs: ['__dev_queue_xmit', 'dev_hard_start_xmit'], skb: 7 }),
    mk(18, { conn: 2, direction: 'reply', node: 'k8s-ctr', where: 'eth1', stage: 'tc-ingress', packet: synAck, action: 'forward', program: 'cil_from_netdev', taps: [tap('k8s-ctr', 'eth1', 3, 'In', 74)], kfuncs: ['napi_gro_receive', 'ip_rcv_core', 'tcp_v4_rcv'], tcProgram: 'cil_from_netdev', skb: 8 }),
    mk(19, {
      conn: 1, direction: 'reply', node: 'k8s-ctr', where: 'eth1', stage: 'envoy-route', packet: resp, action: 'reply', program: 'cil_to_netdev',
      taps: [tap('k8s-ctr', 'eth1', 3, 'Out')], kfuncs: ['__ip_queue_xmit', 'ip_output', '__dev_queue_xmit'], tcProgram: 'cil_to_netdev', skb: 9,
      events: [ev('l7', 'http-response', 'k8s-ctr', [B, 9080, 32530], [ROUTER, CPORT, 8], true, 'FORWARDED', false, 'HTTP/1.1 200 7ms (GET http://192.168.10.211/)')],
    }),
  ];
  return base(connections(S, B, REMOTE_POD), hops, 'productpage-v1-6c8d7b5f9-abcde', 'k8s-w1');
}

/** Backend on Envoy's own node: upstream from 10.0.2.15 (kernel-chosen source), seen on the lxc and in the pod, never on eth1. */
export function localStory(): PathTrace {
  const B = '172.20.0.45';
  const S = '10.0.2.15';
  const ing: [string, number | null, number] = [S, EPORT, 8];
  const pp: [string, number | null, number] = [B, 9080, 32530];
  const syn = tcp(S, EPORT, B, 9080, 'S');
  const synAck = tcp(B, 9080, S, EPORT, 'S.');
  const hops = [
    ...clientLeg(B, 32530),
    mk(11, {
      conn: 2, direction: 'request', node: 'k8s-ctr', where: 'lxc9f8e7d6c5b4a', stage: 'envoy-upstream', packet: { ...syn, mark: '80b00' }, action: 'connect', program: 'cil_to_container',
      taps: [tap('k8s-ctr', 'lxc9f8e7d6c5b4a', 11, 'Out', 74)], kfuncs: ['__ip_queue_xmit', 'ip_output', 'ip_finish_output2', '__dev_queue_xmit', 'dev_hard_start_xmit', 'veth_xmit', '__netif_rx'], tcProgram: 'cil_to_container', skb: 5,
      events: [ev('policy-verdict', 'policy-verdict:L3-Only INGRESS', 'k8s-ctr', ing, pp, false, 'ALLOWED', true, 'TCP Flags: SYN'), ev('trace', 'to-endpoint', 'k8s-ctr', ing, pp, false, 'FORWARDED', true, 'TCP Flags: SYN')],
    }),
    mk(12, {
      conn: 2, direction: 'request', node: 'k8s-ctr', where: `pod:${LOCAL_POD}`, stage: 'pod', packet: syn, action: 'deliver',
      taps: [tap(LOCAL_POD, 'eth0', 10, 'In', 74, 'pod')], kfuncs: ['__netif_receive_skb', '__netif_receive_skb_one_core', 'ip_rcv', 'ip_rcv_core', 'ip_local_deliver', 'ip_local_deliver_finish', 'tcp_v4_rcv'], skb: 5,
    }),
    mk(13, { conn: 2, direction: 'reply', node: 'k8s-ctr', where: `pod:${LOCAL_POD}`, stage: 'app', packet: synAck, action: 'reply', taps: [tap(LOCAL_POD, 'eth0', 10, 'Out', 74, 'pod')], kfuncs: ['ip_build_and_send_pkt', 'ip_local_out', '__ip_local_out', 'ip_output', 'ip_finish_output2', '__dev_queue_xmit', 'dev_hard_start_xmit', 'veth_xmit', '__netif_rx'], skb: 6 }),
    mk(14, {
      conn: 2, direction: 'reply', node: 'k8s-ctr', where: 'lxc9f8e7d6c5b4a', stage: 'tc-ingress', packet: synAck, action: 'forward', program: 'cil_from_container',
      taps: [tap('k8s-ctr', 'lxc9f8e7d6c5b4a', 11, 'In', 74)], kfuncs: ['__netif_receive_skb', '__netif_receive_skb_one_core', 'ip_rcv', 'tcp_v4_rcv'], tcProgram: 'cil_from_container', skb: 6,
      events: [ev('trace', 'from-endpoint', 'k8s-ctr', pp, ing, true, 'FORWARDED', false, 'TCP Flags: SYN, ACK'), ev('trace', 'to-stack', 'k8s-ctr', pp, ing, true, 'FORWARDED', true, 'TCP Flags: SYN, ACK')],
    }),
  ];
  return base(connections(S, B, LOCAL_POD), hops, 'productpage-v1-6c8d7b5f9-kq2zx', 'k8s-ctr');
}
