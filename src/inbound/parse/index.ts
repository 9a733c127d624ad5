// Public API of the bounce/complaint message reader.
export { parseBounce, DEFAULT_MAX_BYTES, type ParseOptions } from './bounce.ts';
export { parseMime, header, textOf, walk, type MimePart, type Header } from './mime.ts';
export type { BounceReport, BounceRecipient, BounceKind, OriginalMessage } from './types.ts';
