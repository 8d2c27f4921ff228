// Source references for the datapath's hops: where each behaviour lives in
// Cilium, the kernel, Envoy/cilium-proxy or curl. Labels name the repository,
// the file and the function; docs/datapath.md lists them with their status.
import type { SourceRef } from '../types';

function r(repo: string, path: string, fn: string): SourceRef {
  return { label: `${repo} ${path} ${fn}`, path };
}

const C = 'cilium/cilium';
const K = 'torvalds/linux';

export const REFS = {
  netifReceive: r(K, 'net/core/dev.c', '__netif_receive_skb_core'),
  devQueueXmit: r(K, 'net/core/dev.c', '__dev_queue_xmit'),
  redirectPeer: r(K, 'net/core/filter.c', 'skb_do_redirect (BPF_F_PEER)'),
  redirectNeigh: r(K, 'net/core/filter.c', '__bpf_redirect_neigh_v4'),
  neighResolve: r(K, 'net/core/neighbour.c', 'neigh_resolve_output'),
  arpRcv: r(K, 'net/ipv4/arp.c', 'arp_process'),
  arpFail: r(K, 'net/ipv4/arp.c', 'arp_error_report (mcast_solicit=3, retrans 1 s)'),
  tcpRst: r(K, 'net/ipv4/tcp_ipv4.c', 'tcp_v4_send_reset'),
  tcpSynRetries: r(K, 'net/ipv4/tcp_timer.c', 'tcp_write_timeout (tcp_syn_retries=6)'),
  ipLocalDeliver: r(K, 'net/ipv4/ip_input.c', 'ip_local_deliver'),
  tcpRcv: r(K, 'net/ipv4/tcp_ipv4.c', 'tcp_v4_rcv'),
  ipQueueXmit: r(K, 'net/ipv4/ip_output.c', '__ip_queue_xmit'),
  synackXmit: r(K, 'net/ipv4/ip_output.c', 'ip_build_and_send_pkt (tcp_v4_send_synack)'),
  ipForward: r(K, 'net/ipv4/ip_forward.c', 'ip_forward'),
  tproxyTarget: r(K, 'net/netfilter/xt_TPROXY.c', 'tproxy_tg4'),
  vethXmit: r(K, 'drivers/net/veth.c', 'veth_xmit'),
  vxlanXmit: r(K, 'drivers/net/vxlan/vxlan_core.c', 'vxlan_xmit'),
  fromNetdev: r(C, 'bpf/bpf_host.c', 'cil_from_netdev / do_netdev'),
  toNetdev: r(C, 'bpf/bpf_host.c', 'cil_to_netdev'),
  toHost: r(C, 'bpf/bpf_host.c', 'cil_to_host'),
  fromHost: r(C, 'bpf/bpf_host.c', 'cil_from_host'),
  handleIpv4Cont: r(C, 'bpf/bpf_host.c', 'handle_ipv4_cont'),
  l2Responder: r(C, 'bpf/lib/l2_responder.h', 'handle_l2_announcement'),
  arpRespond: r(C, 'bpf/lib/arp.h', 'arp_respond'),
  nodeportLb4: r(C, 'bpf/lib/nodeport.h', 'nodeport_lb4'),
  nodeportNat: r(C, 'bpf/lib/nodeport.h', 'nodeport_nat_fwd / snat_v4_nat'),
  nodeportRevNat: r(C, 'bpf/lib/nodeport.h', 'rev_nodeport_lb4'),
  hairpin: r(C, 'bpf/lib/proxy_hairpin.h', 'ctx_redirect_to_proxy_hairpin_ipv4'),
  proxyFirst: r(C, 'bpf/lib/proxy.h', 'ctx_redirect_to_proxy_first'),
  iptTproxy: r(C, 'pkg/datapath/iptables/iptables.go', 'iptProxyRule / doInstallProxyRules'),
  proxyRoutes: r(C, 'pkg/datapath/linux/routing', 'installToProxyRoutesIPv4 (table 2004)'),
  sockLb: r(C, 'bpf/bpf_sock.c', 'cil_sock4_connect / __sock4_xlate_fwd'),
  sockL7Skip: r(C, 'bpf/bpf_sock.c', 'sock4_skip_xlate (lb4_svc_is_l7loadbalancer)'),
  fromContainer: r(C, 'bpf/bpf_lxc.c', 'cil_from_container / handle_ipv4_from_lxc'),
  toContainer: r(C, 'bpf/bpf_lxc.c', 'cil_to_container'),
  perPacketLb: r(C, 'bpf/bpf_lxc.c', '__per_packet_lb_svc_xlate_4'),
  localDelivery: r(C, 'bpf/lib/local_delivery.h', 'local_delivery / redirect_ep'),
  policyTail: r(C, 'bpf/bpf_lxc.c', 'handle_policy / policy_can_ingress4'),
  policyEgress: r(C, 'bpf/lib/policy.h', 'policy_can_egress4'),
  snatExcl: r(C, 'bpf/lib/nat.h', 'snat_v4_needs_masq (IPV4_SNAT_EXCLUSION_DST_CIDR)'),
  endpointRoute: r(C, 'pkg/endpoint/endpoint.go', 'NewDatapathConfiguration (InstallEndpointRoute)'),
  encap: r(C, 'bpf/lib/encap.h', '__encap_and_redirect_with_nodeid'),
  fromOverlay: r(C, 'bpf/bpf_overlay.c', 'cil_from_overlay'),
  traceNotify: r(C, 'bpf/lib/trace.h', 'emit_trace_notify'),
  ingressTranslation: r(C, 'operator/pkg/model/translation/envoy_listener.go', 'filter chains per TLS secret'),
  ingressRoutes: r(C, 'operator/pkg/model/translation/envoy_virtual_host.go', 'route order and matches'),
  envoyL7Policy: r('cilium/proxy', 'cilium/l7policy.cc', 'AccessFilter / enforce_policy_on_l7lb'),
  envoyPolicyState: r('cilium/proxy', 'cilium/filter_state_cilium_policy.cc', 'CiliumPolicyFilterState::enforceHTTPPolicy'),
  envoySourceAddr: r('cilium/proxy', 'cilium/socket_option_source_address.cc', 'SourceAddressSocketOption::setOption'),
  envoyMark: r('cilium/proxy', 'tests/metadata_config_test.cc', 'NorthSouthL7LbMetadata (mark 0x00080B00)'),
  envoyFilterChain: r('envoyproxy/envoy', 'source/common/listener_manager/filter_chain_manager_impl.cc', 'findFilterChainForServerName'),
  envoyNoHealthy: r('envoyproxy/envoy', 'source/common/router/router.cc', 'Filter::onNoHealthyHosts'),
  envoyXff: r('envoyproxy/envoy', 'source/common/http/conn_manager_utility.cc', 'mutateRequestHeaders (x-forwarded-for)'),
  curlConnect: r('curl/curl', 'lib/connect.c', 'Curl_conn_connect / failf "Failed to connect to"'),
  curlResolve: r('curl/curl', 'lib/hostip.c', 'Curl_resolv ("Could not resolve host")'),
  curlTls: r('curl/curl', 'lib/vtls/openssl.c', 'ossl_connect_step2 / verifystatus'),
  curlFollow: r('curl/curl', 'lib/transfer.c', 'Curl_follow ("Maximum (%d) redirects followed")'),
  coreDns: r('kubernetes/dns', 'docs/specification.md', 'Service A records'),
  nginxIngress: r('kubernetes/ingress-nginx', 'rootfs/etc/nginx/lua/balancer.lua', 'balancer (endpoints, not the ClusterIP)'),
} as const;

export type RefKey = keyof typeof REFS;
