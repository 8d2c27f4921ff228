// "SVG" and "PNG" beside the lens bar: the topology with the whole path of the shown trace.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStore } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import { hopTitle } from '../timeline/Timeline';
import { computeLayout, hopPoints } from '../topology/layout';
import { downloadBlob, downloadText, fileStem } from './download';
import { svgToPng, topologySvg } from './svg-export';

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Build the SVG text of what the topology shows now (null when nothing is drawn). */
export function buildTopologySvg(store: ReturnType<typeof useAppStore>): { text: string; width: number; height: number; name: string } | null {
  const s = store.getState();
  const svg = document.querySelector<SVGSVGElement>(`[data-testid="${TID.topology}"] svg.topology`);
  if (!svg || !s.state) return null;
  const layout = computeLayout(s.state);
  const path = s.trace ? hopPoints(layout, s.state, s.trace.hops, s.trace.envoyNode) : [];
  const title = s.trace ? tr('export.svg.heading', { from: s.trace.from, curl: s.trace.request.raw ?? s.curl }) : 'hopscope';
  const description = s.trace ? s.trace.hops.map((h, i) => `${i + 1}. ${hopTitle(h)} ${h.stage} ${h.action}`).join('\n') : '';
  const text = topologySvg({
    svg,
    width: layout.width,
    height: layout.height,
    path,
    step: s.step,
    title,
    description,
    background: cssVar('--bg', '#ffffff'),
    accent: cssVar('--accent', '#1f5fbf'),
  });
  return { text, width: layout.width + 48, height: layout.height + 48, name: fileStem(s.scenarioId) };
}

export function ExportButtons() {
  const store = useAppStore();
  const { hasState } = useApp(useShallow((s) => ({ hasState: s.state !== null })));
  const [busy, setBusy] = useState(false);
  return (
    <div className="export-bar" role="group" aria-label={tr('export.label')}>
      <button
        type="button"
        data-testid={TID.exportSvg}
        disabled={!hasState}
        title={tr('export.svg.title')}
        onClick={() => {
          const out = buildTopologySvg(store);
          if (out) downloadText(out.text, `${out.name}.svg`, 'image/svg+xml');
        }}
      >
        {tr('export.svg')}
      </button>
      <button
        type="button"
        data-testid={TID.exportPng}
        disabled={!hasState || busy}
        aria-busy={busy}
        title={tr('export.png.title')}
        onClick={async () => {
          const out = buildTopologySvg(store);
          if (!out) return;
          setBusy(true);
          try {
            downloadBlob(await svgToPng(out.text, out.width, out.height, 2), `${out.name}.png`);
          } catch (e) {
            store.getState().setBanner(tr('export.failed', { detail: e instanceof Error ? e.message : String(e) }));
          } finally {
            setBusy(false);
          }
        }}
      >
        {tr('export.png')}
      </button>
    </div>
  );
}
