// The scenario a first visit opens (lab 3, basic-ingress): its text is bundled with the page's
// main chunk (src/ui/early-engine.ts primes the worker with it) and with the engine worker,
// which compiles it by itself when index.html says the page opens it (engine.worker.ts,
// AHEAD_WORKER_NAME in protocol.ts).
export { default as DEFAULT_SCENARIO_TEXT } from '../../scenarios/03-basic-ingress.yaml?raw';

/** Its id in the scenario picker (src/ui/scenarios.ts defaultScenario picks the same: lab 3). */
export const DEFAULT_SCENARIO_ID = '03-basic-ingress.yaml';
