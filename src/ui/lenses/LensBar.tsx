// The lens buttons: all hops, or what tcpdump / pwru / hubble can see.
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../context';
import { tr } from '../i18n';
import { LENS_TID, type LensId } from '../testids';

export const LENSES: LensId[] = ['all', 'tcpdump', 'pwru', 'hubble'];

export function LensBar() {
  const { lens, setLens } = useApp(useShallow((s) => ({ lens: s.lens, setLens: s.setLens })));
  return (
    <div className="lens-bar" role="group" aria-label={tr('lens.label')}>
      {LENSES.map((l) => (
        <button key={l} type="button" data-testid={LENS_TID[l]} aria-pressed={lens === l} className={lens === l ? 'lens active' : 'lens'} onClick={() => setLens(l)} title={tr(`lens.${l}.title`)}>
          {tr(`lens.${l}`)}
        </button>
      ))}
    </div>
  );
}
