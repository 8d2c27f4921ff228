// The topology's geometry as a pure function of ClusterState: boxes and anchor
// points in SVG user units. Positions follow node order and names (never a
// force simulation), so editing YAML does not shuffle the picture.
import type { ClusterState, Hop, PodState } from '../engine-types';

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  w: number;
  h: number;
}

export type ItemKind = 'client' | 'node' | 'iface' | 'envoy' | 'pod' | 'lb-ip';

export interface Item extends Box {
  /** stable key: client:router, node:k8s-ctr, if:k8s-ctr:eth1, envoy:k8s-ctr, pod:default/x, lb:192.168.10.211 */
  id: string;
  kind: ItemKind;
  label: string;
  sub: string | null;
  /** for iface: the interface kind; for lb-ip: 'announced' | 'silent' | 'pending' */
  variant: string | null;
  /** node this item sits in (null for clients / LB IPs) */
  node: string | null;
}

export interface Link {
  id: string;
  from: Point;
  to: Point;
  kind: 'segment-drop' | 'announce' | 'uplink' | 'internal';
}

export interface Layout {
  width: number;
  height: number;
  segment: { y: number; x1: number; x2: number; label: string };
  items: Item[];
  links: Link[];
  /** anchor point per item id (where the packet sits at a hop there) */
  anchors: Record<string, Point>;
}

export const GEOM = {
  margin: 16,
  clientW: 170,
  clientH: 48,
  segY: 88,
  nodeY: 124,
  nodeGap: 36,
  pill: 28,
  podW: 156,
  podH: 48,
  podGap: 10,
  podCols: 4,
  lbW: 190,
  lbH: 48,
} as const;

function podKey(p: Pick<PodState, 'namespace' | 'name'>): string {
  return `${p.namespace}/${p.name}`;
}

function byName<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function center(b: Box): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** Pods drawn inside a node: not host-network ones (those are the node itself), sorted by name. */
export function drawnPods(state: ClusterState, node: string): PodState[] {
  return state.pods.filter((p) => p.node === node && !p.hostNetwork).sort(byName(podKey));
}

