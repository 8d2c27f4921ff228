// A modal dialog on the native <dialog> element: showModal() gives the focus trap, Escape to
// close and the inert background; the heading labels it. `data-autofocus` marks the element
// to focus first (else the first focusable one).
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal({ open, title, onClose, children, testId, className }: { open: boolean; title: string; onClose: () => void; children: ReactNode; testId?: string; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // React's autoFocus does not set the attribute the dialog's focusing steps look for
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-labelledby={headingId}
      data-testid={testId}
      onClose={() => {
        if (open) onClose();
      }}
    >
      {open && (
        <>
          <h2 id={headingId} className="modal-title">
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}
