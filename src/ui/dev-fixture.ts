// A small hand-written ClusterState + Trace (lab 3: router -> 192.168.10.211/
// -> Envoy on k8s-ctr -> productpage on k8s-w1) for unit tests and for
// `?fixture` in dev, so the UI can be drawn without the engine.
import type {
  ClusterState,
  CompileAnswer,
  Hop,
  HopSeen,
  PacketView,
  PodState,
  Trace,
  TraceAnswer,
} from './engine-types';
import type { Spawned } from '../worker/engine-client';

const SRC = { file: 'lab', doc: 0, line: 1, column: 1 };

function pod(ns: string, name: string, node: string, ip: string, lxc: string, app: string, id: number): PodState {
  return {
    namespace: ns,
    name,
    node,
    ip,
    labels: { app },
    identity: id,
    hostNetwork: false,
    lxc: { name: lxc, ifindex: 10 + id % 10, mac: '3a:11:22:33:44:' + (10 + (id % 80)).toString(16), ip: null, cidr: null, kind: 'lxc', pod: `${ns}/${name}` },
    mac: '0e:aa:bb:cc:dd:' + (10 + (id % 80)).toString(16),
    owner: `Deployment/${app}`,
    containers: [{ name: app, image: app, ports: [{ name: null, containerPort: 9080, protocol: 'TCP' }] }],
    endpointID: 100 + id,
    loc: SRC,
  };
}

