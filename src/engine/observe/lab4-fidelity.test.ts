// Lab 4's real trace (router -> 192.168.10.211, Envoy and productpage on k8s-ctr): pwru's metadata
// filters --filter-netns / --filter-mark / --filter-ifname as cilium/pwru main has them
// (internal/pwru/types.go markFlagValue, internal/pwru/config.go GetConfig / parseNetns,
// bpf/kprobe_pwru.c filter_meta), the per-row columns they must agree with (set_meta,
// set_tuple), and tcpdump's TCP numbers.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, observe, trace } from '../index';
import type { ClusterState, Trace } from '../types';
import { HOST_NETNS, podNetns } from './common';
import { processesOn } from './pwru';

const LAB = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'scenarios', '04-visibility.yaml');
const state: ClusterState = compile([{ file: '04-visibility.yaml', text: readFileSync(LAB, 'utf8') }]).state;
const tr: Trace = trace(state, { from: 'router', curl: 'curl -s http://192.168.10.211/' });
const run = (cmd: string, on = 'k8s-ctr') => observe(state, tr, cmd, on);
const pod = state.pods.find((p) => p.name.startsWith('productpage-'))!;
const podInode = podNetns(state, `${pod.namespace}/${pod.name}`);

/** The rows of a pwru output (after the header), split into their columns. */
function rows(lines: string[]) {
  const at = lines.findIndex((l) => l.startsWith('SKB '));
  return lines.slice(at + 1).map((l) => {
    const c = l.split(/ +/);
    return { line: l, cpu: c[1], netns: Number(c[3]), mark: parseInt(c[4], 16), iface: c[5], proto: c[6], mtu: Number(c[7]), len: Number(c[8]), func: c[c.length - 1] };
  });
}

const hopOf = (pred: (h: Trace['hops'][number]) => boolean) => tr.hops.find(pred)!.index;
const TPROXY = hopOf((h) => h.stage === 'tproxy');
const ROUTE = hopOf((h) => h.stage === 'kernel-routing' && h.packet.mark === '200');
const SOCKET = hopOf((h) => h.stage === 'socket' && h.direction === 'request' && h.conn === 0);
const POD_RX = hopOf((h) => h.where.startsWith('pod:') && h.stage === 'pod' && h.direction === 'request');

describe('pwru --filter-netns (config.go parseNetns, kprobe_pwru.c filter_meta)', () => {
  it("inode:<N> keeps only the rows whose NETNS column is N: the pod's own hops and the veth hand-over into it", () => {
    const r = run(`pwru --filter-netns inode:${podInode}`);
    expect(r.error).toBeNull();
    const rs = rows(r.lines);
    expect(rs.length).toBeGreaterThan(0);
    expect(rs.every((x) => x.netns === podInode)).toBe(true);
    expect(r.caught).toContain(POD_RX);
    // the lxc hop is caught only by its last row: __netif_rx runs with skb->dev = the pod's eth0 (veth peer)
    const lxcHop = tr.hops.find((h) => h.where.startsWith('lxc') && h.direction === 'request')!;
    expect(r.caught).toContain(lxcHop.index);
    expect(rs.find((x) => x.func === '__netif_rx')?.iface).toBe('eth0:2');
    // host-netns hops are missed, and the reason names the filter and both inodes
    const miss = r.missed.find((m) => m.hop === TPROXY)!;
    expect(miss.reason).toContain('--filter-netns');
    expect(miss.reason).toContain(String(podInode));
    expect(miss.reason).toContain(String(HOST_NETNS));
  });

  it('/proc/<pid>/ns/net of the pod\'s process is the same filter as its inode; /proc/1/ns/net is the host netns', () => {
    const pid = processesOn(state, tr, 'k8s-ctr').find((p) => p.exe.endsWith('/productpage'))!.pid;
    const byPath = run(`pwru --filter-netns /proc/${pid}/ns/net`);
    expect(byPath.error).toBeNull();
    expect(byPath.lines).toEqual(run(`pwru --filter-netns inode:${podInode}`).lines);
    const host = rows(run('pwru --filter-netns /proc/1/ns/net').lines);
    expect(host.length).toBeGreaterThan(0);
    expect(host.every((x) => x.netns === HOST_NETNS)).toBe(true);
    expect(run('pwru --filter-netns /proc/self/ns/net').lines).toEqual(run('pwru --filter-netns /proc/1/ns/net').lines);
  });

  it('inode:0 sets no netns filter (cfg->netns 0 is "any")', () => {
    expect(run('pwru --filter-netns inode:0').lines).toEqual(run('pwru').lines);
  });
});

