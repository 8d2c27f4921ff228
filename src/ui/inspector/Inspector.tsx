// The inspector: the selected hop (node, stage, program, packet before/after
// L2-L7, the decision and why, what each tool sees, source refs) and a
// "cluster" tab with the state (services, ingresses, L2 leaders, ingress IPs,
// Envoy routes, and the engine's text views when it offers them).
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import type { ClusterState, Hop, PacketView, StateViews } from '../engine-types';

function PacketTable({ before, after }: { before: PacketView; after: PacketView | null }) {
  const rows: [string, (p: PacketView) => string][] = [
    ['L2', (p) => (p.srcMac || p.dstMac ? `${p.srcMac ?? '?'} → ${p.dstMac ?? '?'}` : '—')],
    ['L3', (p) => (p.arp ? `ARP ${p.arp.op} ${p.arp.senderIP} → ${p.arp.targetIP}` : `${p.src} → ${p.dst}`)],
    ['L4', (p) => (p.proto === 'arp' ? '—' : `${p.proto.toUpperCase()} ${p.sport ?? '*'} → ${p.dport ?? '*'}${p.tcpFlags ? ` [${p.tcpFlags}]` : ''}`)],
    ['TLS', (p) => (p.tls ? `SNI ${p.tls.sni ?? '—'}` : '—')],
    ['L7', (p) => p.l7 ?? '—'],
    ['mark', (p) => (p.mark ? `0x${p.mark}` : '—')],
  ];
  return (
    <table className="packet-table">
      <thead>
        <tr>
          <th scope="col">{tr('inspector.layer')}</th>
          <th scope="col">{tr('inspector.before')}</th>
          {after && <th scope="col">{tr('inspector.after')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, f]) => {
          const a = f(before);
          const b = after ? f(after) : null;
          return (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{a}</td>
              {after && <td className={b !== a ? 'changed' : ''}>{b}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function HopView({ hop }: { hop: Hop }) {
  const tools = ['tcpdump', 'pwru', 'hubble'] as const;
  return (
    <div className="hop-view">
      <dl className="facts">
        <dt>{tr('inspector.node')}</dt>
        <dd>{hop.node ?? tr('inspector.wire')}</dd>
        <dt>{tr('inspector.where')}</dt>
        <dd>{hop.where}</dd>
        <dt>{tr('inspector.stage')}</dt>
        <dd>{hop.stage}</dd>
        <dt>{tr('inspector.program')}</dt>
        <dd>{hop.program ?? '—'}</dd>
        <dt>{tr('inspector.action')}</dt>
        <dd>
          {tr(`action.${hop.action}`)}
          {hop.rewrites.map((r) => (
            <span key={r} className="badge rewrite">
              {r}
            </span>
          ))}
        </dd>
      </dl>
      <p className="explain">{hop.explain}</p>
      <PacketTable before={hop.packet} after={hop.after} />
      <h3>{tr('inspector.tools')}</h3>
      <ul className="tool-sights">
        {tools.map((tool) => {
          const s = hop.seen[tool];
          return (
            <li key={tool} className={s.seen ? 'seen' : 'unseen'}>
              <strong>{tool}</strong>: {s.seen ? tr('lens.seen') : tr('lens.notSeen')}
              {!s.seen && s.reason && <span> — {s.reason}</span>}
              {s.ref && <span className="ref"> ({s.ref.label})</span>}
            </li>
          );
        })}
      </ul>
      <Suggestions hop={hop.index} />
      {hop.refs.length > 0 && (
        <>
          <h3>{tr('inspector.refs')}</h3>
          <ul className="refs">
            {hop.refs.map((r, i) => (
              <li key={i}>
                <code>{r.label}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** "Which command would catch this?": the engine's checked command per tool, or why none can. */
function Suggestions({ hop }: { hop: number }) {
  const { suggestions, ask, run } = useApp(useShallow((s) => ({ suggestions: s.suggestions, ask: s.askSuggestions, run: s.runSuggested })));
  const mine = suggestions && suggestions.hop === hop ? suggestions : null;
  return (
    <div className="suggestions" data-testid={TID.suggestions}>
      <button type="button" onClick={() => void ask(hop)}>
        {tr('inspector.suggest.ask')}
      </button>
      {mine?.error && <p className="error">{mine.error}</p>}
      {mine?.answer && (
        <ul className="tool-sights">
          {mine.answer.map((x) => (
            <li key={x.tool} className={x.command ? 'seen' : 'unseen'}>
              <strong>{x.tool}</strong>:{' '}
              {x.command ? (
                <>
                  <code>{x.command}</code>
                  {x.on && <span> {tr('inspector.suggest.on', { on: x.on })}</span>}{' '}
                  <button type="button" onClick={() => void run(x.command!, x.on)}>
                    {tr('inspector.suggest.run')}
                  </button>
                </>
              ) : (
                <span>
                  {tr('inspector.suggest.none')} {x.reason}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ClusterView({ state, views }: { state: ClusterState; views: StateViews | null }) {
  return (
    <div className="cluster-view">
      <h3>{tr('cluster.services')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{tr('cluster.name')}</th>
            <th scope="col">{tr('cluster.type')}</th>
            <th scope="col">{tr('cluster.clusterIP')}</th>
            <th scope="col">{tr('cluster.externalIP')}</th>
            <th scope="col">{tr('cluster.ports')}</th>
          </tr>
        </thead>
        <tbody>
          {state.services.map((s) => (
            <tr key={`${s.namespace}/${s.name}`}>
              <td>
                {s.namespace}/{s.name}
                {s.l7lb && <span className="badge">L7LB</span>}
              </td>
              <td>{s.type}</td>
              <td>{s.clusterIP ?? '—'}</td>
              <td>{s.type === 'LoadBalancer' ? (s.externalIP ?? `<pending>${s.pendingReason ? ` (${s.pendingReason})` : ''}`) : '—'}</td>
              <td>{s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{tr('cluster.ingresses')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{tr('cluster.name')}</th>
            <th scope="col">{tr('cluster.class')}</th>
            <th scope="col">{tr('cluster.mode')}</th>
            <th scope="col">{tr('cluster.address')}</th>
          </tr>
        </thead>
        <tbody>
          {state.ingresses.map((i) => (
            <tr key={`${i.namespace}/${i.name}`}>
              <td>
                {i.namespace}/{i.name}
              </td>
              <td>{i.class ?? '—'}</td>
              <td>{i.managed ? (i.mode ?? '—') : tr('cluster.ignored')}</td>
              <td>{i.address ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{tr('cluster.l2')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{tr('cluster.ip')}</th>
            <th scope="col">{tr('cluster.service')}</th>
            <th scope="col">{tr('cluster.leader')}</th>
            <th scope="col">{tr('cluster.interface')}</th>
          </tr>
        </thead>
        <tbody>
          {state.l2.map((a) => (
            <tr key={`${a.ip}-${a.service}`}>
              <td>{a.ip}</td>
              <td>
                {a.namespace}/{a.service}
              </td>
              <td>{a.node ?? '—'}</td>
              <td>{a.interface ?? (a.silentReason ? tr('cluster.silent', { reason: a.silentReason }) : '—')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{tr('cluster.ingressIPs')}</h3>
      <ul>
        {state.ingressIPs.map((x) => (
          <li key={x.node}>
            {x.node}: <code>{x.ip}</code> (reserved:ingress)
          </li>
        ))}
      </ul>
      <h3>{tr('cluster.routes')}</h3>
      {state.envoy.map((l) => (
        <div key={l.service} className="listener">
          <p>{tr('cluster.listener', { service: l.service, port: l.proxyPort })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{tr('cluster.host')}</th>
                <th scope="col">{tr('cluster.match')}</th>
                <th scope="col">{tr('cluster.backend')}</th>
              </tr>
            </thead>
            <tbody>
              {l.virtualHosts.flatMap((vh) =>
                vh.routes.map((r, k) => (
                  <tr key={`${vh.name}-${k}`}>
                    <td>{vh.host}</td>
                    <td>
                      {r.match.type} <code>{r.match.value}</code>
                    </td>
                    <td>{r.httpsRedirect ? tr('cluster.httpsRedirect') : r.backends.map((b) => `${b.namespace}/${b.service}:${b.port}`).join(', ')}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ))}
      {views &&
        Object.entries(views).map(([name, text]) => (
          <div key={name}>
            <h3>{name}</h3>
            <pre className="terminal small">{text}</pre>
          </div>
        ))}
    </div>
  );
}

export function Inspector() {
  const { trace, step, state, views, tab, setTab } = useApp(
    useShallow((s) => ({ trace: s.trace, step: s.step, state: s.state, views: s.views, tab: s.inspectorTab, setTab: s.setInspectorTab })),
  );
  const hop = trace && step >= 0 ? trace.hops[step] : null;
  return (
    <section className="pane inspector-pane" aria-label={tr('inspector.label')} data-testid={TID.inspector}>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'hop'} className={tab === 'hop' ? 'tab active' : 'tab'} onClick={() => setTab('hop')}>
          {hop ? tr('inspector.tab.hopN', { n: step + 1 }) : tr('inspector.tab.hop')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'cluster'} className={tab === 'cluster' ? 'tab active' : 'tab'} onClick={() => setTab('cluster')}>
          {tr('inspector.tab.cluster')}
        </button>
      </div>
      <div className="inspector-body" tabIndex={0}>
        {tab === 'hop' ? hop ? <HopView hop={hop} /> : <p className="empty">{tr('inspector.empty')}</p> : state ? <ClusterView state={state} views={views} /> : <p className="empty">{tr('inspector.noState')}</p>}
      </div>
    </section>
  );
}
