// Command lines as input: tcpdump / kubectl exec ... tcpdump / pwru / hubble observe
// against the hand-built main story (testing.ts). Golden lines follow
// shared/domain/tool-formats.md: banners §1.0, -i any §1.6, pwru §2.2/§2.4, hubble §3.1/§3.2.
import fc from 'fast-check';
import { t } from '../../i18n';
import { describe, expect, it } from 'vitest';
import { annotate, observeCommand, suggestCommands } from './index';
import { labState, localStory, remoteStory } from './testing';

const state = labState();
const remote = annotate(state, remoteStory());
const local = annotate(state, localStory());
const run = (cmd: string, on: string | null = 'k8s-ctr', tr = remote) => observeCommand(state, tr, cmd, on);

describe('tcpdump', () => {
  it("tcpdump -i eth1 -nn 'arp or port 80' on the leader (§1.0, §1.7)", () => {
    const r = run("tcpdump -i eth1 -nn 'arp or port 80'");
    expect(r.error).toBeNull();
    expect(r.lines.slice(0, 2)).toEqual([
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
      'listening on eth1, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
    ]);
    expect(r.lines[2]).toBe('15:19:01.000211 ARP, Request who-has 192.168.10.211 tell 192.168.10.200, length 46');
    expect(r.lines.slice(-4)).toEqual(['^C', '6 packets captured', '6 packets received by filter', '0 packets dropped by kernel']);
    // the client's leg only: never the ingress IP, never the hand-over
    expect(r.lines.some((l) => l.includes('172.20.0.173'))).toBe(false);
    expect(r.caught).toEqual([1, 4, 8, 9, 19]);
    expect(r.missed.find((m) => m.hop === 7)?.reason).toMatch(/No capture point/);
  });

  it('-i any on k8s-w1: LINUX_SLL2 banner, the upstream on eth1 In, only the reply on the lxc (§1.6)', () => {
    const r = run('tcpdump -i any -nn port 9080', 'k8s-w1');
    expect(r.lines[0]).toBe('tcpdump: data link type LINUX_SLL2');
    expect(r.lines[2]).toBe('listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes');
    expect(r.lines[3]).toMatch(/^15:19:01\.002532 eth1 {2}In {2}IP 172\.20\.0\.173\.41234 > 172\.20\.1\.45\.9080: Flags \[S\], /);
    // the SYN-ACK answers right after the SYN reached the pod (exchange.ts), before the ACK
    expect(r.lines[4]).toMatch(/^15:19:01\.002998 lxc1a2b3c4d5e6f In {2}IP 172\.20\.1\.45\.9080 > 172\.20\.0\.173\.41234: Flags \[S\.\], /);
    expect(r.lines[6]).toMatch(/^15:19:01\.\d{6} eth1 {2}In {2}IP 172\.20\.0\.173\.41234 > 172\.20\.1\.45\.9080: Flags \[\.\], ack 1, /);
    expect(r.missed.find((m) => m.hop === 13)?.reason).toMatch(/bpf_redirect_peer/);
  });

  it('same-node backend: tcpdump -i eth1 never shows the upstream', () => {
    const r = run('tcpdump -nn -i eth1 port 9080', 'k8s-ctr', local);
    expect(r.lines.filter((l) => l.includes(' IP '))).toEqual([]);
    expect(run('tcpdump -nn -i any port 9080', 'k8s-ctr', local).lines.some((l) => l.includes('lxc9f8e7d6c5b4a Out IP 10.0.2.15.41234 > 172.20.0.45.9080'))).toBe(true);
  });

  it('without -i tcpdump takes the first non-loopback device (eth0) and sees nothing', () => {
    const r = run('tcpdump -nn');
    expect(r.lines[1]).toBe('listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes');
    expect(r.caught).toEqual([]);
  });

  it('-n keeps port names, -nn does not; -v and -c', () => {
    expect(run('tcpdump -n -i eth1 tcp').lines[2]).toContain('192.168.10.200.54321 > 192.168.10.211.http: Flags [S]');
    const v = run('tcpdump -nn -v -i eth1 tcp');
    expect(v.lines[0]).toBe('tcpdump: listening on eth1, link-type EN10MB (Ethernet), snapshot length 262144 bytes');
    expect(v.lines[1]).toMatch(/^15:19:01\.000844 IP \(tos 0x0, ttl 64, id \d+, offset 0, flags \[DF\], proto TCP \(6\), length 60\)$/);
    expect(v.lines[2]).toMatch(/^ {4}192\.168\.10\.200\.54321 > 192\.168\.10\.211\.80: Flags \[S\]/);
    const c = run('tcpdump -c 1 -nni eth1');
    expect(c.lines.slice(-3)).toEqual(['1 packet captured', '1 packet received by filter', '0 packets dropped by kernel']);
  });

  it('kubectl exec POD -- tcpdump captures in the pod netns', () => {
    const r = run('kubectl exec -it productpage-v1-6c8d7b5f9-abcde -- tcpdump -nn', null);
    expect(r.error).toBeNull();
    expect(r.caught).toEqual([14, 15]);
    expect(r.lines[2]).toMatch(/ IP 172\.20\.0\.173\.41234 > 172\.20\.1\.45\.9080: Flags \[S\]/);
    expect(run('kubectl exec nope -- tcpdump', null).error).toBe('Error from server (NotFound): pods "nope" not found');
  });
});