describe('pwru --filter-mark (types.go markFlagValue, filter_meta: (mark & mask) == mark & mask)', () => {
  // cil_to_host marks the hand-over MARK_MAGIC_TO_PROXY | proxy_port << 16 with a __be16 port
  // (bpf/lib/proxy.h ctx_redirect_to_proxy_first; pkg/datapath/iptables/iptables.go HostToNetwork16)
  // Written out, not computed, so a wrong byte order in the datapath cannot hide behind the same
  // formula here: this lab's proxy port is 14091 = 0x370b; as a __be16 read on a little-endian host
  // it is 0x0b37, so the mark is 0x0b37 << 16 | 0x200.
  const toProxy = 0xb370200;
  it('this lab\'s Ingress proxy port is the one the literal above assumes', () => {
    expect(state.services.find((s) => s.name === 'cilium-ingress')!.l7lbProxyPort).toBe(14091);
  });

  it('the MARK/x column carries the to-proxy mark with the port in network byte order, then TPROXY\'s 0x200', () => {
    const rs = rows(run(`pwru 'host 192.168.10.211'`).lines);
    expect(rs.find((x) => x.func === 'ip_rcv')?.mark).toBe(toProxy >>> 0);
    expect(rs.find((x) => x.func === 'ip_local_deliver')?.mark).toBe(0x200);
  });

  it('0x200/0xf00 keeps only the TPROXY-marked rows (the to-proxy magic in 0xf00)', () => {
    const r = run('pwru --filter-mark 0x200/0xf00');
    expect(r.error).toBeNull();
    const rs = rows(r.lines);
    expect(rs.every((x) => (x.mark & 0xf00) === 0x200)).toBe(true);
    expect(r.caught).toEqual([TPROXY, ROUTE, SOCKET]);
    const eth1 = hopOf((h) => h.where === 'eth1' && h.stage === 'tc-ingress' && h.packet.proto === 'tcp');
    expect(r.missed.find((m) => m.hop === eth1)?.reason).toMatch(/--filter-mark 0x200\/0xf00 .* mark & 0xf00 is 0x200; here skb->mark is 0x0/);
  });

  it('without a mask the mark must match exactly; 0 matches only unmarked skbs; 0/0 filters nothing', () => {
    expect(run('pwru --filter-mark 0x200').caught).toEqual([ROUTE, SOCKET]);
    expect(run(`pwru --filter-mark ${toProxy >>> 0}`).caught).toEqual([TPROXY]);
    expect(run(`pwru --filter-mark=0x${(toProxy >>> 0).toString(16)}`).caught).toEqual([TPROXY]);
    const zero = rows(run('pwru --filter-mark 0').lines);
    expect(zero.length).toBeGreaterThan(0);
    expect(zero.every((x) => x.mark === 0)).toBe(true);
    expect(run('pwru --filter-mark 0/0').lines).toEqual(run('pwru').lines);
  });

  it('--filter-track-skb keeps printing a tracked skb after its mark changes (handle_everything skips filter())', () => {
    expect(run(`pwru --filter-track-skb --filter-mark ${toProxy >>> 0}`).caught).toEqual([TPROXY, ROUTE, SOCKET]);
  });
});

