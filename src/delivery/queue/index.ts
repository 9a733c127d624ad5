// Public API of delivery/queue: accepting mail durably, message contents, the retry policy.
export { enqueueCampaign, enqueueMessage, type EnqueueOptions, type CampaignEnqueued, type MessageRequest } from './enqueue.ts';
export { campaignContent, parseContent, tenantSigning, transactionalContent, type MessageContent, type TransactionalSpec } from './content.ts';
export { sendNotice, markdownText, type NoticeRequest } from './notice.ts';
export { nextAttemptAt, type RetryPolicy } from './retry.ts';
export { prepareCampaign, knownFields, allowedFromDomains, assertFromAllowed, CONTACT_FIELDS, type PreparedCampaign } from './prepare.ts';
export { startDueCampaigns, type ScheduledOptions } from './scheduled.ts';
