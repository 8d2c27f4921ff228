// The CLI in-process: run(argv, io) with captured stdout/stderr, for every command and
// the usage errors. The engine is the real one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './main';
import { SCENARIO_DIR } from './scenarios';
import { formatTable } from './table';

function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = run(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

function json(...argv: string[]) {
  const r = cli(...argv, '--json');
  let data: unknown;
  try {
    data = JSON.parse(r.out);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.out.slice(0, 200)}\nstderr: ${r.err.slice(0, 500)}`);
  }
  return { ...r, data: data as Record<string, unknown> & { [k: string]: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const lab = (name: string) => join(SCENARIO_DIR, name);
const tmp = mkdtempSync(join(tmpdir(), 'hopscope-cli-'));
function tmpFile(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('usage', () => {
  it('help prints the usage and exits 0', () => {
    for (const argv of [['help'], ['--help'], ['state', '-h']]) {
      const r = cli(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('hopscope trace');
      expect(r.out).toContain('--from CLIENT');
    }
  });
  it('no command is a usage error (exit 2)', () => {
    const r = cli();
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage');
  });
  it('unknown command, unknown flag, bad --set, missing values: exit 2 with a message', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['state', '--frob'], /unknown option --frob/],
      [['state', '--set', 'novalue'], /--set expects key=value/],
      [['trace', '--from'], /--from needs a value/],
      [['trace', '--curl', 'curl http://192.168.10.211/'], /needs --from/],
      [['trace', '--from', 'router'], /needs --curl/],
      [['state', '--from', 'router'], /takes no --from/],
      [['scenarios', 'x.yaml'], /takes no FILE/],
    ];
    for (const [argv, msg] of cases) {
      const r = cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(msg);
      expect(r.out, argv.join(' ')).toBe('');
    }
  });
  it('an unreadable file is a clear message and exit 2', () => {
    const missing = join(tmp, 'does-not-exist.yaml');
    const r = cli('state', missing);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot read ${missing}`);
    expect(r.err).toContain('ENOENT');
  });
});

describe('state', () => {
  it('the default lab: cilium-ingress gets 192.168.10.211, two reserved:ingress IPs', () => {
    const { code, data } = json('state');
    expect(code).toBe(0);
    const svc = data.services.find((s: { namespace: string; name: string }) => s.namespace === 'kube-system' && s.name === 'cilium-ingress');
    expect(svc).toMatchObject({ type: 'LoadBalancer', externalIP: '192.168.10.211' });
    expect(svc.ports.map((p: { port: number }) => p.port)).toEqual([80, 443]);
    expect(svc.endpoints.map((e: { ip: string; port: number }) => `${e.ip}:${e.port}`)).toEqual(['192.192.192.192:9999']);
    expect(data.ingressIPs).toEqual([
      { node: 'k8s-ctr', ip: '172.20.0.173' },
      { node: 'k8s-w1', ip: '172.20.1.110' },
    ]);
    expect(data.l2).toHaveLength(1);
    expect(data.l2[0]).toMatchObject({ namespace: 'kube-system', service: 'cilium-ingress', ip: '192.168.10.211', interface: 'eth1' });
    expect(Array.isArray(data.diagnostics)).toBe(true);
    expect(data.routes).toEqual([]);
  });

  it('lab 1: EXTERNAL-IP pending and no Ingress ADDRESS, readable table says <pending>', () => {
    const { data } = json('state', lab('01-no-address.yaml'));
    const svc = data.services.find((s: { name: string }) => s.name === 'cilium-ingress');
    expect(svc.externalIP).toBeNull();
    expect(data.ingresses).toEqual([expect.objectContaining({ namespace: 'default', name: 'first-ingress', class: 'cilium', address: null, service: 'kube-system/cilium-ingress' })]);
    expect(data.l2).toEqual([]);
    const text = cli('state', lab('01-no-address.yaml'));
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/cilium-ingress\s+LoadBalancer\s+\S+\s+<pending>/);
  });

  it('lab 9: the Envoy routes in Cilium order (Exact, regex longer first, Prefix longer first, / last)', () => {
    const { data } = json('state', lab('09-path-types.yaml'));
    const routes = data.routes.filter((r: { host: string }) => r.host === 'pathtypes.example.com');
    expect(routes.map((r: { type: string; value: string; backend: string }) => [r.type, r.value, r.backend])).toEqual([
      ['exact', '/exact', 'default/exactpath:80'],
      ['regex', '/impl.+', 'default/implpath2:80'],
      ['regex', '/impl', 'default/implpath:80'],
      ['path_separated_prefix', '/prefix', 'default/prefixpath2:80'],
      ['prefix', '/', 'default/prefixpath:80'],
    ]);
  });

  it('lab 5: the dedicated Ingress has its own Service and address', () => {
    const { data } = json('state', lab('05-dedicated.yaml'));
    const byName = Object.fromEntries(data.ingresses.map((i: { name: string }) => [i.name, i]));
    expect(byName['basic-ingress']).toMatchObject({ address: '192.168.10.211', service: 'kube-system/cilium-ingress' });
    expect(byName['webpod-ingress']).toMatchObject({ address: '192.168.10.212', service: 'default/cilium-ingress-webpod-ingress' });
  });

  it('--set changes the helm values (no ingress controller: no routes)', () => {
    const on = json('state', lab('03-basic-ingress.yaml'));
    const off = json('state', lab('03-basic-ingress.yaml'), '--set', 'ingressController.enabled=false');
    expect(on.data.routes.length).toBeGreaterThan(0);
    expect(off.data.routes).toEqual([]);
  });

  it('a file without a Lab is merged onto the default lab; its diagnostics name the file, line and column', () => {
    const f = tmpFile(
      'broken.yaml',
      ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: x', 'spec:', '  rules: [', ''].join('\n'),
    );
    const r = cli('state', f);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^.+:\d+:\d+: (error|warning|info): .+/);
    expect(r.err).toContain(`${f}:`);
    expect(r.out).toContain('cilium-ingress'); // the rest of the state is still printed
  });

  it('several files: the objects of each are there', () => {
    const a = tmpFile('a.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: alpha, namespace: default }\nspec: { ports: [ { port: 81 } ] }\n');
    const b = tmpFile('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: beta, namespace: default }\nspec: { ports: [ { port: 82 } ] }\n');
    const { code, data } = json('state', a, b);
    expect(code).toBe(0);
    const names = data.services.map((s: { name: string }) => s.name);
    expect(names).toContain('alpha');
    expect(names).toContain('beta');
  });
});

