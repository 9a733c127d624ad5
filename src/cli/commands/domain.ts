// facteur domain check DOMAIN: the DNS records a tenant's sending domain needs and their state.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { FacteurError } from '../../core/errors.ts';
import { checkDomain, type DomainSetup } from '../../delivery/domain-check.ts';
import { dnsTxtValue, loadPrivateKey } from '../../delivery/dkim/index.ts';
import { loadZoneFile, StaticResolver, systemResolver, type Resolver } from '../../lib/dns.ts';
import { configFor, stdio } from '../context.ts';

interface Opts {
  selector: string[];
  dkimKey?: string[];
  zone?: string;
  spfInclude?: string;
  bounceMx?: string[];
  bounceLabel: string;
  rua?: string;
  json?: boolean;
}

function resolverFor(zoneFile: string | undefined): Resolver {
  if (zoneFile === undefined) return systemResolver();
  try {
    return new StaticResolver(loadZoneFile(zoneFile));
  } catch (e) {
    throw new FacteurError('ERR_VALIDATION', `cannot use the DNS zone ${zoneFile}: ${(e as Error).message}`);
  }
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(program: Command): void {
  const domain = program.command('domain').description("A tenant's sending domain: DNS records to publish and their state");
  domain
    .command('check <domain>')
    .description('List the DKIM, SPF, DMARC and bounce records DOMAIN needs and check what is published; exit 1 unless all are ok')
    .requiredOption('--selector <s>', 'DKIM selector (repeat for several keys, e.g. --selector s1 --selector s2)', collect)
    .option('--dkim-key <file>', 'private key (PEM) of each --selector, in the same order, to check the published key matches', collect)
    .option('--zone <file>', 'answer DNS from this JSON zone (as StaticResolver: {"name": {"TXT": [...], "MX": [...]}}) instead of the system resolver')
    .option('--spf-include <host>', "the platform's SPF include (default: _spf.<platform.domain>)")
    .option('--bounce-mx <host>', "host receiving bounces (default: bounces.<platform.domain>); repeatable", collect)
    .option('--bounce-label <label>', 'label of the bounce subdomain used as Return-Path domain', 'bounces')
    .option('--rua <address>', 'DMARC aggregate report address to suggest')
    .option('--json', 'print the checks as JSON')
    .action(async (name: string, opts: Opts, cmd: Command) => {
      const platform = configFor(cmd).platform.domain;
      const keys = opts.dkimKey ?? [];
      const setup: DomainSetup = {
        domain: name.toLowerCase().replace(/\.$/, ''),
        dkim: opts.selector.map((selector, i) => {
          const file = keys[i];
          return file ? { selector, txt: dnsTxtValue(loadPrivateKey(readFileSync(file, 'utf8'))) } : { selector };
        }),
        spfInclude: opts.spfInclude ?? `_spf.${platform}`,
        bounceMx: opts.bounceMx ?? [`bounces.${platform}`],
        bounceLabel: opts.bounceLabel,
        ...(opts.rua ? { dmarcRua: opts.rua } : {}),
      };
      const checks = await checkDomain(setup, resolverFor(opts.zone));
      if (opts.json) stdio.out(JSON.stringify(checks, null, 2));
      else {
        for (const c of checks) {
          stdio.out(`${c.status.padEnd(8)} ${c.purpose.padEnd(11)} ${c.type.padEnd(4)} ${c.name}`);
          if (c.status !== 'ok') stdio.out(`         ${c.fix}`);
        }
      }
      if (checks.some((c) => c.status !== 'ok')) process.exitCode = 1;
    });
}
