// The default lab text, for the editor's "The lab" tab: the engine's own
// (src/model/default-lab.ts), re-exported here so the UI asks the worker
// layer, never the model's internals.
export { DEFAULT_LAB_TEXT } from '../model/default-lab';
