// Starts the submission server from the configuration for `facteur serve`: TLS files from config,
// or a self-signed pair generated under data.dir (logged loudly: applications must be told to
// trust it, so it is for local use only).
import { resolve } from 'node:path';
import type { Config } from '../config/index.ts';
import type { Storage } from '../storage/index.ts';
import type { Logger } from '../lib/logger.ts';
import { loadOrCreateTls } from './tls.ts';
import { startSubmission, type SubmissionServer } from './server.ts';

export interface StartDeps {
  config: Config;
  storage: Storage;
  logger: Logger;
  secret: string;
  publicUrl: string;
  bounceDomain: string;
  onAccepted?: () => void;
}

export async function startSubmissionFromConfig(d: StartDeps): Promise<{ server: SubmissionServer; tls: ReturnType<typeof loadOrCreateTls> }> {
  const s = d.config.submission;
  const hostname = s.hostname || d.config.platform.domain;
  const tls = loadOrCreateTls({ certFile: s.cert_file, keyFile: s.key_file, dataDir: resolve(d.config.data.dir), hostname });
  if (tls.selfSigned) {
    d.logger.warn(
      { cert: tls.certFile, generated: tls.generated },
      'submission: using a SELF-SIGNED certificate (no submission.cert_file configured) — fine for local use; applications must be told to accept it. Set submission.cert_file and key_file in production.',
    );
  }
  const server = await startSubmission({
    storage: d.storage,
    host: s.host,
    port: s.port,
    tlsPort: s.tls_port,
    hostname,
    tls,
    maxMessageBytes: s.max_message_bytes,
    maxRecipients: s.max_recipients,
    maxConnections: s.max_connections,
    allowPlainAuthOnLoopback: s.allow_plain_auth_on_loopback,
    lists: { secret: d.secret, publicUrl: d.publicUrl, bounceDomain: d.bounceDomain, platformDomain: d.config.platform.domain },
    logger: d.logger,
    ...(d.onAccepted ? { onAccepted: d.onAccepted } : {}),
  });
  return { server, tls };
}