describe('pwru', () => {
  it("pwru 'host 192.168.10.211' follows the client's leg into Envoy's socket and stops there (§2.2, §2.4)", () => {
    const r = run("pwru 'host 192.168.10.211'");
    expect(r.lines[0]).toBe('2025/08/23 15:19:00 INFO Attaching kprobes via=kprobe-multi');
    expect(r.lines[3]).toBe('2025/08/23 15:19:00 INFO Listening for events..');
    expect(r.lines[4]).toBe('SKB                CPU PROCESS          NETNS      MARK/x        IFACE       PROTO  MTU   LEN   TUPLE FUNC');
    expect(r.lines.some((l) => l.endsWith(' tcp_v4_rcv'))).toBe(true);
    expect(r.lines.some((l) => l.includes('172.20.0.173'))).toBe(false);
    expect(r.missed.find((m) => m.hop === 11)?.reason).toMatch(/filter/);
  });

  it("pwru 'host 172.20.0.173' shows the upstream leg; --filter-trace-tc adds the tc programs and the cb column", () => {
    const r = run('pwru --filter-trace-tc host 172.20.0.173');
    expect(r.caught).toEqual([11, 18]);
    expect(r.lines[4]).toContain('__sk_buff->cb[]');
    expect(r.lines.some((l) => /bpf_prog_[0-9a-f]{16}_cil_to_netdev\[bpf\]\(tc\)$/.test(l))).toBe(true);
  });

  it('--filter-track-skb keeps an skb after the filter stops matching; bad flags are errors with a column', () => {
    expect(run('pwru --filter-track-skb arp').caught).toEqual([1]);
    const bad = run('pwru --filter-trak-skb arp');
    expect(bad.error).toBe('Unknown option --filter-trak-skb for pwru.');
    expect(bad.errorColumn).toBe(6);
  });
});

