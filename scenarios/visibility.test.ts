// Lab 4's expectations go beyond status and backend: what tcpdump and Hubble see on each leg
// (LABS.md lab 4; domain README §§2, 5, 8, 10). The scenario pins productpage to k8s-ctr and
// details to k8s-w1, so one request meets a backend on the Envoy's node and the other one a
// backend on the other node, whichever node holds the L2 lease.
import { describe, expect, it } from 'vitest';
import { compile, trace } from '../src/engine';
import type { ClusterState, Hop, Trace } from '../src/engine';
import { readScenario, SCENARIO_DIR } from '../src/cli/scenarios';

const sc = readScenario(`${SCENARIO_DIR}/04-visibility.yaml`);
const ROUTER = '192.168.10.200';
const VIP = '192.168.10.211';

let cached: ClusterState | null = null;
const state = (): ClusterState => (cached ??= compile([{ file: sc.name, text: sc.text }]).state);

function sights(h: Hop): { host: string; iface: string; dir: string }[] {
  return h.seen.tcpdump.seen ? h.seen.tcpdump.detail : [];
}

function legs(s: ClusterState, tr: Trace) {
  expect(tr.backend, 'backend').not.toBeNull();
  expect(tr.envoyNode, 'envoyNode').not.toBeNull();
  const podIP = s.pods.find((p) => `${p.name}` === tr.backend!.pod && p.namespace === tr.backend!.namespace)?.ip;
  expect(podIP, 'backend pod IP').toBeTruthy();
  const ingressIPs = s.ingressIPs.map((x) => x.ip);
  const envoyIngressIP = s.ingressIPs.find((x) => x.node === tr.envoyNode)?.ip;
  const tcp = tr.hops.filter((h) => h.packet.proto === 'tcp');
  const client = tcp.filter((h) => h.packet.src === ROUTER || h.packet.dst === ROUTER);
  const upstreamReq = tcp.filter((h) => h.packet.dst === podIP);
  const upstreamRep = tcp.filter((h) => h.packet.src === podIP);
  return { podIP: podIP!, ingressIPs, envoyIngressIP: envoyIngressIP!, client, upstreamReq, upstreamRep };
}

const requests = [
  { name: 'productpage', curl: `curl -s http://${VIP}/` },
  { name: 'details', curl: `curl -s http://${VIP}/details/1` },
];

