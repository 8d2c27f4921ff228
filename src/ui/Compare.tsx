// Several requests side by side: traces pinned from the outcome bar, each a
// line of what tells them apart (outcome, backend, Envoy, hops, what each tool
// saw), and drawn on the topology as a dashed path of its own colour.
import { useShallow } from 'zustand/react/shallow';
import { useApp } from './context';
import { tr } from './i18n';
import { TID } from './testids';
import type { Trace } from './engine-types';

export const PIN_COLOURS = ['#8e44ad', '#d17a31', '#16a085'];

function seenCount(t: Trace, tool: 'tcpdump' | 'pwru' | 'hubble'): number {
  return t.hops.filter((h) => h.seen[tool].seen).length;
}

function Row({ t, colour, label, onUnpin }: { t: Trace; colour: string; label: string; onUnpin?: () => void }) {
  const o = t.outcome;
  const b = t.backend;
  return (
    <tr data-testid={TID.compareRow}>
      <td>
        <span className="pin-swatch" style={{ background: colour }} aria-hidden="true" /> {label}
      </td>
      <td>
        <code>{t.from}</code> <code>{t.request.raw}</code>
      </td>
      <td>{o.status !== null ? tr('outcome.status', { status: o.status }) : `${tr('outcome.exit', { code: o.exitCode })}`}</td>
      <td>{b ? `${b.pod} @ ${b.node}` : '—'}</td>
      <td>{t.envoyNode ?? '—'}</td>
      <td>{t.hops.length}</td>
      <td>
        {seenCount(t, 'tcpdump')} / {seenCount(t, 'pwru')} / {seenCount(t, 'hubble')}
      </td>
      <td>
        {onUnpin && (
          <button type="button" aria-label={tr('compare.unpin', { label })} onClick={onUnpin}>
            ×
          </button>
        )}
      </td>
    </tr>
  );
}

export function PinButton() {
  const { trace, pin } = useApp(useShallow((s) => ({ trace: s.trace, pin: s.pinTrace })));
  return (
    <button type="button" className="pin-button" data-testid={TID.pin} disabled={!trace} onClick={pin}>
      {tr('compare.pin')}
    </button>
  );
}

export function Compare() {
  const { trace, pinned, unpin } = useApp(useShallow((s) => ({ trace: s.trace, pinned: s.pinned, unpin: s.unpin })));
  if (pinned.length === 0 || !trace) return null;
  return (
    <section className="compare" data-testid={TID.compare} aria-label={tr('compare.label')}>
      <table>
        <thead>
          <tr>
            <th />
            <th>{tr('compare.request')}</th>
            <th>{tr('compare.outcome')}</th>
            <th>{tr('compare.backend')}</th>
            <th>{tr('compare.envoy')}</th>
            <th>{tr('compare.hops')}</th>
            <th>{tr('compare.seen')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <Row t={trace} colour="var(--path, #1f6feb)" label={tr('compare.current')} />
          {pinned.map((p, i) => (
            <Row key={i} t={p} colour={PIN_COLOURS[i % PIN_COLOURS.length]} label={tr('compare.pinned', { n: i + 1 })} onUnpin={() => unpin(i)} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
