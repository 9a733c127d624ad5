// Public API of config/: the schema, the loader, the sample writer and derived values.
import { resolve } from 'node:path';
import type { Config } from './schema.ts';
import { FacteurError } from '../core/errors.ts';

export { ConfigSchema, type Config } from './schema.ts';
export { loadConfig, validateConfig, type LoadOptions, type LoadedConfig } from './load.ts';
export { sampleConfig } from './sample.ts';

export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** Where the database is: a postgres:// URL, a sqlite: URL or path, or the default file under data.dir. */
export function databaseTarget(config: Config, cwd = process.cwd()): DatabaseTarget {
  const url = config.db.url.trim();
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  if (url === '') return { dialect: 'sqlite', path: resolve(cwd, config.data.dir, 'facteur.db') };
  if (url === ':memory:' || url === 'sqlite::memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('sqlite:')) {
    throw new FacteurError('ERR_CONFIG_INVALID', `setting db.url names an unsupported database: ${url.split(':')[0]}`, {
      hint: 'use postgres://user:pass@host:5432/db, sqlite:/path/to/file.db, or leave it empty for SQLite under data.dir',
    });
  }
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', path: resolve(cwd, url.slice('sqlite:'.length).replace(/^\/\//, '')) };
  return { dialect: 'sqlite', path: resolve(cwd, url) };
}

export function publicUrl(config: Config, boundPort?: number): string {
  if (config.server.public_url) return config.server.public_url.replace(/\/+$/, '');
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? 'localhost' : config.server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${boundPort ?? config.server.port}`;
}