describe('04-visibility.yaml › what each tool sees', () => {
  for (const r of requests) {
    describe(`router -> ${r.name}`, () => {
      const run = () => {
        const s = state();
        const tr = trace(s, { from: 'router', curl: r.curl });
        return { s, tr, ...legs(s, tr) };
      };

      it('the client leg shows on the leader\'s eth1 and cilium_net/cilium_host, never on an lxc, never with an ingress IP', () => {
        const { tr, client, ingressIPs } = run();
        expect(client.length).toBeGreaterThan(0);
        const seen = client.flatMap(sights);
        expect(seen.some((x) => x.host === tr.envoyNode && x.iface === 'eth1')).toBe(true);
        expect(seen.some((x) => x.host === tr.envoyNode && (x.iface === 'cilium_host' || x.iface === 'cilium_net'))).toBe(true);
        expect(seen.filter((x) => x.iface.startsWith('lxc'))).toEqual([]);
        for (const h of client) {
          expect(ingressIPs).not.toContain(h.packet.src);
          expect(ingressIPs).not.toContain(h.packet.dst);
        }
      });

      it('the upstream leg is a second connection: source 10.0.2.15 to a local pod (never on eth1), the ingress IP across nodes (both eth1s, remote lxc sees only replies)', () => {
        const { tr, upstreamReq, upstreamRep, envoyIngressIP } = run();
        expect(upstreamReq.length).toBeGreaterThan(0);
        const reqSeen = upstreamReq.flatMap(sights);
        if (tr.backend!.node === tr.envoyNode) {
          for (const h of upstreamReq) expect(h.packet.src).toBe('10.0.2.15');
          expect(reqSeen.filter((x) => x.iface === 'eth1')).toEqual([]);
          expect(reqSeen.some((x) => x.iface.startsWith('lxc'))).toBe(true);
        } else {
          for (const h of upstreamReq) expect(h.packet.src).toBe(envoyIngressIP);
          expect(reqSeen.some((x) => x.host === tr.envoyNode && x.iface === 'eth1')).toBe(true);
          expect(reqSeen.some((x) => x.host === tr.backend!.node && x.iface === 'eth1')).toBe(true);
          // bpf_redirect_peer: the backend node's lxc never sees the request...
          expect(reqSeen.filter((x) => x.host === tr.backend!.node && x.iface.startsWith('lxc'))).toEqual([]);
          // ...only the pod's replies
          const repSeen = upstreamRep.flatMap(sights);
          expect(repSeen.some((x) => x.host === tr.backend!.node && x.iface.startsWith('lxc'))).toBe(true);
        }
      });

      it('the client\'s address survives only in X-Forwarded-For on the upstream leg', () => {
        const { upstreamReq } = run();
        expect(upstreamReq.some((h) => (h.packet.l7 ?? '').includes(`X-Forwarded-For: ${ROUTER}`))).toBe(true);
        for (const h of upstreamReq) expect(h.packet.src).not.toBe(ROUTER);
      });

      it('Hubble at the default aggregation: http-request/http-response and to-endpoint, no from-network, nothing for ARP', () => {
        const { tr } = run();
        const points = tr.hops.flatMap((h) => (h.seen.hubble.seen ? h.seen.hubble.detail.map((x) => x.point) : []));
        expect(points).toContain('http-request');
        expect(points).toContain('http-response');
        expect(points).toContain('to-endpoint');
        expect(points).not.toContain('from-network');
        const arp = tr.hops.filter((h) => h.packet.proto === 'arp');
        expect(arp.length).toBeGreaterThan(0);
        for (const h of arp) expect(h.seen.hubble.seen).toBe(false);
      });

      it('the Envoy that serves is the one on the node that received the SYN', () => {
        const { tr } = run();
        const synIn = tr.hops.find((h) => h.packet.src === ROUTER && h.packet.dst === VIP && h.packet.proto === 'tcp' && h.node !== 'router' && h.node !== null);
        expect(synIn?.node).toBe(tr.envoyNode);
      });
    });
  }
});

// ---------------------------------------------------------------- other labs' visibility facts

function traceIn(file: string, from: string, curl: string): { s: ClusterState; tr: Trace } {
  const f = readScenario(`${SCENARIO_DIR}/${file}`);
  const s = compile([{ file: f.name, text: f.text }]).state;
  return { s, tr: trace(s, { from, curl }) };
}

const hubblePoints = (tr: Trace) => tr.hops.flatMap((h) => (h.seen.hubble.seen ? h.seen.hubble.detail.map((x) => ({ point: x.point, verdict: x.verdict })) : []));

describe('01-no-address.yaml › nobody answers ARP', () => {
  it('tcpdump on both nodes\' eth1 sees the broadcast requests, nobody replies, no TCP segment leaves the router', () => {
    const { tr } = traceIn('01-no-address.yaml', 'router', 'curl http://192.168.10.211/');
    const arp = tr.hops.filter((h) => h.packet.proto === 'arp');
    expect(arp.some((h) => h.packet.arp?.op === 'request')).toBe(true);
    expect(arp.filter((h) => h.packet.arp?.op === 'reply')).toEqual([]);
    const arpSeen = arp.flatMap(sights);
    expect(arpSeen.some((x) => x.host === 'k8s-ctr' && x.iface === 'eth1')).toBe(true);
    expect(arpSeen.some((x) => x.host === 'k8s-w1' && x.iface === 'eth1')).toBe(true);
    const tcpSeen = tr.hops.filter((h) => h.packet.proto === 'tcp').flatMap(sights);
    expect(tcpSeen).toEqual([]);
    expect(hubblePoints(tr)).toEqual([]);
  });

  it("the router's kernel resends the ARP request every second (arp_tbl retrans_time), in tcpdump and in the hop view", async () => {
    const { observe } = await import('../src/engine');
    const { s, tr } = traceIn('01-no-address.yaml', 'router', 'curl http://192.168.10.211/');
    const secs = (l: string) => Number(l.slice(6, 15)); // HH:MM:SS.uuuuuu -> SS.uuuuuu
    const lines = observe(s, tr, 'tcpdump -i eth1 -nn arp', 'router').lines.filter((l) => l.includes(' ARP, Request'));
    expect(lines).toHaveLength(3);
    const gaps = lines.slice(1).map((l, i) => secs(l) - secs(lines[i]));
    for (const g of gaps) expect(g).toBeCloseTo(1, 2);
    const view = tr.hops.filter((h) => h.packet.proto === 'arp' && h.node === 'router').map((h) => h.seen.tcpdump.detail[0].line);
    expect(view).toEqual(lines);
  });
});

