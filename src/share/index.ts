// The face of src/share: share links (versioned URL-state codec), link length, scenario files,
// the embed API and the safe-text helpers. Pure: no DOM, no React; the UI wires them in.
export {
  SHARE_LENSES,
  SHARE_LIMITS,
  emptyShareState,
  normaliseShareState,
  canonicalShareState,
  type ShareState,
  type ShareRequest,
  type ShareView,
  type ShareLens,
  type ShareTheme,
  type ShareIssue,
  type ShareStateResult,
} from './state';
export {
  encodeShare,
  decodeShare,
  shareUrl,
  createShareCodec,
  SHARE_REGISTRY,
  SHARE_PARAM,
  MAX_DECOMPRESSED_BYTES,
  MAX_PAYLOAD_CHARS,
  type DecodeResult,
  type ShareError,
  type ShareErrorCode,
  type ShareRegistry,
  type ShareFormat,
  type ShareCodec,
} from './codec';
export { linkReport, LINK_LIMITS, type LinkReport, type LinkLimit } from './link';
export { exportScenarioFile, importScenarioFile, SHARE_ANNOTATION, type ImportResult, type ScenarioFileError } from './yaml-file';
export {
  parseEmbedMessage,
  parseEmbedOptions,
  acceptEmbedEvent,
  embedEvents,
  embedSnippets,
  embedUrl,
  EMBED_PROTOCOL,
  EMBED_SIZES,
  EMBED_COMMAND_TYPES,
  type EmbedCommand,
  type EmbedEvent,
  type EmbedOptions,
  type EmbedSize,
  type EmbedSnippets,
  type SnippetOptions,
} from './embed-api';
export { safeHref, escapeHtml, displayText } from './safe-text';
