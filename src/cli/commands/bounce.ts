// facteur bounce parse FILE…: read bounce, complaint or auto-reply messages and print one JSON
// line per recipient found (reason null when the message is not a bounce). Unreadable files are
// reported on stderr; the others are still processed and the exit code is 1 at the end.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseBounce } from '../../inbound/parse/index.ts';
import { loadBounceRules } from '../../core/bounces/index.ts';
import { stdio } from '../context.ts';

export function register(program: Command): void {
  const bounce = program.command('bounce').description('Bounce and complaint messages');
  bounce
    .command('parse')
    .description('Parse bounce/complaint messages and print one JSON line per recipient')
    .argument('<files...>', 'raw messages (.eml)')
    .option('--rules <file>', 'extra bounce rules (TOML) tried before the shipped ones')
    .option('--full-path', 'print the file as given instead of its base name')
    .action((files: string[], opts: { rules?: string; fullPath?: boolean }) => {
      const rules = loadBounceRules(opts.rules);
      let failed = 0;
      for (const file of files) {
        const name = opts.fullPath ? file : basename(file);
        let data: Buffer;
        try {
          data = readFileSync(file);
        } catch (e) {
          failed++;
          stdio.err(`facteur: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          continue;
        }
        try {
          const report = parseBounce(data, { rules });
          if (report.recipients.length === 0) {
            stdio.out(JSON.stringify({ file: name, recipient: null, reason: null, status: null, replycode: null, hardbounce: false, feedbacktype: null }));
          }
          for (const r of report.recipients) {
            stdio.out(JSON.stringify({ file: name, recipient: r.recipient, reason: r.reason, status: r.status, replycode: r.replycode, hardbounce: r.hardbounce, feedbacktype: r.feedbacktype }));
          }
        } catch (e) {
          failed++;
          stdio.err(`facteur: cannot parse ${file}: ${(e as Error).message}`);
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
}