describe('pwru --kmods / --all-kmods (main.go, internal/pwru/utils.go GetFuncs, types.go SetFlags)', () => {
  const withVeth = (r: { lines: string[] }) => r.lines.filter((l) => / veth_xmit\[veth\]$/.test(l));

  it('plain pwru probes vmlinux only: no veth_xmit row; --all-kmods and --kmods veth print it as kallsyms names it', () => {
    expect(run('pwru').lines.some((l) => l.includes('veth_xmit'))).toBe(false);
    const all = run('pwru --all-kmods');
    expect(all.error).toBeNull();
    expect(withVeth(all)).toHaveLength(1); // cilium_net → cilium_host on k8s-ctr
    expect(withVeth(all)[0]).toMatch(/ cilium_net:4 {3}0x0800 1500 {2}74 +192\.168\.10\.200:54321->192\.168\.10\.211:80\(tcp\) veth_xmit\[veth\]$/);
    expect(run('pwru --kmods veth').lines).toEqual(all.lines);
    expect(run('pwru --kmods=vxlan,veth').lines).toEqual(all.lines);
    // pflag string slice: a second --kmods appends
    expect(run('pwru --kmods vxlan --kmods veth').lines).toEqual(all.lines);
    expect(run('pwru --all-kmods=false').lines).toEqual(run('pwru').lines);
    // a module without a function in this trace adds nothing
    expect(run('pwru --kmods vxlan').lines).toEqual(run('pwru').lines);
  });

  it('the rows after the unprobed veth_xmit still show what it did (skb->dev is the peer)', () => {
    const plain = run('pwru').lines.find((l) => l.endsWith(' __netif_rx'))!;
    expect(plain).toContain(' cilium_host:5 ');
    expect(run('pwru --all-kmods').lines).toContain(plain);
  });

  it('a hop whose only functions are in an unprobed module is missed with the module and the flags', () => {
    const story = remoteStory();
    story.hops[5].kfuncs = ['veth_xmit'];
    const tr = annotate(state, story);
    const miss = observeCommand(state, tr, "pwru 'host 192.168.10.211'", 'k8s-ctr').missed.find((m) => m.hop === 5);
    expect(miss?.reason).toMatch(/^No pwru row: .*\(veth_xmit\).*--kmods veth or --all-kmods/);
    expect(observeCommand(state, tr, "pwru --kmods vxlan 'host 192.168.10.211'", 'k8s-ctr').missed.find((m) => m.hop === 5)?.reason).toMatch(/--kmods veth or --all-kmods/);
    expect(observeCommand(state, tr, "pwru --all-kmods 'host 192.168.10.211'", 'k8s-ctr').caught).toContain(5);
    // a filter that the module's row would not match either: the filter is the reason
    expect(observeCommand(state, tr, "pwru 'host 10.9.9.9'", 'k8s-ctr').missed.find((m) => m.hop === 5)?.reason).toBe('The filter expression does not match this packet.');
    // which command would catch it: the one with --all-kmods, checked against the trace
    const pw = suggestCommands(state, tr, 5).find((x) => x.tool === 'pwru')!;
    expect(pw.command).toBe("pwru --all-kmods --filter-trace-tc 'tcp and host 192.168.10.200 and host 192.168.10.211 and port 80'");
    expect(pw.on).toBe('k8s-ctr');
  });

  it.each([
    ['pwru --kmods', 6, 'Option --kmods needs a value.'],
    ['pwru --all-kmods=maybe', 6, 'Option --all-kmods: "maybe" is not valid.'],
    ['pwru --kmods \'veth,"vx"lan\'', 15, 'invalid argument "veth,"vx"lan" for "--kmods" flag: parse error on line 1, column 9: extraneous or missing " in quoted-field'],
    ['pwru --kmods \'ve"th\'', 15, 'invalid argument "ve"th" for "--kmods" flag: parse error on line 1, column 3: bare " in non-quoted-field'],
    ['pwru --kmods \'"veth\'', 15, 'invalid argument ""veth" for "--kmods" flag: parse error on line 1, column 6: extraneous or missing " in quoted-field'],
    ['pwru --kmods veth, arp', 14, "Failed to get skb-accepting functions: --kmods names an empty module (pwru would open the directory /sys/kernel/btf itself as a module's BTF and fail)"],
  ] as const)('%s', (cmd, col, message) => {
    const r = run(cmd);
    expect(r.error).toBe(message);
    expect(r.errorColumn).toBe(col);
  });

  it('suggest keeps the plain command when it already catches the hop (its vmlinux rows)', () => {
    const pw = suggestCommands(state, remote, 5).find((x) => x.tool === 'pwru')!;
    expect(pw.command).toBe("pwru --filter-trace-tc 'tcp and host 192.168.10.200 and host 192.168.10.211 and port 80'");
  });

  it('a quoted CSV field is one module name', () => {
    expect(run('pwru --kmods \'"veth",vxlan\'').lines).toEqual(run('pwru --all-kmods').lines);
  });
});

