// Which kernel functions of the datapath's lists live in a kernel module, and which modules a pwru
// command attaches to. The one place hopscope says so (docs/visibility.md, pwru rules).
//
// pwru (cilium/pwru main, main.go and internal/pwru/utils.go GetFuncs) walks the BTF of vmlinux and,
// for each module named by `--kmods` (a pflag string slice) or, with `--all-kmods`, for every file of
// /sys/kernel/btf other than vmlinux (every loaded module with BTF), that module's split BTF too. A
// function of a module not walked is never probed, so it prints no row. For a module function it does
// probe, the FUNC column is the /proc/kallsyms name: the kernel prints a module symbol as
// `name\t[module]` (kernel/kallsyms.c s_show) and pwru's ParseKallsyms drops the tab, so the row reads
// `veth_xmit[veth]` (internal/pwru/ksym.go ParseKallsyms, output.go getOutFuncName).
//
// The lab's nodes run Ubuntu 24.04's generic kernel (Linux 6.8). Ubuntu builds these as modules:
// CONFIG_VETH, CONFIG_VXLAN and CONFIG_NET_UDP_TUNNEL are 'm' for amd64 in Ubuntu's kernel config
// annotations (debian.master/config/annotations, read in a mirror of a later Ubuntu kernel than noble's
// 6.8: likely the same for noble, not read there). Module names come from the kernel Makefiles:
// drivers/net/Makefile `obj-$(CONFIG_VETH) += veth.o`, drivers/net/vxlan/ (vxlan.ko), and
// net/ipv4/Makefile `obj-$(CONFIG_NET_UDP_TUNNEL) += udp_tunnel.o` (udp_tunnel_core.c, where
// udp_tunnel_xmit_skb is defined). Every other function of the datapath's lists (legs.ts KF, localOut,
// the hops' own lists) is built into vmlinux: net/core (dev.c, filter.c, gro_cells.c with the bool
// CONFIG_GRO_CELLS, skbuff.c), net/ipv4 (ip_input.c, ip_output.c, ip_forward.c, route.c, tcp_*.c,
// udp.c, arp.c), net/netfilter/core.c (nf_hook_slow; CONFIG_NETFILTER is bool).

/** A kernel function built as part of a module: its module and what pwru's FUNC column prints for it. */
export interface ModuleFunc {
  module: string;
  /** kallsyms name as pwru prints it: `func[module]` */
  symbol: string;
}

const mod = (func: string, module: string): [string, ModuleFunc] => [func, { module, symbol: `${func}[${module}]` }];

/** Kernel function → its module on the lab's kernel (Ubuntu 24.04 generic, 6.8). Absent: vmlinux. */
export const MODULE_OF: ReadonlyMap<string, ModuleFunc> = new Map([
  // drivers/net/veth.c
  mod('veth_xmit', 'veth'),
  // drivers/net/vxlan/vxlan_core.c
  mod('vxlan_xmit', 'vxlan'),
  mod('vxlan_rcv', 'vxlan'),
  // net/ipv4/udp_tunnel_core.c
  mod('udp_tunnel_xmit_skb', 'udp_tunnel'),
]);

/** The modules a pwru command walks: every loaded one (`--all-kmods`), or those `--kmods` names. */
export interface KmodSelection {
  all: boolean;
  names: ReadonlySet<string>;
}

/** pwru without --kmods / --all-kmods: vmlinux only. */
export const NO_KMODS: KmodSelection = { all: false, names: new Set() };

/** Whether a row of this function prints under this selection (vmlinux functions always do). */
export function probed(sel: KmodSelection, m: ModuleFunc | null): boolean {
  return m === null || sel.all || sel.names.has(m.module);
}

/**
 * The modules whose functions a hop runs but the selection does not probe, in order of first use
 * (empty when none): for the reason a hop prints no row.
 */
export function unprobedModules(sel: KmodSelection, funcs: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of funcs) {
    const m = MODULE_OF.get(f);
    if (m && !probed(sel, m) && !out.includes(m.module)) out.push(m.module);
  }
  return out;
}
