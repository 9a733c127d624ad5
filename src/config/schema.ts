// The one typed configuration schema. Every key has a default so that `facteur serve` runs with
// no file at all; `description` is the text `facteur config init` writes above each key.
import { Type, type Static } from '@sinclair/typebox';

const section = <T extends Parameters<typeof Type.Object>[0]>(props: T, description: string) =>
  Type.Object(props, { additionalProperties: false, default: {}, description });

export const ConfigSchema = Type.Object(
  {
    server: section(
      {
        host: Type.String({ default: '127.0.0.1', description: 'Address the HTTP server listens on ("0.0.0.0" for all interfaces).' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port (0 picks a free one).' }),
        public_url: Type.String({
          default: '',
          description: 'URL members and admins reach facteur at (used in unsubscribe links). Empty: http://HOST:PORT.',
        }),
        trust_proxy: Type.Boolean({ default: false, description: 'Trust X-Forwarded-* headers (set when behind a reverse proxy).' }),
      },
      'HTTP server: API, admin interface, public pages.',
    ),
    data: section(
      { dir: Type.String({ default: './data', description: 'Directory for the SQLite database, generated keys and certificates.' }) },
      'Local files.',
    ),
    db: section(
      {
        url: Type.String({
          default: '',
          description: 'Empty: SQLite at DATA_DIR/facteur.db. Or sqlite:/path/file.db, or postgres://user:pass@host:5432/db to scale out.',
        }),
        pool_max: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'Maximum PostgreSQL connections per node.' }),
      },
      'Database. Also read from DATABASE_URL when FACTEUR_DB__URL is not set.',
    ),
    log: section(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info', description: 'One of fatal, error, warn, info, debug, trace, silent.' },
        ),
      },
      'Structured logs (JSON lines on stdout).',
    ),
    platform: section(
      {
        name: Type.String({ default: 'facteur', description: 'Name of this service, shown to admins and members.' }),
        domain: Type.String({
          default: 'localhost',
          description: 'Platform domain: used for Message-IDs, and as the From domain of tenants without a verified domain.',
        }),
      },
      'This installation.',
    ),
    delivery: section(
      {
        ehlo_name: Type.String({
          default: '',
          description: 'Name given in EHLO/HELO (RFC 5321 §4.1.1.1): the FQDN of the sending host, matching its PTR. Empty: platform.domain.',
        }),
        connect_timeout_seconds: Type.Number({ minimum: 0.01, default: 30, description: 'Time allowed to open a TCP connection to a receiving host (Postfix: 30 s).' }),
        greeting_timeout_seconds: Type.Number({ minimum: 0.01, default: 300, description: 'Time allowed for the 220 greeting (RFC 5321 §4.5.3.2.1: 5 minutes).' }),
        command_timeout_seconds: Type.Number({
          default: 300,
          minimum: 0.01,
          description: 'Time allowed for the reply to each command: EHLO, MAIL, RCPT, DATA, RSET (RFC 5321 §4.5.3.2: 5 minutes).',
        }),
        data_timeout_seconds: Type.Number({
          default: 600,
          minimum: 0.01,
          description: 'Time allowed for the reply after the final "." of a message (RFC 5321 §4.5.3.2.6: 10 minutes).',
        }),
        retry_schedule_minutes: Type.Array(Type.Number({ exclusiveMinimum: 0 }), {
          default: [5, 10, 20, 40, 60, 120, 240],
          description: 'Delays before each new attempt after a temporary failure (4xx, connection error); the last one repeats until max_age_hours.',
        }),
        max_age_hours: Type.Number({ exclusiveMinimum: 0, default: 72, description: 'A delivery still failing temporarily after this long is expired (RFC 5321 §4.5.4.1 suggests 4–5 days; bulk mail goes stale sooner).' }),
        lease_seconds: Type.Number({ minimum: 1, default: 60, description: 'How long a worker owns a claimed delivery; renewed while it works. A crashed worker\'s deliveries return to the queue after this.' }),
        claim_batch: Type.Integer({ minimum: 1, maximum: 5000, default: 200, description: 'Deliveries claimed from the queue per query.' }),
        max_in_flight: Type.Integer({ minimum: 1, default: 2000, description: 'Deliveries one worker holds at once (claimed, composing, sending).' }),
        compose_workers: Type.Integer({ minimum: 0, maximum: 64, default: 1, description: 'Worker threads that compose and DKIM-sign messages (0: on the main thread).' }),
        bounce_domain: Type.String({ default: '', description: 'Domain of VERP Return-Path addresses (bounces+TOKEN@DOMAIN); its MX must point at facteur\'s inbound receiver. Empty: bounces.PLATFORM_DOMAIN.' }),
        mx_port: Type.Integer({ minimum: 1, maximum: 65535, default: 25, description: 'Port used for MX hosts (25; change only for staging against a test server).' }),
        shaping_file: Type.String({
          default: '',
          description: 'Operator shaping file (TOML), merged over rules/shaping.toml: change limits per provider, add providers and adaptive rules.',
        }),
      },
      'Outbound delivery: the SMTP client and its shaping.',
    ),
    api: section(
      {
        rate_per_second: Type.Number({ minimum: 0.01, default: 10, description: 'Sustained requests per second allowed to one API key (token bucket refill rate).' }),
        burst: Type.Integer({ minimum: 1, default: 60, description: 'Requests one API key may make in a burst before being slowed to rate_per_second.' }),
        import_max_mb: Type.Integer({ minimum: 1, default: 50, description: 'Largest CSV file accepted by POST /api/v1/lists/{id}/imports, in megabytes.' }),
      },
      'Tenant HTTP API (/api/v1): per-key rate limit and import size.',
    ),
    guard: section(
      {
        warn_bounce_rate: Type.Number({ minimum: 0, maximum: 1, default: 0.02, description: 'Hard-bounce rate of a tenant (rolling window) at which its admins and the operator are warned (SES reviews at 0.05).' }),
        warn_complaint_rate: Type.Number({ minimum: 0, maximum: 1, default: 0.001, description: 'Complaint rate at which a tenant is warned (SES reviews at 0.001).' }),
        pause_bounce_rate: Type.Number({ minimum: 0, maximum: 1, default: 0.05, description: 'Hard-bounce rate at which a tenant is paused: its mail waits until an operator resumes it (SES pauses at 0.10).' }),
        pause_complaint_rate: Type.Number({ minimum: 0, maximum: 1, default: 0.003, description: 'Complaint rate at which a tenant is paused (Gmail penalises 0.003; SES pauses at 0.005).' }),
        window_days: Type.Number({ exclusiveMinimum: 0, default: 7, description: 'Rolling window of the rates, in days (sends since the last resume only).' }),
        min_sends: Type.Integer({ minimum: 1, default: 200, description: 'Rates are judged only once the window holds at least this many sends.' }),
        evaluate_seconds: Type.Number({ minimum: 1, default: 60, description: 'How often every recently active tenant is judged again (sends also trigger a check).' }),
        canary: Type.Boolean({ default: true, description: 'Send each campaign to a slice of its recipients first; pause it if the slice bounces badly.' }),
        canary_percent: Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 2, description: 'Size of the canary slice, in percent of the recipients.' }),
        canary_min: Type.Integer({ minimum: 1, default: 50, description: 'Smallest canary slice (a campaign with no more recipients than this has no canary).' }),
        canary_max: Type.Integer({ minimum: 1, default: 500, description: 'Largest canary slice.' }),
        canary_bounce_rate: Type.Number({ minimum: 0, maximum: 1, default: 0.1, description: 'Hard-bounce rate of the slice above which the campaign is paused. A blocklist or reputation refusal pauses it at once.' }),
        warmup: Type.Boolean({ default: true, description: 'New tenants start with a small daily allowance that grows with clean sending days, up to their quota.' }),
        warmup_first_day: Type.Integer({ minimum: 1, default: 200, description: 'Messages a new tenant may send on its first day.' }),
        warmup_factor: Type.Number({ minimum: 1, default: 2, description: 'The allowance is multiplied by this after each clean sending day (rates under the warn thresholds).' }),
      },
      'Reputation guard: per-tenant bounce and complaint thresholds, the campaign canary, warm-up of new tenants.',
    ),
    routes: Type.Record(Type.String(), Type.String(), {
      default: {},
      description:
        'Transport map, like Postfix transport_maps: a recipient domain, a shaping provider name (google, microsoft…) or "*"\n' +
        'mapped to "host:port" (send there instead of the MX) or to "relay" (send through the [relay] smarthost).\n' +
        'Example: a [routes] table with "*" = "relay", or "example.org" = "127.0.0.1:2525".',
    }),
    relay: section(
      {
        host: Type.String({ default: '', description: 'Smarthost for routes set to "relay" (any SMTP provider, Postfix, SES SMTP endpoint).' }),
        port: Type.Integer({ minimum: 1, maximum: 65535, default: 587, description: 'Smarthost port: 587 with starttls, 465 with tls.' }),
        security: Type.Union(
          ['starttls', 'tls', 'none'].map((l) => Type.Literal(l)),
          {
            default: 'starttls',
            description: 'starttls: STARTTLS required (RFC 3207); tls: implicit TLS (RFC 8314); none: plain text (loopback only).',
          },
        ),
        user: Type.String({ default: '', description: 'AUTH user name (empty: no authentication).' }),
        password: Type.String({ default: '', description: 'AUTH password (PLAIN or LOGIN, only ever sent over TLS unless security = "none").' }),
        ca_file: Type.String({ default: '', description: 'PEM file of extra certificate authorities trusted for the smarthost (e.g. a private CA).' }),
      },
      'Smarthost used by routes set to "relay".',
    ),
    dns: section(
      {
        zone_file: Type.String({
          default: '',
          description: 'Answer DNS from this JSON zone file instead of the network (staging, tests): { "example.org": { "MX": [...], "A": [...] } }.',
        }),
        servers: Type.Array(Type.String(), { default: [], description: 'DNS servers to ask (IP addresses). Empty: the system resolvers.' }),
        cache_ttl_seconds: Type.Integer({ minimum: 0, default: 300, description: 'How long MX and address answers (and NXDOMAIN) are cached.' }),
        cache_size: Type.Integer({ minimum: 0, default: 10000, description: 'Maximum number of cached DNS answers.' }),
      },
      'DNS resolution for delivery.',
    ),
    inbound: section(
      {
        enabled: Type.Boolean({ default: false, description: 'Run the SMTP receiver for bounces, complaints (feedback loops) and mailto: unsubscribes.' }),
        host: Type.String({ default: '127.0.0.1', description: 'Address the receiver listens on ("0.0.0.0" in production: it is the MX of the bounce domain).' }),
        port: Type.Integer({
          minimum: 0,
          maximum: 65535,
          default: 2525,
          description: 'SMTP port of the receiver. 2525 runs unprivileged for development; in production the MX must answer on 25\n' +
            '(bind 25 with CAP_NET_BIND_SERVICE, or redirect 25 to this port in the firewall).',
        }),
        complaint_address: Type.String({
          default: '',
          description: 'Address given to mailbox providers for feedback-loop (ARF) reports. Empty: fbl@ the bounce domain (delivery.bounce_domain).',
        }),
        max_message_bytes: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024, description: 'Largest message accepted (SIZE, RFC 1870); beyond it: 552.' }),
        max_connections: Type.Integer({ minimum: 1, default: 100, description: 'Simultaneous SMTP connections accepted.' }),
        tls_cert_file: Type.String({ default: '', description: 'PEM certificate for STARTTLS. Empty: STARTTLS is not offered.' }),
        tls_key_file: Type.String({ default: '', description: 'PEM private key for STARTTLS.' }),
        soft_bounce_threshold: Type.Number({ minimum: 1, default: 5, description: 'Soft-bounce score at which an address is suppressed for its tenant (Mailman: 5).' }),
        soft_bounce_stale_days: Type.Number({ minimum: 0.01, default: 7, description: 'A score with no new bounce for this long starts again from zero (Mailman: 7 days).' }),
        soft_bounce_interval_hours: Type.Number({
          minimum: 0,
          default: 24,
          description: 'Soft bounces closer together than this count once (Mailman counts one per day), so one bad day is not five strikes.',
        }),
        platform_suppression_days: Type.Integer({
          minimum: 0,
          default: 365,
          description: 'How long an address proven dead (5.1.x user/host unknown) stays on the platform list for every tenant. 0: forever.',
        }),
        log_keep_days: Type.Integer({ minimum: 0, default: 14, description: 'Days the inbound message log (and its raw excerpts) is kept. 0: not kept.' }),
        log_raw_bytes: Type.Integer({ minimum: 0, default: 64 * 1024, description: 'Bytes of each inbound message kept in the log for diagnosis. 0: none.' }),
        ses_topic_arns: Type.Array(Type.String(), {
          default: [],
          description: 'SNS topics allowed to post SES notifications to POST /inbound/ses; their subscriptions are confirmed automatically.\n' +
            'Empty: notifications from any topic are accepted (still signature-checked) and subscriptions must be confirmed by hand.',
        }),
      },
      'Inbound mail: bounces (DSN), complaints (ARF), mailto: unsubscribes, and SES notifications.',
    ),
    submission: section(
      {
        enabled: Type.Boolean({ default: false, description: 'Run the SMTP submission server: applications (Paheko, Nextcloud…) send through facteur with per-tenant credentials.' }),
        host: Type.String({ default: '127.0.0.1', description: 'Address the submission server listens on ("0.0.0.0" when applications run on other hosts).' }),
        port: Type.Integer({
          minimum: 0,
          maximum: 65535,
          default: 587,
          description: 'Submission port with STARTTLS (RFC 6409). Binding 587 needs CAP_NET_BIND_SERVICE or a firewall redirect. 0 picks a free port.',
        }),
        tls_port: Type.Integer({ minimum: 0, maximum: 65535, default: 465, description: 'Submission port with implicit TLS (RFC 8314). 0 picks a free port.' }),
        hostname: Type.String({ default: '', description: 'Name in the greeting and EHLO reply, and in the generated certificate. Empty: platform.domain.' }),
        cert_file: Type.String({
          default: '',
          description: 'PEM certificate (chain) for TLS. Empty (with key_file empty): facteur serve generates a self-signed pair under DATA_DIR/submission/ — fine for local use only.',
        }),
        key_file: Type.String({ default: '', description: 'PEM private key for TLS.' }),
        max_message_bytes: Type.Integer({ minimum: 1024, default: 25 * 1024 * 1024, description: 'Largest message accepted (SIZE, RFC 1870); a credential can set a lower limit. Beyond it: 552 5.3.4.' }),
        max_recipients: Type.Integer({ minimum: 1, maximum: 10000, default: 100, description: 'Recipients accepted per message (RFC 5321 §4.5.3.1.8 asks for at least 100).' }),
        max_connections: Type.Integer({ minimum: 1, default: 200, description: 'Simultaneous SMTP connections accepted (per port).' }),
        allow_plain_auth_on_loopback: Type.Boolean({
          default: false,
          description: 'Allow AUTH without TLS from 127.0.0.1/::1 (an application on the same host that cannot do TLS). Never allowed from other addresses.',
        }),
      },
      'SMTP submission (ports 587 and 465): applications send mail through facteur with SMTP credentials.',
    ),
    retention: section(
      {
        events_days: Type.Integer({ minimum: 0, default: 400, description: 'Days the event log (deliveries, bounces, complaints…) is kept. 0: forever.' }),
        message_bodies_days: Type.Integer({
          minimum: 0,
          default: 30,
          description: 'Days the content of sent messages (transactional, tests, campaign templates as queued) is kept once nothing waits to be sent. 0: forever.',
        }),
        prune_every_minutes: Type.Integer({ minimum: 1, default: 60, description: 'How often the retention job runs (in serve and worker).' }),
      },
      'Retention of personal data (GDPR data minimisation): what is older is deleted by a periodic job.',
    ),
    webhooks: section(
      {
        enabled: Type.Boolean({ default: true, description: 'Post events to tenants\' webhook endpoints (from serve and worker).' }),
        timeout_seconds: Type.Integer({ minimum: 1, default: 10, description: 'Time an endpoint has to answer one request.' }),
        disable_after_hours: Type.Number({ minimum: 0.01, default: 24, description: 'An endpoint failing continuously for this long is disabled (the tenant re-enables it).' }),
      },
      'Webhooks (Standard Webhooks signatures).',
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
