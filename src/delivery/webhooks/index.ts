// Public API of delivery/webhooks: signed event delivery to tenants' endpoints (Standard Webhooks).
export { WebhookDispatcher, type WebhookDispatcherOptions, type FetchLike } from './dispatcher.ts';
export { newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from './signature.ts';
export { webhookUrlProblem, type WebhookUrlProblem } from './url.ts';
