// Public API of delivery/queue: accepting mail durably, message contents, the retry policy.
export { enqueueCampaign, enqueueMessage, type EnqueueOptions, type CampaignEnqueued, type MessageRequest } from './enqueue.ts';
export { campaignContent, parseContent, tenantSigning, type MessageContent } from './content.ts';
export { nextAttemptAt, type RetryPolicy } from './retry.ts';
export { prepareCampaign, knownFields, allowedFromDomains, assertFromAllowed, CONTACT_FIELDS, type PreparedCampaign } from './prepare.ts';
export { startDueCampaigns, type ScheduledOptions } from './scheduled.ts';
