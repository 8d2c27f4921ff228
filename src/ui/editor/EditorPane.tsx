// The editor pane: tabs "Your manifests" / "The lab", a plain textarea at once
// (usable while Monaco loads, and the fallback if it never does), then Monaco
// with monaco-yaml; engine diagnostics listed below and shown as markers.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import type { EditorTab } from '../store';
import type { Diagnostic } from '../engine-types';
import { afterPaint } from '../timeline/marks';

const MonacoEditor = lazy(() => import('./MonacoEditor'));

/** Diagnostics of one tab: file 'editor' -> manifests, 'lab' -> the lab. */
export function diagnosticsFor(tab: EditorTab, diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => (tab === 'lab' ? d.file === 'lab' : d.file !== 'lab'));
}

function wantsMonaco(): boolean {
  if (typeof window === 'undefined') return false;
  return new URLSearchParams(window.location.search).get('editor') !== 'plain';
}

export function EditorPane() {
  const { tab, setTab, manifests, lab, setText, diagnostics, stale } = useApp(
    useShallow((s) => ({ tab: s.tab, setTab: s.setTab, manifests: s.manifests, lab: s.lab, setText: s.setText, diagnostics: s.diagnostics, stale: s.stale })),
  );
  const [monacoReady, setMonacoReady] = useState(false);
  const [monacoFailed, setMonacoFailed] = useState(false);
  const [reveal, setReveal] = useState<{ line: number; column: number; n: number } | null>(null);
  // Monaco (~1 MB gzip) is fetched once the first trace is painted (or after
  // 4 s without one), so it does not compete with the first picture (bench/browser)
  const hasTrace = useApp((s) => s.trace !== null);
  const [monacoGo, setMonacoGo] = useState(false);
  useEffect(() => {
    if (monacoGo) return;
    if (hasTrace) {
      afterPaint(() => setMonacoGo(true));
      return;
    }
    const timer = setTimeout(() => setMonacoGo(true), 4000);
    return () => clearTimeout(timer);
  }, [hasTrace, monacoGo]);
  const useMonaco = wantsMonaco() && !monacoFailed && monacoGo;
  const text = tab === 'manifests' ? manifests : lab;
  const tabs: { id: EditorTab; label: string; testid: string }[] = [
    { id: 'manifests', label: tr('editor.tab.manifests'), testid: TID.editorTabManifests },
    { id: 'lab', label: tr('editor.tab.lab'), testid: TID.editorTabLab },
  ];
  useEffect(() => {
    if (!useMonaco) return;
    const onError = () => setMonacoFailed(true);
    window.addEventListener('hopscope:monaco-failed', onError);
    return () => window.removeEventListener('hopscope:monaco-failed', onError);
  }, [useMonaco]);
  const shown = [...diagnostics].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return (
    <section className="pane editor-pane" aria-label={tr('editor.label')} data-testid={TID.editor} data-monaco={monacoReady ? 'ready' : 'loading'}>
      <div className="tabs" role="tablist">
        {tabs.map((t) => {
          const n = diagnosticsFor(t.id, diagnostics).filter((d) => d.severity === 'error').length;
          return (
            <button key={t.id} role="tab" type="button" aria-selected={tab === t.id} data-testid={t.testid} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
              {t.label}
              {n > 0 && <span className="badge error">{n}</span>}
            </button>
          );
        })}
      </div>
      <div className="editor-body">
        {!monacoReady && (
          <textarea
            className="plain-editor"
            aria-label={tabs.find((t) => t.id === tab)?.label}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(tab, e.target.value)}
          />
        )}
        {useMonaco && (
          <Suspense fallback={null}>
            <MonacoEditor
              tab={tab}
              manifests={manifests}
              lab={lab}
              diagnostics={diagnostics}
              reveal={reveal}
              onChange={setText}
              onReady={() => setMonacoReady(true)}
              hidden={!monacoReady}
            />
          </Suspense>
        )}
      </div>
      <div className="diagnostics" data-testid={TID.diagnostics} data-stale={stale} aria-live="polite">
        {stale && <p className="stale-note">{tr('editor.stale')}</p>}
        {shown.length === 0 ? (
          <p className="muted">{tr('editor.noProblems')}</p>
        ) : (
          <ul>
            {shown.map((d, i) => (
              <li key={i} className={`diag diag-${d.severity}`} data-line={d.line} data-file={d.file} data-code={d.code}>
                <button
                  type="button"
                  className="linklike"
                  onClick={() => {
                    setTab(d.file === 'lab' ? 'lab' : 'manifests');
                    setReveal({ line: d.line, column: d.column, n: Date.now() });
                  }}
                >
                  {tr('editor.diag.where', { file: d.file === 'lab' ? tr('editor.tab.lab') : tr('editor.tab.manifests'), line: d.line, column: d.column })}
                </button>{' '}
                <span className="sev">{tr(`severity.${d.severity}`)}</span> {d.message}
                {d.hint && <span className="hint"> — {d.hint}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
