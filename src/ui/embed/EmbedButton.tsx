// The Embed button (toolbar); the dialog's code loads on demand (LazyDialogButton).
import { tr } from '../i18n';
import { TID } from '../testids';
import { LazyDialogButton, lazyBody } from '../share/LazyDialogButton';

const load = lazyBody(async () => (await import('./EmbedDialog')).EmbedBody);

export function EmbedButton() {
  return <LazyDialogButton label={tr('toolbar.embed')} title={tr('embed.title')} testId={TID.embed} dialogTestId={TID.embedDialog} className="modal-wide" load={load} />;
}
