// facteur address check: one JSON line per address (arguments, or stdin one per line) with the
// verdict of core/address; unless --syntax-only, a domain that cannot receive mail is invalid.
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { DomainChecker, parseAddress, UNDELIVERABLE } from '../../core/address/index.ts';
import { FacteurError } from '../../core/errors.ts';
import { loadZoneFile, StaticResolver, systemResolver, type Resolver } from '../../lib/dns.ts';
import { stdio } from '../context.ts';

interface CheckOptions {
  syntaxOnly?: boolean;
  zone?: string;
}

interface Verdict {
  input: string;
  valid: boolean;
  normalized: string | null;
  ascii: string | null;
  reason: string | null;
  suggestion: string | null;
}

/** Addresses checked at once: bounds DNS concurrency while keeping output in input order. */
const WINDOW = 32;

export function register(program: Command): void {
  const address = program.command('address').description('Check e-mail addresses before sending to them');
  address
    .command('check')
    .description(
      'Check addresses (arguments, or one per line on stdin) and print one JSON object per line: ' +
        'input, valid, normalized, ascii, reason, suggestion',
    )
    .argument('[address...]', 'addresses to check; read from stdin when none is given')
    .option('--syntax-only', 'check the syntax only, without asking the DNS whether the domain receives mail')
    .option('--zone <file>', 'answer DNS questions from this JSON zone (tests, staging) instead of the system resolver')
    .action(async (addresses: string[], opts: CheckOptions) => {
      const checker = opts.syntaxOnly ? null : new DomainChecker({ resolver: resolverFor(opts.zone) });
      const inputs: AsyncIterable<string> | string[] = addresses.length > 0 ? addresses : stdinLines();
      const window: Promise<Verdict>[] = [];
      for await (const input of inputs) {
        window.push(verdict(input, checker));
        if (window.length >= WINDOW) stdio.out(JSON.stringify(await window.shift()!));
      }
      for (const v of window) stdio.out(JSON.stringify(await v));
    });
}

function resolverFor(zoneFile: string | undefined): Resolver {
  if (zoneFile === undefined) return systemResolver();
  try {
    return new StaticResolver(loadZoneFile(zoneFile));
  } catch (e) {
    throw new FacteurError('ERR_VALIDATION', `cannot use the DNS zone ${zoneFile}: ${(e as Error).message}`, {
      hint: 'give a JSON object of names, e.g. {"example.org": {"MX": [{"exchange": "mx.example.org", "priority": 10}]}}',
      cause: e,
    });
  }
}

async function* stdinLines(): AsyncIterable<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() !== '') yield line;
  }
}

async function verdict(input: string, checker: DomainChecker | null): Promise<Verdict> {
  const p = parseAddress(input);
  const v: Verdict = { input, valid: p.valid, normalized: p.normalized, ascii: p.ascii, reason: p.reason, suggestion: p.suggestion };
  if (!p.valid || checker === null || p.asciiDomain === null) return v;
  const d = await checker.check(p.asciiDomain);
  if (UNDELIVERABLE.has(d.kind)) return { ...v, valid: false, reason: d.reason };
  // A DNS failure proves nothing about the address: keep the syntax verdict, but say so.
  if (d.kind === 'temp-error') stdio.err(`facteur: could not check ${p.asciiDomain} (DNS failure); ${input} judged on syntax only`);
  return v;
}
