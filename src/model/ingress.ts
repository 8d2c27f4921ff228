// networking.k8s.io/v1 Ingress, checked the way the API server would check it
// (kubernetes/kubernetes pkg/apis/networking/validation/validation.go validateHTTPIngressPath,
// validateIngressBackend) plus the RE2 compile Envoy will do for ImplementationSpecific paths.
import { compileRE2 } from './re2';
import type { Ctx } from './context';
import type { Ingress, IngressBackend, IngressPath, IngressRule, IngressTLS, PathType } from './types';
import { get, type YMap, type YNode } from './yaml';

const PATH_TYPES: readonly PathType[] = ['Exact', 'Prefix', 'ImplementationSpecific'];
/** RFC 1123 DNS name, lower case, optionally with a leading `*.` (the API server's rule for Ingress hosts). */
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function parseBackend(n: YNode, ctx: Ctx, path: string): IngressBackend {
  const loc = ctx.loc(n.off);
  const svc = ctx.map(n, 'service', `${path}.service`);
  if (!svc) {
    if (get(n, 'resource')) ctx.warn('model.ingress.backend.resource', n.off);
    else ctx.error('model.ingress.backend.missing', n.off, { field: path });
    return { service: null, loc };
  }
  const name = ctx.str(svc, 'name', `${path}.service.name`);
  if (!name) ctx.error('model.ingress.backend.name', svc.off, { field: `${path}.service` });
  const port = ctx.map(svc, 'port', `${path}.service.port`);
  const number = port ? ctx.num(port, 'number', `${path}.service.port.number`) : null;
  const pname = port ? ctx.str(port, 'name', `${path}.service.port.name`) : null;
  if (number === null && !pname) ctx.error('model.ingress.backend.port.none', port?.off ?? svc.off, { field: `${path}.service.port` });
  else if (number !== null && pname) ctx.error('model.ingress.backend.port.both', port!.off, { field: `${path}.service.port` });
  if (number !== null && (number < 1 || number > 65535))
    ctx.error('model.port.range', get(port ?? undefined, 'number')!.off, { port: number, field: `${path}.service.port.number` });
  const p: { number?: number; name?: string } = {};
  if (number !== null) p.number = number;
  if (pname) p.name = pname;
  return { service: { name: name ?? '', port: p }, loc };
}

function parsePath(n: YNode, ctx: Ctx, field: string): IngressPath | null {
  const loc = ctx.loc(n.off);
  const ptNode = get(n, 'pathType');
  const pt = ctx.str(n, 'pathType', `${field}.pathType`);
  const pathNode = get(n, 'path');
  const path = ctx.str(n, 'path', `${field}.path`) ?? '';
  const backendNode = get(n, 'backend');
  if (!backendNode) {
    ctx.error('model.ingress.backend.missing', n.off, { field: `${field}.backend` });
    return null;
  }
  const backend = parseBackend(backendNode, ctx, `${field}.backend`);
  if (pt === null) {
    ctx.error('model.ingress.pathType.missing', n.off, { path });
    return null;
  }
  if (!PATH_TYPES.includes(pt as PathType)) {
    ctx.error('model.ingress.pathType.invalid', ptNode!.off, { pathType: pt });
    return null;
  }
  const pathType = pt as PathType;
  if (pathType !== 'ImplementationSpecific') {
    if (!path.startsWith('/')) {
      ctx.error('model.ingress.path.absolute', pathNode?.off ?? n.off, { path, pathType });
      return null;
    }
    // The API rejects these sequences in Exact/Prefix paths (validateHTTPIngressPath).
    for (const bad of ['//', '/./', '/../', '%2f', '%2F']) {
      if (path.includes(bad)) ctx.error('model.ingress.path.sequence', pathNode?.off ?? n.off, { path, sequence: bad });
    }
    if (path.endsWith('/..') || path.endsWith('/.'))
      ctx.error('model.ingress.path.sequence', pathNode?.off ?? n.off, { path, sequence: path.endsWith('/..') ? '/..' : '/.' });
  } else {
    const { error } = compileRE2(path);
    if (error !== null) {
      ctx.error('model.ingress.path.regex', pathNode?.off ?? n.off, { path, error });
      return null;
    }
  }
  return { path, pathType, backend, loc };
}

export function parseIngress(root: YMap, ctx: Ctx, apiVersion: string): Ingress | null {
  const meta = ctx.meta(root, 'Ingress', true);
  if (!meta) return null;
  if (apiVersion !== 'networking.k8s.io/v1') ctx.warn('model.apiVersion.unexpected', ctx.keyOff(root, 'apiVersion', root.off), { apiVersion, kind: 'Ingress', expected: 'networking.k8s.io/v1' });
  const spec = ctx.map(root, 'spec') ?? undefined;
  const dbNode = get(spec, 'defaultBackend');
  const defaultBackend = dbNode ? parseBackend(dbNode, ctx, 'spec.defaultBackend') : null;
  const rules: IngressRule[] = [];
  ctx.seq(spec, 'rules', 'spec.rules').forEach((r, ri) => {
    const host = ctx.str(r, 'host', `spec.rules[${ri}].host`);
    if (host !== null) {
      const hostNode = get(r, 'host')!;
      if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':'))
        ctx.error('model.ingress.host.ip', hostNode.off, { host });
      else if (!HOST.test(host))
        ctx.error('model.ingress.host.invalid', hostNode.off, { host });
    }
    const http = ctx.map(r, 'http', `spec.rules[${ri}].http`);
    const paths: IngressPath[] = [];
    if (http) {
      ctx.seq(http, 'paths', `spec.rules[${ri}].http.paths`).forEach((p, pi) => {
        const ip = parsePath(p, ctx, `spec.rules[${ri}].http.paths[${pi}]`);
        if (ip) paths.push(ip);
      });
    }
    rules.push({ host: host || null, paths, loc: ctx.loc(r.off) });
  });
  const tls: IngressTLS[] = ctx.seq(spec, 'tls', 'spec.tls').map((tn, ti) => {
    for (const h of ctx.seq(tn, 'hosts', `spec.tls[${ti}].hosts`)) {
      const host = h.t === 'scalar' && h.value !== null ? String(h.value) : '';
      if (!HOST.test(host)) ctx.error('model.ingress.host.invalid', h.off, { host });
    }
    return {
      hosts: ctx.strList(tn, 'hosts', `spec.tls[${ti}].hosts`),
      secretName: ctx.str(tn, 'secretName', `spec.tls[${ti}].secretName`),
      loc: ctx.loc(tn.off),
    };
  });
  if (!defaultBackend && rules.length === 0) ctx.error('model.ingress.empty', spec?.off ?? root.off);
  return {
    kind: 'Ingress',
    apiVersion,
    meta,
    loc: ctx.loc(root.off),
    ingressClassName: ctx.str(spec, 'ingressClassName', 'spec.ingressClassName'),
    classAnnotation: meta.annotations['kubernetes.io/ingress.class'] ?? null,
    defaultBackend,
    rules,
    tls,
  };
}