export function fixtureState(): ClusterState {
  const nodes = [
    { name: 'k8s-ctr', ip: '192.168.10.100', pod: '172.20.0.0/24', host: '172.20.0.114', ing: '172.20.0.173', role: 'control-plane' as const },
    { name: 'k8s-w1', ip: '192.168.10.101', pod: '172.20.1.0/24', host: '172.20.1.6', ing: '172.20.1.110', role: 'worker' as const },
  ];
  const pods = [
    pod('default', 'curlpod', 'k8s-ctr', '172.20.0.20', 'lxc0c1d2e3f4a5b', 'curl', 31000),
    pod('default', 'webpod-697b545f57-abcde', 'k8s-ctr', '172.20.0.57', 'lxc1a2b3c4d5e6f', 'webpod', 31001),
    pod('default', 'webpod-697b545f57-fghij', 'k8s-w1', '172.20.1.44', 'lxc9f8e7d6c5b4a', 'webpod', 31001),
    pod('default', 'productpage-v1-6c8d7b5f9-abcde', 'k8s-w1', '172.20.1.45', 'lxc5e6f7a8b9c0d', 'productpage', 31002),
  ];
  return {
    config: {
      routingMode: 'native', tunnelProtocol: 'vxlan', ipv4NativeRoutingCIDR: '172.20.0.0/16', autoDirectNodeRoutes: true,
      endpointRoutes: true, kubeProxyReplacement: true, bpfMasquerade: true, hostLegacyRouting: false, bpfTproxy: false,
      monitorAggregation: 'medium', hubbleEnabled: true,
      ingressController: { enabled: true, loadbalancerMode: 'shared', enforceHttps: true, isDefault: false, serviceType: 'LoadBalancer' },
      l7Backend: 'envoy', l2announcements: true, localRedirectPolicy: true, clusterPoolIPv4PodCIDRList: ['172.20.0.0/16'],
      clusterPoolIPv4MaskSize: 24, raw: {},
    },
    title: 'Fixture: basic-ingress',
    notes: 'A hand-written state for UI tests.',
    clock: '2025-08-23T15:19:00Z',
    seed: 1,
    kernel: '6.8',
    serviceCIDR: '10.96.0.0/12',
    nodes: nodes.map((n, i) => ({
      name: n.name,
      role: n.role,
      labels: {},
      internalIP: n.ip,
      podCIDR: n.pod,
      ciliumHostIP: n.host,
      ingressIP: n.ing,
      interfaces: [
        { name: 'eth0', ifindex: 2, mac: `08:00:27:6b:69:c${i}`, ip: '10.0.2.15', cidr: '10.0.2.0/24', kind: 'physical' },
        { name: 'eth1', ifindex: 3, mac: `08:00:27:5c:1e:a${i}`, ip: n.ip, cidr: '192.168.10.0/24', kind: 'physical' },
        { name: 'cilium_net', ifindex: 4, mac: `aa:00:00:00:00:0${i}`, ip: null, cidr: null, kind: 'cilium_net' },
        { name: 'cilium_host', ifindex: 5, mac: `aa:00:00:00:01:0${i}`, ip: n.host, cidr: null, kind: 'cilium_host' },
      ],
      defaultInterface: 'eth0',
      routes: [{ dst: 'default', via: '10.0.2.2', dev: 'eth0', src: null, origin: 'default' }],
      loc: SRC,
    })),
    clients: [{ name: 'router', ip: '192.168.10.200', cidr: '192.168.10.0/24', mac: '08:00:27:11:22:33', loc: SRC }],
    pods,
    identities: [],
    ipcache: [],
    services: [
      {
        namespace: 'kube-system', name: 'cilium-ingress', type: 'LoadBalancer', headless: false, clusterIP: '10.96.118.1',
        externalIP: '192.168.10.211', externalIPs: [], pendingReason: null,
        ports: [{ name: 'http', port: 80, targetPort: 80, nodePort: 31080, protocol: 'TCP' }],
        endpoints: [{ ip: '192.192.192.192', port: 9999, portName: null, pod: null, node: null, ready: true }],
        externalTrafficPolicy: 'Cluster', selector: null, labels: {}, annotations: {}, l7lb: true, l7lbProxyPort: 12345,
        origin: 'cilium-ingress-shared', ingress: null, id: 5, loc: null,
      },
    ],
    ingresses: [
      { namespace: 'default', name: 'basic-ingress', class: 'cilium', managed: true, ignoredReason: null, mode: 'shared', service: 'kube-system/cilium-ingress', address: '192.168.10.211', tls: [], loc: SRC },
    ],
    envoy: [
      {
        service: 'kube-system/cilium-ingress',
        proxyPort: 12345,
        virtualHosts: [
          {
            name: 'default', host: '*', domains: ['*'], authorityRegex: null,
            routes: [
              { host: '*', match: { type: 'path_separated_prefix', value: '/details' }, backends: [{ namespace: 'default', service: 'details', port: 9080, weight: 1 }], httpsRedirect: false, ingresses: ['default/basic-ingress'], loc: SRC },
              { host: '*', match: { type: 'prefix', value: '/' }, backends: [{ namespace: 'default', service: 'productpage', port: 9080, weight: 1 }], httpsRedirect: false, ingresses: ['default/basic-ingress'], loc: SRC },
            ],
          },
        ],
        tlsChains: [],
      },
    ],
    l2: [{ namespace: 'kube-system', service: 'cilium-ingress', ip: '192.168.10.211', node: 'k8s-ctr', interface: 'eth1', policy: 'policy1', lease: 'cilium-l2announce-kube-system-cilium-ingress', silentReason: null }],
    lbipam: { pools: [{ name: 'cilium-lb-ippool', blocks: ['192.168.10.211-192.168.10.215'], conflicting: false, disabled: false, allocated: [{ ip: '192.168.10.211', service: 'kube-system/cilium-ingress' }] }] },
    policies: [],
    ingressIPs: nodes.map((n) => ({ node: n.name, ip: n.ing })),
    requests: [
      { name: 'productpage', from: 'router', curl: 'curl http://192.168.10.211/', expect: { status: 200, exitCode: 0, error: null, backend: 'productpage', envoyNode: 'k8s-ctr' }, note: null, loc: SRC },
      { name: 'details', from: 'router', curl: 'curl http://192.168.10.211/details/1', expect: { status: 200, exitCode: 0, error: null, backend: 'details', envoyNode: 'k8s-ctr' }, note: null, loc: SRC },
    ],
    diagnostics: [],
    ignored: [],
  };
}

