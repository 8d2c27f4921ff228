// The pane beside the timeline: the tool output and the inspector share it as
// two tabs (each gets the pane's full height: readable on a projector at
// 1280x720). Both stay mounted; the hidden one keeps its scroll and state.
import { useState, type KeyboardEvent } from 'react';
import { tr } from '../i18n';
import { Inspector } from '../inspector/Inspector';
import { ToolOutput } from '../lenses/ToolOutput';

type SideTab = 'tool' | 'inspector';
const TABS: { id: SideTab; label: string }[] = [
  { id: 'tool', label: 'tool.label' },
  { id: 'inspector', label: 'inspector.label' },
];

export function SidePane() {
  const [tab, setTab] = useState<SideTab>('tool');
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    // the arrows move between the tabs here, not the playback
    e.preventDefault();
    e.stopPropagation();
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length].id;
    setTab(next);
    document.getElementById(`side-tab-${next}`)?.focus();
  };
  return (
    <div className="side">
      <div className="side-tabs" role="tablist" aria-label={tr('side.label')} onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`side-tab-${t.id}`}
            type="button"
            role="tab"
            className={tab === t.id ? 'tab active' : 'tab'}
            aria-selected={tab === t.id}
            aria-controls={`side-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {tr(t.label)}
          </button>
        ))}
      </div>
      <div id="side-panel-tool" role="tabpanel" aria-labelledby="side-tab-tool" className="side-panel" hidden={tab !== 'tool'}>
        <ToolOutput />
      </div>
      <div id="side-panel-inspector" role="tabpanel" aria-labelledby="side-tab-inspector" className="side-panel" hidden={tab !== 'inspector'}>
        <Inspector />
      </div>
    </div>
  );
}
