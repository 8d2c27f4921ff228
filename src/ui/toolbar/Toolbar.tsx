// The top bar: scenario picker, the request bar (client chooser, curl input,
// presets, Send), the Share and Embed dialogs and the theme toggle.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../context';
import { tr } from '../i18n';
import { TID } from '../testids';
import { orderedRequests } from '../store';
import { EmbedButton } from '../embed/EmbedButton';
import { ShareButton } from '../share/ShareButton';

export function Toolbar() {
  const { scenarios, scenarioId, loadScenario, theme, setTheme } = useApp(
    useShallow((s) => ({ scenarios: s.scenarios, scenarioId: s.scenarioId, loadScenario: s.loadScenario, theme: s.theme, setTheme: s.setTheme })),
  );
  return (
    <header className="toolbar" role="banner">
      <h1 className="brand">hopscope</h1>
      <label className="field inline">
        <span className="field-label">{tr('toolbar.scenario')}</span>
        <select data-testid={TID.scenarioPicker} value={scenarioId ?? ''} onChange={(e) => void loadScenario(e.target.value)}>
          {scenarioId === null && <option value="">{tr('toolbar.scenario.none')}</option>}
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <div className="toolbar-end">
        <ShareButton />
        <EmbedButton />
        <button
          type="button"
          data-testid={TID.themeToggle}
          aria-pressed={theme === 'dark'}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          title={tr('toolbar.theme')}
        >
          {theme === 'dark' ? tr('toolbar.theme.light') : tr('toolbar.theme.dark')}
        </button>
      </div>
    </header>
  );
}

export function RequestBar() {
  const { state, from, curl, busy, setFrom, setCurl, send, historyStep, applyPreset } = useApp(
    useShallow((s) => ({
      state: s.state,
      from: s.from,
      curl: s.curl,
      busy: s.busy,
      setFrom: s.setFrom,
      setCurl: s.setCurl,
      send: s.send,
      historyStep: s.historyStep,
      applyPreset: s.applyPreset,
    })),
  );
  const clients = useMemo(() => {
    const list: { value: string; label: string; group: 'client' | 'pod' }[] = [];
    for (const c of state?.clients ?? []) list.push({ value: c.name, label: `${c.name} (${c.ip})`, group: 'client' });
    // ns/name in code-unit order: the same order as localeCompare for Kubernetes names
    // (lower case, digits, '-', '.'), without waking ICU's collator on the first picture
    const key = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
    for (const p of [...(state?.pods ?? [])].filter((p) => !p.hostNetwork).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
      list.push({ value: p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`, label: `${p.namespace}/${p.name} (${p.ip}, ${p.node})`, group: 'pod' });
    }
    if (from && !list.some((c) => c.value === from)) list.unshift({ value: from, label: from, group: 'client' });
    return list;
  }, [state, from]);
  const requests = orderedRequests(state);
  const title = state?.title;
  return (
    <form
      className="request-bar"
      data-testid={TID.requestBar}
      aria-label={tr('request.label')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label className="field inline">
        <span className="field-label">{tr('request.from')}</span>
        <select data-testid={TID.client} value={from} onChange={(e) => setFrom(e.target.value)}>
          <optgroup label={tr('request.clients')}>
            {clients
              .filter((c) => c.group === 'client')
              .map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
          </optgroup>
          <optgroup label={tr('request.pods')}>
            {clients
              .filter((c) => c.group === 'pod')
              .map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
          </optgroup>
        </select>
      </label>
      <label className="field inline grow">
        <span className="sr-only">{tr('request.curl')}</span>
        <input
          data-testid={TID.curl}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={curl}
          placeholder="curl http://192.168.10.211/"
          title={tr('request.curl')}
          onChange={(e) => setCurl(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp') {
              e.preventDefault();
              historyStep(-1);
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              historyStep(1);
            }
          }}
        />
      </label>
      <button type="submit" data-testid={TID.send} className="primary" aria-busy={busy}>
        {tr('request.send')}
      </button>
      <label className="field inline presets" title={title ?? undefined}>
        <span className="sr-only">{tr('request.presets')}</span>
        <select
          data-testid={TID.presets}
          value=""
          disabled={requests.length === 0}
          onChange={(e) => {
            if (e.target.value !== '') void applyPreset(Number(e.target.value));
          }}
        >
          <option value="">{tr('request.presets.choose', { n: requests.length })}</option>
          {requests.map(({ index, request: r }) => (
            <option key={index} value={index}>
              {r.name ?? r.curl} ({r.from})
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
