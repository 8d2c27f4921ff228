// Entry point: the store (with the engine worker behind it), the scenarios, the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { StoreContext } from './ui/context';
import { tr } from './ui/i18n';
import { defaultScenario, scenarioList } from './ui/scenarios';
import { createAppStore } from './ui/store';
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
  const store = createAppStore({ engine, storage: window.localStorage, defaultLab: DEFAULT_LAB_TEXT, defaultTheme: dark ? 'dark' : 'light' });
  setBanner = (text) => store.getState().setBanner(text);
  const glob = import.meta.glob('../scenarios/*.yaml', { query: '?raw', import: 'default' });
  const list = await scenarioList(glob);
  store.getState().setScenarios(list);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
  await store.getState().init(defaultScenario(list));
}

void start();