describe('pwru --filter-ifname (looked up in pwru\'s netns, which it then filters on too)', () => {
  it('keeps only rows on that ifindex in the host netns; rows without a device do not match', () => {
    const r = run('pwru --filter-ifname cilium_host');
    const rs = rows(r.lines);
    expect(rs.length).toBeGreaterThan(0);
    expect(rs.every((x) => x.iface === 'cilium_host:5' && x.netns === HOST_NETNS)).toBe(true);
    // the pod's eth0 is another netns: --filter-ifname eth0 on the node means the node's eth0 (nothing here)
    expect(run('pwru --filter-ifname eth0').caught).toEqual([]);
  });
});

describe('malformed filter values: pwru\'s own message, with the column of the value', () => {
  it.each([
    ['pwru --filter-mark 1/2/3', 20, 'invalid argument "1/2/3" for "--filter-mark" flag: invalid mark value "1/2/3": expected mark[/mask]'],
    ['pwru --filter-mark=0xzz', 20, 'invalid argument "0xzz" for "--filter-mark" flag: invalid mark value: strconv.ParseUint: parsing "zz": invalid syntax'],
    ['pwru --filter-mark 0x200/0xfffffffff', 20, 'invalid argument "0x200/0xfffffffff" for "--filter-mark" flag: invalid mask value: strconv.ParseUint: parsing "fffffffff": value out of range'],
    ['pwru --filter-mark -1', 20, 'invalid argument "-1" for "--filter-mark" flag: invalid mark value: strconv.ParseUint: parsing "-1": invalid syntax'],
    ['pwru --filter-netns inode:x1', 21, 'Failed to get pwru config: Failed to retrieve netns inode:x1: strconv.Atoi: parsing "x1": invalid syntax'],
    ['pwru --filter-netns 4026531840', 21, 'Failed to get pwru config: Failed to retrieve netns 4026531840: invalid netns specifier: 4026531840'],
    ['pwru --filter-netns inode:1 --filter-ifname eth1', 45, 'Failed to get pwru config: inode netns specifier cannot be used with --filter-ifname'],
    ['pwru --filter-ifname eth9', 22, 'Failed to get pwru config: route ip+net: no such network interface'],
    ['pwru --filter-mark', 6, 'Option --filter-mark needs a value.'],
  ] as const)('%s', (cmd, col, message) => {
    const r = run(cmd);
    expect(r.error).toBe(message);
    expect(r.errorColumn).toBe(col);
    expect(r.lines).toEqual([]);
  });

  it('a /proc path of an unknown pid is "no such file" and lists the pids hopscope knows; another path is unsupported', () => {
    const r = run('pwru --filter-netns /proc/77/ns/net');
    expect(r.error).toMatch(/^Failed to get pwru config: Failed to retrieve netns \/proc\/77\/ns\/net: no such file or directory \(hopscope knows these processes on k8s-ctr: 1 \(systemd\), .*productpage/);
    expect(r.errorColumn).toBe(21);
    expect(run('pwru --filter-netns /var/run/netns/cni-1234').error).toMatch(/^unsupported: /);
  });
});

describe('pwru rows read the skb as the kprobe sees it on entry (kprobe_pwru.c set_meta / set_tuple)', () => {
  const all = rows(run("pwru --filter-track-skb 'host 192.168.10.211'").lines);

  it('skb_do_redirect and the transmit path see the MAC header: L2 length (tcx runs inline: no tcf_classify)', () => {
    // net/core/dev.c sch_handle_ingress: __skb_push(skb, skb->mac_len) before skb_do_redirect
    expect(all.filter((x) => x.func === 'skb_do_redirect').map((x) => x.len)).toEqual([60, 74]);
    const arp = all.filter((x) => x.proto === '0x0806');
    // the driver's eth_type_trans pulled the MAC header before napi_gro_receive: L3 length there
    expect(arp.map((x) => `${x.func}:${x.len}`)).toEqual(['napi_gro_receive:46', 'skb_do_redirect:60', '__dev_queue_xmit:60', 'dev_hard_start_xmit:60']);
  });

  it('one skb stays on one CPU: the ARP request rewritten into the reply, the SYN and its SYN-ACK', () => {
    const arp = all.filter((x) => x.proto === '0x0806');
    expect(new Set(arp.map((x) => x.cpu)).size).toBe(1);
  });

  it('veth: __netif_rx is entered with skb->dev = the peer (cilium_net -> cilium_host), then the backlog receives it', () => {
    // veth_xmit is in veth.ko: a row only with --kmods veth / --all-kmods, named as kallsyms names it (kmods.ts)
    expect(all.some((x) => x.func.startsWith('veth_xmit'))).toBe(false);
    const withVeth = rows(run("pwru --all-kmods --filter-track-skb 'host 192.168.10.211'").lines);
    const i = withVeth.findIndex((x) => x.func === 'veth_xmit[veth]');
    expect(withVeth[i].iface).toBe('cilium_net:4');
    // the other rows are the same with or without the module's probes
    expect(withVeth.filter((_, k) => k !== i)).toEqual(all);
    expect(withVeth[i + 1].func).toBe('__netif_rx');
    expect(withVeth[i + 1].iface).toBe('cilium_host:5');
    expect(withVeth.slice(i + 2, i + 4).map((x) => `${x.func} ${x.iface}`)).toEqual(['__netif_receive_skb cilium_host:5', '__netif_receive_skb_one_core cilium_host:5']);
  });

  it("after Cilium's table 2004 route (local default dev lo) the MTU is lo's; after ip_local_deliver_finish LEN is the TCP segment", () => {
    const route = all.findIndex((x) => x.func === 'ip_route_input_noref');
    expect(all[route].mtu).toBe(1500);
    expect(all[route + 1].mtu).toBe(65536);
    expect(all.find((x) => x.func === 'tcp_v4_rcv')?.len).toBe(40);
    expect(all.find((x) => x.func === 'ip_local_deliver_finish')?.len).toBe(60);
  });

  it('a pcap filter cannot match before ip_build_and_send_pkt built the IP header: the SYN-ACK starts at ip_local_out, with the route MTU', () => {
    // tcp_v4_send_synack → ip_build_and_send_pkt → ip_local_out → __ip_local_out (sets skb->protocol) →
    // LOCAL_OUT hook → ip_output (sets skb->dev) → POST_ROUTING hook → ip_finish_output2 (net/ipv4/ip_output.c)
    const synack = all.filter((x) => x.line.includes('192.168.10.211:80->192.168.10.200'));
    expect(synack.slice(0, 7).map((x) => x.func)).toEqual(['ip_local_out', '__ip_local_out', 'nf_hook_slow', 'ip_output', 'nf_hook_slow', 'ip_finish_output2', '__dev_queue_xmit']);
    expect(synack[0]).toMatchObject({ iface: '0', proto: '0x0000', mtu: 1500, len: 60 });
    expect(synack[2]).toMatchObject({ iface: '0', proto: '0x0800' });
    expect(synack.find((x) => x.func === 'ip_output')?.iface).toBe('0');
    expect(synack[4].iface).toBe('eth1:3');
    expect(synack.find((x) => x.func === 'ip_finish_output2')?.iface).toBe('eth1:3');
    // without a filter the row prints, with an empty tuple and the TCP segment length
    // tcp_make_synack attached the route (skb_dst_set) before ip_build_and_send_pkt: set_meta reads its MTU
    const bare = run('pwru').lines.find((l) => / ip_build_and_send_pkt$/.test(l) && l.includes('<empty>:0'))!;
    expect(bare).toMatch(/ {15}0 {9}0x0000 1500 {2}40 {4}:0->:0\(\) +ip_build_and_send_pkt$/);
  });
});

describe('crossing a veth into another netns (net/core/skbuff.c skb_scrub_packet with xnet)', () => {
  it("clears Envoy's 0x80b00 mark: the pod's rows show 0, the host side kept it", () => {
    const rs = rows(run("pwru 'port 9080'").lines).filter((x) => x.line.includes('->172.20.0.'));
    expect(rs.filter((x) => x.netns === HOST_NETNS).every((x) => x.mark === 0x80b00)).toBe(true);
    const inPod = rs.filter((x) => x.netns === podInode);
    expect(inPod.length).toBeGreaterThan(0);
    expect(inPod.every((x) => x.mark === 0)).toBe(true);
  });
});

describe('the pwru output carries the kernel-version note', () => {
  it('names the lab kernel; tcpdump and hubble carry none', () => {
    expect(run('pwru arp').note).toBe(`Kernel function names vary by kernel version: these rows follow Linux ${state.kernel}.`);
    expect(run('pwru arp').tool).toBe('pwru');
    expect(run('tcpdump -i eth1 -nn arp').note).toBeUndefined();
    expect(observe(state, tr, 'hubble observe', null).note).toBeUndefined();
  });
});

describe('tcpdump numbers', () => {
  it("TS val is the sender's millisecond clock: the handshake's ACK and the request right after it share one (tcp_options_write)", () => {
    const ts = run('tcpdump -i eth1 -nn port 80')
      .lines.filter((l) => l.includes('192.168.10.200.') && / > 192\.168\.10\.211\.80: /.test(l))
      .map((l) => /Flags \[([^\]]+)\].*TS val (\d+)/.exec(l)!.slice(1));
    expect(ts.map((x) => x[0])).toEqual(['S', '.', 'P.']);
    expect(Number(ts[1][1])).toBe(Number(ts[0][1]) + 1);
    expect(ts[2][1]).toBe(ts[1][1]);
  });
});