describe('hubble observe', () => {
  it('--pod productpage: L7 with the client IP labelled (ingress), the upstream from the ingress IP (§3.1, §3.3)', () => {
    const r = run('hubble observe --pod productpage', null);
    expect(r.lines[0]).toBe('Aug 23 15:19:01.002: 192.168.10.200:54321 (ingress) -> default/productpage-v1-6c8d7b5f9-abcde:9080 (ID:32530) http-request FORWARDED (HTTP/1.1 GET http://192.168.10.211/)');
    expect(r.lines).toContain('Aug 23 15:19:01.002: 172.20.0.173:41234 (ingress) -> default/productpage-v1-6c8d7b5f9-abcde:9080 (ID:32530) to-endpoint FORWARDED (TCP Flags: SYN)');
    expect(r.missed.find((m) => m.hop === 1)?.reason).toMatch(/ARP/);
  });

  it('-t l7, --verdict, --from-ip, --last', () => {
    expect(run('hubble observe -t l7', null).lines).toHaveLength(2);
    expect(run('hubble observe --type policy-verdict --verdict FORWARDED', null).lines).toHaveLength(1);
    expect(run('hubble observe --from-ip 172.20.1.45', null).lines).toHaveLength(2);
    expect(run('hubble observe --last 1', null).lines[0]).toContain('http-response');
  });

  it('-o dict: no identities, replies not swapped (§3.2)', () => {
    expect(run('hubble observe -o dict --last 1', null).lines).toEqual([
      '  TIMESTAMP: Aug 23 15:19:01.004',
      '     SOURCE: default/productpage-v1-6c8d7b5f9-abcde:9080',
      'DESTINATION: 192.168.10.200:54321',
      '       TYPE: http-response',
      '    VERDICT: FORWARDED',
      '    SUMMARY: HTTP/1.1 200 7ms (GET http://192.168.10.211/)',
    ]);
  });

  it('-o json is one object per line', () => {
    const r = run('hubble observe -o json -t l7', null);
    expect(r.lines.map((l) => JSON.parse(l).flow.Type)).toEqual(['L7', 'L7']);
  });
});

describe('malformed commands: an error with a column, never an exception', () => {
  it.each([
    ['', 1],
    ['ping 1.2.3.4', 1],
    ['tcpdump -i eth9', 12],
    ["tcpdump -nn 'host 1.2.3.4 port 80'", 27],
    ['tcpdump -X', 10],
    ["tcpdump 'host", 9],
    ['hubble observe --verdict MAYBE', 26],
    ['hubble observe --port', 16],
    ['hubble list', 8],
  ] as const)('%s', (cmd, col) => {
    const r = run(cmd);
    expect(r.error).not.toBeNull();
    expect(r.errorColumn).toBe(col);
  });

  it('tcpdump needs a node', () => {
    expect(run('tcpdump -i eth1', null).error).toMatch(/Choose the node/);
  });

  const INTERNAL_PREFIX = t('observe.internal', { error: '' }).split('(')[0]!;

  it('empty --filter-netns / --filter-ifname values are the flags\' defaults, not filters (config.go parseNetns(""), parseIfindex(""))', () => {
    expect(run('pwru --filter-netns= --filter-ifname=').lines).toEqual(run('pwru').lines);
    expect(run('pwru --filter-netns= --filter-ifname=').error).toBeNull();
  });

  it('bool flags take strconv.ParseBool\'s forms; a bad module is reported before a bad filter value (GetFuncs before GetConfig)', () => {
    expect(run('pwru --all-kmods=1').lines).toEqual(run('pwru --all-kmods').lines);
    expect(run('pwru --all-kmods=F').lines).toEqual(run('pwru').lines);
    expect(run('pwru --kmods , --filter-netns inode:x').error).toBe(run('pwru --kmods ,').error);
  });

  it('fuzz: no command throws', () => {
    const parts = fc.constantFrom('tcpdump', 'pwru', 'hubble', 'observe', 'kubectl', 'exec', '--', '-i', 'eth1', 'any', '-nn', '-c', '0', '5', "'", '"', 'host', '1.2.3.4', 'and', '(', '--pod', '-o', 'dict', '--last', 'x', '--filter-track-skb', '-n', '--filter-mark', '0x200/0xf00', '1/2/3', '--filter-netns', 'inode:4026531840', '/proc/1/ns/net', '--filter-ifname', '--filter-mark=0xzz', '--kmods', '--all-kmods', 'veth,vxlan', '--kmods=', 'a,"b');
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 10 }), fc.constantFrom('k8s-ctr', 'k8s-w1', 'router', null), (ws, on) => {
        const r = observeCommand(state, remote, ws.join(' '), on);
        expect(Array.isArray(r.lines)).toBe(true);
        if (r.error) expect(r.errorColumn).toBeGreaterThanOrEqual(1);
        // observeCommand turns an exception into observe.internal: that must never be what a command gets
        expect(r.error ?? '').not.toContain(INTERNAL_PREFIX);
      }),
      { numRuns: 300 },
    );
  });
});
