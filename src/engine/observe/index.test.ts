// Golden expectations for the lab's main story, written by hand from
// shared/domain/tool-formats.md (the section each one follows is named), and
// the visibility rules of shared/domain/README.md §1-10 / datapath-notes.md.
import { describe, expect, it } from 'vitest';
import { annotate } from './index';
import { labState, localStory, remoteStory } from './testing';
import { tcpdumpLine, PLAIN } from './tcpdump';
import type { Trace } from '../types';

const remote = (over = {}) => annotate(labState(over), remoteStory());
const local = (over = {}) => annotate(labState(over), localStory());
const hop = (tr: Trace, i: number) => tr.hops.find((h) => h.index === i)!;
const allHubble = (tr: Trace) => tr.hops.flatMap((h) => h.seen.hubble.detail.map((d) => d.line));

describe('tcpdump lines (tool-formats.md §1)', () => {
  const tr = remote();

  it('ARP request and the in-place reply on the leader eth1, padded to 46 (§1.4)', () => {
    expect(hop(tr, 1).seen.tcpdump.detail.map((d) => d.line)).toEqual([
      '15:19:01.000211 ARP, Request who-has 192.168.10.211 tell 192.168.10.200, length 46',
      '15:19:01.000218 ARP, Reply 192.168.10.211 is-at 08:00:27:5c:1e:aa, length 46',
    ]);
  });

  it('the router sends its own ARP request unpadded: length 28 (§1.4)', () => {
    expect(hop(tr, 0).seen.tcpdump.detail[0].line).toBe('15:19:01.000000 ARP, Request who-has 192.168.10.211 tell 192.168.10.200, length 28');
  });

  it('SYN with the absolute ISN and Linux SYN options (§1.2)', () => {
    expect(hop(tr, 4).seen.tcpdump.detail[0].line).toBe(
      '15:19:01.000844 IP 192.168.10.200.54321 > 192.168.10.211.80: Flags [S], seq 1882413658, win 64240, options [mss 1460,sackOK,TS val 2200173730 ecr 0,nop,wscale 7], length 0',
    );
  });

  it('SYN-ACK acks ISN+1 and echoes the client TS (§1.2, §1.7)', () => {
    expect(hop(tr, 8).seen.tcpdump.detail[0].line).toBe(
      '15:19:01.001688 IP 192.168.10.211.80 > 192.168.10.200.54321: Flags [S.], seq 949417618, ack 1882413659, win 65160, options [mss 1460,sackOK,TS val 968908949 ecr 2200173730,nop,wscale 7], length 0',
    );
  });

  it('relative seq after the handshake and HTTP decode on port 80 (§1.2, §1.7)', () => {
    expect(hop(tr, 9).seen.tcpdump.detail[0].line).toBe(
      '15:19:01.001899 IP 192.168.10.200.54321 > 192.168.10.211.80: Flags [P.], seq 1:78, ack 1, win 502, options [nop,nop,TS val 2200173731 ecr 968908949], length 77: HTTP: GET / HTTP/1.1',
    );
    expect(hop(tr, 19).seen.tcpdump.detail[0].line).toBe(
      '15:19:01.004009 IP 192.168.10.211.80 > 192.168.10.200.54321: Flags [P.], seq 1:1911, ack 78, win 509, options [nop,nop,TS val 968908950 ecr 2200173731], length 1910: HTTP: HTTP/1.1 200 OK',
    );
  });

  it('the same segment prints the same numbers on every interface it crosses', () => {
    const lines = [4, 5, 6].map((i) => hop(tr, i).seen.tcpdump.detail[0].line.slice(16));
    expect(new Set(lines).size).toBe(1);
  });

  it('port 9080 is never HTTP-decoded; -i any pads the name to 5 and the direction to 3 (§1.2, §1.6)', () => {
    const tap = { host: 'k8s-ctr', netns: 'host' as const, iface: 'eth1', ifindex: 3, dir: 'Out' as const, frameLen: null };
    const p = { srcMac: null, dstMac: null, proto: 'tcp' as const, src: '172.20.0.173', sport: 41234, dst: '172.20.1.45', dport: 9080, tcpFlags: 'P.', arp: null, tls: null, l7: 'GET / HTTP/1.1', mark: null };
    const seg = { flags: 'P.', seq: 1, len: 80, ack: 1, win: 502, options: 'nop,nop,TS val 5 ecr 6', http: 'GET / HTTP/1.1' };
    const line = tcpdumpLine(0, tap, p, seg, PLAIN);
    expect(line).toBe('00:00:00.000000 IP 172.20.0.173.41234 > 172.20.1.45.9080: Flags [P.], seq 1:81, ack 1, win 502, options [nop,nop,TS val 5 ecr 6], length 80');
    expect(tcpdumpLine(0, tap, p, seg, { ...PLAIN, any: true })).toMatch(/^00:00:00.000000 eth1 {2}Out IP 172\.20\.0\.173\.41234 > /);
    expect(tcpdumpLine(0, { ...tap, dir: 'In' }, p, seg, { ...PLAIN, ether: true })).toMatch(/^00:00:00.000000 00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 \(0x0800\), length 146: 172\.20/);
  });
});