describe('02b-l2-wrong-interface.yaml › a lease holder that answers nothing', () => {
  it('the ARP request reaches the holder\'s eth1 and gets no reply', () => {
    const { s, tr } = traceIn('02b-l2-wrong-interface.yaml', 'router', 'curl http://192.168.10.211/');
    const holder = s.l2.find((l) => l.service === 'cilium-ingress')?.node;
    expect(holder, 'the lease is still held').toBeTruthy();
    const arp = tr.hops.filter((h) => h.packet.proto === 'arp');
    expect(arp.flatMap(sights).some((x) => x.host === holder && x.iface === 'eth1')).toBe(true);
    expect(arp.filter((h) => h.packet.arp?.op === 'reply')).toEqual([]);
  });
});

describe('06-ingress-nginx.yaml › no Envoy, no reserved:ingress', () => {
  it('the nginx path goes through the BPF load balancer to the controller pod, never through Envoy', () => {
    const { s, tr } = traceIn('06-ingress-nginx.yaml', 'router', "curl -s -H 'Host: nginx.webpod.local' http://192.168.10.212/");
    expect(tr.envoyNode).toBeNull();
    expect(tr.hops.filter((h) => h.stage.startsWith('envoy') || h.stage === 'tproxy' || h.stage === 'l7lb-redirect')).toEqual([]);
    const ingressIPs = s.ingressIPs.map((x) => x.ip);
    for (const h of tr.hops) {
      expect(ingressIPs).not.toContain(h.packet.src);
      expect(ingressIPs).not.toContain(h.packet.dst);
    }
    const controller = s.pods.find((p) => p.namespace === 'ingress-nginx');
    expect(controller, 'the controller pod').toBeTruthy();
    expect(tr.hops.some((h) => h.packet.dst === controller!.ip || h.after?.dst === controller!.ip)).toBe(true);
  });
});

describe('07-external-lockdown.yaml › where the 403 comes from', () => {
  it('Envoy denies after a completed handshake: http-request DROPPED and http-response 403, no BPF policy drop, no upstream', () => {
    const { tr } = traceIn('07-external-lockdown.yaml', 'router', 'curl -s http://192.168.10.211/');
    expect(tr.outcome.status).toBe(403);
    // the handshake completed: the SYN-ACK from the VIP reached the router
    expect(tr.hops.some((h) => h.packet.src === VIP && h.packet.dst === ROUTER && h.packet.tcpFlags === 'S.')).toBe(true);
    const points = hubblePoints(tr);
    expect(points).toContainEqual({ point: 'http-request', verdict: 'DROPPED' });
    expect(points.some((p) => p.point === 'http-response' && p.verdict === 'FORWARDED')).toBe(true);
    expect(points.filter((p) => /policy denied/i.test(p.point))).toEqual([]);
    // no BPF program dropped anything, and Envoy opened no upstream connection
    expect(tr.hops.filter((h) => h.packet.proto === 'tcp' && h.action === 'drop' && (h.stage === 'tc-ingress' || h.stage === 'tc-egress' || h.stage === 'policy'))).toEqual([]);
    expect(tr.backend).toBeNull();
    expect(tr.hops.filter((h) => h.packet.proto === 'tcp' && h.packet.src !== ROUTER && h.packet.dst !== ROUTER)).toEqual([]);
  });
});

