// Row shapes of every table, as Kysely sees them. Timestamps are integer milliseconds since the
// epoch on both databases (portable comparisons, no time-zone surprises); JSON is stored as text.
import type { ColumnType, Generated } from 'kysely';

/** Auto-increment id: generated on insert, a number when read. */
type Id = Generated<number>;
/** Millisecond timestamp. */
type Ms = number;

export interface TenantsTable {
  id: Id;
  slug: string;
  name: string;
  status: string; // active | suspended | paused
  status_reason: string | null;
  quota_hourly: number | null;
  quota_daily: number | null;
  settings: string; // JSON object
  created_at: Ms;
  updated_at: Ms;
}

export interface UsersTable {
  id: Id;
  tenant_id: number | null; // null: platform operator
  email: string;
  name: string;
  role: string; // operator | admin | editor
  password_hash: string;
  created_at: Ms;
  last_login_at: Ms | null;
}

export interface ApiKeysTable {
  id: Id;
  tenant_id: number;
  name: string;
  prefix: string; // public, unique: lets a presented key be found without scanning
  secret_hash: string;
  scopes: string; // space-separated: read write send
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
}

export interface ContactsTable {
  id: Id;
  tenant_id: number;
  address: string;
  address_normalized: string;
  name: string | null;
  fields: string; // JSON object
  status: string; // active | unsubscribed | bounced | complained
  consent_source: string | null;
  consent_at: Ms | null;
  confirmed_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface ListsTable {
  id: Id;
  tenant_id: number;
  slug: string;
  name: string;
  description: string | null;
  created_at: Ms;
}

export interface ListMembershipsTable {
  tenant_id: number;
  list_id: number;
  contact_id: number;
  status: string; // subscribed | unconfirmed | unsubscribed
  created_at: Ms;
  updated_at: Ms;
}

export interface SuppressionsTable {
  id: Id;
  tenant_id: number | null; // null: platform-wide (address proven dead)
  address_hash: string; // sha256 of the normalised address: kept even after erasure
  address: string | null; // null once the contact was erased
  reason: string;
  source: string; // bounce | complaint | unsubscribe | manual | erasure | import
  details: string | null;
  created_at: Ms;
  expires_at: Ms | null;
}

export interface CampaignsTable {
  id: Id;
  tenant_id: number;
  name: string;
  subject: string;
  body_markdown: string;
  from_name: string | null;
  from_address: string | null;
  reply_to: string | null;
  list_ids: string; // JSON array of list ids
  status: string; // draft | scheduled | sending | paused | sent | cancelled
  scheduled_at: Ms | null;
  started_at: Ms | null;
  finished_at: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface MessagesTable {
  id: Id;
  tenant_id: number;
  campaign_id: number | null;
  kind: string; // campaign | transactional | submission | test
  subject: string;
  from_address: string;
  headers: string; // JSON: extra headers
  body: string; // template (campaign) or raw/structured content (JSON) for one-offs
  idempotency_key: string | null;
  created_at: Ms;
  request_hash: ColumnType<string | null, string | null | undefined, string | null>; // sha256 of the API request (004)
}

export interface DeliveriesTable {
  id: Id;
  tenant_id: number;
  message_id: number;
  campaign_id: number | null;
  contact_id: number | null;
  recipient: string;
  domain: string;
  state: string; // queued | sending | delivered | deferred | bounced | suppressed | expired | cancelled
  attempts: number;
  next_attempt_at: Ms;
  lease_owner: string | null;
  lease_expires_at: Ms | null;
  last_code: number | null;
  last_enhanced: string | null;
  last_response: string | null;
  reason: string | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface EventsTable {
  id: Id;
  tenant_id: number;
  delivery_id: number | null;
  campaign_id: number | null;
  message_id: number | null;
  type: string;
  data: string; // JSON
  created_at: Ms;
}

export interface SegmentsTable {
  id: Id;
  tenant_id: number;
  name: string;
  description: string | null;
  filter: string; // JSON: a ContactFilter (status, list, fields)
  created_at: Ms;
  updated_at: Ms;
}

export interface BounceScoresTable {
  tenant_id: number;
  address_hash: string;
  score: number;
  first_bounce_at: Ms;
  last_bounce_at: Ms;
  last_reason: string | null;
}

export interface InboundMessagesTable {
  id: Id;
  received_at: Ms;
  source: string; // smtp | ses | http
  envelope_from: string | null;
  envelope_to: string | null;
  tenant_id: number | null; // null: matched no delivery
  delivery_id: number | null;
  kind: string; // dsn | ndr | arf | ses | autoreply | unsubscribe | none …
  outcome: string; // applied | duplicate | unmatched | ignored | unparsed | rejected
  details: string; // JSON
  size: number;
  raw: string | null; // first log_raw_bytes of the message, for diagnosis
}

export interface WebhookEndpointsTable {
  id: Id;
  tenant_id: number;
  url: string;
  description: string | null;
  secret: string; // whsec_… (Standard Webhooks)
  event_types: string; // JSON array; empty: every webhook event type
  enabled: number; // 0 | 1
  forward_raw_bounces: number; // 0 | 1
  cursor_event_id: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<number, number | undefined, number>;
  failing_since: Ms | null;
  last_status: number | null;
  last_error: string | null;
  last_success_at: Ms | null;
  disabled_at: Ms | null;
  disabled_reason: string | null;
  lease_owner: string | null;
  lease_until: Ms | null;
  created_at: Ms;
  updated_at: Ms;
}

export interface SmtpCredentialsTable {
  id: Id;
  tenant_id: number;
  name: string;
  username: string; // unique across tenants: AUTH finds the tenant by it
  secret_hash: string; // sha256 of the generated password
  allowed_senders: string; // JSON array: domains and addresses
  max_message_bytes: number | null;
  rate_per_minute: number | null;
  list_id: number | null;
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
}

export interface CanariesTable {
  campaign_id: number;
  tenant_id: number;
  status: string; // testing | passed | paused | released | closed (006)
  slice_ids: string; // JSON array of delivery ids
  slice_size: number;
  held: number;
  threshold: number;
  details: string; // JSON: the figures of the decision
  created_at: Ms;
  decided_at: Ms | null;
}

export interface WarmupsTable {
  tenant_id: number;
  day: number; // last UTC day (days since the epoch) judged (006)
  clean_days: number;
  completed_at: Ms | null;
  started_at: Ms;
  updated_at: Ms;
}

export interface PlatformSettingsTable {
  key: string;
  value: string;
  updated_at: ColumnType<number, number, number>;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  lists: ListsTable;
  list_memberships: ListMembershipsTable;
  suppressions: SuppressionsTable;
  campaigns: CampaignsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  events: EventsTable;
  platform_settings: PlatformSettingsTable;
  bounce_scores: BounceScoresTable;
  inbound_messages: InboundMessagesTable;
  segments: SegmentsTable;
  canaries: CanariesTable;
  warmups: WarmupsTable;
  webhook_endpoints: WebhookEndpointsTable;
  smtp_credentials: SmtpCredentialsTable;
}