describe('tcpdump -v (print-ip.c ip_print, print-tcp.c tcp_print, util-print.c txtproto_print)', () => {
  const v = run('tcpdump -i any -nn -v port 80').lines;
  const pairs = v.flatMap((l, i) => (/ IP \(tos /.test(l) ? [{ ip: l, tcp: v[i + 1] }] : []));
  const find = (iface: string, flags: string) => pairs.find((p) => p.ip.includes(` ${iface} `) && p.tcp.includes(`Flags [${flags}]`))!;

  it('cksum: correct for what the router sent, incorrect (left to the NIC) for what this node sent', () => {
    expect(find('eth1', 'S').tcp).toMatch(/Flags \[S\], cksum 0x[0-9a-f]{4} \(correct\), seq /);
    expect(find('eth1', 'S.').tcp).toMatch(/Flags \[S\.\], cksum 0x[0-9a-f]{4} \(incorrect -> 0x[0-9a-f]{4}\), seq /);
  });

  it('IP id: 0 on the SYN-ACK, counted up per segment the client sends; TTL 63 after the hairpin (ipv4_l3)', () => {
    expect(find('eth1', 'S.').ip).toMatch(/, id 0, /);
    const id = (p: { ip: string }) => Number(/, id (\d+),/.exec(p.ip)![1]);
    expect(id(find('eth1', '.'))).toBe(id(find('eth1', 'S')) + 1);
    expect(id(find('eth1', 'P.'))).toBe(id(find('eth1', 'S')) + 2);
    expect(find('eth1', 'S').ip).toMatch(/ttl 64,/);
    expect(find('cilium_net', 'S').ip).toMatch(/ttl 63,/);
  });

  it('HTTP: the length, then each request line on its own tab-indented line, the blank line last', () => {
    const at = v.findIndex((l) => l.includes('eth1  In ') && l.includes('proto TCP') && v[v.indexOf(l) + 1].includes('Flags [P.]'));
    expect(v[at + 1]).toMatch(/length 77: HTTP, length: 77$/);
    expect(v.slice(at + 2, at + 7)).toEqual(['\tGET / HTTP/1.1', '\tHost: 192.168.10.211', '\tUser-Agent: curl/8.5.0', '\tAccept: */*', '\t']);
  });
});
