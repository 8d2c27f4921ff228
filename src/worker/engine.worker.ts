// The engine, off the main thread: the API of engine-api.ts exposed with comlink. Named
// AHEAD_WORKER_NAME by index.html (a first visit to the default scenario), it compiles that
// scenario as soon as its code has loaded (engine-api.ts workAhead).
import * as Comlink from 'comlink';
import { api, workAhead } from './engine-api';
import { AHEAD_WORKER_NAME } from './protocol';

Comlink.expose(api);
if (self.name === AHEAD_WORKER_NAME) setTimeout(() => void workAhead(), 0);
