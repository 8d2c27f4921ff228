// Monaco, mounted once both models exist; keeps them in step with the store
// (edits go out through onChange; outside changes such as a scenario load come
// in with setValue) and turns engine diagnostics into markers.
import { useEffect, useRef } from 'react';
import type { editor as MonacoEditorNs } from 'monaco-editor';
import type { Diagnostic } from '../engine-types';
import type { EditorTab } from '../store';
import { setupMonaco, type Monaco } from './monaco-setup';

export interface MonacoEditorProps {
  tab: EditorTab;
  manifests: string;
  lab: string;
  diagnostics: Diagnostic[];
  reveal: { line: number; column: number; n: number } | null;
  hidden: boolean;
  onChange(tab: EditorTab, text: string): void;
  onReady(): void;
}

const URIS: Record<EditorTab, string> = { manifests: 'file:///your-manifests.yaml', lab: 'file:///the-lab.yaml' };

export default function MonacoEditor(props: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const m = useRef<Monaco | null>(null);
  const ed = useRef<MonacoEditorNs.IStandaloneCodeEditor | null>(null);
  const models = useRef<Record<EditorTab, MonacoEditorNs.ITextModel> | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    let monaco: Monaco;
    try {
      monaco = setupMonaco();
    } catch {
      window.dispatchEvent(new Event('hopscope:monaco-failed'));
      return;
    }
    m.current = monaco;
    const p = latest.current;
    const mk = (tab: EditorTab, text: string) => {
      const uri = monaco.Uri.parse(URIS[tab]);
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, 'yaml', uri);
      if (model.getValue() !== text) model.setValue(text);
      model.onDidChangeContent(() => {
        const v = model.getValue();
        const cur = latest.current;
        if (v !== (tab === 'manifests' ? cur.manifests : cur.lab)) cur.onChange(tab, v);
      });
      return model;
    };
    models.current = { manifests: mk('manifests', p.manifests), lab: mk('lab', p.lab) };
    const dark = document.documentElement.dataset.theme === 'dark';
    ed.current = monaco.editor.create(host.current!, {
      model: models.current[p.tab],
      automaticLayout: true,
      // a plain <textarea> input (not the EditContext API): screen readers and
      // e2e tests (`.monaco-editor textarea`) drive it the classic way
      editContext: false,
      minimap: { enabled: false },
      fontSize: 14,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      theme: dark ? 'vs-dark' : 'vs',
      ariaLabel: p.tab === 'manifests' ? 'Your manifests' : 'The lab',
    });
    p.onReady();
    const observer = new MutationObserver(() => monaco.editor.setTheme(document.documentElement.dataset.theme === 'dark' ? 'vs-dark' : 'vs'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      observer.disconnect();
      ed.current?.dispose();
      ed.current = null;
      for (const model of Object.values(models.current ?? {})) model.dispose();
      models.current = null;
    };
  }, []);

  // switch tabs
  useEffect(() => {
    if (ed.current && models.current) ed.current.setModel(models.current[props.tab]);
  }, [props.tab]);

  // outside text changes
  useEffect(() => {
    const ms = models.current;
    if (!ms) return;
    if (ms.manifests.getValue() !== props.manifests) ms.manifests.setValue(props.manifests);
    if (ms.lab.getValue() !== props.lab) ms.lab.setValue(props.lab);
  }, [props.manifests, props.lab]);

  // diagnostics -> markers
  useEffect(() => {
    const monaco = m.current;
    const ms = models.current;
    if (!monaco || !ms) return;
    for (const tab of ['manifests', 'lab'] as EditorTab[]) {
      const model = ms[tab];
      const mine = props.diagnostics.filter((d) => (tab === 'lab' ? d.file === 'lab' : d.file !== 'lab'));
      monaco.editor.setModelMarkers(
        model,
        'hopscope',
        mine.map((d) => {
          const line = Math.max(1, Math.min(model.getLineCount(), d.line));
          return {
            severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
            message: d.hint ? `${d.message}\n${d.hint}` : d.message,
            code: d.code,
            startLineNumber: line,
            startColumn: Math.max(1, d.column),
            endLineNumber: line,
            endColumn: model.getLineMaxColumn(line),
          };
        }),
      );
    }
  }, [props.diagnostics, props.manifests, props.lab]);

  useEffect(() => {
    if (!props.reveal || !ed.current) return;
    ed.current.revealLineInCenter(props.reveal.line);
    ed.current.setPosition({ lineNumber: props.reveal.line, column: Math.max(1, props.reveal.column) });
    ed.current.focus();
  }, [props.reveal]);

  return <div ref={host} className="monaco-host" style={props.hidden ? { visibility: 'hidden', position: 'absolute', inset: 0 } : { position: 'absolute', inset: 0 }} />;
}
