// The application in the destination pod answers, as a hop (app.ts says what it
// answers); ingress-nginx's controller instead matches class-nginx Ingresses and
// proxies to an endpoint itself, a pod-to-pod leg of its own (lxc.ts)
// (kubernetes/ingress-nginx rootfs/etc/nginx/lua/balancer.lua).
import type { IngressRuleState, PodState } from '../types';
import { appKind, appRespond, envoyResponse, type HttpRequestView, type HttpResponse } from './app';
import { pkt } from './builder';
import { podOf, type Ctx, type Exchange } from './context';
import { readyEndpoints } from './envoy';
import { podToPod } from './lxc';
import { ephemeralPort, pickIndex } from './util';

function isNginxController(pod: PodState): boolean {
  return pod.containers.some((c) => c.image.includes('ingress-nginx/controller'));
}

export function app(ctx: Ctx, pod: PodState, view: HttpRequestView, conn: number): HttpResponse {
  if (isNginxController(pod)) return nginx(ctx, pod, view, conn);
  const resp = appKind(pod) === 'generic' && pod.containers.some((c) => /redirect/.test(c.image))
    ? { ...envoyResponse(301, []), headers: [['location', `http://${view.host}${view.path}`], ['content-length', '0']] as [string, string][], summary: '301 (redirect app)', app: 'redirect' }
    : appRespond(pod, view);
  ctx.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${ctx.legs.podName(pod)}`, stage: 'app', program: pod.containers[0]?.image ?? null, packet: pkt({ src: view.remoteIP, sport: view.remotePort, dst: pod.ip, dport: null, flags: 'P.', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host}` }), action: 'reply', skb: null, id: 'datapath.app.answer', params: { pod: ctx.legs.podName(pod), app: resp.app, status: resp.status, summary: resp.summary }, refs: [] });
  return resp;
}

