// Golden outputs per lab: for each scenario's key request, the commands the seed
// blog's author (shared/seed, LABS.md) would type in tcpdump, pwru and hubble, and
// every line hopscope prints for them, compared as whole text against
// src/engine/observe/golden/<scenario>.txt. A person checked those files line by line,
// field by field, against the tools' sources (docs/visibility.md "Golden outputs").
//
// UPDATE_GOLDEN=1 npx vitest run src/engine/observe/golden.test.ts rewrites them;
// then a person must re-check every changed line (git diff) before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, observe, trace } from '../index';
import type { ClusterState, Trace } from '../types';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN_DIR = join(HERE, 'golden');
/** the repository's scenarios/ (read directly: the engine's tests do not import the CLI) */
const SCENARIO_DIR = resolve(HERE, '..', '..', '..', 'scenarios');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Block {
  /** the shell the command is typed in: a node or client (null: hubble via Relay, or kubectl exec) */
  on: string | null;
  command: string;
  /** what this block guards, in one line */
  protects: string;
  /** the block guards silence: the command catches no hop */
  silent?: true;
}

interface Request {
  from: string;
  curl: string;
  blocks: Block[];
}

interface LabGolden {
  /** scenarios/<file> */
  file: string;
  /** LABS.md lab */
  lab: string;
  requests: Request[];
}

const ROUTER_TO_VIP = 'curl -s http://192.168.10.211/';

