// Builds a Dispatcher from the configuration: DNS (zone file or network, cached), shaping rules
// (rules/shaping.toml + delivery.shaping_file), routes and the relay. What `serve`, `worker` and
// `bench` call; tests build a Dispatcher directly.
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { CachingResolver, platformResolver, type Resolver } from '../../lib/dns.ts';
import { loadShapingRules } from '../shaping/index.ts';
import { SiteResolver } from '../routing/index.ts';
import { Dispatcher, type RelaySettings } from './dispatcher.ts';

export function createDispatcher(config: Config, io: { clock: Clock; logger: Logger; resolver?: Resolver }): Dispatcher {
  const base = io.resolver ?? platformResolver({ zoneFile: config.dns.zone_file, servers: config.dns.servers });
  const dns = new CachingResolver(base, { ttlMs: config.dns.cache_ttl_seconds * 1000, maxEntries: config.dns.cache_size, clock: io.clock });
  const rules = loadShapingRules(config.delivery.shaping_file || undefined);
  const relayHost = config.relay.host;
  const sites = new SiteResolver({
    resolver: dns,
    rules,
    routes: config.routes,
    mxPort: config.delivery.mx_port,
    ...(relayHost ? { relay: { host: relayHost, port: config.relay.port } } : {}),
  });
  let relay: RelaySettings | undefined;
  if (relayHost) {
    relay = { security: config.relay.security as RelaySettings['security'] };
    if (config.relay.user) relay.auth = { user: config.relay.user, pass: config.relay.password };
    if (config.relay.ca_file) relay.ca = readFileSync(config.relay.ca_file);
  }
  const d = config.delivery;
  return new Dispatcher({
    sites,
    rules,
    dns,
    clock: io.clock,
    logger: io.logger.child({ component: 'delivery' }),
    ehloName: d.ehlo_name || config.platform.domain,
    timeouts: {
      connectMs: d.connect_timeout_seconds * 1000,
      greetingMs: d.greeting_timeout_seconds * 1000,
      commandMs: d.command_timeout_seconds * 1000,
      dataMs: d.data_timeout_seconds * 1000,
    },
    ...(relay ? { relay } : {}),
  });
}
