// The model's face: text in, typed objects and diagnostics out.
export { parseSources } from './parse';
export { parseCurl } from './curl';
export { DEFAULT_LAB_TEXT, DEFAULT_LAB_FILE } from './default-lab';
export type * from './types';