export function computeLayout(state: ClusterState): Layout {
  const G = GEOM;
  const items: Item[] = [];
  const links: Link[] = [];
  const anchors: Record<string, Point> = {};
  const add = (it: Item, anchor?: Point) => {
    items.push(it);
    anchors[it.id] = anchor ?? center(it);
  };

  // ---- nodes, in the order the lab lists them
  let x = G.margin;
  const nodeBoxes: Record<string, Box> = {};
  const segmentIfs: Point[] = [];
  for (const node of state.nodes) {
    const pods = drawnPods(state, node.name);
    // wide rather than tall (the picture sits in a wide, low pane): up to two rows until 12 pods
    const cols = pods.length <= G.podCols ? Math.max(2, pods.length) : Math.min(6, Math.max(G.podCols, Math.ceil(pods.length / 2)));
    const rows = Math.max(1, Math.ceil(pods.length / cols));
    const w = Math.max(440, cols * (G.podW + G.podGap) + G.podGap + 8);
    const podsTop = G.nodeY + 106;
    const h = podsTop - G.nodeY + rows * (G.podH + G.pill / 2 + G.podGap) + 30;
    const box: Box = { x, y: G.nodeY, w, h };
    nodeBoxes[node.name] = box;
    add({ id: `node:${node.name}`, kind: 'node', ...box, label: node.name, sub: `${node.internalIP} · pods ${node.podCIDR}`, variant: node.role, node: node.name });

    // interfaces: physical ones across the top edge (the segment one first), cilium pair inside
    const physical = node.interfaces.filter((i) => i.kind === 'physical').sort(byName((i) => i.name));
    const segIf = physical.find((i) => i.name !== node.defaultInterface && i.ip === node.internalIP) ?? physical.find((i) => i.ip === node.internalIP) ?? null;
    const order = segIf ? [segIf, ...physical.filter((i) => i !== segIf)] : physical;
    order.forEach((nif, k) => {
      const pw = 176;
      const b: Box = k === 0 ? { x: x + 16, y: G.nodeY - G.pill / 2, w: pw, h: G.pill } : { x: x + w - 16 - pw * k - 8 * (k - 1), y: G.nodeY - G.pill / 2, w: pw, h: G.pill };
      add({ id: `if:${node.name}:${nif.name}`, kind: 'iface', ...b, label: nif.name, sub: nif.ip, variant: nif === segIf ? 'segment' : nif.name === node.defaultInterface ? 'uplink' : 'physical', node: node.name });
      if (nif === segIf) {
        const top = { x: b.x + b.w / 2, y: b.y };
        segmentIfs.push(top);
        links.push({ id: `drop:${node.name}`, from: { x: top.x, y: G.segY }, to: top, kind: 'segment-drop' });
      }
    });

    const rowY = G.nodeY + 30;
    const net = node.interfaces.find((i) => i.kind === 'cilium_net');
    const host = node.interfaces.find((i) => i.kind === 'cilium_host');
    const netB: Box = { x: x + 16, y: rowY, w: 120, h: G.pill };
    const hostB: Box = { x: x + 16, y: rowY + G.pill + 10, w: 190, h: G.pill };
    add({ id: `if:${node.name}:${net?.name ?? 'cilium_net'}`, kind: 'iface', ...netB, label: net?.name ?? 'cilium_net', sub: null, variant: 'cilium_net', node: node.name });
    add({ id: `if:${node.name}:${host?.name ?? 'cilium_host'}`, kind: 'iface', ...hostB, label: host?.name ?? 'cilium_host', sub: node.ciliumHostIP, variant: 'cilium_host', node: node.name });
    links.push({ id: `veth:${node.name}`, from: { x: netB.x + 40, y: netB.y + netB.h }, to: { x: netB.x + 40, y: hostB.y }, kind: 'internal' });

    const envB: Box = { x: x + w - 16 - 220, y: rowY, w: 220, h: 66 };
    add({ id: `envoy:${node.name}`, kind: 'envoy', ...envB, label: 'Envoy', sub: node.ingressIP, variant: null, node: node.name });

    pods.forEach((p, i) => {
      const c = i % cols;
      const r = Math.floor(i / cols);
      const px = x + G.podGap + 4 + c * (G.podW + G.podGap);
      const py = podsTop + r * (G.podH + G.pill / 2 + G.podGap);
      // the pod box, with its host-side lxc as a pill on its top edge
      const pb: Box = { x: px, y: py + G.pill / 2, w: G.podW, h: G.podH };
      add({ id: `pod:${podKey(p)}`, kind: 'pod', ...pb, label: p.name, sub: p.ip, variant: p.namespace, node: node.name });
      if (p.lxc) {
        const lb: Box = { x: px + 10, y: py, w: G.podW - 20, h: G.pill - 6 };
        add({ id: `if:${node.name}:${p.lxc.name}`, kind: 'iface', ...lb, label: p.lxc.name, sub: null, variant: 'lxc', node: node.name });
      }
    });
    x += w + G.nodeGap;
  }
  const nodesRight = x - G.nodeGap;

  // ---- clients across the top left
  let cx = G.margin;
  for (const c of state.clients) {
    const b: Box = { x: cx, y: G.margin, w: G.clientW, h: G.clientH };
    add({ id: `client:${c.name}`, kind: 'client', ...b, label: c.name, sub: c.ip, variant: null, node: null }, { x: b.x + b.w / 2, y: b.y + b.h });
    links.push({ id: `drop:${c.name}`, from: { x: b.x + b.w / 2, y: b.y + b.h }, to: { x: b.x + b.w / 2, y: G.segY }, kind: 'segment-drop' });
    cx += G.clientW + 16;
  }

  // ---- LB IPs (LoadBalancer services with an address, and pending ones) across the top right
  let lx = Math.max(cx + 24, G.margin + 2 * (G.clientW + 16));
  const lbs = state.services.filter((s) => s.type === 'LoadBalancer').sort(byName((s) => `${s.externalIP ?? '~'} ${s.namespace}/${s.name}`));
  for (const s of lbs) {
    const ann = state.l2.find((a) => a.namespace === s.namespace && a.service === s.name && a.ip === s.externalIP) ?? null;
    const variant = !s.externalIP ? 'pending' : ann?.node && ann.interface ? 'announced' : 'silent';
    const b: Box = { x: lx, y: G.margin, w: G.lbW, h: G.lbH };
    add({ id: `lb:${s.externalIP ?? `${s.namespace}/${s.name}`}`, kind: 'lb-ip', ...b, label: s.externalIP ?? '<pending>', sub: `${s.namespace}/${s.name}`, variant, node: ann?.node ?? null });
    if (variant === 'announced' && ann?.node && ann.interface) {
      const target = anchors[`if:${ann.node}:${ann.interface}`];
      if (target) links.push({ id: `announce:${s.namespace}/${s.name}`, from: { x: b.x + b.w / 2, y: b.y + b.h }, to: target, kind: 'announce' });
    }
    lx += G.lbW + 12;
  }

  const xs = [...segmentIfs.map((p) => p.x), G.margin + G.clientW / 2];
  const right = Math.max(nodesRight, lx, cx);
  const height = Math.max(...Object.values(nodeBoxes).map((b) => b.y + b.h), G.nodeY + 100) + G.margin;
  const cidrs = [...new Set(state.clients.map((c) => c.cidr))];
  return {
    width: right + G.margin,
    height,
    segment: { y: G.segY, x1: Math.min(...xs) - 30, x2: Math.max(right - 10, ...xs), label: cidrs.join(', ') || 'L2 segment' },
    items,
    links,
    anchors,
  };
}

