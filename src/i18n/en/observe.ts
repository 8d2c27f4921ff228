// English messages of the observe area. Keys are 'observe.<something>'.
export const observe: Record<string, string> = {
  'observe.internal': 'The observers could not describe this hop ({error}).',
  // tcpdump
  'observe.tcpdump.userspace':
    'No netdev is crossed here: this is a decision inside the socket layer or a user-space process (Envoy, the application). tcpdump only copies frames as a device receives or transmits them.',
  'observe.tcpdump.insideBpf':
    'This is a decision inside a BPF program, between the device\'s capture points: tcpdump copies a frame when the device receives it (before tc ingress) or transmits it (after tc egress), never in the middle.',
  'observe.tcpdump.routing': 'The host stack is choosing a route here; the packet is between devices, so no capture point sees this step.',
  'observe.tcpdump.wire': 'This is the cable between two hosts; capture on the interface at either end to see the frame.',
  'observe.tcpdump.peer':
    'bpf_redirect_peer switched the packet straight into the pod\'s eth0 within the same receive pass: the host-side {iface} never receives or transmits it, so `tcpdump -i {iface}` sees nothing (capture inside the pod instead).',
  'observe.tcpdump.egressDrop':
    'The tc egress program dropped the packet before it reached the transmit tap: tcpdump never sees a packet tc egress drops or redirects.',
  // pwru
  'observe.pwru.userspace':
    'This happens in user space (Envoy\'s or the application\'s own code): pwru only probes kernel functions that take an sk_buff, so it cannot see it.',
  'observe.pwru.kernelNote': 'Kernel function names vary by kernel version: these rows follow Linux {kernel}.',
  'observe.pwru.noSkbFunc':
    'No kernel function taking an sk_buff runs at this step (a BPF map lookup or a decision inside an inlined path): pwru only probes kernel functions that take an sk_buff.',
  'observe.pwru.kmods':
    'The kernel functions handling the skb here ({funcs}) are in a kernel module ({modules}; Ubuntu builds it as a module, not into the kernel image), and pwru probes only the kernel image (vmlinux) unless told --kmods {modules} or --all-kmods (pwru main.go, internal/pwru/utils.go GetFuncs).',
  // hubble
  'observe.hubble.disabled': 'Hubble is disabled (hubble.enabled=false): the agent exports no flows at all.',
  'observe.hubble.fromSuppressed':
    'The datapath emitted {points}, but with monitorAggregation={level} every from-* observation point is suppressed in BPF before it leaves the node (emit_trace_notify).',
  'observe.hubble.ctSuppressed':
    'The datapath emitted {points}, but with monitorAggregation={level} a trace without a conntrack report flag is dropped in BPF (emit_trace_notify): only the first packets and flag changes of a connection are reported.',
  'observe.hubble.arp':
    'ARP is answered inside bpf_host (the L2 responder); its only event is a from-network trace, which monitorAggregation={level} suppresses, so ARP never becomes a Hubble flow.',
  'observe.hubble.userspace':
    'This is Envoy\'s (or the application\'s) decision in user space: Hubble sees Envoy only through its access-log L7 records (http-request / http-response).',
  'observe.hubble.notCilium': '{host} is not a Kubernetes node: no Cilium agent runs there, so Hubble has nothing from it.',
  'observe.hubble.noBpf': 'Inside the pod no Cilium BPF program runs, so nothing is reported here; the lxc programs on the host side report the packet.',
  'observe.hubble.noEvent': 'No Cilium BPF program emits a trace, drop or verdict at this step (kernel routing, sockets and the wire are not observation points).',
  // commands
  'observe.cmd.empty': 'Type a command: tcpdump, pwru or hubble observe.',
  'observe.cmd.unknown': 'Unknown command "{cmd}": hopscope runs tcpdump, pwru, hubble observe and kubectl exec POD -- tcpdump.',
  'observe.cmd.badOption': 'Unknown option {opt} for {tool}.',
  'observe.cmd.missingValue': 'Option {opt} needs a value.',
  'observe.cmd.badValue': 'Option {opt}: "{value}" is not valid.',
  'observe.cmd.quote': 'Unterminated quote.',
  'observe.cmd.noSuchIface': 'tcpdump: {iface}: No such device exists',
  'observe.cmd.noSuchPod': 'Error from server (NotFound): pods "{pod}" not found',
  'observe.cmd.needNode': 'Choose the node (or client) the command runs on.',
  'observe.cmd.missed.filter': 'The filter expression does not match this packet.',
  'observe.cmd.missed.iface': 'Captured on {iface}, not on the interface you chose.',
  'observe.cmd.missed.host': 'This happened on {host}; the command runs on {on}.',
  'observe.cmd.missed.notap': 'No capture point on this hop: {reason}',
  'observe.cmd.missed.count': 'tcpdump -c {count} had already exited.',
  'observe.cmd.missed.hubble': 'Not in the flow filter, or not exported: {reason}',
  'observe.cmd.missed.pwru': 'No pwru row: {reason}',
  'observe.cmd.missed.pwruNetns':
    'pwru --filter-netns keeps only skbs in netns {want}; here the skb is in netns {netns} (the NETNS column: the netns of skb->dev, else of its socket; bpf/kprobe_pwru.c filter_meta).',
  'observe.cmd.missed.pwruMark':
    'pwru --filter-mark {filter} keeps only skbs whose mark & {mask} is {mark}; here skb->mark is {have} (the MARK/x column; bpf/kprobe_pwru.c filter_meta).',
  'observe.cmd.missed.pwruIfname':
    'pwru --filter-ifname {iface} keeps only skbs whose skb->dev is ifindex {ifindex} in that netns; here: {on} (bpf/kprobe_pwru.c filter_meta).',
  // pwru's own errors (pflag: invalid argument ...; main.go: Failed to run pwru ...)
  'observe.cmd.pwru.flag': 'invalid argument "{value}" for "{flag}" flag: {error}',
  'observe.cmd.pwru.config': 'Failed to get pwru config: {error}',
  'observe.cmd.pwru.netns': 'Failed to retrieve netns {value}: {error}',
  'observe.cmd.pwru.netnsPath':
    'unsupported: "{value}" is a netns path hopscope does not model; use inode:<N> (the NETNS column) or /proc/<pid>/ns/net for pid 1, self or a pid pwru prints',
  'observe.cmd.pwru.pids': '(hopscope knows these processes on {host}: {pids})',
  'observe.cmd.pwru.noDev': 'the skb has no device yet (IFACE 0)',
  'observe.cmd.pwru.kmodEmpty':
    'Failed to get skb-accepting functions: --kmods names an empty module (pwru would open the directory /sys/kernel/btf itself as a module\'s BTF and fail)',
  // pcap filter
  'observe.pcap.unexpected': 'syntax error at column {column}: unexpected "{token}"',
  'observe.pcap.end': 'syntax error at column {column}: the expression ends too early',
  'observe.pcap.juxtaposed': 'syntax error at column {column}: two primitives need "and" or "or" between them',
  'observe.pcap.unsupported': 'unsupported at column {column}: "{token}" is a pcap primitive hopscope does not model',
  'observe.pcap.hostname': 'unsupported at column {column}: "{token}" is a name; hopscope resolves no names, write the address or the port number',
  'observe.pcap.badValue': 'syntax error at column {column}: "{token}" is not a valid {what}',
  'observe.suggest.none': 'No command of this tool can catch this hop.',
  'observe.suggest.noHop': 'There is no hop {index} in this trace.',
  'observe.suggest.internal': 'hopscope could not check a command for this hop ({error}).',
  'observe.suggest.hubbleFilter': 'Hubble records this hop, but no simple filter isolated it; try plain `hubble observe`.',
};
