// The engine's types as the UI sees them (types only: the UI never runs the engine itself).
export type * from '../engine/index';
export type { CompileAnswer, TraceAnswer, CompileInput, StateViews, SuggestAnswer } from '../worker/protocol';
