// The hop timeline: playback controls and one row per hop (data-testid="hop"
// with data-visible-<tool>), rewrites as badges; under a lens, hops the tool
// cannot see fade and their reason is one click away (the row expands).
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../context';
import { tr } from '../i18n';
import { SPEEDS, visibleUnder } from '../store';
import { TID } from '../testids';
import { IconBack, IconForward, IconPause, IconPlay, IconRestart } from '../icons';
import type { Hop, Trace } from '../engine-types';
import { MARK, markAfterPaint } from './marks';

export function hopTitle(h: Hop): string {
  const where = h.where.startsWith('wire:') ? tr('hop.wire', { cidr: h.where.slice(5) }) : h.where;
  return [h.node, where].filter(Boolean).join(' · ');
}

export function packetLine(p: Hop['packet']): string {
  if (p.proto === 'arp' && p.arp) {
    return p.arp.op === 'request' ? tr('packet.arpRequest', { target: p.arp.targetIP, sender: p.arp.senderIP }) : tr('packet.arpReply', { sender: p.arp.senderIP, mac: p.arp.senderMac });
  }
  const src = p.sport !== null ? `${p.src}:${p.sport}` : p.src;
  const dst = p.dport !== null ? `${p.dst}:${p.dport}` : p.dst;
  const flags = p.tcpFlags ? ` [${p.tcpFlags}]` : '';
  return `${p.proto.toUpperCase()} ${src} → ${dst}${flags}${p.tls ? ' TLS' : ''}${p.l7 ? ` · ${p.l7.split('\n')[0]}` : ''}`;
}

function connLabel(trace: Trace, h: Hop): string {
  return trace.connections.find((c) => c.id === h.conn)?.label ?? `#${h.conn}`;
}

export function Controls() {
  const { playing, togglePlay, stepBy, restart, speed, setSpeed, trace, step } = useApp(
    useShallow((s) => ({ playing: s.playing, togglePlay: s.togglePlay, stepBy: s.stepBy, restart: s.restart, speed: s.speed, setSpeed: s.setSpeed, trace: s.trace, step: s.step })),
  );
  const n = trace?.hops.length ?? 0;
  return (
    <div className="controls" role="toolbar" aria-label={tr('playback.label')}>
      <button type="button" data-testid={TID.restart} onClick={restart} disabled={!n} title={tr('playback.restart')} aria-label={tr('playback.restart')}>
        <IconRestart />
      </button>
      <button type="button" data-testid={TID.stepBack} onClick={() => stepBy(-1)} disabled={!n} title={tr('playback.back')} aria-label={tr('playback.back')}>
        <IconBack />
      </button>
      <button type="button" data-testid={TID.play} onClick={togglePlay} disabled={n < 2} aria-pressed={playing} title={tr('playback.playPause')} aria-label={playing ? tr('playback.pause') : tr('playback.play')}>
        {playing ? <IconPause /> : <IconPlay />}
      </button>
      <button type="button" data-testid={TID.stepForward} onClick={() => stepBy(1)} disabled={!n} title={tr('playback.forward')} aria-label={tr('playback.forward')}>
        <IconForward />
      </button>
      <label className="field inline">
        <span className="field-label">{tr('playback.speed')}</span>
        <select data-testid={TID.speed} value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="step-count" aria-live="polite">
        {n ? tr('playback.position', { step: step + 1, n }) : ''}
      </span>
    </div>
  );
}

export function Timeline() {
  const { trace, step, lens, expanded, toggleExpanded, goTo, stale, caught } = useApp(
    useShallow((s) => ({ trace: s.trace, step: s.step, lens: s.lens, expanded: s.expanded, toggleExpanded: s.toggleExpanded, goTo: s.goTo, stale: s.stale, caught: s.commandResult && !s.commandResult.error ? s.commandResult.caught : null })),
  );
  const listRef = useRef<HTMLOListElement>(null);
  // for the performance harness: when each new trace is on screen
  useEffect(() => {
    if (!trace) return;
    markAfterPaint(MARK.firstTrace, true);
    markAfterPaint(MARK.traceRendered);
  }, [trace]);
  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${step}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [step]);
  return (
    <section className={`pane timeline-pane${stale ? ' stale' : ''}`} aria-label={tr('timeline.label')} data-testid={TID.timeline}>
      <Controls />
      {!trace ? (
        <p className="empty">{tr('timeline.empty')}</p>
      ) : (
        <ol className="hops" ref={listRef}>
          {trace.hops.map((h, i) => {
            const vis = visibleUnder(h, lens, caught);
            const open = expanded === i;
            const prevConn = i > 0 ? trace.hops[i - 1].conn : -1;
            return (
              <li
                key={i}
                data-testid={TID.hop}
                data-index={i}
                data-caught={caught ? String(caught.includes(h.index)) : undefined}
                data-visible-tcpdump={String(h.seen.tcpdump.seen)}
                data-visible-pwru={String(h.seen.pwru.seen)}
                data-visible-hubble={String(h.seen.hubble.seen)}
                data-current={i === step}
                className={`hop dir-${h.direction} action-${h.action}${vis ? '' : ' faded'}${i === step ? ' current' : ''}${i > step ? ' ahead' : ''}`}
              >
                {h.conn !== prevConn && <div className="conn-label">{tr('timeline.connection', { label: connLabel(trace, h) })}</div>}
                <div className="hop-row">
                  <button type="button" className="hop-main" onClick={() => goTo(i)} aria-current={i === step ? 'step' : undefined}>
                    <span className="hop-num">{i + 1}</span>
                    <span className="hop-where">{hopTitle(h)}</span>
                    <span className="hop-stage">{h.program ?? h.stage}</span>
                    <span className={`hop-action a-${h.action}`}>{tr(`action.${h.action}`)}</span>
                    {h.rewrites.map((r) => (
                      <span key={r} className="badge rewrite">
                        {r}
                      </span>
                    ))}
                  </button>
                  {lens !== 'all' && (
                    <button
                      type="button"
                      className={`why ${vis ? 'seen' : 'unseen'}`}
                      aria-expanded={open}
                      onClick={() => toggleExpanded(i)}
                      title={vis ? tr('lens.seenBy', { tool: lens }) : tr('lens.why', { tool: lens })}
                    >
                      {vis ? tr('lens.seen') : tr('lens.notSeen')}
                    </button>
                  )}
                </div>
                <div className="hop-packet">{packetLine(h.packet)}</div>
                {open && lens !== 'all' && (
                  <div className="hop-why">
                    {vis ? (
                      <span>{tr('lens.seenBy', { tool: lens })}</span>
                    ) : (
                      <span>{h.seen[lens].reason ?? tr('lens.noReason')}</span>
                    )}
                    {h.seen[lens].ref && <span className="ref"> ({h.seen[lens].ref!.label})</span>}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
