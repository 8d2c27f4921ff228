// Saving a file from the page: a Blob behind an <a download>, clicked once.
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has started from the URL; free it a little later
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function downloadText(text: string, name: string, type = 'text/plain'): void {
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), name);
}

/** A file name part from a scenario id or title: letters, digits, dot, dash; never empty. */
export function fileStem(id: string | null | undefined): string {
  const base = (id ?? '').replace(/\.ya?ml$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  return base ? `hopscope-${base}` : 'hopscope';
}

/** Copy text to the clipboard; falls back to selecting `field` and execCommand('copy'). */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* permission denied or insecure context: try the old way */
  }
  try {
    if (field) {
      field.focus();
      field.select();
      return document.execCommand('copy');
    }
  } catch {
    /* nothing more to try */
  }
  return false;
}