export const GOLDENS: LabGolden[] = [
  {
    file: '01-no-address.yaml',
    lab: 'Lab 1: Cilium Ingress before any address exists',
    requests: [
      {
        from: 'router',
        curl: 'curl http://192.168.10.211/',
        blocks: [
          { on: 'router', command: 'tcpdump -i eth1 -nn arp', protects: "the router's own ARP request leaves unpadded (length 28) and nothing answers" },
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn arp', protects: 'the broadcast request arrives padded (length 46) on every node; no node replies, no TCP segment follows' },
          { on: 'k8s-ctr', command: 'pwru arp', protects: "without an L2 entry the request goes through cil_from_netdev to the kernel's ARP stack, which drops it" },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: 'Hubble prints nothing: ARP is suppressed by monitor aggregation and no TCP flow exists', silent: true },
        ],
      },
    ],
  },
  {
    file: '02-l2-announcement.yaml',
    lab: 'Lab 2: an address, announced on the segment',
    requests: [
      {
        from: 'router',
        curl: 'curl http://192.168.10.211/',
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn arp', protects: 'the lease holder answers ARP on eth1: request and the in-place reply, both length 46' },
          { on: 'k8s-w1', command: 'tcpdump -i eth1 -nn arp', protects: 'the other node sees the broadcast request and sends no reply' },
          { on: 'k8s-ctr', command: 'pwru --filter-track-skb arp', protects: 'the request skb is rewritten into the reply by cil_from_netdev and sent back out of eth1 (no arp_rcv)' },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: "Hubble shows Envoy's L7 records and no ARP" },
        ],
      },
    ],
  },
  {
    file: '02b-l2-wrong-interface.yaml',
    lab: 'Lab 2 (variant): a lease holder whose interface regex matches nothing',
    requests: [
      {
        from: 'router',
        curl: 'curl http://192.168.10.211/',
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn arp', protects: 'the holder receives the request and answers nothing' },
          { on: 'k8s-ctr', command: 'pwru arp', protects: 'no L2 responder entry: the request goes to the kernel ARP stack and is dropped there' },
        ],
      },
    ],
  },
  {
    file: '03-basic-ingress.yaml',
    lab: 'Lab 3: basic-ingress for bookinfo, called from the router',
    requests: [
      {
        from: 'router',
        curl: 'curl http://192.168.10.211/',
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn host 192.168.10.211', protects: "the lens box's first tcpdump: the client connection on the leader's eth1, with HTTP decoded on port 80" },
          { on: 'k8s-ctr', command: "pwru --filter-trace-tc 'host 192.168.10.211'", protects: "the lens box's first pwru: eth1, cil_from_netdev, the hairpin through cilium_net/cilium_host, TPROXY, Envoy's socket, the SYN-ACK back" },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: "the lens box's first hubble: Envoy's http-request / http-response with the client labelled (ingress)" },
        ],
      },
    ],
  },
  {
    file: '04-visibility.yaml',
    lab: 'Lab 4: why tcpdump and pwru do not show it',
    requests: [
      {
        from: 'router',
        curl: ROUTER_TO_VIP,
        blocks: [
          { on: 'k8s-ctr', command: "tcpdump -i eth1 -nn 'arp or port 80'", protects: "tool-formats.md §1.7: ARP then the client's seven packets; never the upstream leg" },
          { on: 'k8s-ctr', command: 'tcpdump -i any -nn port 9080', protects: 'backend on the leader: the upstream leg only on the lxc, from 10.0.2.15, never on eth1 (-i any columns)' },
          { on: null, command: 'kubectl exec productpage-v1-a370101147-69x4f -- tcpdump -nn', protects: "inside the pod: eth0 sees Envoy's upstream connection, not the router" },
          { on: 'k8s-ctr', command: "pwru 'host 192.168.10.211'", protects: "pwru follows the client's leg into Envoy's socket and loses the request there" },
          { on: 'k8s-ctr', command: 'pwru --filter-mark 0x200/0xf00', protects: '--filter-mark: only the rows whose MARK/x carries the to-proxy magic 0x200 (TPROXY hand-over)' },
          { on: 'k8s-ctr', command: 'pwru --filter-netns inode:4026532123', protects: "--filter-netns: only the rows in productpage's netns (the NETNS column)" },
          { on: 'k8s-ctr', command: "pwru --all-kmods 'port 9080'", protects: "--all-kmods: veth_xmit (veth.ko, not probed by default) prints as veth_xmit[veth], on Envoy's upstream into the pod and the pod's SYN-ACK back to the lxc" },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: "default aggregation: Envoy's L7 records only, no from-network, no to-proxy" },
          { on: null, command: 'hubble observe --pod productpage', protects: 'the upstream leg as to-endpoint from 10.0.2.15 labelled (ingress)' },
        ],
      },
      {
        from: 'router',
        curl: 'curl -s http://192.168.10.211/details/1',
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn port 9080', protects: "backend on the other node: the upstream leaves the leader's eth1 from the ingress IP, no SNAT" },
          { on: 'k8s-w1', command: 'tcpdump -i any -nn port 9080', protects: "on the backend's node: eth1 In, and on the lxc only the replies (bpf_redirect_peer)" },
          { on: 'k8s-ctr', command: "pwru 'host 172.20.0.173'", protects: "filtering on the ingress IP shows Envoy's upstream leg" },
          { on: null, command: 'hubble observe --pod details', protects: 'the upstream leg from 172.20.0.173 (ingress): policy verdict and to-endpoint on the backend node' },
        ],
      },
    ],
  },
  {
    file: '05-dedicated.yaml',
    lab: 'Lab 5: shared vs dedicated load balancer',
    requests: [
      {
        from: 'router',
        curl: 'curl -s http://192.168.10.212/',
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn host 192.168.10.212', protects: "the dedicated Service's own address, answered on the leader's eth1" },
          { on: 'k8s-ctr', command: "pwru --filter-trace-tc 'host 192.168.10.212'", protects: 'the same hand-over to Envoy as the shared address' },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: 'L7 records for the dedicated address' },
        ],
      },
    ],
  },
  {
    file: '06-ingress-nginx.yaml',
    lab: 'Lab 6: ingress-nginx beside Cilium Ingress',
    requests: [
      {
        from: 'router',
        curl: "curl -s -H 'Host: nginx.webpod.local' http://192.168.10.212/",
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn host 192.168.10.212', protects: 'the client connection to the nginx Service address on eth1' },
          { on: 'k8s-ctr', command: 'tcpdump -i any -nn port 80', protects: 'no Envoy, no reserved:ingress: the BPF load balancer delivers to the nginx pod, nginx connects to webpod' },
          { on: 'k8s-ctr', command: "pwru --filter-track-skb 'host 192.168.10.212'", protects: 'the skb followed through the DNAT to the controller pod' },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: 'the router as world, no (ingress) identity' },
        ],
      },
    ],
  },
  {
    file: '07-external-lockdown.yaml',
    lab: 'Lab 7: external-lockdown',
    requests: [
      {
        from: 'router',
        curl: ROUTER_TO_VIP,
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn port 80', protects: 'the handshake completes and the 403 comes back as data' },
          { on: 'k8s-ctr', command: "pwru 'host 192.168.10.211'", protects: 'no BPF drop: the skbs reach Envoy, which refuses in user space' },
          { on: null, command: 'hubble observe --identity ingress', protects: 'http-request DROPPED and http-response 403, not a Policy denied drop' },
        ],
      },
    ],
  },
  {
    file: '08-allow-cidr.yaml',
    lab: 'Lab 8: allow-cidr for the ingress',
    requests: [
      {
        from: 'client2',
        curl: ROUTER_TO_VIP,
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn port 80', protects: 'client2 (192.168.10.201) completes the handshake and gets the 403' },
          { on: 'k8s-ctr', command: "pwru 'host 192.168.10.201'", protects: "client2's skbs reach Envoy's socket like the allowed router's" },
          { on: null, command: 'hubble observe --ip 192.168.10.201', protects: 'http-request DROPPED for the address outside the CIDR set' },
        ],
      },
      {
        from: 'router',
        curl: ROUTER_TO_VIP,
        blocks: [{ on: null, command: 'hubble observe --ip 192.168.10.200', protects: 'the router inside 192.168.10.200/32 is FORWARDED' }],
      },
    ],
  },
  {
    file: '09-path-types.yaml',
    lab: 'Lab 9: path types',
    requests: [
      {
        from: 'router',
        curl: "curl -s -H 'Host: pathtypes.example.com' http://192.168.10.211/exact",
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn port 80', protects: "the request line tcpdump decodes on port 80 (the path Envoy's routes match)" },
          { on: null, command: 'hubble observe -t l7', protects: 'Exact /exact lands on exactpath' },
        ],
      },
      {
        from: 'router',
        curl: "curl -s -H 'Host: pathtypes.example.com' http://192.168.10.211/implementation",
        blocks: [{ on: null, command: 'hubble observe -t l7', protects: 'the ImplementationSpecific regex /impl.+ lands on implpath2' }],
      },
    ],
  },
  {
    file: '09b-path-types-impl-star.yaml',
    lab: 'Lab 9 (variant): an ImplementationSpecific regex that also matches /impl',
    requests: [
      {
        from: 'router',
        curl: "curl -s -H 'Host: pathtypes.example.com' http://192.168.10.211/impl",
        blocks: [{ on: null, command: 'hubble observe -t l7', protects: 'the longer regex wins: /impl lands on implpath2' }],
      },
    ],
  },
  {
    file: '10-tls.yaml',
    lab: 'Lab 10: TLS termination',
    requests: [
      {
        from: 'router',
        curl: 'curl -k https://webpod.cilium.rocks/ --resolve webpod.cilium.rocks:443:192.168.10.211',
        blocks: [
          { on: 'k8s-ctr', command: 'tcpdump -i eth1 -nn port 443', protects: 'TLS on the wire up to Envoy: records print as plain TCP lengths, no HTTP decode' },
          { on: 'k8s-ctr', command: 'tcpdump -i any -nn port 80', protects: "plain HTTP behind Envoy: the upstream to webpod, HTTP decoded on port 80" },
          { on: null, command: 'hubble observe --ip 192.168.10.200', protects: "Envoy's L7 records of the terminated request" },
        ],
      },
    ],
  },
  {
    file: '11-debugging-tools.yaml',
    lab: 'Lab 11: the debugging tools',
    requests: [
      {
        from: 'router',
        curl: 'curl -v http://192.168.10.211/',
        blocks: [
          { on: null, command: 'hubble observe', protects: 'plain hubble observe: the last 20 flows of the request' },
          { on: null, command: 'hubble observe -o dict --last 2', protects: '-o dict: keys right-aligned to 11, no identities, replies not swapped, blocks separated by 12 dashes' },
          { on: 'k8s-ctr', command: 'pwru --filter-trace-tc --output-tuple=false arp', protects: 'pwru without the TUPLE column, with the cb[] column' },
        ],
      },
    ],
  },
];

