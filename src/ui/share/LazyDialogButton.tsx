// A toolbar button whose dialog's content lives in its own chunk (the Share and Embed dialogs:
// the link codec, fflate, js-yaml): the chunk loads when the pointer or the focus reaches the
// button, and the dialog opens once it is there (so its autofocus works), never before the
// first picture.
import { useState, type ComponentType } from 'react';
import { useAppStore } from '../context';
import { tr } from '../i18n';
import { Modal } from './Modal';

export type DialogBody = ComponentType<{ onDone: () => void }>;

/** Load a dialog body once; later calls get the same promise. */
export function lazyBody(load: () => Promise<DialogBody>): () => Promise<DialogBody> {
  let p: Promise<DialogBody> | null = null;
  return () => {
    p ??= load().catch((e: unknown) => {
      p = null; // let the next click try again
      throw e;
    });
    return p;
  };
}

export function LazyDialogButton({ label, title, testId, dialogTestId, className, load }: { label: string; title: string; testId: string; dialogTestId: string; className?: string; load: () => Promise<DialogBody> }) {
  const [open, setOpen] = useState(false);
  const [Body, setBody] = useState<DialogBody | null>(null);
  const store = useAppStore();
  const prefetch = () => void load().catch(() => {});
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        aria-haspopup="dialog"
        onPointerEnter={prefetch}
        onFocus={prefetch}
        onClick={async () => {
          let B: DialogBody;
          try {
            B = await load();
          } catch (e) {
            // the chunk did not load (offline, a redeploy): say so; lazyBody forgets the failure, so a later click retries
            store.getState().setBanner(tr('banner.load.dialog', { detail: e instanceof Error ? e.message : String(e) }));
            return;
          }
          setBody(() => B);
          setOpen(true);
        }}
      >
        {label}
      </button>
      <Modal open={open && Body !== null} title={title} onClose={() => setOpen(false)} testId={dialogTestId} className={className}>
        {Body && <Body onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}
