// A typical French association newsletter from `facteur compose`, DKIM-signed, must look clean to
// SpamAssassin's local rules (`spamassassin -L -t`: no network tests, so no DNSBL and no DKIM key
// lookup). Prints the rules that fired; fails if the score reaches 1.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDkimKey } from '../../../src/delivery/dkim/index.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FIXTURE = new URL('./fixtures/newsletter-fr.md', import.meta.url).pathname;

test('SpamAssassin (local tests) scores a French association newsletter below 1.0', () => {
  const probe = spawnSync('spamassassin', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) assert.fail(`spamassassin is not runnable (${probe.error?.message ?? probe.stderr}): run \`apt-get install spamassassin\``);
  const dir = mkdtempSync(join(tmpdir(), 'facteur-sa-'));
  try {
    writeFileSync(join(dir, 'rsa.pem'), generateDkimKey('rsa').privateKeyPem);
    const msg = execFileSync(
      process.execPath,
      [
        '--import', 'tsx', 'src/cli/main.ts', 'compose',
        '--from', 'nouvelles@atelier-velo.example', '--from-name', 'Atelier Vélo Solidaire',
        '--to', 'marie@example.org', '--to-name', 'Marie Dupré',
        '--subject', 'La bourse aux vélos revient le 14 juin', '--markdown', FIXTURE, '--field', 'first_name=Marie',
        '--tenant-name', 'Atelier Vélo Solidaire', '--postal-address', '12 rue des Lilas\\n69001 Lyon', '--accent', '#2e7d32',
        '--list-id', 'nouvelles.atelier-velo.example', '--list-name', 'Nouvelles de l’atelier',
        '--dkim-domain', 'atelier-velo.example', '--dkim-selector', 's1', '--dkim-key', join(dir, 'rsa.pem'),
        '--list-unsubscribe-url', 'https://facteur.example/u/7-1-1-abcdefghijklmnopqrstuvwxyz',
        '--list-unsubscribe-mailto', 'unsubscribe+7-1-1-abcdefghijklmnopqrstuvwxyz@bounces.facteur.example',
      ],
      { cwd: ROOT },
    );
    // As received: the MTA adds Return-Path and Received (RFC 5321 §4.4). The VERP address is on
    // the tenant's bounce subdomain (see domain-check): a platform-domain Return-Path under a
    // tenant From fires HEADER_FROM_DIFFERENT_DOMAINS (1.0) and breaks SPF alignment for DMARC.
    const received = Buffer.concat([
      Buffer.from(`Return-Path: <bounces+7-1-aaaaaaaaaaaaaaaa@bounces.atelier-velo.example>\r\nReceived: from mail.facteur.example\r\n\tby mx.example.org with ESMTPS id 4abc; ${new Date().toUTCString().replace('GMT', '+0000')}\r\n`),
      msg,
    ]);
    const report = execFileSync('spamassassin', ['-L', '-t'], { input: received, env: { ...process.env, HOME: dir }, maxBuffer: 16 << 20 }).toString('latin1');
    const status = /^X-Spam-Status: (\w+), score=(-?[\d.]+)[^]*?tests=([^]*?)\s+autolearn/m.exec(report);
    assert.ok(status, 'SpamAssassin wrote an X-Spam-Status header');
    const details = report.slice(report.indexOf('Content analysis details'));
    console.log(details.trim());
    const score = Number(status[2]);
    assert.ok(score < 1.0, `SpamAssassin score ${score} ≥ 1.0; rules: ${status[3]!.replace(/\s+/g, '')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
