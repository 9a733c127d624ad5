// Composition of inbound for `facteur serve`: the processor from the configuration, the SMTP
// receiver when inbound.enabled, the SES handler for the web route, and the retention timer.
import type { Config } from '../config/index.ts';
import type { Storage } from '../storage/index.ts';
import type { Logger } from '../lib/logger.ts';
import { InboundProcessor } from './processor.ts';
import { policyFromConfig } from './policy.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { createSesHandler, type CertFetcher } from './ses.ts';
import type { SenderProblemHook } from './effects.ts';

export interface InboundService {
  processor: InboundProcessor;
  /** null when inbound.enabled is false (SES notifications still work). */
  receiver: Receiver | null;
  /** For the web route: `app.register(sesRoutes, { handler: inbound.sesHandler })`. */
  sesHandler: ReturnType<typeof createSesHandler>;
  close(): Promise<void>;
}

export function bounceDomainOf(config: Config): string {
  return config.delivery.bounce_domain || `bounces.${config.platform.domain}`;
}

export async function startInbound(deps: {
  config: Config;
  storage: Storage;
  secret: string;
  logger: Logger;
  onSenderReputationProblem?: SenderProblemHook;
  fetchCert?: CertFetcher;
}): Promise<InboundService> {
  const { config, storage, logger } = deps;
  const c = config.inbound;
  const processor = new InboundProcessor({
    storage,
    secret: deps.secret,
    bounceDomain: bounceDomainOf(config),
    complaintAddress: c.complaint_address || undefined,
    policy: policyFromConfig(c),
    logger,
    onSenderReputationProblem: deps.onSenderReputationProblem,
    logRawBytes: c.log_raw_bytes,
  });
  const receiver = c.enabled
    ? await startReceiver({
        processor, host: c.host, port: c.port, hostname: config.delivery.ehlo_name || config.platform.domain,
        maxMessageBytes: c.max_message_bytes, maxConnections: c.max_connections,
        tlsCertFile: c.tls_cert_file || undefined, tlsKeyFile: c.tls_key_file || undefined, logger,
      })
    : null;
  const sesHandler = createSesHandler({ processor, topicArns: c.ses_topic_arns, logger, ...(deps.fetchCert ? { fetchCert: deps.fetchCert } : {}) });

  const purge = () => {
    processor.purge(c.log_keep_days).then(
      (n) => (n.log + n.scores > 0 ? logger.info(n, 'inbound: retention purge') : undefined),
      (e: unknown) => logger.warn({ err: (e as Error).message }, 'inbound: retention purge failed'),
    );
  };
  purge();
  const timer = setInterval(purge, 3600 * 1000);
  timer.unref();

  return {
    processor,
    receiver,
    sesHandler,
    async close() {
      clearInterval(timer);
      await receiver?.close();
    },
  };
}
