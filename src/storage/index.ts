// Public API of storage/: open a database, migrate it, and reach the repositories — directly or
// inside one transaction. This folder is the only code that writes SQL.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables.ts';
import type { Dialect } from './dialect.ts';
import type { Clock } from '../lib/clock.ts';
import { systemClock } from '../lib/clock.ts';
import type { DatabaseTarget } from '../config/index.ts';
import { openConnection, type OpenOptions } from './open.ts';
import { migrateToLatest, pendingMigrations, type MigrationReport } from './migrate.ts';
import { TenantRepository } from './repositories/tenants.ts';
import { UserRepository } from './repositories/users.ts';
import { ApiKeyRepository } from './repositories/apikeys.ts';
import { ContactRepository } from './repositories/contacts.ts';
import { ListRepository } from './repositories/lists.ts';
import { SuppressionRepository } from './repositories/suppressions.ts';
import { CampaignRepository } from './repositories/campaigns.ts';
import { MessageRepository } from './repositories/messages.ts';
import { DeliveryRepository } from './repositories/deliveries.ts';
import { EventRepository } from './repositories/events.ts';
import { PlatformRepository } from './repositories/platform.ts';
import { QueueRepository } from './repositories/queue.ts';
import { AudienceRepository } from './repositories/audience.ts';
import { SegmentRepository } from './repositories/segments.ts';
import { BounceScoreRepository } from './repositories/bounce-scores.ts';
import { InboundLogRepository } from './repositories/inbound-log.ts';
import { DeliveryReportRepository } from './repositories/delivery-reports.ts';
import { WebhookRepository } from './repositories/webhooks.ts';
import { CampaignReportRepository } from './repositories/campaign-reports.ts';
import { PrivacyRepository } from './repositories/privacy.ts';
import { GuardRepository } from './repositories/guard.ts';
import { HygieneRepository } from './repositories/hygiene.ts';
import { SmtpCredentialRepository } from './repositories/smtp-credentials.ts';
import type { RepoContext } from './repositories/common.ts';

export type { Dialect } from './dialect.ts';
export type { Database } from './tables.ts';
export { checkDataDir } from './open.ts';
export { addressHash } from './repositories/suppressions.ts';
export { domainOf } from './repositories/deliveries.ts';
export { isUniqueViolation } from './repositories/common.ts';
export type { ContactInput, ContactQuery } from './repositories/contacts.ts';
export type { CampaignInput } from './repositories/campaigns.ts';
export type { MessageInput } from './repositories/messages.ts';
export type { DeliveryInput } from './repositories/deliveries.ts';
export type { EventInput } from './repositories/events.ts';
export type { SuppressionInput } from './repositories/suppressions.ts';
export type { BounceScore, ScoreRule } from './repositories/bounce-scores.ts';
export type { InboundLogEntry, InboundLogInput, InboundOutcome, InboundSource } from './repositories/inbound-log.ts';
export type { ReportedOutcome } from './repositories/delivery-reports.ts';
export type { ContactPatch, UpsertResult, ListWithCount } from './repositories/audience.ts';
export { FIELD_NAME } from './repositories/audience.ts';
export type { ClaimedDelivery, OutcomeUpdate } from './repositories/queue.ts';
export type { SmtpCredentialInput, SmtpCredentialPatch } from './repositories/smtp-credentials.ts';
export { CANARY_HOLD_AT } from './repositories/guard.ts';
export type { WindowFigures, Canary, CanaryStatus, SliceRow, WarmupRow } from './repositories/guard.ts';
export type { AudienceRow, SuppressedDelivery } from './repositories/hygiene.ts';
export type { WebhookInput, WebhookPatch, WebhookFailure } from './repositories/webhooks.ts';
export type { CampaignCounts, CampaignFailure } from './repositories/campaign-reports.ts';
export type { ContactExport } from './repositories/privacy.ts';
export { ERASED_RECIPIENT } from './repositories/privacy.ts';

export class Repositories {
  readonly tenants: TenantRepository;
  readonly users: UserRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly contacts: ContactRepository;
  readonly lists: ListRepository;
  readonly suppressions: SuppressionRepository;
  readonly campaigns: CampaignRepository;
  readonly messages: MessageRepository;
  readonly deliveries: DeliveryRepository;
  readonly events: EventRepository;
  readonly platform: PlatformRepository;
  readonly bounceScores: BounceScoreRepository;
  /** The clock the repositories stamp rows with (a FakeClock in tests). */
  readonly clock: Clock;
  readonly inboundLog: InboundLogRepository;
  readonly deliveryReports: DeliveryReportRepository;
  readonly audience: AudienceRepository;
  readonly segments: SegmentRepository;
  readonly queue: QueueRepository;
  readonly smtpCredentials: SmtpCredentialRepository;
  readonly guard: GuardRepository;
  readonly hygiene: HygieneRepository;
  readonly webhooks: WebhookRepository;
  readonly campaignReports: CampaignReportRepository;
  readonly privacy: PrivacyRepository;

  constructor(ctx: RepoContext) {
    this.tenants = new TenantRepository(ctx);
    this.users = new UserRepository(ctx);
    this.apiKeys = new ApiKeyRepository(ctx);
    this.contacts = new ContactRepository(ctx);
    this.lists = new ListRepository(ctx);
    this.suppressions = new SuppressionRepository(ctx);
    this.campaigns = new CampaignRepository(ctx);
    this.messages = new MessageRepository(ctx);
    this.deliveries = new DeliveryRepository(ctx);
    this.events = new EventRepository(ctx);
    this.platform = new PlatformRepository(ctx);
    this.bounceScores = new BounceScoreRepository(ctx);
    this.clock = ctx.clock;
    this.inboundLog = new InboundLogRepository(ctx);
    this.deliveryReports = new DeliveryReportRepository(ctx);
    this.audience = new AudienceRepository(ctx);
    this.segments = new SegmentRepository(ctx);
    this.queue = new QueueRepository(ctx);
    this.smtpCredentials = new SmtpCredentialRepository(ctx);
    this.guard = new GuardRepository(ctx);
    this.hygiene = new HygieneRepository(ctx);
    this.webhooks = new WebhookRepository(ctx);
    this.campaignReports = new CampaignReportRepository(ctx);
    this.privacy = new PrivacyRepository(ctx);
  }
}

export class Storage {
  readonly repos: Repositories;

  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    readonly describe: string,
    readonly clock: Clock,
  ) {
    this.repos = new Repositories({ db, dialect, clock });
  }

  static async open(target: DatabaseTarget, options: OpenOptions & { clock?: Clock } = {}): Promise<Storage> {
    const conn = await openConnection(target, options);
    return new Storage(conn.db, conn.dialect, conn.describe, options.clock ?? systemClock);
  }

  migrate(): Promise<MigrationReport> {
    return migrateToLatest(this.db as Kysely<unknown>, this.dialect);
  }

  pendingMigrations(): Promise<string[]> {
    return pendingMigrations(this.db as Kysely<unknown>, this.dialect);
  }

  /** Runs fn in one transaction: everything it wrote is committed together, or nothing is. */
  transaction<T>(fn: (repos: Repositories, trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new Repositories({ db: trx, dialect: this.dialect, clock: this.clock }), trx));
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('tenants').select('id').limit(1).execute();
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
