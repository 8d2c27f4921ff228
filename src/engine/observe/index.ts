// The observers' face: annotate() marks, for every hop of a PathTrace, what
// tcpdump, pwru and hubble would see there and print (docs/visibility.md).
// Pure and deterministic: time comes from state.clock, numbers from state.seed.
import { t } from '../../i18n';
import type { ClusterState, Hop, HopSeen, PathTrace, Trace } from '../types';
import { hopsInOrder, REFS } from './common';
import { hubbleSight } from './hubble';
import { PWRU_DEFAULT, PwruSession, pwruKmodsReason, pwruNotSeen, pwruRows, SkbContext } from './pwru';
import { probed, unprobedModules } from './kmods';
import { TcpModel } from './tcp';
import { tcpdumpSight } from './tcpdump';
import { waitsBefore } from './exchange';

export { observeCommand } from './command';
export type { ObserveResult } from './command';
export { lensCommands, suggestCommands } from './suggest';
export type { CommandSuggestion, LensCommand } from './suggest';

function emptySeen(reason: string): HopSeen {
  const none = { seen: false, reason, ref: REFS.rxTap };
  return {
    tcpdump: { ...none, detail: [] },
    pwru: { ...none, ref: REFS.pwruFuncs, detail: { funcs: [], lines: [] } },
    hubble: { ...none, ref: REFS.trace, detail: [] },
  };
}

/** Mark what each tool sees at every hop. Never throws: a broken hop gets an explained empty sight. */
export function annotate(state: ClusterState, trace: PathTrace): Trace {
  const tcp = new TcpModel(state.seed, trace);
  const session = new PwruSession();
  const skbs = new SkbContext(state, trace.hops);
  const wait = waitsBefore(trace);
  const seenByIndex = new Map<number, HopSeen>();
  for (const hop of hopsInOrder(trace)) {
    try {
      skbs.observe(hop);
      const tcpdump = tcpdumpSight(state, hop, tcp, wait(hop.index));
      let pwru: HopSeen['pwru'];
      if (hop.kfuncs.length > 0 || hop.tcProgram) {
        const seg = tcp.segment(hop, hop.packet);
        // the lens's default command probes no module: a module function's row is not printed (its effect on the skb still counts)
        const all = pwruRows(state, hop, seg, skbs, trace, PWRU_DEFAULT);
        const rows = all.some((r) => !probed(PWRU_DEFAULT.kmods, r.module)) ? all.filter((r) => probed(PWRU_DEFAULT.kmods, r.module)) : all;
        if (rows.length > 0) {
          pwru = {
            seen: true,
            reason: null,
            ref: null,
            detail: { funcs: rows.map((r) => (r.isTc ? (hop.tcProgram ?? r.func) : r.func)), lines: rows.map((r) => session.line(r, true)) },
          };
        } else {
          const { reason, ref } = pwruKmodsReason(hop, unprobedModules(PWRU_DEFAULT.kmods, hop.kfuncs));
          pwru = { seen: false, reason, ref, detail: { funcs: [], lines: [] } };
        }
      } else {
        const { reason, ref } = pwruNotSeen(hop);
        pwru = { seen: false, reason, ref, detail: { funcs: [], lines: [] } };
      }
      seenByIndex.set(hop.index, { tcpdump, pwru, hubble: hubbleSight(state, hop) });
    } catch (e) {
      seenByIndex.set(hop.index, emptySeen(t('observe.internal', { error: e instanceof Error ? e.message : String(e) })));
    }
  }
  // Written out field by field: an object spread of a 20-field hop is a slow path in V8 (see docs/performance.md).
  const hops: Hop[] = trace.hops.map((h) => ({
    index: h.index,
    conn: h.conn,
    direction: h.direction,
    node: h.node,
    where: h.where,
    stage: h.stage,
    program: h.program,
    packet: h.packet,
    after: h.after,
    action: h.action,
    taps: h.taps,
    kfuncs: h.kfuncs,
    tcProgram: h.tcProgram,
    events: h.events,
    skb: h.skb,
    rewrites: h.rewrites,
    explain: h.explain,
    explainId: h.explainId,
    refs: h.refs,
    seen: seenByIndex.get(h.index) ?? emptySeen(t('observe.internal', { error: 'hop' })),
  }));
  return { ...trace, hops };
}