describe('10-tls.yaml › TLS on the wire up to Envoy, plain HTTP behind it', () => {
  it('eth1 sees TLS records with the SNI; the upstream leg to the pod is plain HTTP', () => {
    const { tr } = traceIn('10-tls.yaml', 'router', 'curl -k https://webpod.cilium.rocks/ --resolve webpod.cilium.rocks:443:192.168.10.211');
    expect(tr.outcome.status).toBe(200);
    const clientIn = tr.hops.filter((h) => h.packet.src === ROUTER && h.packet.dst === VIP && h.packet.dport === 443 && sights(h).some((x) => x.iface === 'eth1'));
    expect(clientIn.length).toBeGreaterThan(0);
    for (const h of clientIn) expect(h.packet.tls).not.toBeNull();
    expect(clientIn.some((h) => h.packet.tls?.sni === 'webpod.cilium.rocks')).toBe(true);
    const podIP = tr.backend ? state0('10-tls.yaml').pods.find((p) => p.name === tr.backend!.pod)?.ip : undefined;
    const upstream = tr.hops.filter((h) => h.packet.proto === 'tcp' && h.packet.dst === podIP);
    expect(upstream.length).toBeGreaterThan(0);
    for (const h of upstream) expect(h.packet.tls).toBeNull();
    expect(upstream.some((h) => (h.packet.l7 ?? '').startsWith('GET /'))).toBe(true);
  });
});

function state0(file: string): ClusterState {
  const f = readScenario(`${SCENARIO_DIR}/${file}`);
  return compile([{ file: f.name, text: f.text }]).state;
}

describe('04-visibility.yaml › the helm values that change what Hubble shows', () => {
  const run = (set: string[]) => {
    const s = compile([{ file: sc.name, text: sc.text }], { set }).state;
    return trace(s, { from: 'router', curl: `curl -s http://${VIP}/` });
  };
  it('bpf.monitorAggregation=none: the L3/L4 points appear (from-network on eth1, to-proxy for the hand-over)', () => {
    const points = hubblePoints(run(['bpf.monitorAggregation=none'])).map((p) => p.point);
    expect(points).toContain('from-network');
    expect(points).toContain('to-proxy');
    expect(points).toContain('http-request');
  });
  it('hubble.enabled=false: no flow at all, the request still works', () => {
    const tr = run(['hubble.enabled=false']);
    expect(tr.outcome.status).toBe(200);
    expect(hubblePoints(tr)).toEqual([]);
  });
});

describe("04-visibility.yaml › the learner's own tcpdump on the leader's eth1", () => {
  // Guards the shape of shared/domain/tool-formats.md §1.7 ("tcpdump -i eth1 -nn
  // 'arp or port 80'"), checked by a person against tcpdump 4.99's printers:
  // the ARP exchange, then the whole client connection in time order —
  // SYN, SYN-ACK, ACK, the request with tcpdump's HTTP decode, the response —
  // and never Envoy's upstream leg (another connection, from another address).
  it('shows ARP and the client connection, seven packets, in time order', async () => {
    const { observe } = await import('../src/engine');
    const s = state();
    const tr = trace(s, { from: 'router', curl: `curl -s http://${VIP}/` });
    const leader = s.l2.find((x) => x.ip === VIP)!.node!;
    const r = observe(s, tr, "tcpdump -i eth1 -nn 'arp or port 80'", leader);
    expect(r.error).toBeNull();
    const body = r.lines.slice(2, -4);
    const shape = body.map((l) => {
      const m = / IP (\S+) > (\S+): Flags \[([^\]]+)\].*?(?:: HTTP: (.*))?$/.exec(l);
      return m ? `${m[1]} > ${m[2]} [${m[3]}]${m[4] ? ` ${m[4]}` : ''}` : l.replace(/^\S+ /, '');
    });
    expect(shape).toEqual([
      `ARP, Request who-has ${VIP} tell ${ROUTER}, length 46`,
      `ARP, Reply ${VIP} is-at ${s.nodes.find((n) => n.name === leader)!.interfaces.find((i) => i.name === 'eth1')!.mac}, length 46`,
      `${ROUTER}.${tr.connections[0].client.port} > ${VIP}.80 [S]`,
      `${VIP}.80 > ${ROUTER}.${tr.connections[0].client.port} [S.]`,
      `${ROUTER}.${tr.connections[0].client.port} > ${VIP}.80 [.]`,
      `${ROUTER}.${tr.connections[0].client.port} > ${VIP}.80 [P.] GET / HTTP/1.1`,
      `${VIP}.80 > ${ROUTER}.${tr.connections[0].client.port} [P.] HTTP/1.1 200 OK`,
    ]);
    expect(r.lines.slice(-3, -2)).toEqual(['7 packets captured']);
    // timestamps never go backwards
    const times = body.map((l) => l.slice(0, 15));
    expect([...times].sort()).toEqual(times);
  });
});

