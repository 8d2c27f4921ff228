import { describe, expect, it } from 'vitest';
import { diagsWith, parseAlone, problems } from './test-util';

// Cilium's path-types example (examples/kubernetes/servicemesh/ingress-path-types-ingress.yaml), LABS.md lab 9.
const PATH_TYPES = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: multiple-path-types
  namespace: default
spec:
  ingressClassName: cilium
  rules:
  - host: "pathtypes.example.com"
    http:
      paths:
      - backend:
          service:
            name: exactpath
            port:
              number: 80
        path: /exact
        pathType: Exact
      - backend:
          service:
            name: prefixpath
            port:
              number: 80
        path: /
        pathType: Prefix
      - backend:
          service:
            name: prefixpath2
            port:
              number: 80
        path: /prefix
        pathType: Prefix
      - backend:
          service:
            name: implpath
            port:
              number: 80
        path: /impl
        pathType: ImplementationSpecific
      - backend:
          service:
            name: implpath2
            port:
              number: 80
        path: /impl.+
        pathType: ImplementationSpecific
`;

const ingress = (paths: string, extra = ''): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: t
${extra}spec:
  rules:
  - http:
      paths:
${paths}`;

describe('Ingress', () => {
  it('reads the path-types example with every path, type, backend and location', () => {
    const m = parseAlone(PATH_TYPES);
    expect(problems(m)).toEqual([]);
    const [ing] = m.ingresses;
    expect(ing).toBeDefined();
    expect(ing!.meta).toMatchObject({ name: 'multiple-path-types', namespace: 'default' });
    expect(ing!.ingressClassName).toBe('cilium');
    expect(ing!.classAnnotation).toBeNull();
    expect(ing!.loc).toEqual({ file: 'editor', doc: 0, line: 2, column: 1 });
    const rule = ing!.rules[0]!;
    expect(rule.host).toBe('pathtypes.example.com');
    expect(rule.paths.map((p) => [p.path, p.pathType, p.backend.service?.name, p.backend.service?.port.number])).toEqual([
      ['/exact', 'Exact', 'exactpath', 80],
      ['/', 'Prefix', 'prefixpath', 80],
      ['/prefix', 'Prefix', 'prefixpath2', 80],
      ['/impl', 'ImplementationSpecific', 'implpath', 80],
      ['/impl.+', 'ImplementationSpecific', 'implpath2', 80],
    ]);
    // each path is located at its `- backend:` item
    expect(rule.paths[0]!.loc).toMatchObject({ line: 13, column: 9 });
    expect(rule.paths[4]!.loc).toMatchObject({ line: 41, column: 9 });
  });

  it('reads TLS, defaultBackend, port names and the class annotation', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls-ingress
  namespace: default
  annotations:
    kubernetes.io/ingress.class: cilium
spec:
  defaultBackend:
    service: {name: productpage, port: {name: http}}
  tls:
  - hosts: [webpod.cilium.rocks, bookinfo.cilium.rocks]
    secretName: demo-cert
  rules:
  - host: webpod.cilium.rocks
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: webpod, port: {number: 80}}}}
`;
    const m = parseAlone(text);
    expect(problems(m)).toEqual([]);
    const ing = m.ingresses[0]!;
    expect(ing.classAnnotation).toBe('cilium');
    expect(ing.defaultBackend?.service).toEqual({ name: 'productpage', port: { name: 'http' } });
    expect(ing.tls).toEqual([{ hosts: ['webpod.cilium.rocks', 'bookinfo.cilium.rocks'], secretName: 'demo-cert', loc: { file: 'editor', doc: 0, line: 12, column: 5 } }]);
  });

  it('backend port with neither number nor name, or both, is an error at the port', () => {
    const text = ingress(`      - path: /a
        pathType: Prefix
        backend:
          service:
            name: a
            port: {}
      - path: /b
        pathType: Prefix
        backend:
          service:
            name: b
            port: {number: 80, name: http}
`);
    const m = parseAlone(text);
    expect(diagsWith(m, 'model.ingress.backend.port.none').map((d) => [d.line, d.column])).toEqual([[14, 19]]);
    expect(diagsWith(m, 'model.ingress.backend.port.both').map((d) => [d.line, d.column])).toEqual([[20, 19]]);
    expect(m.diagnostics.every((d) => d.hint)).toBe(true);
  });

  it('pathType missing or invalid: error, the path is skipped', () => {
    const text = ingress(`      - path: /a
        backend: {service: {name: a, port: {number: 80}}}
      - path: /b
        pathType: prefix
        backend: {service: {name: b, port: {number: 80}}}
      - path: /c
        pathType: Exact
        backend: {service: {name: c, port: {number: 80}}}
`);
    const m = parseAlone(text);
    expect(m.ingresses[0]!.rules[0]!.paths.map((p) => p.path)).toEqual(['/c']);
    const missing = diagsWith(m, 'model.ingress.pathType.missing');
    expect(missing.map((d) => [d.severity, d.line, d.column])).toEqual([['error', 9, 9]]);
    const invalid = diagsWith(m, 'model.ingress.pathType.invalid');
    expect(invalid.map((d) => [d.line, d.column])).toEqual([[12, 19]]);
    expect(invalid[0]!.message).toContain('prefix');
  });

  it('Exact/Prefix paths must start with /', () => {
    const text = ingress(`      - path: api
        pathType: Prefix
        backend: {service: {name: a, port: {number: 80}}}
`);
    const d = diagsWith(parseAlone(text), 'model.ingress.path.absolute');
    expect(d.map((x) => [x.line, x.column])).toEqual([[9, 15]]);
  });

  it('an ImplementationSpecific path RE2 cannot compile is an error with RE2 s message', () => {
    const text = ingress(`      - path: /(?=look)ahead
        pathType: ImplementationSpecific
        backend: {service: {name: a, port: {number: 80}}}
      - path: /impl[
        pathType: ImplementationSpecific
        backend: {service: {name: a, port: {number: 80}}}
`);
    const d = diagsWith(parseAlone(text), 'model.ingress.path.regex');
    expect(d.map((x) => [x.line, x.column])).toEqual([
      [9, 15],
      [12, 15],
    ]);
    expect(d[0]!.message).toMatch(/RE2/);
    expect(d[1]!.message).toContain('/impl[');
  });

  it('missing metadata.name: error, object skipped', () => {
    const m = parseAlone('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  namespace: x\nspec: {}\n');
    expect(m.ingresses).toEqual([]);
    expect(diagsWith(m, 'model.metadata.name').map((d) => [d.severity, d.line, d.column])).toEqual([['error', 4, 3]]);
  });
});

describe('Ingress hosts', () => {
  it('an IP host, an upper-case host and a bad TLS host are errors at the value', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: h}
spec:
  tls: [{hosts: ["a.*.rocks"], secretName: s}]
  rules:
  - host: 192.168.10.211
  - host: Webpod.cilium.rocks
  - host: "*.cilium.rocks"
`;
    const m = parseAlone(text);
    expect(diagsWith(m, 'model.ingress.host.ip').map((d) => [d.line, d.column])).toEqual([[7, 11]]);
    expect(diagsWith(m, 'model.ingress.host.invalid').map((d) => [d.line, d.column])).toEqual([
      [8, 11],
      [5, 18],
    ]);
    expect(m.ingresses[0]!.rules.map((r) => r.host)).toEqual(['192.168.10.211', 'Webpod.cilium.rocks', '*.cilium.rocks']);
  });
});