/** The anchor of one hop, or null for a hop on the wire (placed between its neighbours). */
export function hopAnchor(layout: Layout, state: ClusterState, hop: Pick<Hop, 'node' | 'where' | 'stage'>, envoyNode: string | null): Point | null {
  const a = layout.anchors;
  const where = hop.where ?? '';
  if (hop.stage === 'wire' || where.startsWith('wire:') || hop.node === null) return null;
  const node = hop.node;
  if (where.startsWith('pod:') && a[`pod:${where.slice(4)}`]) return a[`pod:${where.slice(4)}`];
  if (a[`client:${node}`]) return a[`client:${node}`];
  // a pod named as the hop's node (namespace/name or a bare name)
  const pod = state.pods.find((p) => podKey(p) === node || p.name === node);
  if (pod && a[`pod:${podKey(pod)}`]) {
    if (where && pod.lxc && where === pod.lxc.name && a[`if:${pod.node}:${where}`]) return a[`if:${pod.node}:${where}`];
    return a[`pod:${podKey(pod)}`];
  }
  if (a[`if:${node}:${where}`]) return a[`if:${node}:${where}`];
  if (where === 'envoy' || hop.stage.startsWith('envoy')) return a[`envoy:${node}`] ?? a[`node:${node}`] ?? null;
  if (where === 'socket' && envoyNode === node && a[`envoy:${node}`]) return a[`envoy:${node}`];
  return a[`node:${node}`] ?? null;
}

/** The packet's point at every hop; wire hops sit on the segment between their neighbours. */
export function hopPoints(layout: Layout, state: ClusterState, hops: Pick<Hop, 'node' | 'where' | 'stage'>[], envoyNode: string | null): Point[] {
  const raw = hops.map((h) => hopAnchor(layout, state, h, envoyNode));
  const fallback: Point = { x: layout.segment.x1 + 40, y: layout.segment.y };
  return raw.map((p, i) => {
    if (p) return p;
    let prev: Point | null = null;
    for (let j = i - 1; j >= 0 && !prev; j--) prev = raw[j];
    let next: Point | null = null;
    for (let j = i + 1; j < raw.length && !next; j++) next = raw[j];
    const xs = [prev?.x, next?.x].filter((v): v is number => v !== undefined);
    const x = xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : fallback.x;
    return { x, y: layout.segment.y };
  });
}
