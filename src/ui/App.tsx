// The app's frame: toolbar, editor | (outcome, lenses, topology, timeline |
// inspector + tool output), with drag/keyboard splitters, the theme, the
// worker banner and the global playback keys.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from './context';
import { EditorPane } from './editor/EditorPane';
import { tr } from './i18n';
import { LensBar } from './lenses/LensBar';
import { Outcome } from './Outcome';
import { Compare } from './Compare';
import { EmbedApp } from './embed/EmbedApp';
import { pageEmbedOptions } from './embed/mode';
import { ExportButtons } from './export/ExportButtons';
import { LinkNotice } from './share/LinkNotice';
import { Splitter } from './Splitter';
import { TID } from './testids';
import { SidePane } from './timeline/SidePane';
import { Timeline } from './timeline/Timeline';
import { RequestBar, Toolbar } from './toolbar/Toolbar';
import { Topology } from './topology/Topology';

/** Keys that belong to the focused control, not to playback. */
export function keyIsForControl(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select') return true;
  if (el.closest?.('.monaco-editor')) return true;
  if (el.getAttribute?.('role') === 'separator') return key.startsWith('Arrow');
  if ((tag === 'button' || tag === 'summary' || tag === 'a') && (key === ' ' || key === 'Enter')) return true;
  return false;
}

export function App() {
  const store = useAppStore();
  const { theme, sizes, setSize, banner, setBanner } = useApp(
    useShallow((s) => ({ theme: s.theme, sizes: s.sizes, setSize: s.setSize, banner: s.banner, setBanner: s.setBanner })),
  );

  // the editor pane can be folded away to give the topology and timeline the width
  const [editorOpen, setEditorOpen] = useState(true);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (keyIsForControl(e.target, e.key)) return;
      const s = store.getState();
      if (e.key === ' ') {
        e.preventDefault();
        s.togglePlay();
      } else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
        e.preventDefault();
        s.stepBy(1);
      } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
        e.preventDefault();
        s.stepBy(-1);
      } else if (e.key === 'Home') {
        s.goTo(0);
      } else if (e.key === 'End') {
        s.goTo(Number.MAX_SAFE_INTEGER);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const embed = pageEmbedOptions();
  if (embed.embed) return <EmbedApp options={embed} />;

  return (
    <div className={`app${editorOpen ? '' : ' editor-collapsed'}`} style={{ gridTemplateColumns: editorOpen ? `${sizes.editor}px 6px minmax(0, 1fr)` : '0 0 minmax(0, 1fr)' }}>
      <Toolbar />
      {banner && (
        <div className="banner" role="alert" data-testid={TID.banner}>
          <span>{banner}</span>
          <button type="button" onClick={() => setBanner(null)} aria-label={tr('banner.dismiss')}>
            ×
          </button>
        </div>
      )}
      <EditorPane />
      <Splitter orientation="vertical" value={sizes.editor} min={220} max={900} label={tr('editor.label')} onChange={(px) => setSize('editor', px)} />
      <main className="work" style={{ gridTemplateRows: `auto auto minmax(120px, 1fr) 6px ${sizes.bottom}px` }}>
        <RequestBar />
        <div className="outcome-area">
          <Outcome />
          <Compare />
        </div>
        <div className="topology-wrap">
          <div className="work-bar">
            <button type="button" className="editor-toggle" aria-expanded={editorOpen} title={tr('layout.editor.title')} onClick={() => setEditorOpen((v) => !v)}>
              {editorOpen ? tr('layout.editor.hide') : tr('layout.editor.show')}
            </button>
            <LensBar />
            <ExportButtons />
          </div>
          <Topology />
        </div>
        <Splitter orientation="horizontal" value={sizes.bottom} min={140} max={620} sign={-1} label={tr('timeline.label')} onChange={(px) => setSize('bottom', px)} />
        <div className="bottom" style={{ gridTemplateColumns: `minmax(0, 1fr) 6px ${sizes.inspector}px` }}>
          <Timeline />
          <Splitter orientation="vertical" value={sizes.inspector} min={240} max={800} sign={-1} label={tr('inspector.label')} onChange={(px) => setSize('inspector', px)} />
          <SidePane />
        </div>
      </main>
      <LinkNotice />
    </div>
  );
}
