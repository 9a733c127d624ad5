// facteur migrate: apply pending database migrations (serve also does it at start).
import type { Command } from 'commander';
import { configFor, stdio } from '../context.ts';
import { databaseTarget } from '../../config/index.ts';
import { Storage } from '../../storage/index.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (forward-only) and print what was applied')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configFor(cmd);
      const storage = await Storage.open(databaseTarget(config), { poolMax: config.db.pool_max });
      try {
        const report = await storage.migrate();
        for (const name of report.applied) stdio.out(`applied ${name}`);
        stdio.out(report.applied.length ? `database ${storage.describe} is now at ${report.latest}` : `database ${storage.describe} is up to date (${report.latest})`);
      } finally {
        await storage.close();
      }
    });
}
