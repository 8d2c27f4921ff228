// The app's start (src/main.tsx), with the engine client src/ui/early-engine.ts made and primed:
// the store (with the engine client behind it), the scenarios, the app, then the boot (a share
// link, the saved work or the default scenario).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StoreContext } from './context';
import { tr } from './i18n';
import { defaultScenario, quickScenarioList, scenarioList } from './scenarios';
import { createAppStore } from './store';
import { pageEmbedOptions } from './embed/mode';
import { boot } from './share/boot';
import { browserUrlEnv } from './share/LinkNotice';
import { afterPaint } from './timeline/marks';
import { DEFAULT_LAB_TEXT } from '../worker/defaults';
import { EngineClient } from '../worker/engine-client';
import type { EarlyEngine } from './early-engine';

export async function start(options: EarlyEngine): Promise<void> {
  let setBanner: (text: string) => void = () => {};
  options.onRestart((reason, detail) => setBanner(tr(`banner.${reason}`, { detail })));
  let engine = options.engine;
  if (!engine && import.meta.env.DEV) {
    // `vite dev` with ?fixture: a hand-written state and trace instead of the worker
    const { fixtureSpawn } = await import('./dev-fixture');
    const timeoutMs = Number(new URLSearchParams(window.location.search).get('engineTimeout')) || 5000;
    engine = new EngineClient({ spawn: fixtureSpawn, timeoutMs, onRestart: (reason, detail) => setBanner(tr(`banner.${reason}`, { detail })) });
  }
  if (!engine) throw new Error('no engine');
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  // an embed never writes the visitor's storage (nor reads it: it shows its link, not saved work)
  const embed = pageEmbedOptions();
  // a sandboxed iframe may forbid storage: then the work lives for this page only
  let storage: Storage | null;
  try {
    storage = embed.embed ? null : window.localStorage;
  } catch {
    storage = null;
  }
  const store = createAppStore({ engine, storage, defaultLab: DEFAULT_LAB_TEXT, defaultTheme: dark ? 'dark' : 'light' });
  setBanner = (text) => store.getState().setBanner(text);
  // the default scenario's text is in this chunk already (src/worker/default-scenario.ts): the
  // other files are loaded on demand
  const glob = {
    // import.meta.glob takes literals only: this excluded file is DEFAULT_SCENARIO_ID (src/worker/default-scenario.ts)
    ...import.meta.glob(['../../scenarios/*.yaml', '!../../scenarios/03-basic-ingress.yaml'], { query: '?raw', import: 'default' }),
    [`../../scenarios/${options.defaultScenario.id}`]: async () => options.defaultScenario.text,
  };
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
  // embed mode only: the host page's postMessage bridge (with the share codec) in its own chunk;
  // when it does not load, the view still starts (without the host's control), with a banner
  const bridge = embed.embed
    ? await import('./embed/bridge').then(
        (m) => m.startEmbedBridge(store, window, embed),
        (e: unknown) => {
          setBanner(tr('banner.load.embed', { detail: e instanceof Error ? e.message : String(e) }));
          return null;
        },
      )
    : null;
  // a share link in the fragment: open it (or ask first), else the saved work or the default scenario
  await boot(store, defaultScenario(list), DEFAULT_LAB_TEXT, embed, embed.embed ? { ...browserUrlEnv, hash: window.location.hash, clearFragment: () => {} } : { ...browserUrlEnv, hash: window.location.hash });
  bridge?.ready();
  // after the first picture is painted: the 13 scenario chunks do not compete with it
  afterPaint(() => void scenarioList(glob).then((full) => store.getState().setScenarios(full)));
}
