// The topology: clients and the L2 segment across the top, one box per node
// (eth0/eth1, cilium_net/cilium_host, Envoy with its reserved:ingress IP, one
// lxc + pod per pod), the LB IPs with their announcing node. Geometry comes
// from layout.ts (pure); d3-zoom pans and zooms; the packet moves along the
// trace's hops with requestAnimationFrame, transform-only.
import { memo, useEffect, useMemo, useRef } from 'react';
import { PIN_COLOURS } from '../Compare';
import { select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior } from 'd3';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import { visibleUnder } from '../store';
import { computeLayout, hopPoints, type Item, type Point } from './layout';
import { arrivalTime, ease, positionAt, schedule } from '../timeline/timing';
import { MARK, markAfterPaint } from '../timeline/marks';
import { startStress, stressCount } from './stress';
import { fitTransform, focusOf } from './fit';

/** `?stress=N`: N looping packet markers for the browser performance harness. */
const STRESS = typeof window !== 'undefined' ? stressCount(window.location.search) : 0;

function short(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function ItemShapeView({ it, active }: { it: Item; active: boolean }) {
  const cls = `topo-item topo-${it.kind}${it.variant ? ` v-${it.variant.replace(/[^a-z0-9-]/gi, '')}` : ''}${active ? ' active' : ''}`;
  if (it.kind === 'node') {
    return (
      <g className={cls}>
        <rect x={it.x} y={it.y} width={it.w} height={it.h} rx={10} />
        <text x={it.x + 14} y={it.y + it.h - 12} className="node-title">
          {it.label}
        </text>
        <text x={it.x + 14 + it.label.length * 10 + 14} y={it.y + it.h - 12} className="sub">
          {it.sub}
        </text>
      </g>
    );
  }
  if (it.kind === 'envoy') {
    return (
      <g className={cls}>
        <rect x={it.x} y={it.y} width={it.w} height={it.h} rx={8} />
        <text x={it.x + 12} y={it.y + 24} className="label">
          {tr('topology.envoy')}
        </text>
        <text x={it.x + 12} y={it.y + 50} className="sub">
          {tr('topology.ingressIP', { ip: it.sub ?? '' })}
        </text>
      </g>
    );
  }
  if (it.kind === 'iface') {
    const text = it.sub ? `${short(it.label, 16)} ${it.sub}` : short(it.label, 18);
    return (
      <g className={cls}>
        <rect x={it.x} y={it.y} width={it.w} height={it.h} rx={it.h / 2} />
        <text x={it.x + it.w / 2} y={it.y + it.h / 2 + 5} textAnchor="middle" className="label small">
          {text}
        </text>
      </g>
    );
  }
  if (it.kind === 'lb-ip') {
    return (
      <g className={cls}>
        <rect x={it.x} y={it.y} width={it.w} height={it.h} rx={6} />
        <text x={it.x + 10} y={it.y + 20} className="label">
          {it.label}
        </text>
        <text x={it.x + 10} y={it.y + 40} className="sub small">
          {it.variant === 'announced' ? tr('topology.lb.announced', { node: it.node ?? '' }) : it.variant === 'silent' ? tr('topology.lb.silent') : short(it.sub ?? '', 22)}
        </text>
      </g>
    );
  }
  // client, pod
  return (
    <g className={cls}>
      <rect x={it.x} y={it.y} width={it.w} height={it.h} rx={6} />
      <text x={it.x + 8} y={it.y + (it.kind === 'pod' ? 25 : 19)} className="label">
        {short(it.label, it.kind === 'pod' ? 17 : 20)}
      </text>
      <text x={it.x + 8} y={it.y + (it.kind === 'pod' ? 42 : 38)} className="sub">
        {it.sub}
      </text>
      <title>{`${it.label} ${it.sub ?? ''}`}</title>
    </g>
  );
}

function sameItem(a: Item, b: Item): boolean {
  return a.id === b.id && a.kind === b.kind && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && a.label === b.label && a.sub === b.sub && a.variant === b.variant && a.node === b.node;
}

/** An edit that leaves an item where and what it was re-renders nothing of it (edit -> trace latency). */
const ItemShape = memo(ItemShapeView, (a, b) => a.active === b.active && sameItem(a.it, b.it));

export function Topology() {
  const store = useAppStore();
  const { state, trace, step, lens, stale, playing, speed, epoch } = useApp(
    useShallow((s) => ({ state: s.state, trace: s.trace, step: s.step, lens: s.lens, stale: s.stale, playing: s.playing, speed: s.speed, epoch: s.epoch })),
  );
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const dotRef = useRef<SVGGElement>(null);
  const stressRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const layout = useMemo(() => (state ? computeLayout(state) : null), [state]);
  const points = useMemo<Point[]>(() => (layout && state && trace ? hopPoints(layout, state, trace.hops, trace.envoyNode) : []), [layout, state, trace]);
  const pinned = useApp((s) => s.pinned);
  const caught = useApp((s) => (s.commandResult && !s.commandResult.error ? s.commandResult.caught : null));
  const pinnedPoints = useMemo<Point[][]>(() => (layout && state ? pinned.map((t) => hopPoints(layout, state, t.hops, t.envoyNode)) : []), [layout, state, pinned]);
  const sched = useMemo(() => schedule(trace?.hops ?? [], speed), [trace, speed]);

  // for the performance harness: the first picture is on screen
  useEffect(() => {
    if (layout) markAfterPaint(MARK.topologyDrawn, true);
  }, [layout]);

  // stress mode: many packets along the path, transform-only on rAF
  useEffect(() => {
    const g = stressRef.current;
    if (!STRESS || !g || points.length < 2) return;
    return startStress(g, points, sched, STRESS);
  }, [points, sched]);

  /** the + / − buttons: zoom, and keep it as the user's viewport */
  const zoomBy = (k: number) => {
    const svg = svgRef.current;
    if (!svg || !zoomRef.current) return;
    select(svg).call(zoomRef.current.scaleBy, k);
    const t = zoomTransform(svg);
    store.getState().setViewport({ zoom: t.k, x: t.x, y: t.y });
  };

  // zoom & pan
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.2, 4])
      .on('zoom', (e) => {
        gRef.current?.setAttribute('transform', e.transform.toString());
      })
      .on('end', (e) => {
        // a zoom or pan the user made (not our fit) is kept, and share links carry it
        if (e.sourceEvent) store.getState().setViewport({ zoom: e.transform.k, x: e.transform.x, y: e.transform.y });
      });
    zoomRef.current = z;
    select(svg).call(z).on('dblclick.zoom', null);
    return () => {
      select(svg).on('.zoom', null);
    };
  }, [store]);

  // fit the picture into the pane, favouring legibility (fit.ts): on a new
  // layout size, a path in another part of the picture, and a pane resize
  const fitKey = layout ? `${Math.round(layout.width)}x${Math.round(layout.height)}` : '';
  const focus = useMemo(() => focusOf(points), [points]);
  const focusKey = focus ? [focus.x1, focus.y1, focus.x2, focus.y2].map((v) => Math.round(v / 40)).join(',') : '';
  const focusRef = useRef(focus);
  useEffect(() => {
    focusRef.current = focus;
  }, [focus]);
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !fitKey) return;
    const fit = () => {
      const r = svg.getBoundingClientRect();
      const [w, h] = fitKey.split('x').map(Number);
      if (r.width === 0 || r.height === 0 || !zoomRef.current || !w) return;
      const vp = store.getState().viewport;
      if (vp) {
        select(svg).call(zoomRef.current.transform, zoomIdentity.translate(vp.x, vp.y).scale(vp.zoom));
        return;
      }
      // the lens buttons sit in their own row above: no room to keep free
      const t = fitTransform({ width: r.width, height: r.height, top: 0 }, { width: w, height: h }, focusRef.current);
      select(svg).call(zoomRef.current.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
    };
    fit();
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(() => fit()) : null;
    ro?.observe(svg);
    return () => ro?.disconnect();
  }, [fitKey, focusKey, store]);

  // the packet: placed at the current hop, or moving while playing
  useEffect(() => {
    const dot = dotRef.current;
    if (!dot || points.length === 0) return;
    const place = (p: Point) => dot.setAttribute('transform', `translate(${p.x},${p.y})`);
    const at = (hop: number, frac: number) => {
      const to = points[hop];
      const from = points[Math.max(0, hop - 1)];
      const e = ease(frac);
      place({ x: from.x + (to.x - from.x) * e, y: from.y + (to.y - from.y) * e });
      dot.dataset.direction = trace?.hops[hop]?.direction ?? 'request';
    };
    const s0 = Math.max(0, step);
    if (!playing) {
      at(s0, 1);
      return;
    }
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    let raf = 0;
    const t0 = performance.now() - arrivalTime(sched, s0);
    let last = s0;
    const frame = (now: number) => {
      const t = now - t0;
      const pos = positionAt(sched, t);
      // reduced motion: the packet jumps from hop to hop instead of gliding
      if (reduce) at(pos.frac >= 1 ? pos.hop : Math.max(0, pos.hop - 1), 1);
      else at(pos.hop, pos.frac);
      const reached = pos.frac >= 1 ? pos.hop : pos.hop - 1;
      if (reached > last) {
        last = reached;
        store.getState().tick(reached);
      }
      if (t < sched.total) raf = requestAnimationFrame(frame);
      else store.getState().tick(points.length - 1);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
    // step is read at (re)start only; ticks from this loop must not restart it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, epoch, points, sched, store]);

  const visited = useMemo(() => {
    const set = new Set<string>();
    if (!layout || !trace) return set;
    trace.hops.forEach((h, i) => {
      if (i > step) return;
      for (const it of layout.items) {
        const a = layout.anchors[it.id];
        if (a && points[i] && a.x === points[i].x && a.y === points[i].y) set.add(it.id);
      }
    });
    return set;
  }, [layout, trace, step, points]);

  // hop number marks: on each item's top edge, right to left, one per hop there
  const marks = useMemo(() => {
    if (!layout || !trace) return [];
    // only hops reached so far, and per item the latest three
    const MAX = 3;
    const groups = new Map<string, number[]>();
    const where = new Map<number, { it: Item | null; p: Point }>();
    points.forEach((p, i) => {
      if (i > Math.max(0, step)) return;
      const it = layout.items.find((x) => x.kind !== 'node' && layout.anchors[x.id].x === p.x && layout.anchors[x.id].y === p.y) ?? null;
      const key = it ? it.id : `wire:${Math.round(p.x)}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
      where.set(i, { it, p });
    });
    const out: { i: number; x: number; y: number }[] = [];
    for (const list of groups.values()) {
      list.slice(-MAX).forEach((i, k) => {
        const { it, p } = where.get(i)!;
        if (!it) out.push({ i, x: p.x + 14 + k * 26, y: p.y + 18 });
        else out.push({ i, x: it.x + it.w - 14 - k * 26, y: it.y });
      });
    }
    return out;
  }, [layout, trace, points, step]);

  const cur = trace && step >= 0 ? trace.hops[step] : null;
  const curPoint = step >= 0 ? points[step] : null;
  // rewrite badges just above the item of the current hop
  const badgeAt = useMemo(() => {
    if (!layout || !curPoint) return null;
    const it = layout.items.find((x) => x.kind !== 'node' && layout.anchors[x.id].x === curPoint.x && layout.anchors[x.id].y === curPoint.y);
    return it ? { x: it.x, y: it.y - 26 } : { x: curPoint.x + 14, y: curPoint.y - 30 };
  }, [layout, curPoint]);

  return (
    <section className={`pane topology-pane${stale ? ' stale' : ''}`} aria-label={tr('topology.label')} data-testid={TID.topology}>
      <svg ref={svgRef} className="topology" role="img" aria-label={tr('topology.aria', { nodes: state?.nodes.length ?? 0, hops: trace?.hops.length ?? 0 })}>
        <g ref={gRef}>
          {layout && (
            <>
              <line className="segment" x1={layout.segment.x1} x2={layout.segment.x2} y1={layout.segment.y} y2={layout.segment.y} />
              <text className="segment-label" x={layout.segment.x2} y={layout.segment.y - 8} textAnchor="end">
                {tr('topology.segment', { cidr: layout.segment.label })}
              </text>
              {layout.links.map((l) => (
                <line key={l.id} className={`link link-${l.kind}`} x1={l.from.x} y1={l.from.y} x2={l.to.x} y2={l.to.y} />
              ))}
              {layout.items.map((it) => (
                <ItemShape key={it.id} it={it} active={visited.has(it.id)} />
              ))}
              {pinnedPoints.map((pp, i) =>
                pp.length > 1 ? (
                  <polyline key={`pin${i}`} className="path pinned" data-testid={TID.pinnedPath} style={{ stroke: PIN_COLOURS[i % PIN_COLOURS.length] }} points={pp.map((p) => `${p.x},${p.y}`).join(' ')} />
                ) : null,
              )}
              {trace && points.length > 1 && (
                <polyline className="path" points={points.slice(0, Math.max(1, step + 1)).map((p) => `${p.x},${p.y}`).join(' ')} />
              )}
              {trace &&
                marks.map(({ i, x, y }) => {
                  const h = trace.hops[i];
                  const vis = visibleUnder(h, lens, caught);
                  return (
                    <g
                      key={i}
                      className={`hop-mark${vis ? '' : ' faded'}${i === step ? ' current' : ''}${i > step ? ' ahead' : ''}`}
                      transform={`translate(${x},${y})`}
                      onClick={() => store.getState().goTo(i)}
                    >
                      <circle r={12} />
                      <text textAnchor="middle" y={5}>
                        {i + 1}
                      </text>
                      <title>{`${i + 1}. ${h.node ?? ''} ${h.where}`}</title>
                    </g>
                  );
                })}
              {cur && badgeAt && cur.rewrites.length > 0 && (
                <g className="rewrite-badges" transform={`translate(${badgeAt.x},${badgeAt.y})`}>
                  {cur.rewrites.map((r, k) => (
                    <g key={r} transform={`translate(${k * 136},0)`}>
                      <rect width={130} height={22} rx={4} />
                      <text x={65} y={16} textAnchor="middle">
                        {r}
                      </text>
                    </g>
                  ))}
                </g>
              )}
              {STRESS > 0 && <g ref={stressRef} className="stress" />}
              {trace && points.length > 0 && (
                <g ref={dotRef} className="packet" data-direction="request">
                  <circle r={8} />
                </g>
              )}
            </>
          )}
        </g>
      </svg>
      {!state && <p className="empty">{tr('topology.empty')}</p>}
      <div className="zoom-controls">
        <button type="button" aria-label={tr('topology.zoomIn')} onClick={() => zoomBy(1.25)}>
          +
        </button>
        <button type="button" aria-label={tr('topology.zoomOut')} onClick={() => zoomBy(0.8)}>
          −
        </button>
      </div>
    </section>
  );
}
