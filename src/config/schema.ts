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
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
