// facteur dkim keygen: a new DKIM private key (PEM) and the TXT record to publish for it.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { FacteurError } from '../../core/errors.ts';
import { generateDkimKey } from '../../delivery/dkim/index.ts';
import { stdio } from '../context.ts';

/** A TXT value as zone-file strings of at most 255 bytes each (RFC 1035 §3.3.14). */
export function zoneTxt(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(`"${value.slice(i, i + 255)}"`);
  return parts.join(' ');
}

export function register(program: Command): void {
  const dkim = program.command('dkim').description('DKIM keys (RFC 6376, RFC 8463)');
  dkim
    .command('keygen')
    .description('Generate a DKIM key: prints the private key (PEM) and the DNS TXT record to publish')
    .option('--type <type>', 'rsa (RSA-2048, understood everywhere) or ed25519 (RFC 8463, short; add it as a second signature)', 'rsa')
    .option('--bits <n>', 'RSA key size (2048 recommended; 1024 is the minimum receivers accept)', '2048')
    .option('--selector <s>', 'selector, to print the full record name <selector>._domainkey.<domain>')
    .option('--domain <d>', 'signing domain, to print the full record name')
    .option('-o, --out <file>', 'write the private key to this file (mode 600) instead of printing it')
    .action((opts: { type: string; bits: string; selector?: string; domain?: string; out?: string }) => {
      if (opts.type !== 'rsa' && opts.type !== 'ed25519') {
        throw new FacteurError('ERR_VALIDATION', `--type must be rsa or ed25519, got "${opts.type}"`);
      }
      const bits = Number(opts.bits);
      if (opts.type === 'rsa' && (!Number.isInteger(bits) || bits < 1024 || bits > 8192)) {
        throw new FacteurError('ERR_VALIDATION', `--bits must be an integer between 1024 and 8192, got "${opts.bits}"`);
      }
      const key = generateDkimKey(opts.type, bits);
      if (opts.out) {
        writeFileSync(opts.out, key.privateKeyPem, { mode: 0o600 });
        stdio.out(`wrote the private key to ${opts.out}`);
      } else process.stdout.write(key.privateKeyPem);
      const name = opts.selector && opts.domain ? `${opts.selector}._domainkey.${opts.domain}.` : `<selector>._domainkey.<domain>.`;
      stdio.out(`${name} IN TXT ${zoneTxt(key.txt)}`);
    });
}
