// The Share button (toolbar); the dialog's code loads on demand (LazyDialogButton).
import { tr } from '../i18n';
import { TID } from '../testids';
import { LazyDialogButton, lazyBody } from './LazyDialogButton';

const load = lazyBody(async () => (await import('./ShareDialog')).ShareBody);

export function ShareButton() {
  return <LazyDialogButton label={tr('toolbar.share')} title={tr('share.title')} testId={TID.share} dialogTestId={TID.shareDialog} load={load} />;
}
