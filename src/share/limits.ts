// Limits the embed API checks without the codec (embed-api.ts, loaded on every page start).
/** Refuse before decoding a payload longer than this (base64url characters). */
export const MAX_PAYLOAD_CHARS = 1_500_000;
