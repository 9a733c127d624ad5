// facteur worker: run only the delivery engine (no HTTP), e.g. on extra nodes sharing one
// PostgreSQL queue. Stops gracefully on SIGTERM/SIGINT: in-flight messages finish, the rest is released.
import type { Command } from 'commander';
import { configFor, stdio } from '../context.ts';
import { openRuntime } from '../runtime.ts';
import { createEngine } from '../engine.ts';
import { untilSignal } from '../signals.ts';

export function register(program: Command): void {
  program
    .command('worker')
    .description('Run only the delivery engine (several workers can share one PostgreSQL queue); stops gracefully on SIGTERM')
    .action(async (_opts: unknown, cmd: Command) => {
      const rt = await openRuntime(configFor(cmd), { migrate: true });
      const engine = createEngine(rt);
      engine.start();
      rt.logger.info({ worker: engine.workerId, database: rt.storage.describe }, 'delivery worker running');
      stdio.err(`facteur worker ${engine.workerId} is delivering (database: ${rt.storage.describe})`);
      const signal = await untilSignal();
      rt.logger.info({ signal }, 'stopping: finishing in-flight deliveries');
      await engine.stop();
      await rt.close();
    });
}