describe('trace', () => {
  it('lab 3: router -> 192.168.10.211/ is 200 from productpage, with hops and tool marks', () => {
    const { code, data } = json('trace', lab('03-basic-ingress.yaml'), '--from', 'router', '--curl', 'curl http://192.168.10.211/');
    expect(code).toBe(0);
    expect(data.outcome).toMatchObject({ status: 200, error: null, exitCode: 0 });
    expect(data.backend).toMatchObject({ namespace: 'default', service: 'productpage' });
    expect(data.backend.pod).toMatch(/^productpage/);
    expect(data.hops.length).toBeGreaterThan(3);
    for (const h of data.hops) {
      expect(typeof h.stage).toBe('string');
      expect(typeof h.action).toBe('string');
      expect(typeof h.explain).toBe('string');
      expect(h.packet.src).toMatch(/^\d+\.\d+\.\d+\.\d+(:\d+)?$/);
      expect(h.packet.dst).toMatch(/^\d+\.\d+\.\d+\.\d+(:\d+)?$/);
      for (const s of h.seen.tcpdump) expect(s).toMatch(/^[^/\s]+\/\S+$/);
      expect(typeof h.seen.pwru).toBe('boolean');
      if (h.seen.hubble !== null) expect(Object.keys(h.seen.hubble).sort()).toEqual(['point', 'verdict']);
    }
    // the client's leg is seen by tcpdump on eth1 of the node that serves it
    const tcpdumpSeen = data.hops.flatMap((h: { seen: { tcpdump: string[] } }) => h.seen.tcpdump);
    expect(tcpdumpSeen).toContain(`${data.envoyNode}/eth1`);
  });

  it('a failed request is still a successful trace: exit 0, curl exit 7 (lab 1)', () => {
    const { code, data } = json('trace', lab('01-no-address.yaml'), '--from', 'router', '--curl', 'curl http://192.168.10.211/');
    expect(code).toBe(0);
    expect(data.outcome.status).toBeNull();
    expect(data.outcome.exitCode).toBe(7);
    expect(data.outcome.error).toContain('Failed to connect to 192.168.10.211 port 80');
    expect(data.backend).toBeNull();
  });

  it('--from takes a bare IP on the lab segment', () => {
    const { code, data } = json('trace', lab('08-allow-cidr.yaml'), '--from', '192.168.10.201', '--curl', 'curl -s http://192.168.10.211/');
    expect(code).toBe(0);
    expect(data.outcome.status).toBe(403);
  });

  it('--request runs a request of the scenario by name or number', () => {
    const byName = json('trace', lab('09-path-types.yaml'), '--request', '/prefixfoo goes to prefixpath');
    expect(byName.code).toBe(0);
    expect(byName.data.backend.service).toBe('prefixpath');
    const byNumber = json('trace', lab('09-path-types.yaml'), '--request', '2');
    expect(byNumber.data.backend.service).toBe('exactpath');
    const none = cli('trace', lab('09-path-types.yaml'), '--request', 'no such request');
    expect(none.code).toBe(2);
    expect(none.err).toContain('no request "no such request"');
  });

  it('the readable report: one line per hop with marks, then the outcome and curl output', () => {
    const r = cli('trace', lab('03-basic-ingress.yaml'), '--from', 'router', '--curl', 'curl -v http://192.168.10.211/details/1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#\s+T\s+P\s+H\s+NODE/m);
    expect(r.out).toMatch(/^\d+\s+[✓·]\s+[✓·]\s+[✓·]\s+/m);
    expect(r.out).toContain('outcome: HTTP 200');
    expect(r.out).toContain('backend: default/details');
    expect(r.out).toContain('curl prints:');
  });

  it('--set hubble.enabled=false: Hubble sees no hop', () => {
    const { data } = json('trace', lab('03-basic-ingress.yaml'), '--from', 'router', '--curl', 'curl http://192.168.10.211/', '--set', 'hubble.enabled=false');
    expect(data.outcome.status).toBe(200);
    expect(data.hops.every((h: { seen: { hubble: unknown } }) => h.seen.hubble === null)).toBe(true);
  });

  it('an unknown client is an error diagnostic on stderr and exit 1', () => {
    const r = cli('trace', '--from', 'nobody-here', '--curl', 'curl http://192.168.10.211/');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^.+:\d+:\d+: error: .+/m);
  });
});