describe('04-visibility.yaml › "which command would catch this hop?"', () => {
  // Every suggested command must really catch its hop (the engine checks it by
  // running it); user-space hops get no tcpdump/pwru command, and say why.
  it('offers a checked command per tool, or a reason', async () => {
    const { observe, suggest } = await import('../src/engine');
    const s = state();
    const tr = trace(s, { from: 'router', curl: `curl -s http://${VIP}/details/1` });
    let offered = 0;
    for (const h of tr.hops) {
      const sug = suggest(s, tr, h.index);
      expect(sug.map((x) => x.tool)).toEqual(['tcpdump', 'pwru', 'hubble']);
      for (const x of sug) {
        if (x.command === null) {
          expect(x.reason, `${x.tool} at hop ${h.index}`).toBeTruthy();
          continue;
        }
        offered++;
        expect(observe(s, tr, x.command, x.on).caught, `${x.command} on ${x.on}`).toContain(h.index);
      }
      if (h.stage.startsWith('envoy')) {
        expect(sug[0].command).toBeNull();
        expect(sug[1].command).toBeNull();
      }
    }
    expect(offered).toBeGreaterThan(tr.hops.length);
    const lxc = tr.hops.find((h) => h.node !== tr.envoyNode && h.where.startsWith('lxc') && h.direction === 'request');
    if (lxc) expect(suggest(s, tr, lxc.index)[0].reason).toMatch(/bpf_redirect_peer/);
  });
});

describe("04-visibility.yaml › the lens boxes' first commands", () => {
  it("are what the blog's author typed, on the receiving node, and each catches part of the request", async () => {
    const { defaultCommands, observe } = await import('../src/engine');
    const s = state();
    const tr = trace(s, { from: 'router', curl: `curl -s http://${VIP}/` });
    const leader = s.l2.find((x) => x.ip === VIP)!.node!;
    const d = defaultCommands(s, tr);
    expect(d.tcpdump).toEqual({ command: `tcpdump -i eth1 -nn host ${VIP}`, on: leader });
    expect(d.pwru).toEqual({ command: `pwru --filter-trace-tc 'host ${VIP}'`, on: leader });
    expect(d.hubble).toEqual({ command: `hubble observe --ip ${ROUTER}`, on: null });
    for (const x of Object.values(d)) {
      const r = observe(s, tr, x.command, x.on);
      expect(r.error, x.command).toBeNull();
      expect(r.caught.length, x.command).toBeGreaterThan(0);
    }
  });
});

describe('07-external-lockdown.yaml › hubble observe --identity / --http-status', () => {
  // Cilium's docs (default-deny-ingress-policy.rst) filter the denied request with
  // `hubble observe --identity ingress`: http-request DROPPED, then the 403 response.
  it('selects Envoy\'s records by identity and by status class', async () => {
    const { compile: c, observe } = await import('../src/engine');
    const lab7 = readScenario(`${SCENARIO_DIR}/07-external-lockdown.yaml`);
    const s = c([{ file: lab7.name, text: lab7.text }]).state;
    const tr = trace(s, { from: 'router', curl: `curl -s http://${VIP}/` });
    const byId = observe(s, tr, 'hubble observe --identity ingress', null);
    expect(byId.error).toBeNull();
    expect(byId.lines.some((l) => / http-request DROPPED /.test(l))).toBe(true);
    const only403 = observe(s, tr, 'hubble observe --identity 8 --http-status 4+', null);
    expect(only403.lines).toHaveLength(1);
    expect(only403.lines[0]).toMatch(/\(ingress\) <- kube-system\/cilium-ingress:80 \(world\) http-response FORWARDED \(HTTP\/1\.1 403 /);
    expect(observe(s, tr, 'hubble observe --http-status 2+', null).lines).toHaveLength(0);
    const bad = observe(s, tr, 'hubble observe --identity nobody', null);
    expect(bad.error).not.toBeNull();
    expect(bad.errorColumn).toBe(27);
  });
});
