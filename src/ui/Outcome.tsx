// The outcome: HTTP status or curl's error and exit code, the backend and the
// Envoy node, and what curl printed.
import { useShallow } from 'zustand/react/shallow';
import { useApp } from './context';
import { tr } from './i18n';
import { PinButton } from './Compare';
import { TID } from './testids';

export function Outcome() {
  const { trace, stale, busy } = useApp(useShallow((s) => ({ trace: s.trace, stale: s.stale, busy: s.busy })));
  if (!trace) {
    return (
      <section className="outcome" data-testid={TID.outcome} aria-live="polite">
        <span className="muted">{busy ? tr('outcome.running') : tr('outcome.none')}</span>
      </section>
    );
  }
  const o = trace.outcome;
  const ok = o.exitCode === 0 && o.status !== null && o.status < 400;
  const b = trace.backend;
  return (
    <section
      className={`outcome ${ok ? 'ok' : 'bad'}${stale ? ' stale' : ''}`}
      data-testid={TID.outcome}
      data-status={o.status ?? ''}
      data-exit-code={o.exitCode}
      data-backend={b ? `${b.namespace}/${b.service}` : ''}
      data-backend-pod={b?.pod ?? ''}
      data-envoy-node={trace.envoyNode ?? ''}
      data-from={trace.from}
      data-curl={trace.request.raw}
      aria-live="polite"
    >
      <div className="outcome-main">
        <strong className="outcome-status">{o.status !== null ? tr('outcome.status', { status: o.status }) : tr('outcome.noStatus')}</strong>
        <span className="outcome-exit">{tr('outcome.exit', { code: o.exitCode })}</span>
        {o.error && <span className="outcome-error">{o.error}</span>}
        {b && <span>{tr('outcome.backend', { pod: `${b.namespace}/${b.pod}`, node: b.node, service: b.service })}</span>}
        {trace.envoyNode && <span>{tr('outcome.envoy', { node: trace.envoyNode })}</span>}
        {o.location && <span>{tr('outcome.location', { location: o.location })}</span>}
        <PinButton />
        {o.output.length > 0 && (
          <details className="outcome-output">
            <summary>{tr('outcome.output', { n: o.output.length })}</summary>
            <pre>{o.output.join('\n')}</pre>
          </details>
        )}
      </div>
      {trace.diagnostics.length > 0 && (
        <ul className="trace-diags">
          {trace.diagnostics.map((d, i) => (
            <li key={i} className={`diag diag-${d.severity}`}>
              {d.message}
              {d.hint ? ` — ${d.hint}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
