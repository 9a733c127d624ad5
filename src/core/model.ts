// The domain's records as the rest of facteur sees them (camelCase, parsed JSON, no SQL).
// Vocabulary: see the glossary in DESIGN.md.

export type TenantStatus = 'active' | 'suspended' | 'paused';
export interface Tenant {
  id: number;
  slug: string;
  name: string;
  status: TenantStatus;
  statusReason: string | null;
  quotaHourly: number | null;
  quotaDaily: number | null;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type UserRole = 'operator' | 'admin' | 'editor';
export interface User {
  id: number;
  tenantId: number | null;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  createdAt: number;
  lastLoginAt: number | null;
}

export type ApiScope = 'read' | 'write' | 'send';
export const API_SCOPES: readonly ApiScope[] = ['read', 'write', 'send'];
export interface ApiKey {
  id: number;
  tenantId: number;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: ApiScope[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export type ContactStatus = 'active' | 'unsubscribed' | 'bounced' | 'complained';
export interface Contact {
  id: number;
  tenantId: number;
  address: string;
  addressNormalized: string;
  name: string | null;
  fields: Record<string, unknown>;
  status: ContactStatus;
  consentSource: string | null;
  consentAt: number | null;
  confirmedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface MailingList {
  id: number;
  tenantId: number;
  slug: string;
  name: string;
  description: string | null;
  createdAt: number;
}

export type MembershipStatus = 'subscribed' | 'unconfirmed' | 'unsubscribed';

/** Which contacts a search or a segment selects: every given criterion must hold (AND). */
export interface ContactFilter {
  /** Contact status is one of these. */
  status?: ContactStatus[];
  /** Subscribed (membership status `subscribed`) to this list. */
  listId?: number;
  /** Substring of the normalised address. */
  address?: string;
  /** Substring of the normalised address or of the name (the admin search box; not in saved segments). */
  text?: string;
  /** Field equals one of the given values (compared as text). */
  fields?: Record<string, string[]>;
}

/** A saved filter over a tenant's contacts; its members are computed when read, never stored. */
export interface Segment {
  id: number;
  tenantId: number;
  name: string;
  description: string | null;
  filter: ContactFilter;
  createdAt: number;
  updatedAt: number;
}

export type SuppressionSource = 'bounce' | 'complaint' | 'unsubscribe' | 'manual' | 'erasure' | 'import';
export interface Suppression {
  id: number;
  tenantId: number | null;
  addressHash: string;
  address: string | null;
  reason: string;
  source: SuppressionSource;
  details: string | null;
  createdAt: number;
  expiresAt: number | null;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'sent' | 'cancelled';
export interface Campaign {
  id: number;
  tenantId: number;
  name: string;
  subject: string;
  bodyMarkdown: string;
  fromName: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  listIds: number[];
  status: CampaignStatus;
  scheduledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type MessageKind = 'campaign' | 'transactional' | 'submission' | 'test';
export interface Message {
  id: number;
  tenantId: number;
  campaignId: number | null;
  kind: MessageKind;
  subject: string;
  fromAddress: string;
  headers: Record<string, string>;
  body: string;
  idempotencyKey: string | null;
  /** SHA-256 of the API request that created it (an Idempotency-Key replay must match it). */
  requestHash?: string | null;
  createdAt: number;
}

export const DELIVERY_STATES = ['queued', 'sending', 'delivered', 'deferred', 'bounced', 'suppressed', 'expired', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const FINAL_STATES: readonly DeliveryState[] = ['delivered', 'bounced', 'suppressed', 'expired', 'cancelled'];

export interface Delivery {
  id: number;
  tenantId: number;
  messageId: number;
  campaignId: number | null;
  contactId: number | null;
  recipient: string;
  domain: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  lastCode: number | null;
  lastEnhanced: string | null;
  lastResponse: string | null;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

export type EventType =
  | 'accepted'
  | 'attempt'
  | 'delivered'
  | 'deferred'
  | 'bounced'
  | 'suppressed'
  | 'expired'
  | 'cancelled'
  | 'complained'
  | 'unsubscribed'
  | 'tenant.paused'
  | 'tenant.resumed'
  | 'campaign.paused'
  | 'tenant.warned'
  | 'campaign.canary_passed'
  | 'campaign.resumed'
  | 'campaign.cancelled'
  | 'campaign.scheduled'
  | 'campaign.started'
  | 'campaign.failed'
  | 'webhook.disabled'
  | 'contact.erased';
export interface FacteurEvent {
  id: number;
  tenantId: number;
  deliveryId: number | null;
  campaignId: number | null;
  messageId: number | null;
  type: EventType;
  data: Record<string, unknown>;
  createdAt: number;
}

/** Event types sent to webhook endpoints (the others stay in the API's event log). */
export const WEBHOOK_EVENT_TYPES = ['delivered', 'deferred', 'bounced', 'complained', 'unsubscribed', 'suppressed', 'expired'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A tenant's HTTPS receiver of signed events (Standard Webhooks), with its progress through the event log. */
export interface WebhookEndpoint {
  id: number;
  tenantId: number;
  url: string;
  description: string | null;
  secret: string;
  /** Empty: every webhook event type. */
  eventTypes: WebhookEventType[];
  enabled: boolean;
  /** Include the raw inbound bounce/complaint message in bounced/complained payloads. */
  forwardRawBounces: boolean;
  cursorEventId: number;
  attempts: number;
  nextAttemptAt: number;
  failingSince: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastSuccessAt: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A page of results and the cursor to fetch the next one (null at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
