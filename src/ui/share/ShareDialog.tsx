// The Share dialog's content: the link (read-only field, Copy), its length and the linkReport
// warnings, and the scenario file (export / import YAML). Its own chunk (the link codec, js-yaml):
// ShareButton.tsx loads it on the first click, so the first picture never waits for it.
import { useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { exportScenarioFile, importScenarioFile, linkReport } from '../../share';
import { DEFAULT_LAB_TEXT } from '../../worker/defaults';
import { useApp, useAppStore } from '../context';
import { copyText, downloadText, fileStem } from '../export/download';
import { tr } from '../i18n';
import { TID } from '../testids';
import { currentShareState, currentShareUrl } from './share-state';
import './share.css';

function useShareSource() {
  return useApp(
    useShallow((s) => ({ manifests: s.manifests, lab: s.lab, from: s.from, curl: s.curl, history: s.history, step: s.step, lens: s.lens, theme: s.theme, scenarioId: s.scenarioId, viewport: s.viewport })),
  );
}

/** The dialog's content, loaded on the first click of the Share button (ShareButton.tsx). */
export function ShareBody({ onDone }: { onDone: () => void }) {
  const store = useAppStore();
  const src = useShareSource();
  const url = useMemo(() => currentShareUrl(src, DEFAULT_LAB_TEXT, window.location.href), [src]);
  const report = useMemo(() => linkReport(url), [url]);
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [importError, setImportError] = useState<string | null>(null);

  const onImport = async (file: File | undefined) => {
    if (!file) return;
    setImportError(null);
    const text = await file.text();
    const r = importScenarioFile(text);
    if (!r.ok) {
      const e = r.error;
      setImportError(e.line ? tr('share.file.error', { file: file.name, line: e.line, column: e.column ?? 1, message: e.message }) : tr('share.file.errorNoLine', { file: file.name, message: e.message }));
      return;
    }
    const s = store.getState();
    const backup = s.backupWork();
    s.setLinkNotice({ kind: 'opened', backup });
    onDone();
    await s.openShare(r.state);
  };

  return (
    <div className="share-body">
      <p className="modal-intro">{tr('share.intro')}</p>
      <label className="share-field">
        <span className="field-label">{tr('share.url')}</span>
        <input ref={field} data-testid={TID.shareUrl} type="text" readOnly value={url} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="share-row">
        <button
          type="button"
          className="primary"
          data-testid={TID.shareCopy}
          onClick={async () => {
            setCopied(await copyText(url, field.current));
          }}
        >
          {tr('share.copy')}
        </button>
        <span data-testid={TID.shareLength} data-length={report.length} className="share-length">
          {report.summary}
        </span>
        <span role="status" className="share-copied">
          {copied === true ? tr('share.copied') : copied === false ? tr('share.copyFailed') : ''}
        </span>
      </div>
      {report.warnings.length > 0 ? (
        <ul className="share-warnings" data-testid={TID.shareWarnings}>
          {report.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : (
        <p className="share-ok muted">{tr('share.ok')}</p>
      )}
      <h3 className="modal-subtitle">{tr('share.file')}</h3>
      <p className="modal-intro">{tr('share.file.intro')}</p>
      <div className="share-row">
        <button
          type="button"
          data-testid={TID.exportFile}
          onClick={() => {
            const state = currentShareState(store.getState(), DEFAULT_LAB_TEXT);
            downloadText(exportScenarioFile(state), `${fileStem(state.scenario)}.yaml`, 'application/yaml');
          }}
        >
          {tr('share.file.export')}
        </button>
        <label className="file-button">
          <input
            type="file"
            data-testid={TID.importFile}
            accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              void onImport(f);
            }}
          />
          <span>{tr('share.file.import')}</span>
        </label>
      </div>
      {importError && (
        <p role="alert" className="share-error" data-testid={TID.importError}>
          {importError}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onDone}>
          {tr('share.close')}
        </button>
      </div>
    </div>
  );
}
