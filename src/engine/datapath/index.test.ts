import { describe, expect, it } from 'vitest';
import type { ClusterState, PathHop, PathTrace, PodState } from '../types';
import { walk, walkCurl } from './index';
import { addRoute, curlReq, defaultLabState, rule, svc, tlsChain, withBasicIngress, withLockdown, withTlsIngress } from './testing';

/** Keep only the webpod endpoint on `node` so the backend choice is fixed. */
function onlyBackendOn(state: ClusterState, node: string): ClusterState {
  const s = state.services.find((x) => x.name === 'webpod');
  if (s) s.endpoints = s.endpoints.filter((e) => e.node === node);
  return state;
}

const seq = (hops: PathHop[]) => hops.map((h) => `${h.node ?? '-'}|${h.where}|${h.stage}`);
const tapsOf = (hops: PathHop[]) => hops.flatMap((h) => h.taps.map((t) => `${t.host}:${t.iface}:${t.dir}`));
const conn = (tr: PathTrace, label: string) => tr.connections.find((c) => c.label === label)?.id ?? -1;
const hopsOf = (tr: PathTrace, c: number, dir?: 'request' | 'reply') => tr.hops.filter((h) => h.conn === c && (!dir || h.direction === dir));

describe('outside client → Cilium Ingress (L7 LB service)', () => {
  it('walks ARP, eth1, the hairpin to cilium_host, TPROXY and Envoy on the L2 leader, then a remote backend', () => {
    const state = onlyBackendOn(withBasicIngress(), 'k8s-w1');
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(200);
    expect(tr.outcome.exitCode).toBe(0);
    expect(tr.envoyNode).toBe('k8s-ctr');
    expect(tr.backend).toEqual({ namespace: 'default', service: 'webpod', pod: 'webpod-697b545f57-r8v6m', node: 'k8s-w1' });
    const client = hopsOf(tr, conn(tr, 'client→envoy'), 'request');
    expect(seq(client)).toEqual([
      'router|curl|client',
      'router|eth1|client',
      '-|wire:192.168.10.0/24|wire',
      'k8s-ctr|eth1|tc-ingress',
      'k8s-ctr|eth1|l7lb-redirect',
      'k8s-ctr|cilium_net|l7lb-redirect',
      'k8s-ctr|cilium_host|tc-ingress',
      'k8s-ctr|netfilter|tproxy',
      'k8s-ctr|stack|kernel-routing',
      'k8s-ctr|socket|socket',
      'k8s-ctr|envoy|envoy-listener',
      'k8s-ctr|envoy|envoy-route',
      'k8s-ctr|envoy|envoy-policy',
      'k8s-ctr|envoy|envoy-upstream',
    ]);
    // the client leg never touches an lxc; its destination stays the VIP (no DNAT)
    expect(tapsOf(client).some((t) => t.includes('lxc'))).toBe(false);
    expect(client.every((h) => h.packet.dst === '192.168.10.211')).toBe(true);
    const lb = client.find((h) => h.stage === 'l7lb-redirect' && h.where === 'eth1');
    expect(lb?.program).toBe('nodeport_lb4');
    expect(lb?.events.map((e) => [e.point, e.ctReport])).toEqual([['to-proxy', false]]);
    expect(client.find((h) => h.where === 'cilium_host')?.tcProgram).toBe('cil_to_host');
    // upstream: a new connection from the ingress IP, on eth1 of both nodes, no lxc tap on w1 for the request
    const up = conn(tr, 'envoy→backend');
    const upReq = hopsOf(tr, up, 'request');
    expect(upReq[0].packet.src).toBe('172.20.0.173');
    expect(upReq[0].packet.mark).toBe('80b00');
    expect(tapsOf(upReq)).toEqual(['k8s-ctr:eth1:Out', 'k8s-w1:eth1:In', 'default/webpod-697b545f57-r8v6m:eth0:In']);
    expect(upReq.find((h) => h.stage === 'policy')?.program).toBe('bpf_redirect_peer');
    const upRep = hopsOf(tr, up, 'reply');
    expect(tapsOf(upRep)).toEqual(['default/webpod-697b545f57-r8v6m:eth0:Out', 'k8s-w1:lxc7d3e5a9b1c20:In', 'k8s-w1:eth1:Out', 'k8s-ctr:eth1:In']);
    // Envoy's L7 records: client IP, identity 8, backend pod
    const l7 = tr.hops.flatMap((h) => h.events).filter((e) => e.kind === 'l7');
    expect(l7.map((e) => `${e.point} ${e.verdict}`)).toEqual(['http-request FORWARDED', 'http-response FORWARDED']);
    expect(l7[0].src).toMatchObject({ ip: '192.168.10.200', identity: 8 });
    expect(l7[0].dst).toMatchObject({ ip: '172.20.1.208', name: 'default/webpod-697b545f57-r8v6m' });
    // the Envoy response goes back out of eth1 from the VIP
    const back = hopsOf(tr, conn(tr, 'client→envoy'), 'reply');
    expect(tapsOf(back)).toEqual(['k8s-ctr:eth1:Out', 'router:eth1:In']);
    expect(back[back.length - 1].packet.src).toBe('192.168.10.211');
    expect(tr.outcome.output.join('\n')).toContain('X-Forwarded-For: 192.168.10.200');
  });

  it('a backend on the Envoy node: source 10.0.2.15, never eth1, seen on the lxc (cil_to_container)', () => {
    const tr = walkCurl(onlyBackendOn(withBasicIngress(), 'k8s-ctr'), 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(200);
    const up = hopsOf(tr, conn(tr, 'envoy→backend'));
    expect(up[0].packet.src).toBe('10.0.2.15');
    expect(tapsOf(up).some((t) => t.includes('eth1'))).toBe(false);
    expect(tapsOf(up)).toContain('k8s-ctr:lxc9a1f0c3b2e44:Out');
    expect(up.find((h) => h.tcProgram === 'cil_to_container')?.events.map((e) => e.point)).toContain('to-endpoint');
  });

  it('without endpoint routes the local upstream goes through cilium_host (cil_from_host), not cil_to_container', () => {
    const state = onlyBackendOn(withBasicIngress(), 'k8s-ctr');
    state.config.endpointRoutes = false;
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(200);
    const up = hopsOf(tr, conn(tr, 'envoy→backend'), 'request');
    expect(up.some((h) => h.tcProgram === 'cil_from_host' && h.where === 'cilium_host')).toBe(true);
    expect(up.some((h) => h.tcProgram === 'cil_to_container')).toBe(false);
    expect(tapsOf(up)).toEqual(['k8s-ctr:lxc9a1f0c3b2e44:Out', 'default/webpod-697b545f57-2xk9p:eth0:In']);
  });

  it('legacy host routing shows the request on the remote lxc', () => {
    const state = onlyBackendOn(withBasicIngress(), 'k8s-w1');
    state.config.hostLegacyRouting = true;
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/'));
    const upReq = hopsOf(tr, conn(tr, 'envoy→backend'), 'request');
    expect(tapsOf(upReq)).toContain('k8s-w1:lxc7d3e5a9b1c20:Out');
    expect(upReq.some((h) => h.program === 'bpf_redirect_peer')).toBe(false);
  });

  it('tunnel mode encapsulates the upstream in VXLAN (UDP 8472 on eth1)', () => {
    const state = onlyBackendOn(withBasicIngress(), 'k8s-w1');
    state.config.routingMode = 'tunnel';
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(200);
    const eth1 = hopsOf(tr, conn(tr, 'envoy→backend'), 'request').filter((h) => h.where === 'eth1');
    expect(eth1.length).toBe(2);
    expect(eth1.every((h) => h.packet.proto === 'udp' && h.packet.dport === 8472)).toBe(true);
  });

  it('bpf.tproxy=true steers with bpf_sk_assign instead of the iptables TPROXY rule', () => {
    const state = withBasicIngress();
    state.config.bpfTproxy = true;
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/'));
    const tp = tr.hops.find((h) => h.stage === 'tproxy');
    expect(tp?.program).toBe('bpf_sk_assign');
  });

  it('ARP: the leader answers from BPF, rewriting the same skb; the other node sees the broadcast only', () => {
    const tr = walkCurl(withBasicIngress(), 'router', curlReq('http://192.168.10.211/'));
    const arp = hopsOf(tr, conn(tr, 'ARP who-has 192.168.10.211'));
    const responder = arp.find((h) => h.program === 'handle_l2_announcement');
    const out = arp.find((h) => h.node === 'k8s-ctr' && h.stage === 'tc-egress');
    expect(responder?.skb).not.toBeNull();
    expect(out?.skb).toBe(responder?.skb);
    expect(out?.packet.arp?.op).toBe('reply');
    expect(responder?.kfuncs).not.toContain('arp_rcv');
    expect(tapsOf(arp)).toEqual(['router:eth1:Out', 'k8s-ctr:eth1:In', 'k8s-ctr:eth1:Out', 'k8s-w1:eth1:In', 'router:eth1:In']);
  });

  it('no L2 leader: curl (7) No route to host after ~3 s, or (28) with -m 1', () => {
    const state = withBasicIngress();
    state.l2 = [];
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/', { verbose: true }));
    expect(tr.outcome.exitCode).toBe(7);
    expect(tr.outcome.error).toMatch(/^curl: \(7\) Failed to connect to 192\.168\.10\.211 port 80 after 30\d\d ms: Couldn't connect to server$/);
    expect(tr.outcome.output.join('\n')).toContain('No route to host');
    expect(tr.hops.filter((h) => h.stage === 'arp' && h.action === 'send').length).toBe(3);
    const t28 = walkCurl(state, 'router', curlReq('http://192.168.10.211/', { maxTime: 1 }));
    expect(t28.outcome.exitCode).toBe(28);
    expect(t28.outcome.error).toContain('after 1001 ms');
  });

  it('a lease holder without a matching interface answers nothing', () => {
    const state = withBasicIngress();
    state.l2[0].interface = null;
    const tr = walkCurl(state, 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.exitCode).toBe(7);
    expect(tr.hops.some((h) => h.explainId === 'datapath.arp.leaseNoIface')).toBe(true);
  });

  it('external-lockdown: 403 from Envoy after a completed handshake, http-request DROPPED, no upstream', () => {
    const tr = walkCurl(withLockdown(withBasicIngress()), 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(403);
    expect(tr.outcome.output).toContain('Access denied');
    expect(tr.connections.some((c) => c.label === 'envoy→backend')).toBe(false);
    const l7 = tr.hops.flatMap((h) => h.events).filter((e) => e.kind === 'l7');
    expect(l7.map((e) => `${e.point} ${e.verdict}`)).toEqual(['http-request DROPPED', 'http-response FORWARDED']);
    expect(l7[0].dst.name).toBe('kube-system/cilium-ingress');
    expect(tr.hops.flatMap((h) => h.events).some((e) => e.kind === 'drop')).toBe(false);
    const f = walkCurl(withLockdown(withBasicIngress()), 'router', curlReq('http://192.168.10.211/', { fail: true }));
    expect(f.outcome.exitCode).toBe(22);
    expect(f.outcome.error).toBe('curl: (22) The requested URL returned error: 403');
  });

  it('allow-cidr: the router is allowed, another outside client still gets 403', () => {
    const state = withLockdown(withBasicIngress());
    state.policies.push(rule({ policy: 'allow-cidr', subjects: ['reserved:ingress'], direction: 'ingress', peerIdentities: [], peerCIDRs: [{ cidr: '192.168.10.200/32', except: [] }, { cidr: '127.0.0.1/32', except: [] }] }));
    expect(walkCurl(state, 'router', curlReq('http://192.168.10.211/')).outcome.status).toBe(200);
    const other = walkCurl(state, '192.168.10.201', curlReq('http://192.168.10.211/'));
    expect(other.outcome.status).toBe(403);
    expect(other.hops[0].node).toBe('192.168.10.201');
  });

  it('no route → 404; missing backend service → 503 no healthy upstream', () => {
    const state = defaultLabState();
    addRoute(state, 'only.example', { match: { type: 'prefix', value: '/' } });
    expect(walkCurl(state, 'router', curlReq('http://192.168.10.211/')).outcome.status).toBe(404);
    const s2 = defaultLabState();
    addRoute(s2, '*', { match: { type: 'prefix', value: '/' } }, 'nope', 80);
    const tr = walkCurl(s2, 'router', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(503);
    expect(tr.outcome.output).toContain('no healthy upstream');
  });
});

describe('TLS termination and redirects (lab 10)', () => {
  const resolve = [{ host: 'webpod.cilium.rocks', port: 443, address: '192.168.10.211' }, { host: 'webpod.cilium.rocks', port: 80, address: '192.168.10.211' }];

  it('plain HTTP to a TLS host gets 301; -L follows it into a new TLS connection', () => {
    const state = withTlsIngress();
    const r301 = walkCurl(state, 'router', curlReq('http://webpod.cilium.rocks/a', { resolve }));
    expect(r301.outcome.status).toBe(301);
    expect(r301.outcome.location).toBe('https://webpod.cilium.rocks/a');
    const followed = walkCurl(state, 'router', curlReq('http://webpod.cilium.rocks/a', { resolve, followRedirects: true, insecure: true }));
    expect(followed.outcome.status).toBe(200);
    expect(followed.redirects).toBe(1);
    expect(followed.connections.filter((c) => c.label === 'client→envoy').length).toBe(2);
    // TLS on the wire up to Envoy, plain HTTP to the pod
    const second = followed.connections.filter((c) => c.label === 'client→envoy')[1].id;
    expect(hopsOf(followed, second).find((h) => h.where === 'eth1')?.packet.tls).toEqual({ sni: 'webpod.cilium.rocks' });
    const up = hopsOf(followed, conn(followed, 'envoy→backend'));
    expect(up.every((h) => h.packet.tls === null)).toBe(true);
  });

  it('curl verdicts: unknown CA 60, --cacert 200, name not covered 60, unknown SNI 35, expired 60', () => {
    const state = withTlsIngress();
    const https = (host: string, p = {}) => walkCurl(state, 'router', curlReq(`https://${host}/`, { resolve: [{ host, port: 443, address: '192.168.10.211' }], ...p }));
    const noCa = https('webpod.cilium.rocks');
    expect(noCa.outcome.exitCode).toBe(60);
    expect(noCa.outcome.output).toContain('More details here: https://curl.se/docs/sslcerts.html');
    expect(https('webpod.cilium.rocks', { cacert: 'rootCA.pem' }).outcome.status).toBe(200);
    const reset = https('other.example');
    expect(reset.outcome.exitCode).toBe(35);
    expect(reset.outcome.error).toContain('Connection reset by peer');
    state.envoy[0].tlsChains = [tlsChain(['*.cilium.rocks'])];
    addRoute(state, '*.cilium.rocks', { match: { type: 'prefix', value: '/' } });
    const nested = https('a.b.cilium.rocks', { cacert: 'rootCA.pem' });
    expect(nested.outcome.exitCode).toBe(60);
    expect(nested.outcome.error).toContain("no alternative certificate subject name matches target host name 'a.b.cilium.rocks'");
    state.clock = '2030-01-01T00:00:00Z';
    expect(https('webpod.cilium.rocks', { cacert: 'rootCA.pem' }).outcome.error).toContain('certificate has expired');
  });
});

describe('the request Envoy sends upstream', () => {
  it("carries the client's own headers, appends the client to X-Forwarded-For, replaces the ones Envoy writes", () => {
    const state = onlyBackendOn(withBasicIngress(), 'k8s-w1');
    const out = (headers: string) => walk(state, { from: 'router', curl: `curl -s ${headers} http://192.168.10.211/` }).outcome.output;
    // whoami prints the request it received, headers in Go's canonical form, sorted
    const plain = out("-H 'X-Lab: 1' -H 'Accept: application/json' -H 'X-Request-Id: mine' -H 'Connection: close'");
    expect(plain).toContain('X-Lab: 1');
    expect(plain).toContain('Accept: application/json');
    expect(plain).not.toContain('Accept: */*');
    expect(plain).toContain('X-Forwarded-For: 192.168.10.200');
    expect(plain).toContain('X-Forwarded-Proto: http');
    expect(plain.some((l) => l.startsWith('Connection:'))).toBe(false);
    // an RFC 1918 client without X-Forwarded-For: internal, and Envoy keeps the X-Request-Id it brought
    expect(plain).toContain('X-Envoy-Internal: true');
    expect(plain.filter((l) => l.startsWith('X-Request-Id: '))).toEqual(['X-Request-Id: mine']);
    // with an X-Forwarded-For of its own the request is an edge request: external address, a fresh id
    const forwarded = out("-H 'X-Forwarded-For: 203.0.113.7' -H 'X-Request-Id: mine'");
    expect(forwarded).toContain('X-Forwarded-For: 203.0.113.7, 192.168.10.200');
    expect(forwarded).toContain('X-Envoy-External-Address: 192.168.10.200');
    expect(forwarded.some((l) => l.startsWith('X-Envoy-Internal'))).toBe(false);
    expect(forwarded.filter((l) => l.startsWith('X-Request-Id: '))).toHaveLength(1);
    expect(forwarded).not.toContain('X-Request-Id: mine');
  });
});

describe('pod → Cilium Ingress over TLS', () => {
  it('an SNI no filter chain takes: Envoy resets the pod\'s connection (RST, not a SYN-ACK), curl exits 35', () => {
    const state = withTlsIngress();
    const tr = walkCurl(state, 'curlpod', curlReq('https://other.example/', { resolve: [{ host: 'other.example', port: 443, address: '192.168.10.211' }] }));
    expect(tr.outcome.exitCode).toBe(35);
    const sent = tr.hops.filter((h) => h.direction === 'reply' && h.where === 'socket');
    expect(sent.map((h) => [h.program, h.explainId, h.packet.tcpFlags])).toEqual([['tcp_send_active_reset', 'datapath.envoy.resetToPod', 'R.']]);
    // the handshake's SYN-ACK is still a SYN-ACK
    const ok = walkCurl(state, 'curlpod', curlReq('https://webpod.cilium.rocks/', { insecure: true, resolve: [{ host: 'webpod.cilium.rocks', port: 443, address: '192.168.10.211' }] }));
    expect(ok.hops.filter((h) => h.direction === 'reply' && h.where === 'socket' && h.explainId === 'datapath.envoy.replyToPod').map((h) => h.program)).toContain('tcp_v4_send_synack');
  });
});

describe('pod → Service (socket-LB)', () => {
  it('translates at connect(): no packet carries the ClusterIP; same node uses bpf_redirect_peer', () => {
    const tr = walkCurl(onlyBackendOn(defaultLabState(), 'k8s-ctr'), 'curlpod', curlReq('http://webpod/'));
    expect(tr.outcome.status).toBe(200);
    expect(tr.hops[0].stage).toBe('socket-lb');
    expect(tr.hops[0].after?.dst).toBe('172.20.0.222');
    expect(tr.hops.filter((h) => h.taps.length > 0).every((h) => h.packet.dst !== '10.96.33.91')).toBe(true);
    const req = tr.hops.filter((h) => h.direction === 'request');
    expect(tapsOf(req)).toEqual(['default/curlpod:eth0:Out', 'k8s-ctr:lxc4c2b8e1d5f01:In', 'default/webpod-697b545f57-2xk9p:eth0:In']);
  });

  it('other node: eth1 on both nodes, the backend lxc only for the reply', () => {
    const tr = walkCurl(onlyBackendOn(defaultLabState(), 'k8s-w1'), 'default/curlpod', curlReq('http://webpod.default.svc.cluster.local/'));
    expect(tr.outcome.status).toBe(200);
    expect(tr.backend?.node).toBe('k8s-w1');
    const req = tr.hops.filter((h) => h.direction === 'request');
    expect(tapsOf(req)).toEqual(['default/curlpod:eth0:Out', 'k8s-ctr:lxc4c2b8e1d5f01:In', 'k8s-ctr:eth1:Out', 'k8s-w1:eth1:In', 'default/webpod-697b545f57-r8v6m:eth0:In']);
    expect(tapsOf(tr.hops.filter((h) => h.direction === 'reply'))).toContain('k8s-w1:lxc7d3e5a9b1c20:In');
  });

  it('a policy deny at the backend drops the SYN: curl 28 with -m, 7 after the SYN retries without', () => {
    const state = onlyBackendOn(defaultLabState(), 'k8s-w1');
    state.policies.push(rule({ policy: 'deny-all', kind: 'CiliumNetworkPolicy', subjects: ['default/webpod-697b545f57-r8v6m'], direction: 'ingress', peerIdentities: [] }));
    const tr = walkCurl(state, 'curlpod', curlReq('http://webpod/', { maxTime: 2 }));
    expect(tr.outcome.exitCode).toBe(28);
    const drop = tr.hops.flatMap((h) => h.events).find((e) => e.kind === 'drop');
    expect(drop?.point).toBe('Policy denied');
    const t7 = walkCurl(state, 'curlpod', curlReq('http://webpod/'));
    expect(t7.outcome.exitCode).toBe(7);
    expect(t7.outcome.error).toMatch(/after 127000 ms/);
  });

  it('unknown names: curl (6)', () => {
    expect(walkCurl(defaultLabState(), 'curlpod', curlReq('http://nope/')).outcome.exitCode).toBe(6);
    const r = walkCurl(defaultLabState(), 'router', curlReq('http://webpod/'));
    expect(r.outcome.exitCode).toBe(6);
    expect(r.outcome.error).toBe('curl: (6) Could not resolve host: webpod');
  });
});

describe('pod → the Ingress (per-packet L7 LB at cil_from_container)', () => {
  it('goes to the Envoy of the pod\'s node with the pod identity, allowed by fromEntities cluster', () => {
    const state = withLockdown(onlyBackendOn(withBasicIngress(), 'k8s-w1'));
    const tr = walkCurl(state, 'curlpod', curlReq('http://192.168.10.211/'));
    expect(tr.outcome.status).toBe(200);
    expect(tr.envoyNode).toBe('k8s-ctr');
    expect(tr.hops[0].stage).toBe('socket-lb');
    const lxc = tr.hops.find((h) => h.tcProgram === 'cil_from_container');
    expect(lxc?.events.some((e) => e.point === 'to-proxy')).toBe(true);
    expect(lxc?.packet.dst).toBe('192.168.10.211');
    const cip = walkCurl(state, 'curlpod', curlReq('http://10.96.118.1/'));
    expect(cip.outcome.status).toBe(200);
  });
});

describe('ordinary LoadBalancer service with ingress-nginx (lab 6) and NodePort', () => {
  function withNginx(etp: 'Cluster' | 'Local' = 'Cluster'): ClusterState {
    const state = onlyBackendOn(defaultLabState(), 'k8s-w1');
    const w1 = state.nodes[1];
    const lxc = { name: 'lxc1111aaaa2222', ifindex: 12, mac: 'ae:21:00:00:00:0c', ip: null, cidr: null, kind: 'lxc' as const, pod: 'ingress-nginx/ingress-nginx-controller-abc' };
    w1.interfaces.push(lxc);
    const nginx: PodState = { namespace: 'ingress-nginx', name: 'ingress-nginx-controller-abc', node: 'k8s-w1', ip: '172.20.1.50', labels: {}, identity: 30001, hostNetwork: false, lxc, mac: '5e:00:00:00:01:50', owner: 'Deployment/ingress-nginx-controller', containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.13.0', ports: [] }], endpointID: 500, loc: null };
    state.pods.push(nginx);
    state.services.push(svc({ namespace: 'ingress-nginx', name: 'ingress-nginx-controller', type: 'LoadBalancer', clusterIP: '10.96.5.5', externalIP: '192.168.10.212', externalTrafficPolicy: etp, ports: [{ name: 'http', port: 80, targetPort: 80, nodePort: 30080, protocol: 'TCP' }], endpoints: [{ ip: '172.20.1.50', port: 80, portName: 'http', pod: 'ingress-nginx/ingress-nginx-controller-abc', node: 'k8s-w1', ready: true }], id: 9 }));
    state.l2.push({ namespace: 'ingress-nginx', service: 'ingress-nginx-controller', ip: '192.168.10.212', node: 'k8s-ctr', interface: 'eth1', policy: 'policy1', lease: 'x', silentReason: null });
    state.ingresses.push({ namespace: 'default', name: 'webpod-ingress-nginx', class: 'nginx', managed: false, ignoredReason: 'x', mode: null, service: null, address: '192.168.10.212', tls: [], loc: null, rules: [{ host: 'nginx.webpod.local', paths: [{ path: '/', pathType: 'Prefix', service: 'webpod', port: 80 }] }] });
    return state;
  }

  it('DNAT+SNAT to the nginx pod on the other node, then nginx connects to webpod from its pod IP', () => {
    const tr = walkCurl(withNginx(), 'router', curlReq('http://192.168.10.212/', { headers: [{ name: 'Host', value: 'nginx.webpod.local' }] }));
    expect(tr.outcome.status).toBe(200);
    expect(tr.envoyNode).toBeNull();
    // trace.backend is the pod that produced the answer: webpod, behind nginx
    expect(tr.backend?.service).toBe('webpod');
    const lb = tr.hops.find((h) => h.program === 'nodeport_lb4');
    expect(lb?.rewrites).toEqual(['DNAT', 'SNAT']);
    expect(lb?.after?.dst).toBe('172.20.1.50');
    const up = hopsOf(tr, conn(tr, 'nginx→backend'), 'request');
    expect(up[0].packet.src).toBe('172.20.1.50');
    expect(tr.hops.some((h) => h.stage.startsWith('envoy'))).toBe(false);
    expect(tr.outcome.output.join('\n')).toContain('Hostname: webpod-697b545f57-r8v6m');
  });

  it('nginx picks one server by Host (exact, then wildcard, then the host-less rules) and never falls through to another', () => {
    const state = withNginx();
    const ing = (name: string, rules: ClusterState['ingresses'][number]['rules']): ClusterState['ingresses'][number] => ({ ...state.ingresses[0]!, name, rules });
    // listed before the exact host: a wildcard whose backend does not exist (nginx would answer 404)
    state.ingresses.unshift(ing('wild', [{ host: '*.webpod.local', paths: [{ path: '/', pathType: 'Prefix', service: 'ghost', port: 80 }] }]));
    state.ingresses.push(
      ing('only-x', [
        { host: 'only.webpod.local', paths: [{ path: '/x', pathType: 'Exact', service: 'webpod', port: 80 }] },
        { host: null, paths: [{ path: '/', pathType: 'Prefix', service: 'webpod', port: 80 }] },
      ]),
    );
    const get = (host: string, path = '/') => walkCurl(state, 'router', curlReq(`http://192.168.10.212${path}`, { headers: [{ name: 'Host', value: host }] })).outcome.status;
    expect(get('nginx.webpod.local')).toBe(200);
    expect(get('other.webpod.local')).toBe(404);
    expect(get('only.webpod.local', '/x')).toBe(200);
    // the host's server has no location for / : its default backend, not the host-less rule
    expect(get('only.webpod.local')).toBe(404);
    expect(get('unknown.example')).toBe(200);
  });

  it('ETP=Local without a local backend drops the SYN', () => {
    const tr = walkCurl(withNginx('Local'), 'router', curlReq('http://192.168.10.212/', { maxTime: 3 }));
    expect(tr.outcome.exitCode).toBe(28);
    expect(tr.hops.some((h) => h.explainId === 'datapath.lb.noLocalBackend')).toBe(true);
  });

  it('NodePort of the ingress service on a node IP goes to that node\'s Envoy', () => {
    const tr = walkCurl(withBasicIngress(), 'router', curlReq('http://192.168.10.101:31080/'));
    expect(tr.outcome.status).toBe(200);
    expect(tr.envoyNode).toBe('k8s-w1');
    expect(tr.hops.some((h) => h.program === 'arp_process' && h.node === 'k8s-w1')).toBe(true);
  });
});

describe('simple failures', () => {
  it('closed port on a node IP → RST → (7) Connection refused', () => {
    const tr = walkCurl(defaultLabState(), 'router', curlReq('http://192.168.10.101:22/', { verbose: true }));
    expect(tr.outcome.exitCode).toBe(7);
    expect(tr.outcome.output.join('\n')).toContain('Connection refused');
    expect(tr.hops.some((h) => h.packet.tcpFlags === 'R.')).toBe(true);
  });

  it('a pod IP from outside: no route on the router', () => {
    const tr = walkCurl(defaultLabState(), 'router', curlReq('http://172.20.1.208/', { verbose: true }));
    expect(tr.outcome.exitCode).toBe(7);
    expect(tr.outcome.output.join('\n')).toContain('Network is unreachable');
  });

  it('bad from and bad curl never throw', () => {
    const bad = walk(defaultLabState(), { from: 'nobody', curl: 'curl http://192.168.10.211/' });
    expect(bad.outcome.exitCode).toBe(-1);
    expect(bad.diagnostics[0].code).toBe('datapath.from.unknown');
    const usage = walk(defaultLabState(), { from: 'router', curl: 'curl --definitely-not-an-option' });
    expect(usage.outcome.exitCode).toBe(2);
    expect(usage.hops).toEqual([]);
  });

  it('-L against an app that redirects to itself stops with (47) after 50 redirects', () => {
    const state = onlyBackendOn(defaultLabState(), 'k8s-ctr');
    // a pod's containers are read only (the replicas of a workload share them): this one pod gets its own
    state.pods[1] = { ...state.pods[1], containers: [{ ...state.pods[1].containers[0], image: 'example/redirect-loop' }] };
    const tr = walkCurl(state, 'curlpod', curlReq('http://webpod/', { followRedirects: true }));
    expect(tr.outcome.exitCode).toBe(47);
    expect(tr.outcome.error).toBe('curl: (47) Maximum (50) redirects followed');
    expect(tr.redirects).toBe(50);
  });

  it('-I prints the status line and headers only', () => {
    const tr = walkCurl(withBasicIngress(), 'router', curlReq('http://192.168.10.211/', { headOnly: true }));
    expect(tr.outcome.output[0]).toBe('HTTP/1.1 200 OK');
    expect(tr.outcome.output).toContain('server: envoy');
    expect(tr.outcome.output.some((l) => l.startsWith('Hostname:'))).toBe(false);
  });
});

describe('determinism', () => {
  it('two walks are deep-equal', () => {
    const a = walk(withBasicIngress(), { from: 'router', curl: 'curl -v http://192.168.10.211/' });
    const b = walk(withBasicIngress(), { from: 'router', curl: 'curl -v http://192.168.10.211/' });
    expect(a).toEqual(b);
    expect(a.hops.length).toBeGreaterThan(20);
  });

  it('every hop has an explanation from the catalogue', () => {
    const tr = walk(withLockdown(withBasicIngress()), { from: 'curlpod', curl: 'curl -s http://192.168.10.211/' });
    for (const h of tr.hops) expect(h.explain).not.toBe(h.explainId);
  });
});
