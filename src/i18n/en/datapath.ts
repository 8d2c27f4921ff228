// English messages of the datapath area. Keys are 'datapath.<something>'.
// Placeholders {name} are filled by the hop's params (src/engine/datapath).
export const datapath: Record<string, string> = {
  // ---- errors and diagnostics
  'datapath.from.unknown': 'hopscope: no client, pod or lab-segment address called "{from}" to send the request from.',
  'datapath.from.unknown.hint': 'Use a client name from the Lab (e.g. router), a pod (curlpod or default/curlpod), or a bare IP on a lab segment (e.g. 192.168.10.201).',
  'datapath.curl.usage': 'The curl command line "{curl}" could not be used: curl itself would stop with a usage error.',
  'datapath.curl.usage.hint': 'Write it as you would in a shell, e.g. curl -v http://192.168.10.211/ (options before or after the URL).',
  'datapath.hopCap': 'hopscope stopped the walk after {cap} hops (a safety limit): the request loops or is too long to show.',
  'datapath.internal': 'hopscope could not walk this request (internal error: {error}).',
  'datapath.lb.backendNotPod': 'Backend {ip} of {service} is not a pod hopscope knows; the walk stops there.',
  'datapath.pod.outside':
    'The pod sends to {ip}, outside the cluster: the egress path (masquerading to the node IP and out of eth0/eth1) is not modelled, so hopscope assumes no answer.',

  // ---- curl, the client
  'datapath.curl.resolveFail': 'curl asks the client\'s resolver for "{host}"; outside the cluster nobody knows that name (cluster DNS only serves pods), so curl stops: (6) Could not resolve host.',
  'datapath.curl.resolveFailPod': 'curl in the pod asks cluster DNS for "{host}"; no Service answers to that name (svc, svc.ns, svc.ns.svc or svc.ns.svc.cluster.local), so curl stops: (6) Could not resolve host.',
  'datapath.client.connect': '{client} runs curl: connect() to {dst}:{port} from ephemeral port {sport}. The kernel builds the SYN, but first needs the MAC of {dst} on its segment.',
  'datapath.client.send': '{client} sends the SYN out of {iface} now that ARP gave it a MAC.',
  'datapath.client.noRoute': '{client} has no route to {dst} (its only network is {cidr} and the lab gives it no other route): connect() fails at once with "Network is unreachable".',
  'datapath.client.refused': 'The SYN to {dst}:{port} is answered with RST: nothing listens on that port, so curl reports "Connection refused".',
  'datapath.client.handshake': '{client} receives the server\'s answer (SYN-ACK): the TCP handshake completes.',
  'datapath.client.response': '{client} receives the answer; curl prints the response (status {status}).',
  'datapath.wire': 'On the wire of segment {cidr}: {src} → {dst}.',

  // ---- ARP
  'datapath.arp.request': '{client} broadcasts "who-has {ip}" on the segment (try {n}). Every host on the segment receives it.',
  'datapath.arp.retry': 'No answer yet: the client\'s kernel asks again for {ip} (try {n}; 3 tries, 1 s apart).',
  'datapath.arp.l2Responder':
    'cil_from_netdev on {node}/{iface} sees ARP for {ip}: handle_l2_announcement finds {ip} in cilium_l2_responder_v4 (this node holds the lease for {service}) and arp_respond rewrites this same skb into the reply with {mac}, redirecting it out of {iface}. The kernel\'s arp_rcv never sees it.',
  'datapath.arp.replyOut': 'The ARP reply leaves {node} on {iface} (tc egress cil_to_netdev runs, then the TX tap: tcpdump on {iface} sees the reply).',
  'datapath.arp.toKernel': 'cil_from_netdev on {node}/{iface} has no L2-announcement entry for this address and passes the ARP request to the kernel.',
  'datapath.arp.kernelReply': 'The kernel on {node} owns {ip}, so arp_process answers with a new skb.',
  'datapath.arp.notMine': '{node} receives the broadcast on {iface} (tcpdump there sees it), but {ip} is not its address and it holds no L2 announcement for it: the kernel ignores it.',
  'datapath.arp.leaseNoIface':
    '{node} holds the L2-announcement lease for {ip}, but no interface matches the policy\'s interfaces, so no responder entry exists for {iface}: the request goes unanswered.',
  'datapath.arp.clientLearns': 'The client learns {ip} is at {mac} and releases the queued SYN.',
  'datapath.arp.unanswered':
    'Nobody answers ARP for {dst}: no node holds a working L2 announcement for it. After 3 unanswered requests the client\'s kernel reports EHOSTUNREACH (~{ms} ms), and curl prints "No route to host" / (7).',

  // ---- bpf_host on the node's devices
  'datapath.netdev.fromNetwork': 'The SYN arrives on {node}/{iface}: the RX tap (tcpdump) sees it before tc ingress runs cil_from_netdev for {dst}:{port}.',
  'datapath.netdev.fromNetworkNode': '{node} receives {src} → {dst} on {iface} (RX tap), and cil_from_netdev looks the destination up.',
  'datapath.netdev.toNetwork': 'Leaving {node} on {iface}: tc egress cil_to_netdev (masquerading applies outside {cidr}), then the TX tap.',
  'datapath.netdev.toNetworkNoSnat':
    'Leaving {node} on {iface}: tc egress cil_to_netdev sends a to-network trace; no SNAT because the destination is inside ipv4NativeRoutingCIDR {cidr}, so the source stays {src}. Then the TX tap sees it.',
  'datapath.netdev.toStack': 'cil_from_netdev on {node}/{iface} finds no service for it and passes the packet up the host stack.',
  'datapath.netdev.rstOut': 'The RST leaves {node} on {iface}.',
  'datapath.netdev.replyToClient': 'The answer leaves {node} on {iface} with source {src} (tc egress cil_to_netdev, then the TX tap).',

  // ---- service load-balancing
  'datapath.lb.l7Redirect':
    'nodeport_lb4 finds {vip}:{port} is {service}, an L7 load-balancer service: no backend is chosen and nothing is DNATed. It sends a to-proxy trace (monitor=0) and ctx_redirect_to_proxy_hairpin_ipv4 rewrites L2 toward cilium_host and redirects to cilium_net (Envoy proxy port {proxyPort}).',
  'datapath.lb.dnat': 'nodeport_lb4: {vip} is {service}; it picks backend {backend} ({pod} on this node) and DNATs the packet to it.',
  'datapath.lb.dnatSnat':
    'nodeport_lb4: {vip} is {service}; it picks backend {backend} ({pod} on {node}), DNATs to it and, since the backend is on another node and externalTrafficPolicy is Cluster, SNATs the source to {snat} so the reply comes back here.',
  'datapath.lb.noBackend': '{service} has no ready backend: nodeport_lb4 drops the SYN ("Service backend not found"). The client retransmits until it gives up.',
  'datapath.lb.noLocalBackend':
    '{service} has externalTrafficPolicy Local and no ready backend on {node}: nodeport_lb4 drops the SYN. The client retransmits until it gives up.',
  'datapath.lb.noPort': '{vip} is announced but no service port {port} exists on it: Cilium drops the SYN; the client only sees silence.',
  'datapath.lb.revNat': 'rev_nodeport_lb4 reverses the NAT: the reply gets {vip} as source again and is sent back toward {client}.',
  'datapath.lb.revDnatLocal': 'cil_from_container reverses the DNAT of the local backend\'s reply (source {vip} again) and bpf_redirect_neigh sends it out of {iface} toward {client}.',

  // ---- the hand-over to Envoy
  'datapath.proxy.ciliumNet': 'bpf_redirect transmits the SYN on cilium_net (its TX tap sees it); the veth pair hands it to cilium_host on {node}.',
  'datapath.proxy.toHost': 'cilium_host receives it (RX tap) and tc ingress cil_to_host reads the proxy magic: it marks the skb {mark} (to proxy, port {proxyPort}) and lets it up the stack; no extra to-stack trace.',
  'datapath.proxy.toHostSkAssign': 'cilium_host receives it (RX tap); cil_to_host (bpf.tproxy=true) looks up Envoy\'s listener socket and assigns the skb to it with bpf_sk_assign, marking it {mark} (proxy port {proxyPort}).',
  'datapath.proxy.iptablesTproxy': 'iptables mangle CILIUM_PRE_mangle matches mark {mark} and its TPROXY target steers the packet to Envoy\'s transparent listener on port {proxyPort} (bpf.tproxy is false, the default), setting mark 0x200.',
  'datapath.proxy.skAssign': 'The skb already carries Envoy\'s listener socket (bpf_sk_assign): no iptables TPROXY rule is installed with bpf.tproxy=true.',
  'datapath.proxy.policyRoute': 'Policy routing: fwmark 0x200/0xf00 → table 2004 (local default dev lo), so the packet to {vip} is delivered locally even though no interface owns that address.',
  'datapath.proxy.envoySocket': 'tcp_v4_rcv hands the SYN to Envoy\'s listener (port {proxyPort}) on {node}: Envoy accepts the connection to {vip}:{port} itself. The client\'s TCP connection ends here.',

  // ---- Envoy
  'datapath.envoy.listener': 'Envoy on {node} accepts the connection for {service} ({vip}:{port}, proxy port {proxyPort}); it is always the Envoy of the node that received the packet.',
  'datapath.envoy.tls': 'Envoy picks the filter chain for SNI {sni} (secret {secret}, synced as {synced}) and terminates TLS. Beyond this point the request is plain HTTP.',
  'datapath.envoy.tlsNoChain': 'No TLS filter chain lists the SNI {sni} and there is no default chain: Envoy resets the handshake. curl reports (35).',
  'datapath.envoy.tlsNoSni': 'curl sends no SNI for an IP address, and Cilium\'s listener has no default TLS chain: Envoy resets the handshake. curl reports (35).',
  'datapath.envoy.tlsSecretMissing': 'The filter chain for SNI {sni} names secret {secret}, which does not exist: Envoy has no certificate and resets the handshake. curl reports (35).',
  'datapath.envoy.tlsCurlRejects': 'Envoy presents the certificate of {secret} for SNI {sni}, but curl rejects it: {why}. curl closes the connection with (60).',
  'datapath.envoy.noRoute': 'Virtual host {vhost} has no route for {authority}{path}: Envoy answers 404 itself.',
  'datapath.envoy.httpsRedirect': '{authority} is listed under tls and enforce-HTTPS is on: Envoy answers 301 with location {location}.',
  'datapath.envoy.route': 'Virtual host {vhost} for {authority}; route "{route}" matches {path} → {backends}.',
  'datapath.envoy.ingressDenied':
    'Envoy enforces the ingress policy of reserved:ingress against the client ({client}, identity {identity}): denied. It answers 403 "Access denied" itself; the TCP handshake had completed. Hubble shows http-request DROPPED, not a BPF drop.',
  'datapath.envoy.egressDenied': 'Envoy enforces the egress policy of reserved:ingress toward {backend}: denied. It answers 403 "Access denied".',
  'datapath.envoy.policyAllowed': 'Policy: the ingress policy of reserved:ingress allows the client (identity {identity}, policy {policy}), and its egress to the backend is allowed.',
  'datapath.envoy.policyNone': 'Policy: no policy selects reserved:ingress, so every client is allowed (identity {identity}).',
  'datapath.envoy.noHealthy.no-service': 'The route\'s backend {backend} is not a Service that exists: Envoy answers 503 "no healthy upstream".',
  'datapath.envoy.noHealthy.no-port': 'The route\'s backend {backend} names a port the Service does not have: Envoy answers 503 "no healthy upstream".',
  'datapath.envoy.noHealthy.no-endpoints': 'The route\'s backend {backend} has no ready endpoints: Envoy answers 503 "no healthy upstream".',
  'datapath.envoy.upstreamLocal':
    'Envoy opens a NEW connection to {pod} ({ip}:{port}) on this node, socket mark 0x00080B00 (identity 8, reserved:ingress). The backend is a local pod, so Envoy does not bind the ingress IP {ingressIP}: the kernel picks the source, {src}. X-Forwarded-For carries the client.',
  'datapath.envoy.upstreamRemote':
    'Envoy opens a NEW connection to {pod} ({ip}:{port}) on {node}, from this node\'s ingress IP {src} with socket mark 0x00080B00 (identity 8, reserved:ingress). X-Forwarded-For carries the client.',
  'datapath.envoy.upstreamTimeout': 'The upstream SYN to {ip}:{port} never got an answer: after its connect timeout Envoy answers 503.',
  'datapath.envoy.relay': 'Envoy relays the backend\'s {status} from {pod} to the client on the first connection (server: envoy, x-envoy-upstream-service-time added).',
  'datapath.envoy.replyOut': 'Envoy\'s socket answers the client from {src} (the VIP: a transparent socket) to {dst}; the main table routes it out of {iface}.',
  'datapath.envoy.resetOut': 'Envoy resets the client connection (RST from {src} to {dst}) out of {iface}.',
  'datapath.envoy.replyToPod': 'Envoy\'s socket answers the pod from {src}; the endpoint route sends it to {lxc}.',
  'datapath.envoy.resetToPod': 'Envoy resets the pod\'s connection (RST from {src}); the endpoint route sends it to {lxc}.',

  // ---- kernel routing on the node
  'datapath.route.envoyLocal': 'Route lookup: {route} (the endpoint route). Source chosen by the kernel: {src}. The packet never touches eth1.',
  'datapath.route.envoyRemote': 'Route lookup in the main table: {route} (autoDirectNodeRoutes). Source {src}.',
  'datapath.route.envoyTunnel': 'Route lookup: {route}; in tunnel mode remote pod CIDRs go through cilium_host to the VXLAN device.',
  'datapath.route.legacyForward': 'Legacy host routing (bpf.hostLegacyRouting=true): cil_from_netdev returns to the stack and the kernel forwards {dst} by its endpoint route to {lxc}.',
  'datapath.route.legacyToNode': 'Legacy host routing: the kernel forwards {dst} out of {iface} toward {node} ({via}).',
  'datapath.route.redirectNeigh': 'BPF host routing: cil_from_container does a FIB lookup and bpf_redirect_neigh sends {dst} straight out of {iface} toward {node} ({via}), skipping netfilter.',

  // ---- pods and lxc
  'datapath.pod.tx': '{pod} sends {src} → {dst} out of its eth0 (the tap inside the pod sees it); the veth delivers it to {lxc} on the host.',
  'datapath.pod.rxPeer': 'The packet appears on eth0 inside {pod} (bpf_redirect_peer switched to the pod\'s device in the same receive pass: tcpdump in the pod sees it, the host-side lxc does not).',
  'datapath.pod.rxVeth': 'The packet arrives on eth0 inside {pod} through the veth pair.',
  'datapath.lxc.fromContainer': '{lxc} receives it (RX tap, before tc) and tc ingress cil_from_container handles the packet of {pod}.',
  'datapath.lxc.egressDenied': 'cil_from_container: the egress policy of {pod} denies this destination (policy {policy}): dropped, "Policy denied".',
  'datapath.lxc.perPacketL7':
    'cil_from_container: the socket-LB left {vip} untouched because {service} is an L7 load-balancer service; the per-packet service lookup finds it and sends the SYN to the local Envoy (to-proxy, proxy port {proxyPort}) through the host stack.',
  'datapath.lxc.redirectPeer': 'Local delivery to {pod}: its ingress policy allows identity {identity}, then bpf_redirect_peer moves the packet straight into the pod: {lxc} never sees it (no tap, no cil_to_container).',
  'datapath.lxc.toContainer': 'Transmitted on {lxc}: tc egress cil_to_container checks the ingress policy of {pod} for identity {identity} (to-endpoint), then the TX tap sees it.',
  'datapath.lxc.viaCiliumHost':
    'Without endpoint routes the pod CIDR route points at cilium_host: its tc egress program cil_from_host checks the ingress policy of {pod} for identity {identity} and redirects the packet to {lxc} before cilium_host\'s TX tap (tcpdump on cilium_host sees nothing).',
  'datapath.lxc.txNoProgram': 'Transmitted on {lxc} (TX tap; no tc egress program there without endpoint routes) and delivered to {pod}.',
  'datapath.policy.ingressDenied': 'The ingress policy of {pod} denies identity {identity}: dropped, "Policy denied". The sender only sees silence and retransmits.',

  // ---- host stack
  'datapath.stack.fromLxc': 'The packet is for an address of {node} itself ({dst}): cil_from_container passes it up the host stack to the socket.',
  'datapath.stack.toEnvoy': 'The reply reaches Envoy\'s upstream socket on {node}.',
  'datapath.stack.closedPort': 'No socket listens on port {port} on {node}: tcp_v4_rcv answers with RST.',

  // ---- socket LB
  'datapath.sock.xlate':
    'Socket-LB (cgroup connect4): connect() to {vip} ({service}) is rewritten to backend {backend} before any packet exists, so no packet ever carries the ClusterIP.',
  'datapath.sock.l7Skip': 'Socket-LB skips {service} ({ip}:{port}): it is an L7 load-balancer service, so the packet leaves the pod with the VIP as destination.',
  'datapath.sock.noBackend': 'Socket-LB: {service} has no ready backend, so connect() fails at once.',

  // ---- tunnel
  'datapath.tunnel.encap': 'Tunnel mode: the packet for {node} is encapsulated toward {peer} (VXLAN) via {dev}.',
  'datapath.tunnel.vxlanXmit': '{dev} wraps it in UDP 8472 and sends the outer packet out of {iface}.',
  'datapath.tunnel.outer': 'The outer VXLAN packet {src} → {dst} (UDP 8472) leaves on {iface}: tcpdump there sees UDP, the pod packet is inside.',
  'datapath.tunnel.outerIn': '{node} receives the VXLAN packet on {iface}; the kernel\'s UDP socket for 8472 hands it to the VXLAN device.',
  'datapath.tunnel.decap': '{dev} on {node} decapsulates; cil_from_overlay handles the inner packet.',

  // ---- applications
  'datapath.app.answer': '{pod} ({app}) answers {status}: {summary}.',
  'datapath.nginx.noMatch': 'ingress-nginx finds no Ingress of class nginx for host {host} and path {path}: its default backend answers 404.',
  'datapath.nginx.noEndpoints': 'ingress-nginx matched, but {service} has no ready endpoints: 503.',
  'datapath.nginx.proxy': 'ingress-nginx matches Ingress {ingress} → {service} and opens a new connection from its own pod IP straight to endpoint {ip}:{port} (nginx balances over endpoints, not the ClusterIP; no Envoy, no reserved:ingress).',
};
