// Pod to pod through the lxc devices (to/from container): one TCP exchange from a
// pod to another pod's IP, request leg, the app's answer, reply leg; same node via
// the lxc, another node across the wire or the tunnel. The legs are legs.ts
// (bpf/bpf_lxc.c cil_from_container / cil_to_container, bpf/lib/local_delivery.h).
import type { MonitorEvent, PacketView, PodState } from '../types';
import type { HttpRequestView, HttpResponse } from './app';
import { pkt } from './builder';
import type { Ctx } from './context';
import type { Flow } from './legs';
import { app } from './pod-app';

/** A TCP exchange from one pod to another pod's IP (request, app, reply). null = never delivered. */
export function podToPod(ctx: Ctx, src: PodState, dst: PodState, dport: number, sport: number, conn: number, view: HttpRequestView, sockEvents: MonitorEvent[] = []): HttpResponse | null {
  const f: Flow = { conn, direction: 'request', skb: ctx.w.newSkb() };
  const syn = pkt({ src: src.ip, sport, dst: dst.ip, dport, flags: 'S', l7: `${view.method} ${view.path} HTTP/1.1 Host: ${view.host}` });
  if (!podLeg(ctx, src, dst, syn, f, sockEvents)) return null;
  const resp = app(ctx, dst, view, conn);
  const rf: Flow = { conn, direction: 'reply', skb: ctx.w.newSkb() };
  const back = pkt({ src: dst.ip, sport: dport, dst: src.ip, dport: sport, flags: 'S.', l7: `HTTP/1.1 ${resp.status} ${resp.reason}` });
  podLeg(ctx, dst, src, back, rf, []);
  return resp;
}

function podLeg(ctx: Ctx, src: PodState, dst: PodState, p: PacketView, f: Flow, extra: MonitorEvent[]): boolean {
  if (!ctx.legs.podEgress(src, p, f, true, extra)) return false;
  if (src.node === dst.node) return ctx.legs.deliverFromTc(dst, p, f, src.identity, 'lxc');
  const a = ctx.legs.node(src.node);
  const b = ctx.legs.node(dst.node);
  if (!a || !b) return false;
  ctx.legs.crossNodes(a, b, p, f, src.identity, 'lxc');
  return ctx.legs.deliverFromTc(dst, p, f, src.identity, 'netdev');
}
