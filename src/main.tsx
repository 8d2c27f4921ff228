// Entry point: the store (with the engine worker behind it), the scenarios, the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { StoreContext } from './ui/context';
import { tr } from './ui/i18n';
import { defaultScenario, quickScenarioList, scenarioList } from './ui/scenarios';
import { createAppStore } from './ui/store';
import { pageEmbedOptions } from './ui/embed/mode';
import { startEmbedBridge } from './ui/embed/bridge';
import { boot } from './ui/share/boot';
import { browserUrlEnv } from './ui/share/LinkNotice';
import { DEFAULT_LAB_TEXT } from './worker/defaults';
import { EngineClient, type Spawned } from './worker/engine-client';
import { spawnEngineWorker } from './worker/spawn';
import './ui/styles.css';

async function start() {
  const params = new URLSearchParams(window.location.search);
  let spawn: () => Spawned = spawnEngineWorker;
  if (import.meta.env.DEV && params.has('fixture')) {
    const { fixtureSpawn } = await import('./ui/dev-fixture');
    spawn = fixtureSpawn;
  }
  let setBanner: (text: string) => void = () => {};
  const engine = new EngineClient({
    spawn,
    timeoutMs: Number(params.get('engineTimeout')) || 5000,
    onRestart: (reason, detail) => setBanner(tr(`banner.${reason}`, { detail })),
  });
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  // an embed never writes the visitor's storage (nor reads it: it shows its link, not saved work)
  const embed = pageEmbedOptions();
  const store = createAppStore({ engine, storage: embed.embed ? null : window.localStorage, defaultLab: DEFAULT_LAB_TEXT, defaultTheme: dark ? 'dark' : 'light' });
  setBanner = (text) => store.getState().setBanner(text);
  const glob = import.meta.glob('../scenarios/*.yaml', { query: '?raw', import: 'default' });
  // the picker's titles need every file's text: read them once the first
  // picture is up, and start on the default scenario at once (bench/browser: first interactive)
  const list = quickScenarioList(glob);
  store.getState().setScenarios(list);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
  const bridge = embed.embed ? startEmbedBridge(store, window, embed) : null;
  // a share link in the fragment: open it (or ask first), else the saved work or the default scenario
  await boot(store, defaultScenario(list), DEFAULT_LAB_TEXT, embed, embed.embed ? { ...browserUrlEnv, hash: window.location.hash, clearFragment: () => {} } : { ...browserUrlEnv, hash: window.location.hash });
  bridge?.ready();
  void scenarioList(glob).then((full) => store.getState().setScenarios(full));
}

void start();
