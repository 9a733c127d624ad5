// Composing messages: Markdown/HTML → personalised multipart/alternative RFC 5322 messages.
// Public API of src/delivery/compose.
export { compileCampaign, renderMessage, previewMessage, type CampaignInput, type CompiledCampaign, type RecipientInput, type Preview } from './message.ts';
export { BUILTIN_FIELDS, escapeHtml, type FieldValues } from './merge.ts';
export { LANGS, type Lang, type TenantBranding } from './layout.ts';
export { qpEncode } from './mime.ts';
export { encodeWords, rfc5322Date, type Mailbox } from './headers.ts';
export { htmlToText } from './html.ts';
export { ComposePool, type PoolSigning, type RenderJob } from './pool.ts';
