// Entry point. The engine worker is already loading (the build's index.html starts it); the
// first import makes the engine client and primes the worker before the rest of the app's
// modules evaluate (src/ui/early-engine.ts); then the store, the scenarios and the app start
// (src/ui/start.tsx).
import { earlyEngine } from './ui/early-engine';
import { start } from './ui/start';
import './ui/styles.css';

void start(earlyEngine);