function pkt(p: Partial<PacketView> & Pick<PacketView, 'src' | 'dst'>): PacketView {
  return { srcMac: null, dstMac: null, proto: 'tcp', sport: null, dport: null, tcpFlags: 'S', arp: null, tls: null, l7: null, mark: null, ...p };
}

function seen(tcpdump: string | null, pwru: string[] | null, hubble: string | null, host = 'k8s-ctr', iface = 'eth1'): HopSeen {
  return {
    tcpdump: tcpdump
      ? { seen: true, reason: null, ref: null, detail: [{ host, iface, dir: 'In', line: tcpdump }] }
      : { seen: false, reason: 'No AF_PACKET tap is passed here: the packet never crosses a netdev.', ref: { label: 'torvalds/linux net/core/dev.c', path: 'net/core/dev.c' }, detail: [] },
    pwru: pwru
      ? { seen: true, reason: null, ref: null, detail: { funcs: pwru, lines: pwru.map((f, i) => `0xffff8881 ${i} [curl] ${f}`) } }
      : { seen: false, reason: 'User space: no sk_buff is handled here.', ref: null, detail: { funcs: [], lines: [] } },
    hubble: hubble
      ? { seen: true, reason: null, ref: null, detail: [{ point: 'to-endpoint', verdict: 'FORWARDED', node: host, srcIdentity: 8, dstIdentity: 31002, line: hubble }] }
      : { seen: false, reason: 'Monitor aggregation medium drops this trace event.', ref: { label: 'cilium/cilium bpf/lib/trace.h emit_trace_notify', path: 'bpf/lib/trace.h' }, detail: [] },
  };
}

type HopIn = Omit<Hop, 'index' | 'taps' | 'kfuncs' | 'tcProgram' | 'events' | 'skb' | 'refs' | 'explainId' | 'after' | 'rewrites'> &
  Partial<Pick<Hop, 'after' | 'rewrites' | 'refs'>>;