describe('tcpdump visibility (domain/README.md §1, §5, §10)', () => {
  it('remote backend: the upstream request shows on both eth1s but never on w1\'s lxc (bpf_redirect_peer)', () => {
    const tr = remote();
    const up = tr.hops.filter((h) => h.conn === 2);
    const taps = up.flatMap((h) => h.seen.tcpdump.detail.map((d) => ({ ...d, dir2: h.direction })));
    expect(taps.some((d) => d.host === 'k8s-ctr' && d.iface === 'eth1' && d.dir2 === 'request')).toBe(true);
    expect(taps.some((d) => d.host === 'k8s-w1' && d.iface === 'eth1' && d.dir2 === 'request')).toBe(true);
    expect(taps.some((d) => d.iface.startsWith('lxc') && d.dir2 === 'request')).toBe(false);
    expect(taps.some((d) => d.iface.startsWith('lxc') && d.dir2 === 'reply')).toBe(true);
    const skipped = hop(tr, 13).seen.tcpdump;
    expect(skipped.seen).toBe(false);
    expect(skipped.reason).toMatch(/bpf_redirect_peer/);
    expect(skipped.ref?.label).toBe('torvalds/linux net/core/filter.c skb_do_redirect (BPF_F_PEER)');
  });

  it('remote backend: the upstream source is the ingress IP, never on the client leg', () => {
    const tr = remote();
    const lines = (c: number) => tr.hops.filter((h) => h.conn === c).flatMap((h) => h.seen.tcpdump.detail.map((d) => d.line));
    expect(lines(2).every((l) => l.includes('172.20.0.173.41234'))).toBe(true);
    expect(lines(1).some((l) => l.includes('172.20.0.173'))).toBe(false);
  });

  it('same-node backend: the upstream never touches eth1, shows on the lxc from 10.0.2.15', () => {
    const tr = local();
    const taps = tr.hops.filter((h) => h.conn === 2).flatMap((h) => h.seen.tcpdump.detail);
    expect(taps.some((d) => d.iface === 'eth1')).toBe(false);
    expect(taps.find((d) => d.iface === 'lxc9f8e7d6c5b4a' && d.dir === 'Out')?.line).toMatch(/ IP 10\.0\.2\.15\.41234 > 172\.20\.0\.45\.9080: Flags \[S\]/);
  });

  it('Envoy\'s decision is no capture point', () => {
    const s = hop(remote(), 7).seen.tcpdump;
    expect(s.seen).toBe(false);
    expect(s.reason).toMatch(/user-space|socket layer/);
    expect(s.ref?.path).toBe('net/core/dev.c');
  });
});