describe('scenarios', () => {
  it('lists every scenario file with its title', () => {
    const r = cli('scenarios');
    expect(r.code).toBe(0);
    expect(r.out).toContain('01-no-address.yaml');
    expect(r.out).toContain('11-debugging-tools.yaml');
    const { data } = json('scenarios');
    expect(Array.isArray(data)).toBe(true);
    const nine = (data as unknown as { name: string; title: string; requests: unknown[] }[]).find((s) => s.name === '09-path-types.yaml');
    expect(nine?.title).toContain('path types');
    expect(nine?.requests.length).toBeGreaterThan(10);
  });
});

describe('formatTable', () => {
  it('aligns columns with three spaces and no trailing blanks', () => {
    expect(formatTable([['A', 'BB', 'C'], ['aaa', 'b', '']])).toBe('A     BB   C\naaa   b');
  });
});

describe('observe', () => {
  const base = ['observe', lab('04-visibility.yaml'), '--from', 'router', '--curl', 'curl -s http://192.168.10.211/'];

  it('JSON: lines, caught hop indexes, missed hops with a reason, error null', () => {
    const r = json(...base, '--tool', "tcpdump -i eth1 -nn 'arp or port 80'", '--on', 'k8s-ctr');
    expect(r.code).toBe(0);
    expect(r.data.error).toBeNull();
    expect(r.data.lines[1]).toBe('listening on eth1, link-type EN10MB (Ethernet), snapshot length 262144 bytes');
    expect(r.data.lines.filter((l: string) => / IP 192\.168\.10\.200\.\d+ > 192\.168\.10\.211\.80: /.test(l)).length).toBe(3);
    expect(r.data.caught.length).toBeGreaterThan(0);
    const tr = json('trace', ...base.slice(1));
    const hops = tr.data.hops as { where: string; node: string }[];
    for (const i of r.data.caught as number[]) expect(hops[i].node === 'k8s-ctr' || hops[i].node === null).toBe(true);
    const missed = r.data.missed as { hop: number; reason: string }[];
    expect(missed.length + (r.data.caught as number[]).length).toBe(hops.length);
    expect(missed.every((m) => m.reason.length > 0)).toBe(true);
  });

  it('the readable form prints the tool output then why each hop was missed', () => {
    const r = cli(...base, '--tool', 'hubble observe --ip 192.168.10.200');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/http-request FORWARDED \(HTTP\/1\.1 GET http:\/\/192\.168\.10\.211\/\)/);
    expect(r.out).toMatch(/hops caught, \d+ missed:/);
  });

  it('a malformed command is a usage error pointing at its column, never a crash', () => {
    const r = json(...base, '--tool', "tcpdump -i eth1 'host'");
    expect(r.code).toBe(2);
    expect(r.data.error).toMatch(/column \d+/);
    const plain = cli(...base, '--tool', 'tcpdump -Z');
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(/\^/);
  });

  it('pwru carries the kernel-version note: a `note` after the four JSON fields, a comment on stderr', () => {
    const r = json(...base, '--tool', "pwru 'host 192.168.10.211'", '--on', 'k8s-ctr');
    expect(r.code).toBe(0);
    expect(Object.keys(r.data)).toEqual(['lines', 'caught', 'missed', 'error', 'note']);
    expect(r.data.note).toMatch(/^Kernel function names vary by kernel version: these rows follow Linux \d/);
    const plain = cli(...base, '--tool', 'pwru arp', '--on', 'k8s-ctr');
    expect(plain.err).toMatch(/^# Kernel function names vary by kernel version/m);
    expect(Object.keys(json(...base, '--tool', 'hubble observe').data)).toEqual(['lines', 'caught', 'missed', 'error']);
  });

  it('needs --tool; trace refuses --tool', () => {
    expect(cli(...base).code).toBe(2);
    expect(cli('trace', ...base.slice(1), '--tool', 'tcpdump').code).toBe(2);
  });
});
