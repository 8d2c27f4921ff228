// The Embed dialog's content: the <iframe>, reveal.js and Slidev snippets for the current state
// (src/share embedSnippets), with the size / autoplay / editor options and copy buttons. Its own
// chunk: EmbedButton.tsx loads it on the first click.
import { useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { embedSnippets, type EmbedSize } from '../../share';
import { DEFAULT_LAB_TEXT } from '../../worker/defaults';
import { useApp } from '../context';
import { copyText } from '../export/download';
import { tr } from '../i18n';
import { currentShareUrl } from '../share/share-state';
import { TID } from '../testids';
import '../share/share.css';

function Snippet({ label, text, testId }: { label: string; text: string; testId: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const rows = Math.min(5, Math.max(2, Math.ceil(text.length / 110)));
  return (
    <div className="snippet">
      <div className="snippet-head">
        <label className="field-label" htmlFor={`${testId}-text`}>
          {label}
        </label>
        <span role="status" className="share-copied">
          {copied === true ? tr('share.copied') : copied === false ? tr('share.copyFailed') : ''}
        </span>
        <button type="button" onClick={async () => setCopied(await copyText(text, ref.current))}>
          {tr('embed.copy')}
        </button>
      </div>
      <textarea id={`${testId}-text`} ref={ref} data-testid={testId} readOnly rows={rows} value={text} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

/** The dialog's content, loaded on the first click of the Embed button (EmbedButton.tsx). */
export function EmbedBody({ onDone }: { onDone: () => void }) {
  const src = useApp(
    useShallow((s) => ({ manifests: s.manifests, lab: s.lab, from: s.from, curl: s.curl, history: s.history, step: s.step, lens: s.lens, theme: s.theme, scenarioId: s.scenarioId })),
  );
  const [size, setSize] = useState<EmbedSize>('medium');
  const [autoplay, setAutoplay] = useState(false);
  const [editor, setEditor] = useState(false);
  const snippets = useMemo(() => {
    const link = currentShareUrl(src, DEFAULT_LAB_TEXT, window.location.href);
    return embedSnippets(link, { size, autoplay, editor, theme: src.theme });
  }, [src, size, autoplay, editor]);
  return (
    <div className="share-body">
      <p className="modal-intro">{tr('embed.intro')}</p>
      <div className="share-row embed-options">
        <label className="field inline">
          <span className="field-label">{tr('embed.size')}</span>
          <select value={size} onChange={(e) => setSize(e.target.value as EmbedSize)}>
            {(['small', 'medium', 'large'] as const).map((s) => (
              <option key={s} value={s}>
                {tr(`embed.size.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={autoplay} onChange={(e) => setAutoplay(e.target.checked)} /> {tr('embed.autoplay')}
        </label>
        <label className="check">
          <input type="checkbox" checked={editor} onChange={(e) => setEditor(e.target.checked)} /> {tr('embed.editor')}
        </label>
      </div>
      <Snippet label={tr('embed.iframe')} text={snippets.iframe} testId={TID.embedSnippet} />
      <Snippet label={tr('embed.revealjs')} text={snippets.revealjs} testId={TID.embedReveal} />
      <Snippet label={tr('embed.slidev')} text={snippets.slidev} testId={TID.embedSlidev} />
      <div className="modal-actions">
        <a href={snippets.url} target="_blank" rel="noopener noreferrer" className="embed-preview">
          {tr('embed.preview')}
        </a>
        <button type="button" onClick={onDone}>
          {tr('share.close')}
        </button>
      </div>
    </div>
  );
}
