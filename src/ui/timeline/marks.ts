// User-timing marks the browser performance harness (bench/browser/run.ts)
// reads back with performance.getEntriesByName(): when the topology was first
// drawn, when the first trace was on screen, when each later trace was on
// screen. "On screen" = after the next paint: the mark is set from a task
// queued inside requestAnimationFrame, which runs once that frame is painted.
// Marks are cheap and never read by the app itself; outside a browser they do nothing.

export const MARK = {
  /** the topology's first layout was painted */
  topologyDrawn: 'hopscope:topology-drawn',
  /** the first trace's hops were painted in the timeline */
  firstTrace: 'hopscope:first-trace',
  /** topology drawn and first trace painted, whichever came last */
  firstInteractive: 'hopscope:first-interactive',
  /** every trace painted in the timeline (the first one included) */
  traceRendered: 'hopscope:trace-rendered',
  /** the engine client sent a compile (for an edit: the debounce is over) */
  compileStart: 'hopscope:compile-start',
} as const;

function perf(): Performance | null {
  return typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : null;
}

/** Set a mark now (no-op without the User Timing API). */
export function mark(name: string): void {
  try {
    perf()?.mark(name);
  } catch {
    /* a full buffer or an odd host: marks are optional */
  }
}

const once = new Set<string>();

/** Run fn after the next paint (rAF, then a task), or now without rAF. */
export function afterPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    fn();
    return;
  }
  requestAnimationFrame(() => {
    const ch = typeof MessageChannel !== 'undefined' ? new MessageChannel() : null;
    if (ch) {
      ch.port1.onmessage = () => {
        ch.port1.close();
        fn();
      };
      ch.port2.postMessage(0);
    } else setTimeout(fn, 0);
  });
}

/** Mark `name` after the next paint; with `first`, only the first call per page counts. */
export function markAfterPaint(name: string, first = false): void {
  if (first) {
    if (once.has(name)) return;
    once.add(name);
  }
  afterPaint(() => {
    mark(name);
    if ((name === MARK.topologyDrawn || name === MARK.firstTrace) && done(MARK.topologyDrawn) && done(MARK.firstTrace)) {
      if (!done(MARK.firstInteractive)) mark(MARK.firstInteractive);
    }
  });
}

function done(name: string): boolean {
  const p = perf();
  return !!p && typeof p.getEntriesByName === 'function' && p.getEntriesByName(name, 'mark').length > 0;
}

/** For tests: forget which first-only marks were set. */
export function resetMarksForTests(): void {
  once.clear();
}
