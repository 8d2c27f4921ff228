// The embed view (`?embed`): the topology with the lens bar, and the timeline; the YAML editor
// only with `editor=1`; a small "open in hopscope" link instead of the toolbar. `size=large`
// gives presenter-sized text. It writes no storage and never rewrites the address (main.tsx
// gives its store no storage; nothing here touches history).
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EmbedOptions } from '../../share';
// safe-text itself, not the share face: the link codec loads only for the link below
import { displayText, safeHref } from '../../share/safe-text';
import { DEFAULT_LAB_TEXT } from '../../worker/defaults';
import { useApp } from '../context';
import { EditorPane } from '../editor/EditorPane';
import { tr } from '../i18n';
import { LensBar } from '../lenses/LensBar';
import { LinkNotice } from '../share/LinkNotice';
import { TID } from '../testids';
import { Timeline } from '../timeline/Timeline';
import { Topology } from '../topology/Topology';
import '../share/share.css';

/** The address of the full app for this embed: same page, no query (the embed options), no fragment. */
export function appAddress(href: string): string {
  try {
    const u = new URL(href);
    return `${u.origin}${u.pathname}`;
  } catch {
    return './';
  }
}

export function EmbedApp({ options }: { options: EmbedOptions }) {
  const src = useApp(
    useShallow((s) => ({ manifests: s.manifests, lab: s.lab, from: s.from, curl: s.curl, history: s.history, step: s.step, lens: s.lens, theme: s.theme, scenarioId: s.scenarioId })),
  );
  // the link to the full app: the share codec (fflate, the dictionary) is loaded for it, after the first picture
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('../share/share-state').then(({ currentShareUrl }) => {
      if (live) setHref(safeHref(currentShareUrl(src, DEFAULT_LAB_TEXT, appAddress(window.location.href))));
    });
    return () => {
      live = false;
    };
  }, [src]);
  return (
    <div className={`embed-app embed-${options.size}${options.editor ? ' with-editor' : ''}`} data-testid={TID.embedView} data-size={options.size} aria-label={tr('embed.label')}>
      <header className="embed-bar">
        <span className="brand">hopscope</span>
        <span className="embed-request" title={displayText(src.curl, 2000)}>
          {displayText(src.from)} $ {displayText(src.curl, 400)}
        </span>
        {href && (
          <a className="embed-open" data-testid={TID.embedOpen} href={href} target="_blank" rel="noopener noreferrer" title={tr('embed.openTitle')}>
            {tr('embed.open')}
          </a>
        )}
      </header>
      {options.editor && <EditorPane />}
      <main className="embed-main">
        <div className="topology-wrap">
          <div className="work-bar">
            <LensBar />
          </div>
          <Topology />
        </div>
        <Timeline />
      </main>
      <LinkNotice embed />
    </div>
  );
}