describe('pwru (tool-formats.md §2.3)', () => {
  const tr = remote();
  it('rows in pwru column layout, tc program after the hook entry', () => {
    // the NIC's receive enters napi_gro_receive after the driver's eth_type_trans (L3 length 60);
    // __netif_receive_skb_core takes `struct sk_buff **` and never prints (docs/datapath.md "Kernel functions")
    expect(hop(tr, 4).seen.pwru.detail.funcs).toEqual(['napi_gro_receive', 'cil_from_netdev', 'skb_do_redirect']);
    expect(hop(tr, 4).seen.pwru.detail.lines[0]).toBe(
      '0xffff9a4cb6cc8a00 1   <empty>:0        4026531840 0             eth1:3      0x0800 1500  60    [0x00000000,0x00000000,0x00000000,0x00000000,0x00000000] 192.168.10.200:54321->192.168.10.211:80(tcp) napi_gro_receive',
    );
    expect(hop(tr, 4).seen.pwru.detail.lines[1]).toMatch(/ 74 {4}\[.*\] 192\.168\.10\.200:54321->192\.168\.10\.211:80\(tcp\) bpf_prog_[0-9a-f]{16}_cil_from_netdev\[bpf\]\(tc\)$/);
  });

  it('locally generated skbs: exe truncated with ~, IFACE 0 and PROTO 0x0000 before ip_output (§2.3, §2.5)', () => {
    const l = hop(tr, 11).seen.pwru.detail.lines;
    // __ip_queue_xmit is entered before it pushes the IP header: skb->len is the TCP segment (40), set_tuple
    // finds no IP version (empty tuple), no device, no protocol, no route yet (MTU 0)
    expect(l[0]).toMatch(/^0xffff9a4c[0-9a-f]{6}00 [01] {3}~[\w-]*envoy:\d+ 4026531840 80b00 {11}0 {9}0x0000 0 {5}40 {4}\[[^\]]*\] :0->:0\(\) +__ip_queue_xmit$/);
    expect(l[0].split(' ').filter(Boolean)[2]).toHaveLength(16);
    // ip_output is entered with the route attached (set_meta reads the dst's MTU) but before it sets skb->dev
    expect(l[1]).toMatch(/ {9}0 {9}0x0800 1500 {2}60 {4}.* ip_output$/);
    // ip_finish_output2 runs on the route's device and pushes the MAC header itself: still the IP length
    expect(l[2]).toMatch(/ {6}eth1:3 {6}0x0800 1500 {2}60 {4}.* ip_finish_output2$/);
    expect(l[3]).toMatch(/ {6}eth1:3 {6}0x0800 1500 {2}74 {4}.* __dev_queue_xmit$/);
  });

  it('the TUPLE column grows to the longest tuple seen on that host', () => {
    const l = hop(tr, 18).seen.pwru.detail.lines[0];
    expect(l).toContain('172.20.1.45:9080->172.20.0.173:41234(tcp)    napi_gro_receive');
  });

  it('a SYN-ACK enters ip_build_and_send_pkt with its route attached (tcp_make_synack): MTU 1500, no device, no tuple yet', () => {
    const l = hop(tr, 8).seen.pwru.detail.lines;
    expect(l[0]).toMatch(/ {15}0 {9}0x0000 1500 {2}40 {4}\[[^\]]*\] :0->:0\(\) +ip_build_and_send_pkt$/);
    expect(l[1]).toMatch(/ 0x0000 1500 {2}60 {4}.* 192\.168\.10\.211:80->192\.168\.10\.200:54321\(tcp\) ip_local_out$/);
  });

  it('the default view probes no kernel module (the lens command has no --kmods): veth_xmit prints no row, its effect stays', () => {
    // hop 5: cilium_net's transmit; veth_xmit is in veth.ko, __netif_rx (vmlinux) already runs on the peer
    expect(hop(tr, 5).seen.pwru.detail.funcs).toEqual(['__dev_queue_xmit', 'dev_hard_start_xmit', '__netif_rx']);
    expect(hop(tr, 5).seen.pwru.detail.lines[2]).toMatch(/ cilium_host:5 {3}0x0800 1500 {2}60 .* __netif_rx$/);
    expect(tr.hops.some((h) => h.seen.pwru.detail.lines.some((x) => x.includes('veth_xmit')))).toBe(false);
  });

  it('a hop whose every function is in a module is unseen, and the reason names the module and the flags', () => {
    const story = remoteStory();
    story.hops[5].kfuncs = ['veth_xmit'];
    const s = hop(annotate(labState(), story), 5).seen.pwru;
    expect(s.seen).toBe(false);
    expect(s.detail.lines).toEqual([]);
    expect(s.reason).toMatch(/\(veth_xmit\) .*module \(veth;.*--kmods veth or --all-kmods/);
    expect(s.ref?.label).toBe('cilium/pwru main.go --all-kmods / internal/pwru/utils.go GetFuncs (kmods)');
  });

  it('pod netns rows carry another inode, host rows 4026531840', () => {
    expect(hop(tr, 14).seen.pwru.detail.lines[0]).toMatch(/ 40265\d{5} 0 +eth0:8 /);
    expect(hop(tr, 14).seen.pwru.detail.lines[0]).not.toContain('4026531840');
  });

  it('user space is invisible to pwru', () => {
    const s = hop(tr, 10).seen.pwru;
    expect(s.seen).toBe(false);
    expect(s.reason).toMatch(/sk_buff/);
    expect(s.ref?.label).toBe('cilium/pwru internal/pwru/utils.go GetFuncs');
  });
});