const states = new Map<string, ClusterState>();
function stateOf(file: string): ClusterState {
  let s = states.get(file);
  if (!s) {
    s = compile([{ file, text: readFileSync(join(SCENARIO_DIR, file), 'utf8') }]).state;
    states.set(file, s);
  }
  return s;
}

/** The golden text of one lab: a header, then per request and command the printed lines and the caught hops. */
export function goldenText(g: LabGolden): string {
  const s = stateOf(g.file);
  const out = [
    `# hopscope golden output: scenarios/${g.file} (LABS.md ${g.lab})`,
    '# Every line below is what the command prints for the request, as hopscope models it; a person',
    "# checked each one field by field against the tool's source (docs/visibility.md, Golden outputs).",
    '# Regenerate: UPDATE_GOLDEN=1 npx vitest run src/engine/observe/golden.test.ts, then re-check the diff.',
  ];
  for (const r of g.requests) {
    const tr: Trace = trace(s, { from: r.from, curl: r.curl });
    for (const b of r.blocks) {
      const res = observe(s, tr, b.command, b.on);
      out.push(
        '',
        `## request: ${r.from} $ ${r.curl}`,
        `## command: ${b.on ?? '(relay / kubectl)'} $ ${b.command}`,
        `## protects: ${b.protects}`,
        ...(res.error !== null ? [`!! error at column ${res.errorColumn}: ${res.error}`] : res.lines),
        `## caught hops: ${res.caught.join(' ') || '(none)'}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

describe('golden outputs per lab (compared as whole text)', () => {
  for (const g of GOLDENS) {
    it(`${g.file}`, () => {
      const path = join(GOLDEN_DIR, g.file.replace(/\.yaml$/, '.txt'));
      const text = goldenText(g);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(path, text);
        return;
      }
      expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and check it`).toBe(true);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('no golden command errors, and each one prints or catches something unless it is marked silent (then it catches nothing)', () => {
    const wrong: string[] = [];
    for (const g of GOLDENS) {
      const s = stateOf(g.file);
      for (const r of g.requests) {
        const tr = trace(s, { from: r.from, curl: r.curl });
        for (const b of r.blocks) {
          const res = observe(s, tr, b.command, b.on);
          expect(res.error, `${g.file}: ${b.command}`).toBeNull();
          if ((res.caught.length === 0) !== (b.silent === true)) wrong.push(`${g.file} ${r.from}: ${b.command} catches ${res.caught.length} hops`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