/** ingress-nginx's controller: matches class-nginx Ingresses and proxies to endpoints directly. */
function nginx(ctx: Ctx, pod: PodState, view: HttpRequestView, conn: number): HttpResponse {
  const host = view.host.replace(/:\d+$/, '').toLowerCase();
  const rules: (IngressRuleState & { ing: string })[] = ctx.state.ingresses
    .filter((i) => i.class === 'nginx' || i.ingressClassName === 'nginx')
    .flatMap((i) => (i.rules ?? []).map((r) => ({ ...r, ing: `${i.namespace}/${i.name}`, ns: i.namespace })));
  // nginx picks one server by Host (ngx_http_core_module server_name: the exact name, then the
  // longest wildcard, then the default server, here the host-less rules); ingress-nginx puts every
  // rule of one host into that host's server, and a path none of them covers goes to its default
  // backend (404): no other server is tried (kubernetes/ingress-nginx
  // internal/ingress/controller/controller.go createServers: each server starts with a root
  // location on the default backend).
  const rank = (r: { host: string | null }): number => (r.host === null ? 2 : r.host.startsWith('*.') ? 1 : 0);
  const candidates = rules.filter(
    (r) => r.host === null || r.host.toLowerCase() === host || (r.host.startsWith('*.') && host.endsWith(r.host.slice(1).toLowerCase()) && !host.slice(0, host.length - r.host.length + 1).includes('.')),
  );
  const best = candidates.reduce<(typeof candidates)[number] | null>((b, r) => (!b || rank(r) < rank(b) || (rank(r) === rank(b) && (r.host?.length ?? 0) > (b.host?.length ?? 0)) ? r : b), null);
  const server = best ? candidates.filter((r) => (r.host ?? '').toLowerCase() === (best.host ?? '').toLowerCase() && (r.host === null) === (best.host === null)) : [];
  const p = view.path.split('?')[0];
  let hit: { ing: string; path: IngressRuleState['paths'][number] } | null = null;
  const located = server
    .flatMap((r) => r.paths.map((path) => ({ ing: r.ing, path })))
    .sort((x, y) => (x.path.pathType === 'Exact' ? -1 : 0) - (y.path.pathType === 'Exact' ? -1 : 0) || y.path.path.length - x.path.path.length);
  const m = located.find(({ path: x }) => (x.pathType === 'Exact' ? p === x.path : x.path === '/' || p === x.path.replace(/\/$/, '') || p.startsWith(`${x.path.replace(/\/$/, '')}/`)));
  if (m) hit = m;
  const ns = hit ? hit.ing.split('/')[0] : 'default';
  const svc = hit?.path.service ? ctx.state.services.find((s) => s.namespace === ns && s.name === hit?.path.service) : undefined;
  const base = pkt({ src: view.remoteIP, sport: view.remotePort, dst: pod.ip, flags: 'P.', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host}` });
  const nginxPage = (status: number, text: string): HttpResponse => {
    const body = ['<html>', `<head><title>${status} ${text}</title></head>`, '<body>', `<center><h1>${status} ${text}</h1></center>`, '<hr><center>nginx</center>', '</body>', '</html>'];
    const bytes = body.reduce((n, l) => n + l.length + 2, 0);
    return { status, reason: text, headers: [['content-type', 'text/html'], ['content-length', String(bytes)], ['connection', 'keep-alive']], body, bytes, summary: `${status} ${text} from ingress-nginx`, app: 'nginx' };
  };
  if (!hit || !svc) {
    ctx.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${ctx.legs.podName(pod)}`, stage: 'app', program: 'nginx', packet: base, action: 'reply', skb: null, id: 'datapath.nginx.noMatch', params: { host, path: view.path }, refs: ['nginxIngress'] });
    return nginxPage(404, 'Not Found');
  }
  const sp = svc.ports.find((x) => (typeof hit?.path.port === 'number' ? x.port === hit.path.port : x.name === hit?.path.port)) ?? svc.ports[0];
  const eps = sp ? readyEndpoints(svc, sp.name) : [];
  if (eps.length === 0) {
    ctx.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${ctx.legs.podName(pod)}`, stage: 'app', program: 'nginx', packet: base, action: 'reply', skb: null, id: 'datapath.nginx.noEndpoints', params: { service: `${svc.namespace}/${svc.name}` }, refs: ['nginxIngress'] });
    return nginxPage(503, 'Service Temporarily Unavailable');
  }
  const ep = eps[pickIndex(ctx.state.seed, `nginx:${ctx.n}:${view.remotePort}`, eps.length)];
  const target = podOf(ctx.state, ep.pod, ep.ip);
  ctx.w.hop({ conn, direction: 'request', node: pod.node, where: `pod:${ctx.legs.podName(pod)}`, stage: 'app', program: 'nginx', packet: base, action: 'connect', skb: null, id: 'datapath.nginx.proxy', params: { ingress: hit.ing, service: `${svc.namespace}/${svc.name}`, ip: ep.ip, port: ep.port }, refs: ['nginxIngress'] });
  if (!target) return nginxPage(502, 'Bad Gateway');
  const sport = ephemeralPort(ctx.state.seed, `nginx-up:${ctx.n}:${view.remotePort}`);
  const up = ctx.w.conn('tcp', 'nginx→backend', { ip: pod.ip, port: sport, host: ctx.legs.podName(pod) }, { ip: ep.ip, port: ep.port, host: ctx.legs.podName(target) });
  const upView: HttpRequestView = { ...view, headers: [...view.headers, ['x-forwarded-for', view.remoteIP], ['x-real-ip', view.remoteIP]], remoteIP: pod.ip, remotePort: sport };
  const r = podToPod(ctx, pod, target, ep.port, sport, up, upView);
  if (!r) return nginxPage(504, 'Gateway Time-out');
  ctx.proxiedBackend = { namespace: svc.namespace, service: svc.name, pod: target.name, node: target.node };
  return { ...r, headers: r.headers.filter(([n]) => n.toLowerCase() !== 'server'), summary: `${r.summary} (via ingress-nginx)` };
}

/** The pod behind a proxying app, once: the trace's backend is the pod that produced the answer. */
export function takeProxiedBackend(ctx: Ctx): Exchange['backend'] {
  const b = ctx.proxiedBackend;
  ctx.proxiedBackend = null;
  return b;
}