describe('hubble (tool-formats.md §3.1, §3.3; domain/README.md §8)', () => {
  it('default aggregation (medium): L7 for the client leg, to-endpoint for the upstream, no from-*, no ARP, no to-proxy', () => {
    const tr = remote();
    const lines = allHubble(tr);
    expect(lines).toContain('Aug 23 15:19:01.002: 192.168.10.200:54321 (ingress) -> default/productpage-v1-6c8d7b5f9-abcde:9080 (ID:32530) http-request FORWARDED (HTTP/1.1 GET http://192.168.10.211/)');
    expect(lines).toContain('Aug 23 15:19:01.004: 192.168.10.200:54321 (ingress) <- default/productpage-v1-6c8d7b5f9-abcde:9080 (ID:32530) http-response FORWARDED (HTTP/1.1 200 7ms (GET http://192.168.10.211/))');
    expect(lines).toContain('Aug 23 15:19:01.002: 172.20.0.173:41234 (ingress) -> default/productpage-v1-6c8d7b5f9-abcde:9080 (ID:32530) policy-verdict:L3-Only INGRESS ALLOWED (TCP Flags: SYN)');
    expect(lines).toContain('Aug 23 15:19:01.002: 172.20.0.173:41234 (ingress) -> default/productpage-v1-6c8d7b5f9-abcde:9080 (ID:32530) to-endpoint FORWARDED (TCP Flags: SYN)');
    expect(lines.some((l) => / from-/.test(l))).toBe(false);
    expect(lines.some((l) => l.includes('to-proxy'))).toBe(false);
    expect(hop(tr, 1).seen.hubble.seen).toBe(false);
    expect(hop(tr, 1).seen.hubble.reason).toMatch(/ARP/);
    expect(hop(tr, 4).seen.hubble.reason).toMatch(/monitorAggregation=medium/);
    expect(hop(tr, 4).seen.hubble.ref?.label).toBe('cilium/cilium bpf/lib/trace.h emit_trace_notify');
  });

  it('same-node: still labelled (ingress) although the source is 10.0.2.15 (§5)', () => {
    expect(allHubble(local())).toContain('Aug 23 15:19:01.002: 10.0.2.15:41234 (ingress) -> default/productpage-v1-6c8d7b5f9-kq2zx:9080 (ID:32530) to-endpoint FORWARDED (TCP Flags: SYN)');
  });

  it('none: from-network and to-proxy appear; ARP prints MACs', () => {
    const lines = allHubble(remote({ monitorAggregation: 'none' }));
    expect(lines).toContain('Aug 23 15:19:01.000: 192.168.10.200:54321 (world) -> kube-system/cilium-ingress:80 (world) from-network FORWARDED (TCP Flags: SYN)');
    expect(lines).toContain('Aug 23 15:19:01.000: 192.168.10.200:54321 (world) -> kube-system/cilium-ingress:80 (world) to-proxy FORWARDED (TCP Flags: SYN)');
    expect(lines).toContain('Aug 23 15:19:01.000: 08:00:27:11:22:33 (world) <> ff:ff:ff:ff:ff:ff (world) from-network FORWARDED (ARP)');
  });

  it('low: from-* suppressed, but a trace without a CT report survives (trace.h TRACE_AGGREGATE_RX < ACTIVE_CT)', () => {
    const lines = allHubble(remote({ monitorAggregation: 'low' }));
    expect(lines.some((l) => / from-/.test(l))).toBe(false);
    expect(lines.some((l) => l.includes(' to-proxy FORWARDED'))).toBe(true);
  });

  it('hubble disabled: nothing at all', () => {
    const tr = remote({ hubbleEnabled: false });
    expect(allHubble(tr)).toEqual([]);
    expect(tr.hops.every((h) => !h.seen.hubble.seen && /hubble\.enabled=false/.test(h.seen.hubble.reason ?? ''))).toBe(true);
  });

  it('the router is not a Cilium node', () => {
    expect(hop(remote(), 3).seen.hubble.reason).toMatch(/router is not a Kubernetes node/);
  });
});

