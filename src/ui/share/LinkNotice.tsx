// What opening a link asks or says: the "open the link / keep my work" dialog when the link
// differs from the autosaved work, the decode error (the work untouched), and, after a link or
// an import replaced other work, a way to bring that work back.
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import { acceptLink } from './boot';
import { Modal } from './Modal';
import './share.css';

export const browserUrlEnv = {
  clearFragment(): void {
    try {
      const { pathname, search } = window.location;
      window.history.replaceState(window.history.state, '', `${pathname}${search}`);
    } catch {
      /* sandboxed: leave the address as it is */
    }
  },
  mark(name: string): void {
    try {
      performance.mark(name);
    } catch {
      /* no performance timeline */
    }
  },
};

export function LinkNotice({ embed = false }: { embed?: boolean }) {
  const store = useAppStore();
  const { notice, setNotice } = useApp(useShallow((s) => ({ notice: s.linkNotice, setNotice: s.setLinkNotice })));
  if (!notice) return null;
  if (notice.kind === 'conflict') {
    return (
      <Modal open title={tr('link.conflict.title')} onClose={() => setNotice(null)} testId={TID.linkConflict}>
        <p className="modal-intro">{tr('link.conflict.body')}</p>
        <div className="modal-actions">
          <button type="button" className="primary" data-testid={TID.linkOpen} onClick={() => void acceptLink(store, embed ? { clearFragment: () => {} } : browserUrlEnv)}>
            {tr('link.conflict.open')}
          </button>
          {/* the safe choice has the focus: Enter or Escape keeps the work */}
          <button type="button" data-testid={TID.linkKeep} data-autofocus onClick={() => setNotice(null)}>
            {tr('link.conflict.keep')}
          </button>
        </div>
      </Modal>
    );
  }
  if (notice.kind === 'error') {
    return (
      <div className="toast toast-error" role="alert" data-testid={TID.linkError}>
        <strong>{tr('link.error.title')}</strong>
        <span>{notice.message}</span>
        <button type="button" onClick={() => setNotice(null)} aria-label={tr('link.dismiss')}>
          ×
        </button>
      </div>
    );
  }
  if (!notice.backup) return null;
  return (
    <div className="toast" role="status" data-testid={TID.linkNotice}>
      <span>{tr('link.opened.backup')}</span>
      <button type="button" data-testid={TID.linkRestore} onClick={() => void store.getState().restoreBackup()}>
        {tr('link.opened.restore')}
      </button>
      <button type="button" onClick={() => setNotice(null)} aria-label={tr('link.dismiss')}>
        ×
      </button>
    </div>
  );
}