export function fixtureTrace(): Trace {
  const vip = '192.168.10.211';
  const r = '192.168.10.200';
  const ing = '172.20.0.173';
  const pp = '172.20.1.45';
  const list: HopIn[] = [
    { conn: 0, direction: 'request', node: 'router', where: 'eth1', stage: 'arp', program: null, packet: pkt({ proto: 'arp', src: r, dst: vip, tcpFlags: null, arp: { op: 'request', senderIP: r, targetIP: vip, senderMac: '08:00:27:11:22:33', targetMac: null } }), action: 'send', explain: 'The router asks who has 192.168.10.211.', seen: seen('ARP, Request who-has 192.168.10.211 tell 192.168.10.200, length 28', ['arp_send'], null, 'router') },
    { conn: 0, direction: 'reply', node: 'k8s-ctr', where: 'eth1', stage: 'tc-ingress', program: 'cil_from_netdev', packet: pkt({ proto: 'arp', src: vip, dst: r, tcpFlags: null, arp: { op: 'reply', senderIP: vip, targetIP: r, senderMac: '08:00:27:5c:1e:a0', targetMac: '08:00:27:11:22:33' } }), action: 'reply', explain: 'The L2 leader answers ARP from BPF.', rewrites: ['L2-REWRITE'], seen: seen('ARP, Reply 192.168.10.211 is-at 08:00:27:5c:1e:a0, length 46', ['skb_ensure_writable'], null) },
    { conn: 1, direction: 'request', node: 'router', where: 'eth1', stage: 'client', program: null, packet: pkt({ src: r, sport: 40000, dst: vip, dport: 80 }), action: 'send', explain: 'curl opens a TCP connection.', seen: seen('IP 192.168.10.200.40000 > 192.168.10.211.80: Flags [S]', ['ip_output'], null, 'router') },
    { conn: 1, direction: 'request', node: null, where: 'wire:192.168.10.0/24', stage: 'wire', program: null, packet: pkt({ src: r, sport: 40000, dst: vip, dport: 80 }), action: 'forward', explain: 'On the segment.', seen: seen(null, null, null) },
    { conn: 1, direction: 'request', node: 'k8s-ctr', where: 'eth1', stage: 'l7lb-redirect', program: 'cil_from_netdev', packet: pkt({ src: r, sport: 40000, dst: vip, dport: 80 }), action: 'redirect', explain: 'L7 load-balancer service: redirect to the proxy.', seen: seen('IP 192.168.10.200.40000 > 192.168.10.211.80: Flags [S]', ['netif_receive_skb', 'skb_do_redirect'], null) },
    { conn: 1, direction: 'request', node: 'k8s-ctr', where: 'cilium_host', stage: 'tproxy', program: 'cil_to_host', packet: pkt({ src: r, sport: 40000, dst: vip, dport: 80, mark: '200' }), action: 'hand-to-proxy', rewrites: ['TPROXY'], explain: 'TPROXY steers the SYN to Envoy.', seen: seen('IP 192.168.10.200.40000 > 192.168.10.211.80: Flags [S]', ['ip_local_deliver', 'tcp_v4_rcv'], null, 'k8s-ctr', 'cilium_host') },
    { conn: 1, direction: 'request', node: 'k8s-ctr', where: 'envoy', stage: 'envoy-route', program: null, packet: pkt({ src: r, sport: 40000, dst: vip, dport: 80, tcpFlags: 'P.', l7: 'GET / HTTP/1.1 Host: 192.168.10.211' }), action: 'route', explain: 'Route / -> productpage:9080.', seen: seen(null, null, '192.168.10.200:40000 (ingress) -> default/productpage-v1 http-request FORWARDED (HTTP/1.1 GET http://192.168.10.211/)') },
    { conn: 2, direction: 'request', node: 'k8s-ctr', where: 'envoy', stage: 'envoy-upstream', program: null, packet: pkt({ src: ing, sport: 41000, dst: pp, dport: 9080 }), action: 'connect', rewrites: ['SNAT'], explain: 'Envoy opens a new connection from the ingress IP.', seen: seen(null, null, null) },
    { conn: 2, direction: 'request', node: 'k8s-ctr', where: 'eth1', stage: 'tc-egress', program: 'cil_to_netdev', packet: pkt({ src: ing, sport: 41000, dst: pp, dport: 9080 }), action: 'forward', explain: 'Out of eth1, no SNAT (native routing CIDR).', seen: seen('IP 172.20.0.173.41000 > 172.20.1.45.9080: Flags [S]', ['dev_queue_xmit'], null) },
    { conn: 2, direction: 'request', node: 'k8s-w1', where: 'eth1', stage: 'tc-ingress', program: 'cil_from_netdev', packet: pkt({ src: ing, sport: 41000, dst: pp, dport: 9080 }), action: 'redirect', explain: 'bpf_redirect_peer into the pod: the lxc never sees it.', seen: seen('IP 172.20.0.173.41000 > 172.20.1.45.9080: Flags [S]', ['skb_do_redirect'], null, 'k8s-w1') },
    { conn: 2, direction: 'request', node: 'k8s-w1', where: 'pod:default/productpage-v1-6c8d7b5f9-abcde', stage: 'pod', program: null, packet: pkt({ src: ing, sport: 41000, dst: pp, dport: 9080 }), action: 'deliver', explain: 'Delivered into the pod.', seen: seen('IP 172.20.0.173.41000 > 172.20.1.45.9080: Flags [S]', ['tcp_v4_rcv'], '172.20.0.173:41000 (ingress) -> default/productpage-v1 to-endpoint FORWARDED (TCP Flags: SYN)', 'default/productpage', 'eth0') },
    { conn: 2, direction: 'reply', node: 'k8s-w1', where: 'lxc5e6f7a8b9c0d', stage: 'tc-ingress', program: 'cil_from_container', packet: pkt({ src: pp, sport: 9080, dst: ing, dport: 41000, tcpFlags: 'P.', l7: 'HTTP/1.1 200 OK' }), action: 'forward', explain: 'The reply leaves the pod.', seen: seen('IP 172.20.1.45.9080 > 172.20.0.173.41000: Flags [P.]', ['netif_receive_skb'], null, 'k8s-w1', 'lxc5e6f7a8b9c0d') },
    { conn: 2, direction: 'reply', node: 'k8s-ctr', where: 'envoy', stage: 'envoy-upstream', program: null, packet: pkt({ src: pp, sport: 9080, dst: ing, dport: 41000, tcpFlags: 'P.', l7: 'HTTP/1.1 200 OK' }), action: 'receive', explain: 'Envoy gets the answer.', seen: seen(null, null, null) },
    { conn: 1, direction: 'reply', node: 'k8s-ctr', where: 'eth1', stage: 'tc-egress', program: 'cil_to_netdev', packet: pkt({ src: vip, sport: 80, dst: r, dport: 40000, tcpFlags: 'P.', l7: 'HTTP/1.1 200 OK' }), action: 'forward', explain: 'Envoy answers the client.', seen: seen('IP 192.168.10.211.80 > 192.168.10.200.40000: Flags [P.]', ['dev_queue_xmit'], '192.168.10.200:40000 (ingress) <- default/productpage-v1 http-response FORWARDED (HTTP/1.1 200 0ms (GET http://192.168.10.211/))') },
    { conn: 1, direction: 'reply', node: 'router', where: 'eth1', stage: 'client', program: null, packet: pkt({ src: vip, sport: 80, dst: r, dport: 40000, tcpFlags: 'P.', l7: 'HTTP/1.1 200 OK' }), action: 'receive', explain: 'curl prints the page.', seen: seen('IP 192.168.10.211.80 > 192.168.10.200.40000: Flags [P.]', ['tcp_v4_rcv'], null, 'router') },
  ];
  const hops: Hop[] = list.map((h, index) => ({
    after: null,
    rewrites: [],
    refs: [{ label: 'cilium/cilium bpf/bpf_host.c cil_from_netdev', path: 'bpf/bpf_host.c' }],
    ...h,
    index,
    taps: [],
    kfuncs: [],
    tcProgram: h.program,
    events: [],
    skb: null,
    explainId: 'fixture',
  }));
  return {
    request: {
      raw: 'curl http://192.168.10.211/', method: 'GET', scheme: 'http', host: vip, port: 80, path: '/', headers: [], resolve: [],
      insecure: false, cacert: null, headOnly: false, followRedirects: false, maxTime: null, connectTimeout: null, verbose: false,
      silent: false, showError: false, fail: false,
    },
    from: 'router',
    outcome: { status: 200, error: null, exitCode: 0, output: ['<html><title>Simple Bookstore App</title>...'], body: 'productpage', location: null },
    backend: { namespace: 'default', service: 'productpage', pod: 'productpage-v1-6c8d7b5f9-abcde', node: 'k8s-w1' },
    envoyNode: 'k8s-ctr',
    connections: [
      { id: 0, kind: 'arp', label: 'arp', client: { ip: r, port: null, host: 'router' }, server: { ip: vip, port: null, host: 'k8s-ctr' } },
      { id: 1, kind: 'tcp', label: 'client→envoy', client: { ip: r, port: 40000, host: 'router' }, server: { ip: vip, port: 80, host: 'k8s-ctr' } },
      { id: 2, kind: 'tcp', label: 'envoy→backend', client: { ip: ing, port: 41000, host: 'k8s-ctr' }, server: { ip: pp, port: 9080, host: 'k8s-w1' } },
    ],
    hops,
    diagnostics: [],
    redirects: 0,
  };
}

/** A fake worker answering with the fixture (for `?fixture` and tests). */
export function fixtureSpawn(): Spawned {
  return {
    api: {
      async compile(seq): Promise<CompileAnswer> {
        const state = fixtureState();
        return { seq, state, diagnostics: state.diagnostics, views: null, crash: null };
      },
      async trace(seq, request): Promise<TraceAnswer> {
        return { seq, trace: { ...fixtureTrace(), from: request.from }, crash: null };
      },
      async observe(seq, command) {
        return { seq, result: { lines: [`$ ${command}`, '(fixture: no tool model)'], caught: [], missed: [], error: null, errorColumn: null }, crash: null };
      },
    },
    terminate() {},
    onCrash() {},
  };
}
