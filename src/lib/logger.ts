// Structured logging (pino). Secrets are redacted by path so they never reach a log line,
// whatever a caller binds by mistake.
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'privateKey',
  '*.privateKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'db.url',
  'config.db.url',
];

export interface LoggerSettings {
  level: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { app: 'facteur' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return settings.destination ? pino(options, settings.destination as pino.DestinationStream) : pino(options);
}

/** A logger that drops everything, for tests and one-shot CLI commands that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Database URLs carry passwords: show scheme, host and database only. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