describe('rules that defend against raw datapath numbers', () => {
  it('an ARP frame received from a wire is padded to 60 even when the datapath says 42 (§1.4)', () => {
    const story = remoteStory();
    story.hops[1].taps = story.hops[1].taps.map((tp) => ({ ...tp, frameLen: 42 }));
    const lines = hop(annotate(labState(), story), 1).seen.tcpdump.detail.map((d) => d.line);
    expect(lines.every((l) => l.endsWith('length 46'))).toBe(true);
  });

  it('the same skb id on two hosts is two sk_buffs (different SKB addresses)', () => {
    const story = remoteStory();
    story.hops.forEach((h) => {
      if (h.conn === 2 && h.skb !== null) h.skb = 5;
    });
    const tr = annotate(labState(), story);
    const addr = (i: number) => hop(tr, i).seen.pwru.detail.lines[0].slice(0, 18);
    expect(addr(11)).not.toBe(addr(12)); // k8s-ctr vs k8s-w1
    expect(addr(12)).toBe(addr(14)); // same host, same skb (peer redirect keeps the skb)
  });
});

describe('determinism and robustness', () => {
  it('same input, same output', () => {
    expect(JSON.stringify(remote())).toBe(JSON.stringify(remote()));
    expect(JSON.stringify(local())).toBe(JSON.stringify(local()));
  });

  it('the seed changes sequence numbers, not the layout', () => {
    const a = hop(remote(), 4).seen.tcpdump.detail[0].line;
    const b = hop(annotate({ ...labState(), seed: 2 }, remoteStory()), 4).seen.tcpdump.detail[0].line;
    expect(a).not.toBe(b);
    expect(b.replace(/\d+/g, 'N')).toBe(a.replace(/\d+/g, 'N'));
  });

  it('a broken hop and a broken clock never throw', () => {
    const story = remoteStory();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (story.hops[4] as any).taps = [null];
    const tr = annotate({ ...labState(), clock: 'not a date' }, story);
    expect(tr.hops).toHaveLength(story.hops.length);
    expect(tr.hops[4].seen.tcpdump.seen).toBe(false);
  });
});
