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
        mx_port: Type.Integer({ minimum: 1, maximum: 65535, default: 25, description: 'Port used for MX hosts (25; change only for staging against a test server).' }),
        shaping_file: Type.String({
          default: '',
          description: 'Operator shaping file (TOML), merged over rules/shaping.toml: change limits per provider, add providers and adaptive rules.',
        }),
      },
      'Outbound delivery: the SMTP client and its shaping.',
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
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
